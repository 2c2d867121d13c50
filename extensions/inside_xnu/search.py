"""Search support: a compact per-site table for the browser.

``_static/xnu-terms.js`` carries what Sphinx's ``searchindex.js`` lacks:

* every glossary entry (terms and aliases, anchor, the article that uses it
  most) and every subsystem, for the "Glossary" box above the results and
  for ranking the explaining article and subsystem pages first (the box
  fetches an entry's definition from its hover-preview fragment, so the
  table carries no definitions);
* for every titled section of every article, the few words that set it
  apart from the rest of the site (highest tf-idf, stemmed the way Sphinx
  stems its index), so a page-level hit can link to the section that
  answers it. Sections are listed per page in the order of their anchors,
  the order the browser rebuilds from ``searchindex.js``'s ``alltitles``;
  that saves writing each anchor twice.

Did-you-mean, question handling, the partial-match fallback and one result
per page run in the browser on this table and Sphinx's own index
(``xnu-search.js``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.search import languages

from .searchindex import term_id
from .state import get_domain
from .subsystems import registry

TABLE = "xnu-terms.js"
KEYWORDS = 6  # per section: enough to place a hit, about 20 KB for the site
# Sections that point elsewhere (STYLE.md's closing "Related" list): a hit
# there is an answer on another page, so they get no keywords.
NAVIGATION = {"related"}


def _is_link_to_page(node: nodes.Node) -> bool:
    """A link to another page or site (its text names that page, not this
    section); term links stay, they name what the section is about."""
    if isinstance(node, nodes.reference):
        return True
    return isinstance(node, addnodes.pending_xref) and node.get("reftype") != "term"


def _section_words(section: nodes.section, lang) -> Counter:
    """Stemmed words of a section's own text (not its subsections', nor the
    text of its links to other pages: a "Related" list is not about them)."""
    words: Counter = Counter()

    def walk(node: nodes.Node) -> None:
        for child in node.children:
            if isinstance(child, (nodes.section, nodes.comment, nodes.raw)) or _is_link_to_page(child):
                continue
            if isinstance(child, nodes.Text):
                for word in lang.split(child.astext()):
                    word = word.lower()
                    if word not in lang.stopwords and lang.word_filter(word):
                        words[lang.stem(word)] += 1
            elif isinstance(child, nodes.Element):
                walk(child)

    walk(section)
    return words


def _collect_section_words(app: Sphinx, doctree: nodes.document) -> None:
    """Each titled section's word counts, taken while the document is read, so
    an incremental build stems only the documents it re-reads. (This runs
    before xref.py wraps kernel identifiers in links: a section's identifiers
    count among its words, so a symbol's name can pick the section.)"""
    lang = languages["en"]({})
    titles = list(doctree.findall(nodes.title))[1:]  # Sphinx files the first under the page
    anchors = {t.parent["ids"][0]: t.parent for t in titles if t.parent["ids"]}
    get_domain(app.env).data["sections"][app.env.docname] = {
        anchor: dict(_section_words(parent, lang))
        if isinstance(parent, nodes.section)
        and parent.next_node(nodes.title).astext().strip().lower() not in NAVIGATION
        else {}
        for anchor, parent in anchors.items()
    }


def section_keywords(app: Sphinx, docnames: list[str]) -> dict[str, list[str]]:
    """docname -> keywords of each titled section, in sorted-anchor order."""
    stored = get_domain(app.env).data["sections"]
    sections = {docname: {anchor: Counter(words) for anchor, words in stored.get(docname, {}).items()}
                for docname in docnames}
    counts = [words for table in sections.values() for words in table.values()]
    frequency = Counter(stem for words in counts for stem in words)
    total = max(len(counts), 1)

    def best(words: Counter) -> str:
        ranked = sorted(words, key=lambda s: (-words[s] * math.log(total / frequency[s]), s))
        return " ".join(ranked[:KEYWORDS])

    return {
        docname: [best(table[anchor]) for anchor in sorted(table)]
        for docname, table in sections.items()
    }


HEADING_WEIGHT = 4


def names_term(title: str, names: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(name)}(e?s)?(?!\w)", title, re.I) for name in names)


def site_table(app: Sphinx) -> dict:
    env, builder = app.env, app.builder
    domain = get_domain(env)
    counts: dict[str, Counter] = {}
    for docname, entry, _anchor, title in domain.article_term_uses():
        # A section whose heading names the term is about it: that counts
        # for more than a passing mention ("file descriptor": the BSD
        # article's "Three layers between a file descriptor and a vnode").
        weight = HEADING_WEIGHT if names_term(title, entry["terms"]) else 1
        counts.setdefault(entry["primary"].lower(), Counter())[docname] += weight
    subsystems = registry(env)
    pages: list[str] = []

    def page(docname: str) -> int:
        uri = builder.get_target_uri(docname)
        if uri not in pages:
            pages.append(uri)
        return pages.index(uri)

    terms = []
    for entry in sorted(domain.all_entries(), key=lambda e: e["primary"].lower()):
        top = counts.get(entry["primary"].lower())
        # The article that uses the term most (sections that link it, a heading
        # naming it counting HEADING_WEIGHT times); on a tie, one of the term's own
        # subsystem ("page table": virtual memory before Apple silicon).
        article = sorted(top.items(), key=lambda kv: (
            -kv[1], domain.articles[kv[0]]["subsystem"] != entry["subsystem"], kv[0],
        ))[0][0] if top else None
        row = {"t": entry["terms"]}
        # the anchor Sphinx derives from the first name, and the first page
        # (the glossary), are left for the browser to fill in (xnu-search.js)
        if not (entry["terms"][0].isascii() and entry["anchor"] == term_id(entry["terms"][0])):
            row["u"] = entry["anchor"]
        if page(entry["docname"]):
            row["g"] = page(entry["docname"])
        if article:
            row["a"] = page(article)
        terms.append(row)
    return {
        "pages": pages,
        "terms": terms,
        "subsystems": [
            {"k": s.key, "t": s.title, "w": [s.title, s.key, *s.keywords],
             "u": builder.get_target_uri(s.docname)}
            for s in subsystems.values()
        ],
        "sections": section_keywords(app, sorted(domain.articles)),
    }


def _write_table(app: Sphinx, env) -> None:
    """Written once every document is read, before any page is rendered, so the
    search page's script tag gets the same ``?v=`` checksum in every build."""
    if app.builder.name not in ("html", "dirhtml"):
        return
    data = json.dumps(site_table(app), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    target = Path(app.outdir) / "_static" / TABLE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"window.XNU_TERMS={data};\n", encoding="utf-8")


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.name != "html":
        return
    if pagename == "search":
        app.add_js_file(TABLE)
        app.add_js_file("xnu-search.js")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _collect_section_words)
    app.connect("html-page-context", _on_page_context)
    app.connect("env-updated", _write_table)
