"""Smaller stylesheets and scripts for the HTML site (issue #10's page budget).

After the build, one node process (``optimize_assets.mjs``) purges CSS rules
that match nothing in any page or script of the site and minifies every
stylesheet and script that is not minified already. Sphinx copies pristine
static files before it writes pages, so every build starts from the originals
and the ``?v=`` checksums in pages stay stable.

The result depends only on those originals, the tool versions, and the markup
vocabulary of the pages (tags, attributes, attribute values), not on their
prose. All are fingerprinted and the optimized files cached under the
doctree directory, so an edit to an article's text reuses them instead of
starting node again.

``inside_xnu_optimize_assets = False`` turns this off (tests/test_site_optimize.py
builds the site both ways and compares every computed style).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from .node import locked_versions, node_root

logger = logging.getLogger(__name__)

SCRIPT = Path(__file__).with_name("optimize_assets.mjs")
TOOLS = ("purgecss", "purgecss-from-html", "esbuild")
BUILDERS = ("html", "dirhtml")
# The search index is data that searchtools.js loads; it is not worth a pass.
SKIP_SCRIPTS = ("searchindex.js",)
# Scripts that hold words but never name a class: the search index, stop
# words and stemmers, the glossary table. As purge content they would only
# keep rules alive by accident.
DATA_SCRIPTS = ("searchindex.js", "language_data.js", "xnu-terms.js")
SCRIPT_SRC = re.compile(r'<script[^>]* src="([^"?]+)')
TAG = re.compile(r"<([a-zA-Z][\w-]*)([^>]*)>")
ATTRIBUTE = re.compile(r'([\w:-]+)(?:="([^"]*)")?')


def _loaded_scripts(outdir: Path, pages: dict[Path, str]) -> list[Path]:
    """Scripts some page loads, except data."""
    found = set()
    for page, html in pages.items():
        for src in SCRIPT_SRC.findall(html):
            path = (page.parent / src).resolve()
            if path.name not in DATA_SCRIPTS and not path.name.endswith("stemmer.js"):
                found.add(path)
    return sorted(p for p in found if p.is_file() and outdir.resolve() in p.parents)


def fingerprint(outdir: Path, assets: list[Path], pages: dict[Path, str], scripts: list[Path],
                tools: str = "") -> str:
    """What the optimized files depend on: the tools, every asset's bytes,
    every loaded script's bytes, and the set of tags, attribute names and
    attribute words in the pages."""
    digest = hashlib.sha256(SCRIPT.read_bytes() + tools.encode())
    for path in sorted(set(assets) | set(scripts)):
        digest.update(path.relative_to(outdir).as_posix().encode() + b"\0" + path.read_bytes())
    vocabulary: set[str] = set()
    for html in pages.values():
        for tag, attributes in TAG.findall(html):
            vocabulary.add(tag.lower())
            for name, value in ATTRIBUTE.findall(attributes):
                vocabulary.add("@" + name)
                vocabulary.update(value.split())
    digest.update("\0".join(sorted(vocabulary)).encode())
    return digest.hexdigest()[:24]


def _optimize(root: Path, css: list[Path], js: list[Path], content: list[Path]) -> None:
    job = {"root": str(root), "css": [str(p) for p in css], "js": [str(p) for p in js],
           "content": [str(p) for p in content]}
    # On stdin: the page list outgrows the argument limit (ARG_MAX) of exec.
    result = subprocess.run(["node", str(SCRIPT)], cwd=root, input=json.dumps(job),
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ExtensionError(f"optimizing assets failed: {result.stderr.strip()}")
    sizes = json.loads(result.stdout).values()
    logger.info("inside-xnu: CSS and JS optimized, %d KB -> %d KB",
                sum(b for b, _ in sizes) // 1024, sum(a for _, a in sizes) // 1024)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name not in BUILDERS:
        return
    if not app.config.inside_xnu_optimize_assets:
        return
    root = node_root(app)
    if not (root / "node_modules" / "purgecss").is_dir():
        raise ExtensionError(f"purgecss is not installed under {root}: run 'make node-deps'")
    outdir = Path(app.outdir)
    static = outdir / "_static"
    css = sorted(static.rglob("*.css"))
    js = sorted(p for p in static.rglob("*.js") if p.name not in SKIP_SCRIPTS)
    pages = {page: page.read_text("utf-8") for page in sorted(outdir.rglob("*.html"))}
    scripts = _loaded_scripts(outdir, pages)

    key = fingerprint(outdir, css + js, pages, scripts, locked_versions(root, TOOLS))
    caches = Path(app.doctreedir) / "optimized-assets"
    cache = caches / key
    if not cache.is_dir():
        _optimize(root, css, js, [*pages, *scripts])
        shutil.rmtree(caches, ignore_errors=True)  # only the latest is worth keeping
        for path in css + js:
            target = cache / path.relative_to(outdir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    else:
        for path in css + js:
            shutil.copyfile(cache / path.relative_to(outdir), path)
        logger.info("inside-xnu: optimized CSS and JS reused from %s", cache)


def setup(app: Sphinx) -> None:
    app.add_config_value("inside_xnu_optimize_assets", True, "html", types=[bool])
    # Last: after furo and compact.py have rewritten pygments.css.
    app.connect("build-finished", _on_build_finished, priority=900)
