"""Accessibility fixes for markup the theme and Sphinx write (axe-core clean).

* Sphinx marks toctree captions ``role="heading"`` without the ``aria-level``
  that role requires.
* furo writes two unlabelled ``<aside>`` landmarks and, on every page, a
  search form that duplicates the landing page's; landmarks of one kind need
  distinct names.

Applied after writing to every page in the output (parallel workers write
pages in other processes, so "pages written by this process" is not enough);
idempotent, and a file is rewritten only when a fix applies.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

FIXES = (
    ('<p class="caption" role="heading">', '<p class="caption" role="heading" aria-level="2">'),
    ('<aside class="sidebar-drawer">', '<aside class="sidebar-drawer" aria-label="Site navigation">'),
    ('<aside class="toc-drawer', '<aside aria-label="On this page" class="toc-drawer'),
    ('<form class="sidebar-search-container" method="get" action="',
     '<form aria-label="Search the site" class="sidebar-search-container" method="get" action="'),
)

def fix(html: str) -> str:
    for old, new in FIXES:
        if new not in html:
            html = html.replace(old, new)
    return html


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml", "singlehtml"):
        return
    for path in sorted(Path(app.outdir).rglob("*" + app.builder.out_suffix)):
        text = path.read_text("utf-8")
        fixed = fix(text)
        if fixed != text:
            path.write_text(fixed, "utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)
