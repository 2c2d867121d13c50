"""Articles: front-matter schema, validation and the collected metadata.

An article is any document matching ``inside_xnu_articles``. Its MyST front
matter declares ``subsystem``, ``blurb``, ``order`` and optionally
``related``; anything missing or unknown is an error naming the file and line.
"""

from __future__ import annotations

import re
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from .locations import location
from .state import get_domain
from .subsystems import known_keys, registry

logger = logging.getLogger(__name__)

REQUIRED = ("subsystem", "blurb", "order")


def is_article(env: BuildEnvironment, docname: str) -> bool:
    return fnmatch(docname, env.config.inside_xnu_articles)


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_front_matter(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The YAML front matter of a MyST file and the line of each top-level key.

    Read from the file itself: MyST keeps only stringified values in the
    environment, and the schema needs the real types.
    """
    text = path.read_text(encoding="utf-8").splitlines()
    if not text or text[0].strip() != "---":
        raise FrontMatterError(1, "article has no front matter (a '---' block at the top)")
    try:
        end = next(i for i, line in enumerate(text[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise FrontMatterError(1, "front matter is not closed by a '---' line") from None
    try:
        data = yaml.safe_load("\n".join(text[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(error, "problem", None) or str(error)
        raise FrontMatterError(line, f"front matter is not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise FrontMatterError(2, "front matter must be a mapping of keys to values")
    lines = {}
    for number, line in enumerate(text[1:end], start=2):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if match:
            lines.setdefault(match.group(1), number)
    return data, lines


def _first_title(doctree: nodes.document) -> nodes.title | None:
    for section in doctree.findall(nodes.section):
        return section.next_node(nodes.title)
    return None


def _validate(env: BuildEnvironment, docname: str) -> dict | None:
    path = env.doc2path(docname)
    try:
        meta, lines = read_front_matter(path)
    except FrontMatterError as error:
        logger.error(str(error), location=location(path, error.line),
                     type="inside_xnu", subtype="front_matter")
        return None
    problems: list[tuple[int, str]] = []
    subsystems = registry(env)

    for key in REQUIRED:
        if key not in meta or meta[key] in ("", None):
            problems.append((1, f"front matter is missing {key!r}"))

    subsystem = meta.get("subsystem")
    if subsystem not in (None, "") and subsystem not in subsystems:
        problems.append(
            (
                lines.get("subsystem", 1),
                f"unknown subsystem {subsystem!r} (known: {known_keys(env)})",
            )
        )

    related = meta.get("related", [])
    if isinstance(related, str):
        related = [related]
    if not isinstance(related, list):
        problems.append((lines.get("related", 1), "'related' must be a list of subsystem keys"))
        related = []
    for key in related:
        if key not in subsystems:
            problems.append(
                (lines.get("related", 1), f"unknown related subsystem {key!r} (known: {known_keys(env)})")
            )

    order = meta.get("order")
    if order not in (None, "") and (isinstance(order, bool) or not isinstance(order, int)):
        problems.append((lines.get("order", 1), f"'order' must be an integer, not {order!r}"))

    blurb = meta.get("blurb")
    if blurb not in (None, "") and not isinstance(blurb, str):
        problems.append((lines.get("blurb", 1), "'blurb' must be a string"))

    for line, message in problems:
        logger.error(message, location=location(path, line), type="inside_xnu", subtype="front_matter")
    if problems:
        return None
    return {
        "subsystem": subsystem,
        "related": [key for key in related if key != subsystem],
        "blurb": " ".join(blurb.split()),
        "order": order,
        "order_line": lines.get("order", 1),
    }


def _badge(env: BuildEnvironment, info: dict[str, Any]) -> nodes.paragraph:
    """'Subsystem: X · Related: Y, Z' under the title, linking the subsystem pages."""
    subsystems = registry(env)

    def link(key: str, classes: list[str]) -> nodes.inline:
        ref = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget=f"/{subsystems[key].docname}",
            refexplicit=True, refwarn=True,
        )
        ref += nodes.Text(subsystems[key].title)
        # The doc role replaces the reference's children, so style a wrapper.
        return nodes.inline("", "", ref, classes=classes)

    para = nodes.paragraph(classes=["xnu-badges"])
    para += nodes.inline("Subsystem: ", "Subsystem: ", classes=["xnu-badge-label"])
    para += link(info["subsystem"], ["xnu-badge", f"xnu-badge-{info['subsystem']}"])
    if info["related"]:
        para += nodes.inline(" Related: ", " Related: ", classes=["xnu-badge-label"])
        for index, key in enumerate(info["related"]):
            if index:
                para += nodes.Text(", ")
            para += link(key, ["xnu-badge", "xnu-badge-related"])
    return para


def _on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    docname = env.docname
    if not is_article(env, docname):
        return
    info = _validate(env, docname)
    if info is None:
        return
    title = _first_title(doctree)
    info["title"] = title.astext() if title is not None else docname
    get_domain(env).articles[docname] = info
    # Link previews on other sites (Open Graph) describe the article by its blurb.
    env.metadata[docname]["og:description"] = info["blurb"]
    if title is not None:
        section = title.parent
        section.insert(section.index(title) + 1, _badge(env, info))


def _check_unique_order(app: Sphinx, env: BuildEnvironment) -> None:
    seen: dict[int, str] = {}
    for docname, info in sorted(get_domain(env).articles.items()):
        other = seen.setdefault(info["order"], docname)
        if other != docname:
            logger.error(
                f"duplicate order {info['order']}: also used by {env.doc2path(other)}",
                location=location(env.doc2path(docname), info["order_line"]),
                type="inside_xnu", subtype="front_matter",
            )


def articles_in_order(env: BuildEnvironment) -> list[tuple[str, dict[str, Any]]]:
    return sorted(get_domain(env).articles.items(), key=lambda kv: (kv[1]["order"], kv[0]))


def setup(app: Sphinx) -> None:
    app.add_config_value("inside_xnu_articles", "articles/*", "env", str)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("env-check-consistency", _check_unique_order)
