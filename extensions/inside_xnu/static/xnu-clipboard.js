/* Inside XNU's stand-in for ClipboardJS, the 9 KB library sphinx-copybutton
 * loads only to call `new ClipboardJS(selector, {text})` and listen for
 * "success" and "error". Browsers now copy through navigator.clipboard; a
 * page opened from file:// (not a secure context) falls back to execCommand. */
"use strict";

(() => {
  const fallback = (text) => new Promise((resolve, reject) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.cssText = "position:fixed;top:0;left:0;opacity:0";
    document.body.appendChild(area);
    area.select();
    const copied = document.execCommand("copy");
    area.remove();
    (copied ? resolve : reject)();
  });

  const copy = (text) => (navigator.clipboard && window.isSecureContext
    ? navigator.clipboard.writeText(text) : fallback(text));

  window.ClipboardJS = class {
    constructor(selector, { text }) {
      this.handlers = {};
      document.addEventListener("click", (event) => {
        const trigger = event.target instanceof Element ? event.target.closest(selector) : null;
        if (!trigger) return;
        copy(text(trigger)).then(() => this.emit("success", trigger), () => this.emit("error", trigger));
      });
    }

    on(name, handler) {
      this.handlers[name] = handler;
      return this;
    }

    emit(name, trigger) {
      if (this.handlers[name]) this.handlers[name]({ action: "copy", trigger });
    }
  };
})();
