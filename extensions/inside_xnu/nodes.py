"""Placeholder nodes for content generated once every document is read."""

from __future__ import annotations

from docutils import nodes


class generated_content(nodes.General, nodes.Element):
    """Replaced at resolve time by content built from the domain's state.

    ``kind`` names the generator; ``subsystem`` narrows it where relevant.
    """


def visit_unresolved(self, node):  # pragma: no cover - replaced before writing
    raise nodes.SkipNode


NODE_VISITORS = {
    fmt: (visit_unresolved, None) for fmt in ("html", "latex", "text", "man", "texinfo")
}
