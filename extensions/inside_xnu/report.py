"""The build summary: terms, links, deliberate unlinked mentions, unused terms."""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util import logging

from .state import get_domain

logger = logging.getLogger(__name__)


def summary(app: Sphinx) -> list[str]:
    domain = get_domain(app.env)
    entries = domain.all_entries()
    used = {entry["primary"].lower() for _doc, entry, _a, _t in domain.article_term_uses()}
    links = sum(len(uses) for uses in domain.data["uses"].values())
    waivers = [w for doc in sorted(domain.data["waivers"]) for w in domain.data["waivers"][doc]]
    unused = sorted(e["primary"] for e in entries if e["primary"].lower() not in used)
    lines = [
        f"inside_xnu: {len(domain.articles)} articles, {len(entries)} glossary entries, "
        f"{links} term links, {len(waivers)} deliberate unlinked mention(s)",
    ]
    lines += [f"inside_xnu:   deliberate unlinked mention at {w}" for w in waivers]
    if unused:
        lines.append(f"inside_xnu: {len(unused)} term(s) no article links: {', '.join(unused)}")
    return lines


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None:
        for line in summary(app):
            logger.info(line)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)
