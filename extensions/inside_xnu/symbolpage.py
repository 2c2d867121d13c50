"""The Kernel symbols page, its domain index, and the symbols' hover fragments.

``{kernel-symbols}`` leaves a placeholder while reading; once every document
is read it becomes one entry per XNU symbol the guide links: name and kind,
the declaration, the definition line at the pinned tag, and every article
section that discusses it. Prose links point at these entries, so a page
carries a short local link per mention instead of a full source URL, and the
listing is a real document in HTML, PDF and ePub.

``xnu-symbols`` is the domain index over the same entries (an A-Z list like
Python's module index; in the PDF, an index with page numbers), and
``_static/xnu-previews/sym-<n>.html`` are the fragments the hover preview shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.domains import Index, IndexEntry

from . import previews
from .generated import GeneratedDirective, short_title
from .nodes import generated_content
from .state import get_domain
from .symbols import KIND_LABELS, Symbol


class KernelSymbols(GeneratedDirective):
    """``{kernel-symbols}``: every XNU symbol the guide discusses. Like every
    generated page, generated.py re-writes it when what it lists changed."""

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


def _uri(app: Sphinx, fromdoc: str, docname: str, anchor: str = "") -> str:
    """The builder's relative URI, computed once per target page (the listing
    holds about 6,000 links)."""
    uris = app.builder.__dict__.setdefault("_inside_xnu_uris", {})  # per build, never pickled
    if (fromdoc, docname) not in uris:
        uris[fromdoc, docname] = app.builder.get_relative_uri(fromdoc, docname)
    return uris[fromdoc, docname] + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class Entry:
    """What one listing entry shows, for either renderer below."""

    symbol: Symbol
    label: str  # "function", "macro", ...
    source: str  # the definition line at the pinned tag
    # (article title, its URI, [(section title, section URI)]) per discussing page
    pages: list[tuple[str, str, list[tuple[str, str]]]]


def _entry(app: Sphinx, fromdoc: str, symbol: Symbol, places) -> Entry:
    by_doc: dict[str, list[tuple[str, str]]] = {}
    for docname, anchor, title in places:
        by_doc.setdefault(docname, [])
        if anchor and title:
            by_doc[docname].append((title, _uri(app, fromdoc, docname, anchor)))
    pages = [(_title(app, doc), _uri(app, fromdoc, doc), sections) for doc, sections in by_doc.items()]
    return Entry(symbol, KIND_LABELS.get(symbol.kind, symbol.kind), symbol.url(app.config.xnu_tag), pages)


_BREAK_AFTER = re.compile(r"(?<=::)|(?<=[(,/])")


def _code(text: str, classes: list[str] | None = None) -> list[nodes.Node]:
    """Inline code that LaTeX may break after ``::``, ``(``, ``,`` and ``/``:
    a C++ declaration is otherwise one unbreakable word wider than the page."""
    pieces = [piece for piece in _BREAK_AFTER.split(text) if piece]
    result: list[nodes.Node] = []
    for number, piece in enumerate(pieces):
        if number:
            result.append(nodes.raw("", r"\allowbreak{}", format="latex"))
        result.append(nodes.literal(piece, piece, classes=classes or []))
    return result


def _nodes(entry: Entry) -> nodes.definition_list_item:
    """The entry as docutils nodes (LaTeX, and any non-HTML builder)."""
    symbol = entry.symbol
    item = nodes.definition_list_item(classes=["xnu-symbol"])
    term = nodes.term("", "", ids=[symbol.anchor])
    term += _code(symbol.display)
    term += nodes.inline(f" {entry.label}", f" {entry.label}", classes=["xnu-symbol-kind"])
    item += term
    where = nodes.paragraph(classes=["xnu-symbol-source"])
    spot = f"{symbol.path}:{symbol.line}"
    where += nodes.Text("Defined at ")
    where += nodes.reference("", "", *_code(spot), refuri=entry.source)
    where += nodes.Text(": ")
    where += _code(symbol.decl, ["xnu-symbol-decl"])
    definition = nodes.definition("", where)
    if entry.pages:
        para = nodes.paragraph(classes=["xnu-symbol-uses"])
        para += nodes.strong("Discussed in: ", "Discussed in: ")
        for number, (title, uri, sections) in enumerate(entry.pages):
            para += nodes.Text("; " if number else "")
            para += nodes.reference("", title, internal=True, refuri=uri)
            for n, (section, section_uri) in enumerate(sections):
                para += nodes.Text(", " if n else " (")
                para += nodes.reference("", section, internal=True, refuri=section_uri)
            para += nodes.Text(")" if sections else "")
        definition += para
    item += definition
    return item


def _html(entry: Entry) -> str:
    """The same entry as the compact HTML the HTML builders write (compact.py):
    a large listing is built in a fraction of the time of 50,000 nodes."""
    symbol = entry.symbol
    html = (f'<dt id="{escape(symbol.anchor)}"><code translate="no">{escape(symbol.display)}</code>'
            f'<span class="xnu-symbol-kind"> {escape(entry.label)}</span></dt>\n<dd>'
            f'<p class="xnu-symbol-source">Defined at <a href="{escape(entry.source)}">'
            f'<code translate="no">{escape(symbol.path)}:{symbol.line}</code></a>: '
            f'<code class="xnu-symbol-decl" translate="no">{escape(symbol.decl)}</code></p>\n')
    if entry.pages:
        links = []
        for title, uri, sections in entry.pages:
            link = f'<a href="{escape(uri)}">{escape(title)}</a>'
            if sections:
                link += " (" + ", ".join(f'<a href="{escape(u)}">{escape(t)}</a>' for t, u in sections) + ")"
            links.append(link)
        html += f'<p class="xnu-symbol-uses"><strong>Discussed in: </strong>{"; ".join(links)}</p>\n'
    return html + "</dd>\n"


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
    # no-search: Sphinx's indexer skips the listing; symbols are search objects
    # already, and 2,000 declarations would add words (and seconds) to searchindex.js.
    classes = ["xnu-symbols", "no-search"]
    for letter, members in groups.items():
        result.append(nodes.rubric(letter, letter, ids=[f"symbols-{letter.lower()}"]))
        entries = [_entry(app, fromdoc, symbol, places.get(symbol.key, [])) for symbol in members]
        if app.builder.format == "html":
            body = "".join(_html(entry) for entry in entries)
            result.append(nodes.raw("", f'<dl class="{" ".join(classes)}">\n{body}</dl>\n',
                                    format="html", classes=["no-search"]))
        else:
            result.append(nodes.definition_list("", *map(_nodes, entries), classes=classes))
    return result


_ENTRY = re.compile(r'<dt id="([^"]+)">(.*?)</dt>\s*<dd>\s*(<p class="xnu-symbol-source">.*?</p>)', re.S)
SYMBOL_BUCKETS = 128  # xnu-previews.js computes the same bucket()


def bucket(anchor: str) -> int:
    """Which shared fragment file holds a symbol's preview."""
    value = 0
    for char in anchor:
        value = (value * 31 + ord(char)) % SYMBOL_BUCKETS
    return value


def _write_fragments(app: Sphinx, pagename: str, templatename, context, doctree) -> None:
    """Hover previews: name, kind, source line and declaration of every symbol.

    Cut from the listing's own HTML rather than rendered one by one, and
    written as 128 files of about 16 entries (a few KB each) rather than 2,000
    tiny ones: both cost seconds per build. The part cut holds only the
    absolute source link, so it needs no rebasing."""
    if app.builder.name not in previews.BUILDERS or pagename != get_domain(app.env).symbol_page():
        return
    folder = Path(app.outdir) / "_static" / previews.FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("sym-*.html"):
        old.unlink()
    buckets: dict[int, list[str]] = {}
    for anchor, term, source in _ENTRY.findall(context.get("body", "")):
        term = re.sub(r'<span class="xnu-symbol-kind">(.*?)</span>', r"\1", term)
        buckets.setdefault(bucket(anchor), []).append(f'<dt id="{anchor}">{term}</dt><dd>{source}</dd>')
    for number, entries in buckets.items():
        (folder / f"sym-{number}.html").write_text(
            "<!DOCTYPE html>\n<dl>" + "\n".join(entries) + "</dl>\n", encoding="utf-8")


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    placeholders = [n for n in doctree.findall(generated_content) if n["kind"] == "symbols"]
    for node in placeholders:
        node.replace_self(_listing(app, fromdoc))


class KernelSymbolsIndex(Index):
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
    app.add_index_to_domain("xnu", KernelSymbolsIndex)
    # Before generated.py's handler, which fills every other placeholder kind.
    app.connect("doctree-resolved", _on_doctree_resolved, priority=400)
    app.connect("html-page-context", _write_fragments)
