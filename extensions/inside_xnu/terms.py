"""Glossary terms: subsystem tags, validation, uses, and "used in" backlinks.

The glossary stays Sphinx's own ``glossary`` directive; this subclass adds a
required ``:subsystem:`` option tagging every entry in the block, records the
entries in the domain and rejects empty terms and definitions.
"""

from __future__ import annotations

from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains.std import Glossary
from sphinx.util import logging

from .locations import node_location
from .state import get_domain
from .subsystems import known_keys, registry

logger = logging.getLogger(__name__)


def section_of(node: nodes.Node) -> nodes.section | None:
    while node is not None and not isinstance(node, nodes.section):
        node = node.parent
    return node


class SubsystemGlossary(Glossary):
    """``glossary`` with ``:subsystem: <key>``; every entry belongs to it."""

    option_spec: ClassVar = {**Glossary.option_spec, "subsystem": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        shift = self._number_lines_from_directive()
        result = super().run()
        for node in (n for top in result for n in top.findall(nodes.term)):
            node.line += shift
        subsystem = self.options.get("subsystem", "").strip()
        where = self.get_location()
        if not subsystem:
            logger.warning(
                f"glossary needs ':subsystem:' (known: {known_keys(self.env)})",
                location=where, type="inside_xnu", subtype="glossary",
            )
        elif subsystem not in registry(self.env):
            logger.warning(
                f"unknown subsystem {subsystem!r} in glossary (known: {known_keys(self.env)})",
                location=where, type="inside_xnu", subtype="glossary",
            )
        if not any(line.strip() for line in self.content):
            logger.warning("glossary has no entries", location=where,
                           type="inside_xnu", subtype="glossary")
        entries = get_domain(self.env).data["entries"].setdefault(self.env.docname, [])
        for glossary in (n for n in result if isinstance(n, addnodes.glossary)):
            for item in glossary.findall(nodes.definition_list_item):
                entry = self._entry(item, subsystem)
                if entry is not None:
                    entries.append(entry)
        return result

    def _number_lines_from_directive(self) -> int:
        """Fix MyST's 0-based content numbering; return the shift for term lines.

        MyST numbers directive content from 0, while the glossary hands those
        numbers to nested parsing as offsets from the directive's own line.
        Renumbering from the directive line makes definitions report their
        real lines; terms then get the directive line added back.
        """
        items = self.content.items
        if not (items and items[0][1] == 0 and self.content_offset > 0):
            return 0
        first = self.content_offset
        self.content = StringList(
            list(self.content), items=[(src, first + i) for i, (src, _) in enumerate(items)]
        )
        return self.lineno + 1

    def _entry(self, item: nodes.definition_list_item, subsystem: str) -> dict[str, Any] | None:
        terms = [t for t in item.children if isinstance(t, nodes.term)]
        definition = item.next_node(nodes.definition)
        texts = [t.astext().strip() for t in terms]
        first = terms[0] if terms else item
        bad = [t for t, text in zip(terms, texts, strict=True) if not text or text.startswith(":")]
        for term in bad:
            logger.warning(
                f"empty glossary term {term.rawsource!r} (a line starting with ': ' is "
                "MyST definition-list syntax, not a glossary definition)",
                location=node_location(term), type="inside_xnu", subtype="glossary",
            )
        if definition is None or not definition.astext().strip():
            logger.warning(
                f"glossary term {texts[0] if texts else '?'!r} has an empty definition",
                location=node_location(first), type="inside_xnu", subtype="glossary",
            )
            return None
        if bad:
            return None
        own = {text.lower() for text in texts}
        for ref in definition.findall(addnodes.pending_xref):
            if ref.get("reftype") == "term" and ref["reftarget"].lower() in own:
                logger.warning(
                    f"glossary entry {texts[0]!r} links to itself",
                    location=node_location(ref), type="inside_xnu", subtype="glossary",
                )
        item["xnu_entry"] = texts[0].lower()
        item["classes"].append(f"xnu-subsystem-{subsystem}")
        first_para = definition.next_node(nodes.paragraph)
        return {
            "terms": texts,
            "primary": texts[0],
            "anchor": terms[0]["ids"][0],
            "docname": self.env.docname,
            "subsystem": subsystem,
            "summary": first_para.astext() if first_para is not None else "",
            "location": node_location(first),
        }


def section_place(node: nodes.Node) -> tuple[str, str]:
    """(section id, section title) of the section holding ``node``, or ("", "")."""
    section = section_of(node)
    if section is None or not section["ids"]:
        return "", ""
    return section["ids"][0], section.next_node(nodes.title).astext()


def _collect_uses(app: Sphinx, doctree: nodes.document) -> None:
    """Record every term reference of the document with its section."""
    uses = []
    for ref in doctree.findall(addnodes.pending_xref):
        if ref.get("refdomain") != "std" or ref.get("reftype") != "term":
            continue
        uses.append((ref["reftarget"].lower(), *section_place(ref)))
    if uses:
        get_domain(app.env).data["uses"][app.env.docname] = uses


def _check_duplicates(app: Sphinx, env) -> None:
    """A term or alias may be defined once, whatever its case or glossary file."""
    seen: dict[str, dict[str, Any]] = {}
    for entry in get_domain(env).all_entries():
        for term in entry["terms"]:
            first = seen.setdefault(term.lower(), entry)
            if first is not entry:
                logger.warning(
                    f"duplicate glossary term {term!r}: already defined as "
                    f"{first['primary']!r} at {first['location']}",
                    location=entry["location"], type="inside_xnu", subtype="glossary",
                )


def setup(app: Sphinx) -> None:
    # The std domain resolves `glossary` first, so override it there too.
    app.add_directive("glossary", SubsystemGlossary, override=True)
    app.add_directive_to_domain("std", "glossary", SubsystemGlossary, override=True)
    app.connect("doctree-read", _collect_uses)
    app.connect("env-check-consistency", _check_duplicates)
