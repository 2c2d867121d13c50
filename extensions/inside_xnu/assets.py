"""Per-page assets: a page loads only the CSS and JS its content uses.

* sphinx-design's stylesheet (55 KB) and tab script go only to pages with
  design components (on this site, the landing page's card grid).
* sphinx-copybutton's files go only to pages with code blocks, and its 9 KB
  ClipboardJS is replaced by ``xnu-clipboard.js``, a few lines over the
  browser's own clipboard API.
* Sphinx's ``doctools.js`` and ``sphinx_highlight.js`` (5 KB) only highlight
  the words of a search on the result page it links to (``?highlight=``):
  content pages load them from a few inline lines only when the address
  asks for it. The search page itself keeps them.
"""

from __future__ import annotations

import json

from docutils import nodes
from sphinx.application import Sphinx

DESIGN_ASSETS = ("sphinx-design.", "design-tabs.js")
COPY_ASSETS = ("copybutton.js", "copybutton.css", "xnu-clipboard.js")
REPLACED = ("clipboard.min.js",)
HIGHLIGHT_ASSETS = ("doctools.js", "sphinx_highlight.js")
# The search page shows no code: neither code colours nor the copy button's
# styles. Every stylesheet holds up its first script, and so its results
# (one fewer: about 6 ms sooner, bench/reader.py --search).
NOT_ON_SEARCH_PAGE = ("pygments.css", "furo-extensions.css")
# Loads the highlight scripts, in order, when a search result link opened the page.
HIGHLIGHT_LOADER = (
    'if(/[?&]highlight=/.test(location.search)){const r=document.documentElement.dataset.content_root;'
    f'for(const f of{json.dumps(list(HIGHLIGHT_ASSETS), separators=(",", ":"))}){{'
    'const s=document.createElement("script");'
    's.src=r+"_static/"+f;s.async=false;document.head.append(s)}}'
)


def _uses_design(doctree: nodes.document) -> bool:
    return any(node.get("design_component") for node in doctree.findall(nodes.Element))


def _has_code(doctree: nodes.document) -> bool:
    return any(True for _ in doctree.findall(nodes.literal_block))


def _name(asset) -> str:
    """A file asset's file name; an inline script's id."""
    filename = getattr(asset, "filename", asset)
    if filename is None:
        return getattr(asset, "attributes", {}).get("id", "")
    return str(filename).rsplit("/", 1)[-1]


def _on_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # Pages without a doctree (search, the index, 404) have neither.
    unwanted = set(REPLACED)
    if pagename != app.config.root_doc and (doctree is None or not _uses_design(doctree)):
        unwanted.update(DESIGN_ASSETS)
    if doctree is None or not _has_code(doctree):
        unwanted.update(COPY_ASSETS)
    if doctree is not None:
        unwanted.update(HIGHLIGHT_ASSETS)
    else:
        unwanted.add("xnu-highlight-loader")
    if pagename == "search":
        unwanted.update(NOT_ON_SEARCH_PAGE)
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [a for a in context[key]
                            if not any(_name(a).startswith(u) for u in unwanted)]


def setup(app: Sphinx) -> None:
    app.add_js_file("xnu-clipboard.js")
    app.add_js_file(None, body=HIGHLIGHT_LOADER, id="xnu-highlight-loader")
    app.connect("html-page-context", _on_page_context, priority=900)
