"""Inside XNU's Sphinx extension.

Groups articles by kernel subsystem, tags glossary terms with subsystems,
enforces that every mention of a term is a link, adds "used in" backlinks,
and renders diagrams at build time. Each concern lives in its own module.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import (
    a11y,
    articles,
    assets,
    compact,
    diagrams,
    failures,
    generated,
    mentions,
    node,
    optimize,
    previews,
    report,
    reproducible,
    search,
    searchindex,
    sitemap,
    sourcelinks,
    subsystems,
    symbolpage,
    terms,
    toc,
    xref,
)
from .nodes import NODE_VISITORS, generated_content
from .state import InsideXnuDomain

STATIC = Path(__file__).parent / "static"


def _add_static(app: Sphinx) -> None:
    app.config.html_static_path.append(str(STATIC))


def setup(app: Sphinx) -> dict:
    app.add_domain(InsideXnuDomain)
    app.add_node(generated_content, **NODE_VISITORS)
    for module in (node, subsystems, articles, terms, mentions, generated, toc, search, previews, diagrams,
                   xref, sourcelinks, symbolpage,
                   searchindex, reproducible, assets, compact, optimize, a11y, sitemap, report, failures):
        module.setup(app)
    app.connect("builder-inited", _add_static)
    app.add_css_file("inside-xnu.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True,
            "env_version": 5}
