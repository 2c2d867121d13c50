/* Inside XNU search page, on top of Sphinx's own search (searchtools.js and
 * searchindex.js stay the engine; this file wraps Search.query):
 *  - questions: question words and filler ("how does ... work", "what is a")
 *    are dropped before searching;
 *  - did you mean: a word that is not in the site's vocabulary (index words,
 *    glossary terms and aliases, headings, titles, Sphinx objects such as
 *    kernel symbols) is replaced by the nearest vocabulary word by edit
 *    distance, with a "Showing results for" line and a link to the literal
 *    query;
 *  - never empty: when no page has every word, pages that have some of them
 *    are listed, ranked by how many and where, with a note saying so;
 *  - one result per page, linked to its best section ("Page > Section");
 *    glossary entries and objects (symbols) are each their own result;
 *  - kernel symbols: a query that looks like an identifier (an underscore,
 *    "::", camelCase, capitals) lists every symbol whose name contains it,
 *    an exact name first; a plain word ("fork", "task") lists only the
 *    symbol of exactly that name, after the sections that explain it, so
 *    "jetsam" does not bury the article under JETSAM_PRIORITY_* constants;
 *  - a "Glossary" box above the results when the query is a term, alias or
 *    plural, and a scorer that ranks that entry, the article that uses the
 *    term most, matching subsystem pages and exact object names first.
 * Data: window.XNU_TERMS (_static/xnu-terms.js, written by search.py). */
"use strict";

/* searchindex.js is written compactly (searchindex.py explains the form);
 * this turns it back into exactly the structure Sphinx wrote, before
 * Search.setIndex sees it. A table still in Sphinx's form passes through. */
