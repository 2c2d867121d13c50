"""Builds of the real site you can trust: reproducible, incremental, parallel."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from sitebuild import REPO, sphinx_build


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A copy of the sources, so tests may edit an article."""
    root = tmp_path_factory.mktemp("site")
    shutil.copytree(REPO / "source", root / "source")
    (root / "extensions").symlink_to(REPO / "extensions")
    return root


def build(workspace: Path, builder: str, out: str, *options: str) -> Path:
    return sphinx_build(workspace / "source", workspace / out, builder, *options)


def differences(left: Path, right: Path) -> list[str]:
    found = []
    compare = filecmp.dircmp(left, right, ignore=[".buildinfo", ".doctrees"])

    def walk(cmp, prefix=""):
        found.extend(prefix + n for n in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + n for n in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(compare)
    return sorted(found)


def test_two_clean_builds_are_byte_identical(workspace):
    first, second = build(workspace, "html", "a"), build(workspace, "html", "b")
    assert differences(first, second) == []
    epub_a, epub_b = build(workspace, "epub", "a"), build(workspace, "epub", "b")
    (one,), (two,) = list(epub_a.glob("*.epub")), list(epub_b.glob("*.epub"))
    assert one.read_bytes() == two.read_bytes()


def test_incremental_and_parallel_builds_equal_a_clean_build(workspace):
    incremental = build(workspace, "html", "inc")
    article = sorted((workspace / "source" / "articles").glob("*.md"))[0]
    article.write_text(article.read_text("utf-8").replace(
        "\n## ", "\nAn added sentence about nothing in particular.\n\n## ", 1), "utf-8")
    build(workspace, "html", "inc")
    clean = build(workspace, "html", "clean")
    assert differences(incremental, clean) == []
    parallel = build(workspace, "html", "par", "-j", "2")
    assert differences(parallel, clean) == []
