"""Hover previews of glossary terms: one small HTML fragment per term anchor.

``xnu-previews.js`` (on every page with a doctree) shows a term's definition
when its link is hovered, focused or tapped. Rather than the whole glossary
page (600 KB with its "Used in" lists), it fetches
``_static/xnu-previews/<anchor>.html``: that entry's terms and definition,
under 2 KB, with links rebased so the fragment is a valid page of its own.
The fragments are rendered by the HTML builder itself when the glossary is
written, so they always match the glossary.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from .state import get_domain

FOLDER = "xnu-previews"
BUILDERS = ("html", "dirhtml")


def _rebase(definition: nodes.Element, glossary: str) -> None:
    """Make links relative to the fragment instead of the glossary page."""
    up = glossary.rsplit("/", 1)[0] + "/" if "/" in glossary else ""
    for ref in definition.findall(nodes.reference):
        if "refid" in ref:
            ref["refuri"] = f"{glossary}#{ref['refid']}"
            del ref["refid"]
        elif "refuri" in ref:
            uri = ref["refuri"]
            if uri.startswith("#"):
                ref["refuri"] = glossary + uri
            elif "://" not in uri and not uri.startswith(("/", "mailto:")):
                ref["refuri"] = up + uri


def _terms(item: nodes.definition_list_item) -> list[nodes.term]:
    return [child for child in item.children if isinstance(child, nodes.term)]


def fragment(app: Sphinx, item: nodes.definition_list_item, glossary: str) -> str:
    titles = "".join(f'<dt id="{term["ids"][0]}">{escape(term.astext())}</dt>'
                     for term in _terms(item) if term["ids"])
    definition = item.next_node(nodes.definition).deepcopy()
    for para in list(definition.findall(nodes.paragraph)):
        if "xnu-used-in" in para["classes"]:
            para.parent.remove(para)
    _rebase(definition, glossary)
    body = app.builder.render_partial(definition)["fragment"]
    return f"<!DOCTYPE html>\n<dl>{titles}{body}</dl>\n"


def _write_fragments(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    glossaries = {doc for doc, entries in get_domain(app.env).data["entries"].items() if entries}
    if app.builder.name not in BUILDERS or docname not in glossaries:
        return
    folder = Path(app.outdir) / "_static" / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    if glossaries == {docname}:  # the only glossary: a removed term leaves no file behind
        for old in folder.glob("term-*.html"):
            old.unlink()
    glossary = relative_uri(f"_static/{FOLDER}/x.html", app.builder.get_target_uri(docname))
    for item in doctree.findall(nodes.definition_list_item):
        if not item.get("xnu_entry"):
            continue
        text = fragment(app, item, glossary)
        for term in _terms(item):
            for anchor in term["ids"]:
                (folder / f"{anchor}.html").write_text(text, encoding="utf-8")


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.name in BUILDERS and pagename != "search" and doctree is not None:
        app.add_js_file("xnu-previews.js", loading_method="defer")


def setup(app: Sphinx) -> None:
    app.connect("doctree-resolved", _write_fragments, priority=600)
    app.connect("html-page-context", _on_page_context)
