/* Inside XNU hover previews: hovering, focusing or tapping a glossary-term
 * link shows the term's full definition (with working links) in a popover.
 * Kernel symbol links (to "Kernel symbols", symbols.html#name) show the symbol's kind,
 * declaration and definition line the same way. Each entry is a small
 * fragment of this same site, _static/xnu-previews/<anchor>.html, fetched
 * once on first use. */
"use strict";

(() => {
  const SHOW_DELAY = 250;
  const HIDE_DELAY = 300;
  const pages = new Map(); // fragment URL -> Promise<Document>
  let popover = null;
  let current = null;
  let showTimer = 0;
  let hideTimer = 0;
  let lastPointer = "mouse";

  const load = (url) => {
    if (!pages.has(url)) {
      pages.set(url, fetch(url, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.text() : Promise.reject(new Error(r.status))))
        .then((html) => new DOMParser().parseFromString(html, "text/html")));
    }
    return pages.get(url);
  };

  /* The entry for an anchor: every <dt> of the entry (aliases included,
   * whichever one the anchor names) and its <dd>. */
  const entryFor = (doc, id) => {
    const dt = doc.getElementById(id);
    if (!dt || dt.tagName !== "DT") return null;
    let first = dt;
    while (first.previousElementSibling && first.previousElementSibling.tagName === "DT") {
      first = first.previousElementSibling;
    }
    let dd = dt;
    while (dd && dd.tagName !== "DD") dd = dd.nextElementSibling;
    return dd ? { title: first, definition: dd } : null;
  };

  const absolutise = (root, base) => {
    root.querySelectorAll("[href]").forEach((a) => { a.href = new URL(a.getAttribute("href"), base).href; });
    root.querySelectorAll("[src]").forEach((i) => { i.src = new URL(i.getAttribute("src"), base).href; });
  };

  const ensurePopover = () => {
    if (popover) return popover;
    popover = document.createElement("div");
    popover.id = "xnu-preview";
    popover.className = "xnu-preview";
    popover.setAttribute("role", "tooltip");
    popover.hidden = true;
    popover.addEventListener("pointerenter", () => clearTimeout(hideTimer));
    popover.addEventListener("pointerleave", () => scheduleHide());
    popover.addEventListener("focusout", (event) => {
      if (!popover.contains(event.relatedTarget) && event.relatedTarget !== current) scheduleHide();
    });
    document.body.appendChild(popover);
    return popover;
  };

  const place = (link) => {
    const box = link.getBoundingClientRect();
    const width = Math.min(420, document.documentElement.clientWidth - 16);
    popover.style.width = width + "px";
    let left = window.scrollX + box.left;
    left = Math.max(window.scrollX + 8, Math.min(left, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    const below = box.bottom + 8;
    const height = popover.offsetHeight;
    const top = below + height > window.innerHeight && box.top > height + 8 ? box.top - height - 8 : below;
    popover.style.top = window.scrollY + top + "px";
  };

  // A term has a fragment of its own; symbols share one of SYMBOL_BUCKETS
  // files, chosen by the same hash as symbolpage.py's bucket().
  const SYMBOL_BUCKETS = 128;
  const bucket = (id) => [...id].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % SYMBOL_BUCKETS, 0);
  const isSymbol = (link) => new URL(link.href, window.location.href).pathname.endsWith("/symbols.html");
  const fragmentURL = (id, symbol) => new URL(
    `${document.documentElement.dataset.content_root || ""}_static/xnu-previews/${
      symbol ? `sym-${bucket(id)}` : encodeURIComponent(id)}.html`,
    window.location.href).href;

  const show = async (link) => {
    const id = decodeURIComponent(new URL(link.href, window.location.href).hash.slice(1));
    const symbol = isSymbol(link);
    const source = fragmentURL(id, symbol);
    let doc;
    try {
      doc = await load(source);
    } catch (error) {
      return; // offline or file:// — the link itself still works
    }
    const entry = entryFor(doc, id);
    if (!entry || current !== link) return;
    const box = ensurePopover();
    const heading = document.createElement("p");
    heading.className = "xnu-preview-title";
    const title = document.createElement("a");
    title.href = link.href;
    title.textContent = entry.title.firstChild ? entry.title.firstChild.textContent.trim() : id;
    heading.appendChild(title);
    if (symbol) { // a kernel symbol: code name, then its kind
      title.replaceChildren(entry.title.firstChild.cloneNode(true));
      const kind = document.createElement("span");
      kind.className = "xnu-preview-kind";
      kind.textContent = entry.title.lastChild.textContent;
      heading.appendChild(kind);
    }
    const body = entry.definition.cloneNode(true);
    absolutise(body, source);
    const content = document.createElement("div");
    content.className = "xnu-preview-body";
    content.append(...body.childNodes);
    const more = document.createElement("p");
    more.className = "xnu-preview-more";
    const open = document.createElement("a");
    open.href = link.href;
    open.textContent = symbol ? "Every mention in Kernel symbols →" : "Open in the glossary →";
    more.appendChild(open);
    box.replaceChildren(heading, content, more);
    box.hidden = false;
    link.setAttribute("aria-describedby", "xnu-preview");
    place(link);
  };

  const hide = () => {
    clearTimeout(showTimer);
    if (popover) popover.hidden = true;
    if (current) current.removeAttribute("aria-describedby");
    current = null;
  };

  const scheduleShow = (link, delay) => {
    clearTimeout(hideTimer);
    clearTimeout(showTimer);
    current = link;
    showTimer = setTimeout(() => show(link), delay);
  };

  const scheduleHide = () => {
    clearTimeout(showTimer);
    hideTimer = setTimeout(hide, HIDE_DELAY);
  };

  // Sphinx names every glossary anchor "term-…", and every Kernel symbols entry
  // is symbols.html#<name>; the pilcrow permalinks are neither.
  const TERM_LINK = 'a[href*="#term-"]:not(.headerlink), a[href*="symbols.html#"]:not(.headerlink)';
  const termLink = (target) => (target instanceof Element ? target.closest(TERM_LINK) : null);

  // Delegated listeners: links added after load get previews too.
  const init = () => {
    document.addEventListener("pointerover", (e) => {
      const link = termLink(e.target);
      if (link && e.pointerType === "mouse" && !link.contains(e.relatedTarget)) scheduleShow(link, SHOW_DELAY);
    });
    document.addEventListener("pointerout", (e) => {
      const link = termLink(e.target);
      if (link && e.pointerType === "mouse" && !link.contains(e.relatedTarget)) scheduleHide();
    });
    document.addEventListener("pointerdown", (e) => {
      lastPointer = e.pointerType;
      if (popover && !popover.hidden && !popover.contains(e.target) && termLink(e.target) !== current) hide();
    });
    document.addEventListener("focusin", (e) => {
      const link = termLink(e.target);
      if (link) scheduleShow(link, 0);
    });
    document.addEventListener("focusout", (e) => {
      const link = termLink(e.target);
      if (link && !(popover && popover.contains(e.relatedTarget))) scheduleHide();
    });
    document.addEventListener("click", (e) => {
      const link = termLink(e.target);
      // On touch the first tap previews; the preview's own link goes onward.
      if (link && lastPointer === "touch" && !(current === link && popover && !popover.hidden)) {
        e.preventDefault();
        scheduleShow(link, 0);
      }
      lastPointer = "mouse";
    });
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && popover && !popover.hidden) {
        const link = current;
        const inside = popover.contains(document.activeElement);
        hide();
        if (link && inside) link.focus();
      }
    });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
