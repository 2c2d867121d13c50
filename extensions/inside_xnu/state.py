"""All build state of the extension, kept in one Sphinx domain.

Like ``sphinx.ext.todo``, every piece of state is keyed by the document that
produced it, so ``clear_doc`` and ``merge_domaindata`` keep incremental and
parallel builds identical to a clean serial one.
"""

from __future__ import annotations

from typing import Any

from sphinx.domains import Domain

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
)


class InsideXnuDomain(Domain):
    name = "xnu"
    label = "Inside XNU"
    initial_data: dict[str, Any] = {table: {} for table in _PER_DOC}
    data_version = 3

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
