"""Helpers for tests that read the real site built by ``make all``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "source"
BUILD = REPO / "build"
SEED = REPO / "tests" / "data" / "landing-seed.txt"


def built(*parts: str) -> Path:
    """A path under build/, failing (not skipping) when it was not built."""
    path = BUILD.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: run 'make all' (or 'make test') first")
    return path


def seed_articles() -> list[tuple[str, str]]:
    """(title, blurb) pairs of the landing page specification, in order."""
    lines = [line.strip() for line in SEED.read_text("utf-8").splitlines() if line.strip()]
    body = lines[2:]  # "Search" and its hint line come first
    return list(zip(body[0::2], body[1::2], strict=True))


def article_sources() -> list[Path]:
    return sorted((SOURCE / "articles").glob("*.md"))


def front_matter(path: Path) -> dict:
    text = path.read_text("utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, f"{path} has no front matter"
    return yaml.safe_load(match.group(1))


def title(path: Path) -> str:
    match = re.search(r"^# (.+)$", path.read_text("utf-8"), re.M)
    assert match, f"{path} has no title"
    return match.group(1).strip()
