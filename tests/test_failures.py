"""Bad input: one message with file:line, a non-zero exit, and no trusted leftovers."""

from __future__ import annotations

import subprocess
import sys

from conftest import strip_colors

BAD_FRONT_MATTER = "---\nsubsystem: machh\nblurb: b\norder: 5\n---\n\n# Bad\n\nText.\n"


def test_a_failed_build_is_not_trusted_by_the_next_one(site, tmp_path, rootdir):
    import shutil

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    first = site({"articles/bad.md": BAD_FRONT_MATTER}, srcdir=srcdir)
    assert "articles/bad.md:2: ERROR: unknown subsystem 'machh'" in first.warnings
    second = site(srcdir=srcdir)  # nothing changed: the error must come back
    assert "articles/bad.md:2: ERROR: unknown subsystem 'machh'" in second.warnings


def test_broken_anchor_missing_image_and_orphan_article_are_reported(site):
    app = site({
        "articles/signals.md": ("---\nsubsystem: bsd\nblurb: b\norder: 1\n---\n\n# Signals\n\n"
                                "See [the missing part](#nowhere) and {doc}`nothing`.\n\n"
                                "![A picture](missing.png)\n"),
        "articles/orphan.md": "---\nsubsystem: mach\nblurb: b\norder: 3\n---\n\n# Orphan\n",
    })
    warnings = app.warnings
    assert "articles/signals.md:9: WARNING: unknown document: 'nothing'" in warnings
    assert "articles/signals.md:9:" in warnings and "nowhere" in warnings
    assert "articles/signals.md:11: WARNING: image file not readable: articles/missing.png" in warnings
    assert "articles/orphan.md: WARNING: document isn't included in any toctree" in warnings


def test_sphinx_build_exits_non_zero_with_the_location(tmp_path, rootdir):
    import shutil

    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    (srcdir / "articles" / "signals.md").write_text(BAD_FRONT_MATTER)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-q",
         str(srcdir), str(tmp_path / "out")],
        capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(rootdir.parent.parent / "extensions"), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "articles/signals.md:2: ERROR: unknown subsystem 'machh'" in strip_colors(result.stderr)
