"""The Kernel symbols page, its domain index, and a hover fragment per symbol.

``{kernel-symbols}`` leaves a placeholder while reading; once every document
is read it becomes one entry per XNU symbol the guide links: name and kind,
the declaration, the definition line at the pinned tag, and every article
section that discusses it. Prose links point at these entries, so a page
carries a short local link per mention instead of a full source URL, and the
listing is a real document in HTML, PDF and ePub.

``xnu-symbols`` is the domain index over the same entries (an A-Z list like
Python's module index; in the PDF, an index with page numbers), and
``_static/xnu-previews/sym-*.html`` are the fragments the hover preview shows.
"""

from __future__ import annotations

import hashlib
import json
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Index, IndexEntry
from sphinx.util.nodes import make_refnode
from sphinx.util.osutil import relative_uri

from . import previews
from .generated import GeneratedDirective, short_title
from .nodes import generated_content
from .state import get_domain
from .symbols import KIND_LABELS, Symbol


class KernelSymbols(GeneratedDirective):
    """``{kernel-symbols}``: every XNU symbol the guide discusses."""

    kind = "symbols"


def _initial(symbol: Symbol) -> str:
    letter = symbol.key.split(" ", 1)[-1].lstrip("_")[:1].upper()
    return letter if letter.isalpha() else "_"


def _sort_key(symbol: Symbol) -> tuple[str, str]:
    return symbol.key.split(" ", 1)[-1].lstrip("_").lower(), symbol.key


def _sections(app: Sphinx) -> dict[str, list[tuple[str, str, str]]]:
    """symbol key -> (docname, section id, section title), articles in order."""
    domain = get_domain(app.env)
    order = {doc: info["order"] for doc, info in domain.articles.items()}
    places: dict[str, list[tuple[str, str, str]]] = {}
    for docname in sorted(domain.data["symbols"], key=lambda d: (order.get(d, 1_000), d)):
        for key, anchor, title in domain.data["symbols"][docname]:
            place = (docname, anchor, title)
            if place not in places.setdefault(key, []):
                places[key].append(place)
    return places


def _title(app: Sphinx, docname: str) -> str:
    info = get_domain(app.env).articles.get(docname)
    if info:
        return short_title(info["title"])
    title = app.env.titles.get(docname)
    return title.astext() if title is not None else docname


def _ref(app: Sphinx, fromdoc: str, docname: str, anchor: str, text: str) -> nodes.reference:
    ref = make_refnode(app.builder, fromdoc, docname, anchor, nodes.Text(text))
    ref["xnu_bare"] = True  # compact.py: a bare <a href>, the page lists thousands
    return ref


def _discussed_in(app: Sphinx, fromdoc: str, places) -> nodes.paragraph:
    para = nodes.paragraph(classes=["xnu-symbol-uses"])
    para += nodes.strong("Discussed in: ", "Discussed in: ")
    by_doc: dict[str, list[tuple[str, str]]] = {}
    for docname, anchor, title in places:
        by_doc.setdefault(docname, []).append((anchor, title))
    for number, (docname, sections) in enumerate(by_doc.items()):
        if number:
            para += nodes.Text("; ")
        para += _ref(app, fromdoc, docname, "", _title(app, docname))
        named = [(a, t) for a, t in sections if a and t]
        if named:
            para += nodes.Text(" (")
            for n, (anchor, title) in enumerate(named):
                if n:
                    para += nodes.Text(", ")
                para += _ref(app, fromdoc, docname, anchor, title)
            para += nodes.Text(")")
    return para


def entry(app: Sphinx, fromdoc: str, symbol: Symbol, places) -> nodes.definition_list_item:
    """name, kind and definition line; then the declaration and where it is discussed."""
    item = nodes.definition_list_item(classes=["xnu-symbol"])
    term = nodes.term("", "", ids=[symbol.anchor])
    term += nodes.literal(symbol.display, symbol.display)
    label = KIND_LABELS.get(symbol.kind, symbol.kind)
    term += nodes.inline(f" {label}", f" {label}", classes=["xnu-symbol-kind"])
    item += term
    definition = nodes.definition()
    where = nodes.paragraph(classes=["xnu-symbol-source"])
    spot = f"{symbol.path}:{symbol.line}"
    where += nodes.Text("Defined at ")
    where += nodes.reference("", "", nodes.literal(spot, spot), refuri=symbol.url(app.config.xnu_tag),
                             xnu_bare=True)
    where += nodes.Text(": ")
    where += nodes.literal(symbol.decl, symbol.decl, classes=["xnu-symbol-decl"])
    definition += where
    if places:
        definition += _discussed_in(app, fromdoc, places)
    item += definition
    return item