const XnuIndex = {
  /* One record: [word, Sphinx's value] given the previous word. */
  record: (record, previous, width) => {
    let at = 1;
    while (record[at] !== "|" && record[at] !== "!") at++;
    const word = previous.slice(0, parseInt(record[0], 36)) + record.slice(1, at);
    const docs = [];
    for (let i = at + 1; i < record.length; i += width) docs.push(parseInt(record.slice(i, i + width), 36));
    return [word, record[at] === "|" && docs.length === 1 ? docs[0] : docs];
  },

  /* The whole table as a plain object. */
  allWords: (records, width) => {
    const mapping = {};
    let previous = "";
    for (const record of records) {
      const [word, value] = XnuIndex.record(record, previous, width);
      mapping[word] = value;
      previous = word;
    }
    return mapping;
  },

  /* The words alone, in order (what Sphinx's partial matching lists). */
  keys: (records) => {
    const keys = [];
    let previous = "";
    for (const record of records) {
      let at = 1;
      while (record[at] !== "|" && record[at] !== "!") at++;
      previous = previous.slice(0, parseInt(record[0], 36)) + record.slice(1, at);
      keys.push(previous);
    }
    return keys;
  },

  /* A word table that reads like Sphinx's object but decodes only the block
   * of 16 records a looked-up word would be in (a binary search over the
   * blocks' whole first words); listing its keys (Sphinx's partial matching
   * of a word the table lacks) decodes the words alone, and many look-ups
   * (the did-you-mean vocabulary) decode it all once. */
  words: (text, width, block) => {
    if (typeof text !== "string") return text;
    const records = text ? text.split(",") : [];
    const heads = [];
    for (let i = 0; i < records.length; i += block) heads.push(records[i].slice(1, records[i].search(/[|!]/)));
    let all = null;
    let keys = null;
    let keySet = null;
    let lookups = 0;
    const find = (word) => {
      if (all || ++lookups > 200) return Object.hasOwn(all ??= XnuIndex.allWords(records, width), word)
        ? [all[word]] : null;
      let low = 0;
      let high = heads.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (heads[mid] <= word) low = mid;
        else high = mid - 1;
      }
      let previous = "";
      for (let i = low * block; i < Math.min(records.length, (low + 1) * block); i++) {
        const [found, value] = XnuIndex.record(records[i], previous, width);
        if (found === word) return [value];
        if (found > word) return null;
        previous = found;
      }
      return null;
    };
    return new Proxy({}, {
      get: (target, key) => {
        const found = typeof key === "string" ? find(key) : null;
        return found ? found[0] : Reflect.get(target, key);
      },
      has: (target, key) => (typeof key === "string" && find(key) !== null) || Reflect.has(target, key),
      /* Object.keys() asks this of every key ownKeys listed: the set of
       * keys answers without a look-up, and the value is read when used. */
      getOwnPropertyDescriptor: (target, key) => {
        if (typeof key !== "string" || (keySet ? !keySet.has(key) : find(key) === null)) return undefined;
        return { get: () => find(key)?.[0], set: undefined, enumerable: true, configurable: true };
      },
      ownKeys: () => {
        keys ??= all ? Object.keys(all) : XnuIndex.keys(records);
        keySet ??= new Set(keys);
        return keys;
      },
    });
  },

  DIGIT: Object.fromEntries([..."0123456789abcdefghijklmnopqrstuvwxyz"].map((c, i) => [c, i])),
  number: (text, from, width) => {
    let value = 0;
    for (let i = from; i < from + width; i++) value = value * 36 + XnuIndex.DIGIT[text[i]];
    return value;
  },

  objects: (text, width, typeWidth, doc, prio) => {
    if (typeof text !== "string") return text;
    const objects = [];
    let previous = "";
    const number = XnuIndex.number;
    for (const record of text ? text.split(",") : []) {
      const at = record.indexOf("|", 1);
      const name = previous.slice(0, XnuIndex.DIGIT[record[0]]) + record.slice(1, at);
      const kind = number(record, at + 1, typeWidth);
      let from = at + 1 + typeWidth;
      let place = doc;
      let priority = prio;
      if (record[from] === "@") {
        place = number(record, from + 1, width);
        priority = XnuIndex.DIGIT[record[from + 1 + width]];
        from += 2 + width;
      }
      const anchor = from === record.length ? ""
        : record[from] === "~" ? name.replace(/[^A-Za-z0-9_]/g, "-") : record.slice(from + 1);
      objects.push([place, kind, priority, anchor, name]);
      previous = name;
    }
    return objects;
  },

  /* The ids searchindex.py leaves out: a section's from its title, a
   * glossary entry's ("term-…") from its name. */
  titleId: (title) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^[-0-9]+|-+$/g, ""),
  termId: (name) => "term-" + name.replace(/[^a-zA-Z0-9._]+/g, "-").replace(/^[-0-9._]+|-+$/g, ""),

  expand: (index) => {
    if (!index.xnu) return index;
    const [, width, typeWidth, block, doc, prio] = index.xnu;
    delete index.xnu;
    index.terms = XnuIndex.words(index.terms, width, block);
    index.titleterms = XnuIndex.words(index.titleterms, width, block);
    for (const prefix of Object.keys(index.objects))
      index.objects[prefix] = XnuIndex.objects(index.objects[prefix], width, typeWidth, doc, prio);
    for (const [title, places] of Object.entries(index.alltitles))
      index.alltitles[title] = places.map((p) => (p.length === 2 ? p : [p[0], XnuIndex.titleId(title)]));
    for (const [name, places] of Object.entries(index.indexentries))
      index.indexentries[name] = places.map((p) => (p.length === 3 ? p : [p[0], XnuIndex.termId(name), p[1]]));
    return index;
  },
};

/* xnu-terms.js leaves out what can be rebuilt (search.py): an entry's anchor
 * when it is the one Sphinx derives from its first name, and its page when
 * it is the first (the glossary). */
for (const entry of window.XNU_TERMS?.terms || []) {
  entry.u ??= XnuIndex.termId(entry.t[0]);
  entry.g ??= 0;
}

