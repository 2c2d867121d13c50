"""Search support: a small per-site term/subsystem table for the browser.

``_static/xnu-terms.js`` carries every glossary entry (terms, aliases,
summary, URL, the article that uses it most, preferring the term's own
subsystem on a tie) and every subsystem. The search
page uses it to show a "Glossary" box above the results and to rank the
explaining article and subsystem pages first.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from sphinx.application import Sphinx

from .state import get_domain
from .subsystems import registry

TABLE = "xnu-terms.js"


def site_table(app: Sphinx) -> dict:
    env, builder = app.env, app.builder
    domain = get_domain(env)
    counts: dict[str, Counter] = {}
    for docname, entry, _anchor, _title in domain.article_term_uses():
        counts.setdefault(entry["primary"].lower(), Counter())[docname] += 1
    subsystems = registry(env)
    terms = []
    for entry in sorted(domain.all_entries(), key=lambda e: e["primary"].lower()):
        top = counts.get(entry["primary"].lower())
        # The article that links the term most; on a tie, one of the term's own
        # subsystem ("page table": virtual memory before Apple silicon).
        article = sorted(top.items(), key=lambda kv: (
            -kv[1], domain.articles[kv[0]]["subsystem"] != entry["subsystem"], kv[0],
        ))[0][0] if top else None
        terms.append({
            "t": entry["terms"],
            "d": entry["summary"],
            "u": builder.get_target_uri(entry["docname"]) + "#" + entry["anchor"],
            "s": subsystems[entry["subsystem"]].title if entry["subsystem"] in subsystems else "",
            "a": builder.get_target_uri(article) if article else None,
        })
    return {
        "terms": terms,
        "subsystems": [
            {"k": s.key, "t": s.title, "w": [s.title, s.key, *s.keywords],
             "u": builder.get_target_uri(s.docname)}
            for s in subsystems.values()
        ],
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
    app.connect("html-page-context", _on_page_context)
    app.connect("env-updated", _write_table)
