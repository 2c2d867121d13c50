"""All build state of the extension, kept in one Sphinx domain.

Like ``sphinx.ext.todo``, every piece of state is keyed by the document that
produced it, so ``clear_doc`` and ``merge_domaindata`` keep incremental and
parallel builds identical to a clean serial one.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.util.nodes import make_refnode

from .symbols import KIND_LABELS, KINDS

# Per-document tables. Each maps docname -> value produced while reading it.
_PER_DOC = (
    "articles",  # docname -> article metadata from front matter
    "entries",  # docname -> list of glossary entries defined there
    "uses",  # docname -> list of (entry target, section id, section title)
    "prose",  # docname -> list of (location, text, own term keys) to check
    "waivers",  # docname -> list of locations of deliberate unlinked mentions
    "generated",  # docname -> sorted list of generated-content kinds it holds
    "diagrams",  # docname -> number of diagrams
    "index",  # docname -> index entries (type, value, target id, main)
    "symbols",  # docname -> list of (symbol key, section id, section title)
    "sections",  # docname -> {section id: {stemmed word: count}} for search keywords
)


class InsideXnuDomain(Domain):
    name = "xnu"
    label = "XNU"  # search results say "XNU function", "XNU struct", ...
    initial_data: dict[str, Any] = {table: {} for table in _PER_DOC}
    data_version = 5
    # XNU symbols the guide mentions, as search objects.
    object_types = {kind: ObjType(KIND_LABELS.get(kind, kind), "sym") for kind in KINDS}

    def clear_doc(self, docname: str) -> None:
        for table in _PER_DOC:
            self.data[table].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for table in _PER_DOC:
            for docname, value in otherdata[table].items():
                if docname in docnames:
                    self.data[table][docname] = value

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []

    # -- XNU symbols: references, search objects ------------------------------

    def symbol_page(self) -> str | None:
        """The document holding the Kernel symbols listing, if any."""
        pages = [doc for doc, kinds in self.data["generated"].items() if "symbols" in kinds]
        return min(pages) if pages else None

    def mentioned_symbols(self):
        """Index entries of every symbol some document links, sorted by key."""
        from .xref import symbol_index

        index = symbol_index(self.env)
        keys = {key for uses in self.data["symbols"].values() for key, _, _ in uses}
        return [index.symbols[key] for key in sorted(keys) if index and key in index.symbols]

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        from .xref import symbol_index

        index = symbol_index(env)
        symbol = index.symbols.get(target) if typ == "sym" and index else None
        if symbol is None:
            return None
        page = self.symbol_page()
        if page is None:  # no listing in this project: straight to the source line
            return nodes.reference("", "", contnode, internal=False,
                                   refuri=symbol.url(env.config.xnu_tag), xnu_bare=True)
        ref = make_refnode(builder, fromdocname, page, symbol.anchor, contnode)
        ref["xnu_bare"] = True
        return ref

    def get_objects(self):
        page = self.symbol_page()
        if page is None:
            return
        for symbol in self.mentioned_symbols():
            yield symbol.key, symbol.key, symbol.kind, page, symbol.anchor, 1

    # -- read-only views used by the other modules -------------------------

    @property
    def articles(self) -> dict[str, dict[str, Any]]:
        return self.data["articles"]

    def all_entries(self) -> list[dict[str, Any]]:
        """Glossary entries of the whole site, in a stable order."""
        return [
            entry
            for docname in sorted(self.data["entries"])
            for entry in self.data["entries"][docname]
        ]

    def article_term_uses(self):
        """(article docname, entry, section id, section title) for every term
        link in an article that names a defined term, in docname order."""
        index = self.term_index()
        for docname in sorted(self.data["uses"]):
            if docname in self.articles:
                for target, anchor, title in self.data["uses"][docname]:
                    if target in index:
                        yield docname, index[target], anchor, title

    def term_index(self) -> dict[str, dict[str, Any]]:
        """Lower-cased term or alias -> the entry that defines it."""
        return {
            key.lower(): entry for entry in self.all_entries() for key in entry["terms"]
        }


def get_domain(env) -> InsideXnuDomain:
    return env.domains["xnu"]
