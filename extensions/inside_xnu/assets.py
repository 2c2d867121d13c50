"""Per-page assets: a page loads only the CSS and JS its content uses.

* sphinx-design's stylesheet (55 KB) and tab script go only to pages with
  design components (on this site, the landing page's card grid).
* sphinx-copybutton's files go only to pages with code blocks, and its 9 KB
  ClipboardJS is replaced by ``xnu-clipboard.js``, a few lines over the
  browser's own clipboard API.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

DESIGN_ASSETS = ("sphinx-design.", "design-tabs.js")
COPY_ASSETS = ("copybutton.js", "copybutton.css", "xnu-clipboard.js")
REPLACED = ("clipboard.min.js",)


def _uses_design(doctree: nodes.document) -> bool:
    return any(node.get("design_component") for node in doctree.findall(nodes.Element))


def _has_code(doctree: nodes.document) -> bool:
    return any(True for _ in doctree.findall(nodes.literal_block))


def _name(asset) -> str:
    return str(getattr(asset, "filename", asset)).rsplit("/", 1)[-1]


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # Pages without a doctree (search, the index, 404) have neither.
    unwanted = set(REPLACED)
    if pagename != app.config.root_doc and (doctree is None or not _uses_design(doctree)):
        unwanted.update(DESIGN_ASSETS)
    if doctree is None or not _has_code(doctree):
        unwanted.update(COPY_ASSETS)
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [a for a in context[key]
                            if not any(_name(a).startswith(u) for u in unwanted)]


def setup(app: Sphinx) -> None:
    app.add_js_file("xnu-clipboard.js")
    app.connect("html-page-context", _on_page_context, priority=900)
