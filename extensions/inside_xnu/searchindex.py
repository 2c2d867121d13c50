"""Keep every document's index entries in the search index (Sphinx #12599).

Sphinx feeds index entries to the search index while *writing* a document,
but saves the environment after *reading*; the next incremental build loads
an environment without the entries of the documents it does not write, so
glossary terms vanished from search. The entries are recorded per document
while reading (kept in the domain, exact under incremental and parallel
builds) and put back into Sphinx's table once reading is done, in the form
``IndexBuilder.feed`` gives them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.index_entries import split_index_msg

from .state import get_domain


def _collect(app: Sphinx, doctree: nodes.document) -> None:
    entries = [tuple(entry[:4]) for node in doctree.findall(addnodes.index)
               for entry in node["entries"]]
    if entries:
        get_domain(app.env).data["index"][app.env.docname] = entries


def feed_form(entries) -> list[tuple[str, str, str]]:
    """The entries as ``IndexBuilder.feed`` stores them."""
    result: set[tuple[str, str, str]] = set()
    for entry_type, value, target_id, main in entries:
        try:
            parts = split_index_msg(entry_type, value)
        except ValueError:
            continue
        target_id = target_id or ""
        if entry_type in {"see", "seealso"}:
            result.add((parts[0], target_id, main))
        result |= {(part, target_id, main) for part in parts}
    return sorted(result)


def _restore(app: Sphinx, env: BuildEnvironment) -> None:
    table = getattr(env, "_search_index_index_entries", None)
    if table is None:  # a Sphinx without the bug's data structure
        return
    for docname, entries in get_domain(env).data["index"].items():
        table[docname] = feed_form(entries)


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", _collect)
    app.connect("env-updated", _restore)
