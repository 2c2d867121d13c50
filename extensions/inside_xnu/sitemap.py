"""Complete, stably ordered sitemaps after incremental and parallel builds.

sphinx-sitemap lists the pages written during the build, in writing order, so
an incremental build (which rewrites only what changed) produced a sitemap of
a few pages, and a parallel one an order that varies. Before it writes the
file, every document is offered through sphinx-sitemap's own per-page
function, and its queue is deduplicated and put in document-name order.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in ("html", "dirhtml"):
        return
    from sphinx_sitemap import add_html_link

    for docname in sorted(app.env.found_docs):
        add_html_link(app, docname, None, {}, None)
    queue = app.env.app.sitemap_links
    entries: dict[str, tuple] = {}
    while not queue.empty():
        link, last_updated = queue.get_nowait()
        entries.setdefault(link, (link, last_updated))
    for link in sorted(entries, key=lambda link: link.removesuffix(app.builder.out_suffix)):
        queue.put(entries[link])


def setup(app: Sphinx) -> None:
    if "sphinx_sitemap" in app.extensions:
        app.connect("build-finished", _on_build_finished, priority=400)  # before sphinx-sitemap