const XnuSearch = {
  /* Case, hyphens and a trailing "()" do not matter: "copy on write" finds
   * "copy-on-write", "mach_msg" finds "mach_msg()". */
  normalise: (text) => text.toLowerCase().replace(/\(\)/g, "").replace(/[\s-]+/g, " ").trim(),

  /* A query matches a term or alias as written, or as its plural. */
  _normalised: new Map(),
  matchesTerm: (query, term) => {
    /* normalising never lengthens a term nor changes its first letter's
     * case-folded form: most terms are ruled out without it */
    if (term.length < query.length - 2 || term[0].toLowerCase() !== query[0]) return false;
    if (!XnuSearch._normalised.has(term)) XnuSearch._normalised.set(term, XnuSearch.normalise(term));
    const t = XnuSearch._normalised.get(term);
    return query === t || query === t + "s" || query === t + "es";
  },

  /* One instance of language_data.js's stemmer, the one Sphinx indexes with. */
  _stemmer: null,
  stemmer: () => (XnuSearch._stemmer ??= new Stemmer()),

  data: () => window.XNU_TERMS || { pages: [], terms: [], subsystems: [], sections: {} },

  /* The query the results are for (after question words and corrections). */
  current: null,
  query: () => XnuSearch.current
    ?? XnuSearch.normalise(new URLSearchParams(window.location.search).get("q") || ""),

  _lookups: new Map(),
  lookup: (query) => {
    if (!XnuSearch._lookups.has(query)) {
      const data = XnuSearch.data();
      XnuSearch._lookups.set(query, {
        terms: data.terms.filter((e) => e.t.some((t) => XnuSearch.matchesTerm(query, t))),
        subsystems: data.subsystems.filter((s) => s.w.some((w) => XnuSearch.matchesTerm(query, w))),
      });
    }
    return XnuSearch._lookups.get(query);
  },

  root: () => document.documentElement.dataset.content_root || "",
  /* Whether a site-relative URL ("subsystems/vm.html#x") is the page docname
   * ("subsystems/vm"; not "subsystems", which is a page of its own). */
  samePage: (url, docname) => {
    const page = url.split("#")[0];
    return page === docname + ".html" || page === docname + "/" || page === docname;
  },
  termPage: (entry) => XnuSearch.data().pages[entry.g],
  termUrl: (entry) => XnuSearch.termPage(entry) + "#" + entry.u,

  /* -- questions ---------------------------------------------------------- */
  QUESTION: /^\s*(how|what|why|when|where|which|who|whom|whose|does|do|did|is|are|was|were|can|could|should|would)\b|\?\s*$/i,
  FILLER: new Set(("how what why when where which who whom whose does do did doing done is are " +
    "was were be been can could should would will a an the i me my you your we our it its " +
    "there their this that get gets got happen happens happening work works working mean " +
    "means meant explain tell about exactly actually really in on of to for").split(" ")),

  /* Sphinx's default splitQuery (usable before searchtools.js has run). */
  split: (text) => text.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).filter((w) => w),

  /* "how does fork work?" -> "fork"; anything that is not a question, or
   * that would be left empty, is kept as typed. */
  stripQuestion: (text) => {
    if (!XnuSearch.QUESTION.test(text)) return text;
    const kept = XnuSearch.split(text).filter((w) => !XnuSearch.FILLER.has(w.toLowerCase()));
    return kept.length ? kept.join(" ") : text;
  },

  /* -- vocabulary and did-you-mean ---------------------------------------- */
  _vocabulary: null,
  /* word -> bonus (terms 1000, symbols 800, subsystem keywords 500, titles 0).
   * Built without stemming: only the few candidates a typo could mean are
   * weighed (weight()), which keeps the first typo query ~20-50 ms faster. */
  vocabulary: () => {
    if (XnuSearch._vocabulary) return XnuSearch._vocabulary;
    const index = Search._index;
    const words = new Map();
    const keep = (word, bonus) => {
      if (!(words.get(word) >= bonus)) words.set(word, bonus);
    };
    const add = (text, bonus) => splitQuery(text.toLowerCase()).forEach((word) => {
      if (word.length < 3 || /^\d+$/.test(word) || stopwords.has(word) || XnuSearch.FILLER.has(word)) return;
      keep(word, bonus);
    });
    const data = XnuSearch.data();
    data.terms.forEach((entry) => entry.t.forEach((t) => add(t, 1000)));
    data.subsystems.forEach((s) => s.w.forEach((w) => add(w, 500)));
    Object.keys(index.alltitles).forEach((title) => add(title, 0));
    Object.values(index.objnames || {}).forEach((names) => add(names[2] || "", 0));
    for (const [prefix, list] of Object.entries(index.objects || {})) {
      for (const match of list) {
        keep(((prefix ? prefix + "." : "") + match[4]).toLowerCase(), 800);
        add(match[4], 800);
      }
    }
    XnuSearch._vocabulary = words;
    return words;
  },

  /* A vocabulary word's weight, which settles a tie between suggestions:
   * its bonus plus the pages whose text and titles use it. */
  weight: (word) => {
    const index = Search._index;
    const stem = XnuSearch.stemmer().stemWord(word);
    const docs = (files) => (files === undefined ? 0 : files.length ?? 1);
    return XnuSearch.vocabulary().get(word) + docs(index.terms[stem]) + docs(index.titleterms[stem]);
  },

  /* Object (kernel symbol) names, lower case, as Sphinx's object search
   * spells them ("prefix.name"). */
  _objectNames: null,
  objectNames: () => {
    if (!XnuSearch._objectNames) {
      const names = [];
      for (const [prefix, list] of Object.entries(Search._index.objects || {}))
        for (const match of list) names.push(((prefix ? prefix + "." : "") + match[4]).toLowerCase());
      XnuSearch._objectNames = names;
    }
    return XnuSearch._objectNames;
  },

  /* A word is known when the index has it, or when the object search will
   * answer it: an identifier that some symbol's name contains ("task_for"),
   * or a plain word that is a symbol's whole name. Only then is the
   * did-you-mean vocabulary built (5-10 ms): an identifier query never
   * waits for it. */
  known: (word) => {
    const lower = word.toLowerCase();
    if (stopwords.has(lower) || /^\d+$/.test(lower) || lower.length < 3) return true;
    const stem = XnuSearch.stemmer().stemWord(lower);
    const index = Search._index;
    if (Object.hasOwn(index.terms, stem) || Object.hasOwn(index.titleterms, stem)) return true;
    const names = XnuSearch.objectNames();
    if (XnuSearch.identifierLike(word) ? names.some((name) => name.includes(lower)) : names.includes(lower))
      return true;
    return XnuSearch.vocabulary().has(lower);
  },

  /* Optimal-string-alignment distance (a swap of two letters is one edit),
   * or limit + 1 as soon as it must exceed limit. */
  distance: (a, b, limit) => {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    let before = null;
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          value = Math.min(value, before[j - 2] + 1);
        row.push(value);
        best = Math.min(best, value);
      }
      if (best > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  },

  /* One typo in a word of 4 to 7 letters, two from 8 letters on; the first
   * letter must be right for the second typo ("inversion" does not become
   * "version") and in 4-letter words ("rust" does not become "just").
   * Words of 3 letters or fewer are never changed. */
  suggest: (word) => {
    const lower = word.toLowerCase();
    const limit = lower.length < 4 ? 0 : lower.length < 8 ? 1 : 2;
    if (!limit) return null;
    let found = null;
    for (const candidate of XnuSearch.vocabulary().keys()) {
      const d = XnuSearch.distance(lower, candidate, limit);
      if (d > limit || ((d === 2 || lower.length < 5) && candidate[0] !== lower[0])) continue;
      if (!found || d < found.d) {
        found = { word: candidate, d, weight: null };
      } else if (d === found.d) {
        found.weight ??= XnuSearch.weight(found.word);
        const weight = XnuSearch.weight(candidate);
        if (weight > found.weight) found = { word: candidate, d, weight };
      }
    }
    return found && found.word;
  },

  /* The query with every unknown word replaced by its suggestion, or null. */
  correct: (text) => {
    let changed = false;
    const words = splitQuery(text).map((word) => {
      if (word.startsWith("-") || XnuSearch.known(word)) return word;
      const better = XnuSearch.suggest(word);
      if (!better) return word;
      changed = true;
      return better;
    });
    return changed ? words.join(" ") : null;
  },

  /* -- pages that match some of the words -------------------------------- */
  /* Each word is searched on its own, the way Sphinx searches a query
   * (titles, index entries, objects, full text). A page or entry scores 30
   * per word it has, plus for each word where it was found: 15 in a title,
   * heading or object name, 10 in an index entry (a glossary term), 5 in
   * the text; 20 more if the word is exactly a glossary term or subsystem
   * and this is its entry or page. Returns the results and the words found
   * nowhere. */
  where: { title: 15, object: 15, index: 10 },
  someWords: (text) => {
    const byKey = new Map();
    const missing = [];
    const whole = XnuSearch.current;
    for (const word of splitQuery(text)) {
      const parsed = Search._parseQuery(word);
      if (!parsed[1].size && !parsed[4].size) continue;
      XnuSearch.current = XnuSearch.normalise(word);
      const found = Search._performSearch(...parsed);
      if (!found.length) missing.push(word);
      const exact = XnuSearch.lookup(XnuSearch.current);
      const weigh = (r) => {
        const entry = r[2] && XnuSearch.entryOf(r[2]);
        const named = (entry && exact.terms.includes(entry))
          || exact.subsystems.some((s) => XnuSearch.samePage(s.u, r[0]));
        return (XnuSearch.where[r[6]] ?? Math.min(r[4], 15)) + (named ? 20 : 0);
      };
      const best = new Map();
      for (const result of found) {
        const key = XnuSearch.entryKey(result) || result[0];
        const weight = weigh(result);
        if (!best.has(key) || best.get(key).weight < weight) best.set(key, { result, weight });
      }
      for (const [key, { result, weight }] of best) {
        const entry = byKey.get(key) || { result, words: 0, score: 0 };
        entry.words += 1;
        entry.score += weight;
        byKey.set(key, entry);
      }
    }
    XnuSearch.current = whole;
    const results = [...byKey.values()].map(({ result, words, score }) => {
      const copy = [...result];
      copy[4] = 30 * words + score;
      return copy;
    });
    return { results, missing };
  },

  /* -- one result per page, at its best section --------------------------- */
  /* docname -> [[anchor, title, title words, keywords]], built for a page
   * when a result needs it, from searchindex.js's alltitles (titles are
   * stemmed lazily: see below). */
  _titlesByFile: null,
  _sections: new Map(),
  sections: (docname) => {
    if (XnuSearch._sections.has(docname)) return XnuSearch._sections.get(docname);
    const index = Search._index;
    if (!XnuSearch._titlesByFile) {
      const byFile = new Map();
      for (const [title, places] of Object.entries(index.alltitles)) {
        for (const [file, id] of places) {
          if (id === null) continue;
          if (!byFile.has(file)) byFile.set(file, new Map());
          byFile.get(file).set(id, title);
        }
      }
      XnuSearch._titlesByFile = byFile;
    }
    const titles = XnuSearch._titlesByFile.get(index.docnames.indexOf(docname)) || new Map();
    const anchors = [...titles.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const words = (XnuSearch.data().sections || {})[docname];
    const aligned = words && words.length === anchors.length;
    const sections = anchors.map((anchor, i) => [
      anchor, titles.get(anchor), splitQuery(titles.get(anchor).toLowerCase()),
      aligned ? words[i].split(" ") : [],
    ]);
    XnuSearch._sections.set(docname, sections);
    return sections;
  },

  /* Whether a heading has a stemmed query word. Only heading words that
   * start like the stem are stemmed (a stem and its word share their first
   * letters), which keeps this to a few stemmer calls per search. */
  _stems: new Map(),
  headingHas: (words, stem) => words.some((word) => {
    if (word.slice(0, 2) !== stem.slice(0, 2)) return false;
    if (!XnuSearch._stems.has(word)) XnuSearch._stems.set(word, XnuSearch.stemmer().stemWord(word));
    return XnuSearch._stems.get(word) === stem;
  }),

  /* Where on a page the stemmed query words are: its best section, and a
   * bonus for ranking the page among others.
   * The best section: a word in its heading counts 3, a word among its
   * keywords 1, each divided by the number of the page's sections that have
   * it there (a word in every heading of the signals article does not pick
   * one of them); ties go to the first in anchor order.
   * The bonus, for ranking pages: 4 per query word in the heading that has
   * the most of them, 1 per heading with any (up to 3), 1 per keyword hit of
   * the best section; 12 and no section when the page's own title has every
   * word (the whole page is the answer). */
  placeOnPage: (docname, searchTerms) => {
    const index = Search._index;
    const words = [...searchTerms];
    const pageTitle = splitQuery(index.titles[index.docnames.indexOf(docname)].toLowerCase());
    if (words.every((word) => XnuSearch.headingHas(pageTitle, word))) return { section: null, bonus: 12 };
    const sections = XnuSearch.sections(docname);
    const hits = sections.map(([, , heading, keywords]) => words.map((word) =>
      [XnuSearch.headingHas(heading, word), keywords.includes(word)]));
    const spread = words.map((_, w) => [0, 1].map((k) => hits.filter((h) => h[w][k]).length));
    let best = null;
    sections.forEach(([anchor, title], i) => {
      let score = 0;
      hits[i].forEach(([inHeading, inKeywords], w) => {
        if (inHeading) score += 3 / spread[w][0];
        if (inKeywords) score += 1 / spread[w][1];
      });
      if (score > 0 && (!best || score > best.score)) best = { anchor, title, score, i };
    });
    const inHeading = hits.map((h) => h.filter(([found]) => found).length);
    const headings = inHeading.filter((n) => n > 0).length;
    const keywords = best ? hits[best.i].filter(([, found]) => found).length : 0;
    return { section: best, bonus: 4 * Math.max(0, ...inHeading) + Math.min(headings, 3) + keywords };
  },

  /* Glossary anchor (any alias's) -> its entry, from the index entries. */
  _entries: null,
  entryOf: (anchor) => {
    if (!XnuSearch._entries) {
      const data = XnuSearch.data();
      const byName = new Map();
      data.terms.forEach((e) => e.t.forEach((t) => byName.set(t.toLowerCase(), e)));
      const map = new Map(data.terms.map((e) => [e.u, e]));
      const docnames = Search._index.docnames;
      for (const [name, places] of Object.entries(Search._index.indexentries)) {
        const entry = byName.get(name);
        if (!entry) continue;
        for (const [file, id] of places)
          if (id && XnuSearch.samePage(XnuSearch.termPage(entry), docnames[file])) map.set(id, entry);
      }
      XnuSearch._entries = map;
    }
    return XnuSearch._entries.get(anchor.replace(/^#/, ""));
  },

  /* A glossary entry or an object is a result of its own: its key. */
  entryKey: (r) => {
    if (r[6] === "object") return r[0] + r[2];
    const entry = r[2] && XnuSearch.entryOf(r[2]);
    return entry ? r[0] + "#" + entry.u : null;
  },

  /* Does the query read like a kernel identifier (the rule of symbols.py)? */
  identifierLike: (text) => /[_:]|[a-z][A-Z]|^[A-Z][A-Z0-9_]{3,}$/.test(text.trim()),

  /* An object's name as the query would spell it ("struct proc" is "proc"). */
  objectNamed: (result, query) => {
    const name = result[1].toLowerCase().replace(/^(struct|union|enum|class) /, "");
    return name === query.toLowerCase().replace(/ /g, "_");
  },

  /* Symbols only where they answer the query (see the header comment). */
  relevantObjects: (results) => {
    const typed = XnuSearch.typed || "";
    if (XnuSearch.identifierLike(typed)) return results;
    return results.filter((r) => r[6] !== "object" || XnuSearch.objectNamed(r, XnuSearch.normalise(typed)));
  },

  /* Results best first, each page once. A glossary entry or an object is a
   * result of its own (the glossary lists one per entry, never one per
   * alias); a page that has such results gets no page-level one besides. */
  onePerPage: (results, searchTerms) => {
    const titles = Search._index.titles;
    const docnames = Search._index.docnames;
    results = [...results].sort((a, b) => b[4] - a[4] || (a[1].toLowerCase() < b[1].toLowerCase() ? -1 : 1));
    const entryKey = XnuSearch.entryKey;
    const withEntries = new Set(results.filter(entryKey).map((r) => r[0]));
    const seen = new Set();
    const kept = [];
    for (const result of results) {
      const key = entryKey(result);
      if (key === null && withEntries.has(result[0])) continue;
      if (seen.has(key || result[0])) continue;
      seen.add(key || result[0]);
      const item = [...result];
      const pageTitle = titles[docnames.indexOf(item[0])];
      const entry = key && item[6] !== "object" ? XnuSearch.entryOf(item[2]) : null;
      if (entry) {
        item[2] = "#" + entry.u;
        item[1] = pageTitle + " > " + entry.t[0];
      } else if (!key && !item[2]) {
        const { section, bonus } = XnuSearch.placeOnPage(item[0], searchTerms);
        if (section) {
          item[2] = "#" + section.anchor;
          item[1] = pageTitle + " > " + section.title;
        }
        item[4] += bonus;
      }
      kept.push(item);
    }
    return kept.sort((a, b) => b[4] - a[4]);
  },

  /* -- the page ----------------------------------------------------------- */
  note: (lines) => {
    const note = document.createElement("div");
    note.className = "xnu-search-note";
    note.setAttribute("role", "status");
    for (const line of lines) {
      const p = note.appendChild(document.createElement("p"));
      line.forEach((part) => p.append(part));
    }
    return note;
  },

  link: (text, query, literal) => {
    const a = document.createElement("a");
    const params = new URLSearchParams({ q: query });
    if (literal) params.set("literal", "1");
    a.href = "?" + params.toString();
    a.textContent = text;
    return a;
  },

  strong: (text) => {
    const b = document.createElement("strong");
    b.textContent = text;
    return b;
  },

  /* The first paragraph of an entry's definition, from its preview
   * fragment: { promise, text } (text is null until it has arrived), fetched
   * once; see the end of this file. */
  _summaries: new Map(),
  summary: (entry) => {
    if (!XnuSearch._summaries.has(entry.u)) {
      const record = { text: null };
      record.promise = fetch(XnuSearch.root() + "_static/xnu-previews/" + encodeURIComponent(entry.u) + ".html")
        .then((response) => (response.ok ? response.text() : ""))
        .then((html) => {
          const doc = new DOMParser().parseFromString(html, "text/html");
          return (doc.querySelector("dd p") || doc.querySelector("dd") || { textContent: "" }).textContent.trim();
        })
        .catch(() => "")
        .then((text) => (record.text = text));
      XnuSearch._summaries.set(entry.u, record);
    }
    return XnuSearch._summaries.get(entry.u);
  },

  /* The "Glossary" box for a query, or null. It is built at once, before
   * the results, so it never pushes them down; each definition is filled in
   * when its fragment arrives (usually within a frame or two). */
  box: (query) => {
    const found = XnuSearch.lookup(query);
    if (!found.terms.length && !found.subsystems.length) return null;
    return XnuSearch.buildBox(found, found.terms.map(XnuSearch.summary));
  },

  buildBox: (found, records) => {
    const box = document.createElement("section");
    box.className = "xnu-search-box";
    box.setAttribute("aria-label", "Glossary and subsystem matches");
    const heading = document.createElement("h2");
    heading.textContent = found.terms.length ? "Glossary" : "Subsystem";
    box.appendChild(heading);
    const list = document.createElement("dl");
    found.terms.forEach((entry, i) => {
      const dt = document.createElement("dt");
      const link = document.createElement("a");
      link.href = XnuSearch.root() + XnuSearch.termUrl(entry);
      link.textContent = entry.t[0];
      dt.appendChild(link);
      if (entry.t.length > 1) dt.append(" (also: " + entry.t.slice(1).join(", ") + ")");
      const dd = document.createElement("dd");
      const text = dd.appendChild(document.createElement("span"));
      const record = records[i];
      if (record.text !== null) text.textContent = record.text;
      else record.promise.then((arrived) => (text.textContent = arrived));
      if (entry.a !== undefined) {
        const more = document.createElement("a");
        more.href = XnuSearch.root() + XnuSearch.data().pages[entry.a];
        more.textContent = "Read the article that explains it";
        dd.append(" ", more);
      }
      list.append(dt, dd);
    });
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

  /* Replaces Search.query: same inputs, same display, better results. */
  run: (typed) => {
    const literal = new URLSearchParams(window.location.search).has("literal");
    const asked = XnuSearch.stripQuestion(typed);
    const corrected = literal ? null : XnuSearch.correct(asked);
    const effective = corrected || asked;
    XnuSearch.typed = effective;
    XnuSearch.current = XnuSearch.normalise(effective);
    const [searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms] =
      Search._parseQuery(effective);
    let results = Search._performSearch(
      searchQuery, searchTerms, excludedTerms, highlightTerms, objectTerms);
    const lines = [];
    if (corrected) {
      lines.push(["Showing results for ", XnuSearch.strong(corrected), "."]);
      lines.push(["Search instead for ", XnuSearch.link(typed, typed, true), "."]);
    }
    if (!results.length && searchTerms.size > 1) {
      const some = XnuSearch.someWords(effective);
      Search._parseQuery(effective); // the words to highlight on the result pages
      results = some.results;
      if (results.length) {
        const line = [`No page has every word of “${effective}”; showing pages that have some of them.`];
        if (some.missing.length) line.push(` Not found anywhere: ${some.missing.join(", ")}.`);
        lines.push(line);
      }
    }
    results = XnuSearch.onePerPage(XnuSearch.relevantObjects(results), searchTerms);
    const out = document.getElementById("search-results");
    if (lines.length) out.parentNode.insertBefore(XnuSearch.note(lines), out);
    const box = XnuSearch.box(XnuSearch.current);
    if (box) out.parentNode.insertBefore(box, out);
    _displayNextItem(results.reverse(), results.length, searchTerms, highlightTerms);
  },
};

/* Scorer hook read by Sphinx's searchtools.js. */
var Scorer = {
  score: (result) => {
    const [docname, name, anchor, , score, , kind] = result;
    const query = XnuSearch.query();
    const found = XnuSearch.lookup(query);
    let bonus = 0;
    const entry = anchor && XnuSearch.entryOf(anchor);
    for (const term of found.terms) {
      if (entry === term && XnuSearch.samePage(XnuSearch.termPage(term), docname)) bonus = Math.max(bonus, 200);
      if (term.a !== undefined && XnuSearch.samePage(XnuSearch.data().pages[term.a], docname) && !anchor)
        bonus = Math.max(bonus, 150);
    }
    for (const subsystem of found.subsystems) {
      if (XnuSearch.samePage(subsystem.u, docname)) bonus = Math.max(bonus, 180);
    }
    /* an object (a kernel symbol) named exactly as an identifier-like query
     * comes first; for a plain word the explaining sections lead */
    if (kind === "object" && XnuSearch.identifierLike(XnuSearch.typed || "")
        && XnuSearch.objectNamed(result, query)) bonus = Math.max(bonus, 300);
    return score + bonus;
  },
  objNameMatch: 11, objPartialMatch: 6, objPrio: { 0: 15, 1: 5, 2: -5 }, objPrioDefault: 0,
  title: 15, partialTitle: 7, term: 5, partialTerm: 2,
};

/* Ask for the definitions the Glossary box will show while the rest of the
 * page (and the search index) loads. */
(() => {
  const typed = new URLSearchParams(window.location.search).get("q");
  if (typed) XnuSearch.lookup(XnuSearch.normalise(XnuSearch.stripQuestion(typed))).terms.forEach(XnuSearch.summary);
})();

document.addEventListener("DOMContentLoaded", () => {
  /* Registered before searchtools.js's own handler, so Search.init and
   * Search.setIndex already call the wrapper. */
  if (typeof Search !== "undefined") Search.query = XnuSearch.run;
});
