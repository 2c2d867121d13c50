"""Shared fixtures: Sphinx's testing fixtures, with our roots and extension."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "extensions"))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return REPO / "tests" / "roots"


def strip_colors(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


@pytest.fixture
def site(tmp_path, make_app, rootdir):
    """Copy a test root, apply edits, and build it: ``site(edits, root=...)``.

    ``edits`` maps a path inside the root to its new text (or None to delete).
    Returns the built app; ``app.warnings`` holds the warnings without colours.
    """
    import shutil

    def build(edits=None, root="site", buildername="html", srcdir=None, **kwargs):
        if srcdir is None:
            srcdir = tmp_path / root
            if not srcdir.exists():
                shutil.copytree(rootdir / f"test-{root}", srcdir)
        for name, text in (edits or {}).items():
            target = srcdir / name
            if text is None:
                target.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
        app = make_app(buildername, srcdir=srcdir, **kwargs)
        try:
            app.build()
        finally:
            app.cleanup()  # unregister docutils nodes so a test may build twice
        app.warnings = strip_colors(app._warning.getvalue())
        return app

    return build


@pytest.fixture(scope="session")
def site_url():
    """build/html served on 127.0.0.1 for the session."""
    from browser import serve
    from sitebuild import built

    with serve(built("html")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from browser import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
