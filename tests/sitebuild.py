"""Helpers for tests that read the real site built by ``make all``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "source"
BUILD = REPO / "build"
SEED = REPO / "tests" / "data" / "landing-seed.txt"
DIAGRAM_CACHE = BUILD / "doctrees" / "diagram-cache"


def sphinx_build(source: Path, target: Path, builder: str, *options: str) -> Path:
    """Build ``source`` into ``target/builder`` as the Makefile does (-W -n),
    sharing the diagram cache; fail with Sphinx's output if it does not pass."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764028800"}
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", builder, "-W", "-n", "--keep-going", "-q",
         "-d", str(target / ".doctrees"), "-D", f"inside_xnu_diagram_cache={DIAGRAM_CACHE}",
         *options, str(source), str(target / builder)],
        capture_output=True, text=True, env=env, cwd=source.parent,
    )
    assert result.returncode == 0, result.stderr
    return target / builder


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


def prose_words(text: str) -> int:
    """Words of prose in a MyST article: no front matter, code (blocks or inline),
    diagrams or directive options."""
    lines = text.splitlines()
    start = lines[1:].index("---") + 2 if lines and lines[0] == "---" else 0
    kept, fence = [], None
    for line in lines[start:]:
        stripped = line.strip()
        match = re.match(r"^(`{3,}|~{3,}|:{3,})(\{[\w-]+\})?", stripped)
        if fence:
            if match and stripped == fence:
                fence = None
            continue
        if match and match.group(1)[0] != ":" and match.group(2) in (None, "{code-block}", "{mermaid}"):
            fence = match.group(1)
            continue
        if match or re.match(r"^:[\w-]+:", stripped):
            continue
        kept.append(stripped)
    text = " ".join(kept)
    text = re.sub(r"\{[\w:-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`", r"\1", text)  # role -> its text
    text = re.sub(r"`[^`]*`", " ", text)  # inline code is not prose
    return len(re.findall(r"[A-Za-z0-9][\w'’-]*", text))
