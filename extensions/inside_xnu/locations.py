"""Readable ``path:line`` locations for warnings about sources."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1024)
def display_path(path: str | os.PathLike[str]) -> str:
    """Path relative to the working directory when it is below it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def location(path: str | os.PathLike[str] | None, line: int | None) -> str:
    """A ``file:line`` string that Sphinx prints verbatim in a warning."""
    text = display_path(path) if path else "<unknown>"
    return f"{text}:{line or 0}"


def source_line(node) -> tuple[str | None, int | None]:
    """(source, line) of a docutils node, looking up its ancestors for both."""
    source, line = None, None
    current = node
    while current is not None and (source is None or line is None):
        source = source or getattr(current, "source", None)
        line = line or getattr(current, "line", None)
        current = current.parent
    return source, line


def node_location(node, fallback_path: str | None = None) -> str:
    """Location of a docutils node as ``file:line``."""
    source, line = source_line(node)
    return location(source or fallback_path, line)