def _listing(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    domain = get_domain(app.env)
    symbols = sorted(domain.mentioned_symbols(), key=_sort_key)
    places = _sections(app)
    groups: dict[str, list[Symbol]] = {}
    for symbol in symbols:
        groups.setdefault(_initial(symbol), []).append(symbol)
    jump = nodes.paragraph(classes=["xnu-az"])
    for number, letter in enumerate(groups):
        if number:
            jump += nodes.Text(" ")
        jump += nodes.reference(letter, letter, refid=f"symbols-{letter.lower()}")
    result: list[nodes.Node] = [
        nodes.paragraph(text=f"{len(symbols)} symbols, defined at {app.config.xnu_tag}."), jump,
    ]
    for letter, members in groups.items():
        result.append(nodes.rubric(letter, letter, ids=[f"symbols-{letter.lower()}"]))
        listing = nodes.definition_list(classes=["xnu-symbols"])
        for symbol in members:
            listing += entry(app, fromdoc, symbol, places.get(symbol.key, []))
        result.append(listing)
    return result


def _write_fragments(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    """One hover fragment per symbol: name, kind, declaration, source line."""
    if app.builder.name not in previews.BUILDERS:
        return
    folder = Path(app.outdir) / "_static" / previews.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("sym-*.html"):
        old.unlink()
    page = relative_uri(f"_static/{previews.FOLDER}/x.html",
                                 app.builder.get_target_uri(fromdoc))
    for item in doctree.findall(nodes.definition_list_item):
        if "xnu-symbol" not in item["classes"]:
            continue
        term = item.next_node(nodes.term)
        definition = item.next_node(nodes.definition).deepcopy()
        for para in list(definition.findall(nodes.paragraph)):
            if "xnu-symbol-uses" in para["classes"]:
                para.parent.remove(para)
        previews._rebase(definition, page)
        body = app.builder.render_partial(definition)["fragment"]
        name, kind = term.next_node(nodes.literal).astext(), term.next_node(nodes.inline).astext()
        head = f'<dt id="{term["ids"][0]}"><code>{escape(name)}</code>{escape(kind)}</dt>'
        (folder / f"{term['ids'][0]}.html").write_text(
            f"<!DOCTYPE html>\n<dl>{head}{body}</dl>\n", encoding="utf-8")


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    placeholders = [n for n in doctree.findall(generated_content) if n["kind"] == "symbols"]
    for node in placeholders:
        node.replace_self(_listing(app, fromdoc))
    if placeholders:
        _write_fragments(app, doctree, fromdoc)


def _on_env_get_updated(app: Sphinx, env) -> list[str]:
    """Re-write the listing when what documents link has changed."""
    domain = get_domain(env)
    digest = hashlib.sha256(json.dumps(domain.data["symbols"], sort_keys=True).encode()).hexdigest()
    if getattr(env, "_inside_xnu_symbol_uses", None) == digest:
        return []
    env._inside_xnu_symbol_uses = digest  # pickled with the environment
    page = domain.symbol_page()
    return [page] if page else []


class SymbolIndex(Index):
    """The domain index ``xnu-symbols``: symbol, kind and definition line."""

    name = "symbols"
    localname = "Kernel symbols index"
    shortname = "symbols"

    def generate(self, docnames=None):
        domain = self.domain
        page = domain.symbol_page()
        if page is None:
            return [], False
        content: dict[str, list[IndexEntry]] = {}
        for symbol in sorted(domain.mentioned_symbols(), key=_sort_key):
            label = KIND_LABELS.get(symbol.kind, symbol.kind)
            content.setdefault(_initial(symbol), []).append(IndexEntry(
                symbol.display, 0, page, symbol.anchor, label, "", f"{symbol.path}:{symbol.line}"))
        return sorted(content.items()), False


def setup(app: Sphinx) -> None:
    app.add_directive("kernel-symbols", KernelSymbols)
    app.add_index_to_domain("xnu", SymbolIndex)
    # Before generated.py's handler, which fills every other placeholder kind.
    app.connect("doctree-resolved", _on_doctree_resolved, priority=400)
    app.connect("env-get-updated", _on_env_get_updated)
