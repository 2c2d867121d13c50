"""Per-page assets: pages without design components do not load sphinx-design.

sphinx-design adds its stylesheet (55 KB) and tab script to every page; on
this site only the landing page's card grid uses them.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

DESIGN_ASSETS = ("sphinx-design.", "design-tabs.js")


def _uses_design(doctree: nodes.document) -> bool:
    return any(node.get("design_component") for node in doctree.findall(nodes.Element))


def _is_design_asset(asset) -> bool:
    name = str(getattr(asset, "filename", asset))
    return any(marker in name for marker in DESIGN_ASSETS)


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if doctree is None or _uses_design(doctree) or pagename == app.config.root_doc:
        return
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [a for a in context[key] if not _is_design_asset(a)]


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _on_page_context, priority=900)
