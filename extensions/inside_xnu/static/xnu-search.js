/* Inside XNU search page: a "Glossary" box above Sphinx's results, a scorer
 * that ranks the matching glossary entry, the article that explains it and
 * the matching subsystem page first, and result labels that name the
 * glossary entry they lead to. Data: window.XNU_TERMS. */
"use strict";

const XnuSearch = {
  /* Case, hyphens and a trailing "()" do not matter: "copy on write" finds
   * "copy-on-write", "mach_msg" finds "mach_msg()". */
  normalise: (text) => text.toLowerCase().replace(/\(\)/g, "").replace(/[\s-]+/g, " ").trim(),

  /* A query matches a term or alias as written, or as its plural. */
  matchesTerm: (query, term) => {
    const t = XnuSearch.normalise(term);
    return query === t || query === t + "s" || query === t + "es";
  },

  query: () => XnuSearch.normalise(new URLSearchParams(window.location.search).get("q") || ""),

  lookup: (query) => {
    const data = window.XNU_TERMS || { terms: [], subsystems: [] };
    return {
      terms: data.terms.filter((e) => e.t.some((t) => XnuSearch.matchesTerm(query, t))),
      subsystems: data.subsystems.filter((s) => s.w.some((w) => XnuSearch.matchesTerm(query, w))),
    };
  },

  root: () => document.documentElement.dataset.content_root || "",

  box: (query) => {
    const found = XnuSearch.lookup(query);
    if (!found.terms.length && !found.subsystems.length) return null;
    const box = document.createElement("section");
    box.className = "xnu-search-box";
    box.setAttribute("aria-label", "Glossary and subsystem matches");
    const heading = document.createElement("h2");
    heading.textContent = found.terms.length ? "Glossary" : "Subsystem";
    box.appendChild(heading);
    const list = document.createElement("dl");
    for (const entry of found.terms) {
      const dt = document.createElement("dt");
      const link = document.createElement("a");
      link.href = XnuSearch.root() + entry.u;
      link.textContent = entry.t[0];
      dt.appendChild(link);
      if (entry.t.length > 1) dt.append(" (also: " + entry.t.slice(1).join(", ") + ")");
      const dd = document.createElement("dd");
      dd.textContent = entry.d;
      if (entry.a) {
        const more = document.createElement("a");
        more.href = XnuSearch.root() + entry.a;
        more.textContent = "Read the article that explains it";
        dd.append(" ", more);
      }
      list.append(dt, dd);
    }
    for (const subsystem of found.subsystems) {
      const dt = document.createElement("dt");
      const link = document.createElement("a");
      link.href = XnuSearch.root() + subsystem.u;
      link.textContent = subsystem.t + " (subsystem)";
      dt.appendChild(link);
      list.append(dt);
    }
    box.appendChild(list);
    return box;
  },
};

/* Scorer hook read by Sphinx's searchtools.js. */
var Scorer = {
  score: (result) => {
    const [docname, , anchor, , score] = result;
    const found = XnuSearch.lookup(XnuSearch.query());
    let bonus = 0;
    for (const entry of found.terms) {
      const [page, id] = entry.u.split("#");
      if (anchor === "#" + id && page.startsWith(docname)) bonus = Math.max(bonus, 200);
      if (entry.a && entry.a.startsWith(docname) && !anchor) bonus = Math.max(bonus, 150);
    }
    for (const subsystem of found.subsystems) {
      if (subsystem.u.startsWith(docname)) bonus = Math.max(bonus, 180);
    }
    return score + bonus;
  },
  objNameMatch: 11, objPartialMatch: 6, objPrio: { 0: 15, 1: 5, 2: -5 }, objPrioDefault: 0,
  title: 15, partialTitle: 7, term: 5, partialTerm: 2,
};

/* Sphinx labels an index-entry result with its page title only, so every
 * glossary hit read "Glossary"; add the entry's name, as Sphinx does for
 * sections ("Page > Section"). */
XnuSearch.nameGlossaryResults = (results) => {
  const names = new Map((window.XNU_TERMS || { terms: [] }).terms.map((e) => [e.u.split("#")[1], e.t[0]]));
  const label = () => results.querySelectorAll('li > a[href*="#term-"]:not([data-xnu-named])').forEach((a) => {
    const name = names.get(decodeURIComponent(a.hash.slice(1)));
    a.dataset.xnuNamed = "";
    if (name && !a.textContent.includes(" > ")) a.textContent += " > " + name;
  });
  new MutationObserver(label).observe(results, { childList: true, subtree: true });
};

document.addEventListener("DOMContentLoaded", () => {
  const query = XnuSearch.query();
  const results = document.getElementById("search-results");
  if (!query || !results) return;
  const box = XnuSearch.box(query);
  if (box) results.parentNode.insertBefore(box, results);
  XnuSearch.nameGlossaryResults(results);
});
