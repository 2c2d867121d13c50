"""Mermaid diagrams rendered at build time: no diagram JavaScript on pages.

The ``mermaid`` directive (sphinxcontrib-mermaid's, subclassed) renders each
diagram with mermaid-cli and the system Chromium (found by ``chromium.py``)
into a content-addressed cache, then emits ordinary image nodes: light and
dark SVG for HTML (furo's ``only-light``/``only-dark``), PNG for ePub, PDF for
LaTeX. A diagram that does not parse is an error at the directive's file and
line.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinxcontrib.mermaid import Mermaid

from .chromium import require_chromium
from .node import locked_versions, node_root

logger = logging.getLogger(__name__)

RENDERER = Path(__file__).with_name("render_mermaid.mjs")
TOOLCHAIN_PACKAGES = ("@mermaid-js/mermaid-cli", "mermaid", "puppeteer", "svgo")
# (format, theme, output condition, classes) for every variant of a diagram.
VARIANTS = (
    ("svg", "default", "format_html and not builder_epub", ["only-light"]),
    ("svg", "dark", "format_html and not builder_epub", ["only-dark"]),
    ("png", "default", "builder_epub", []),
    ("pdf", "default", "format_latex", []),
)


class DiagramError(Exception):
    pass


class Renderer:
    """One long-lived mermaid-cli process per Sphinx process, started lazily."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._pid = 0
        self.cache_dir: Path | None = None
        self.node_root: Path | None = None
        self.toolchain = ""

    def configure(self, cache_dir: Path, node_root: Path) -> None:
        self.cache_dir, self.node_root = cache_dir, node_root
        # The cache key covers what else decides the output: this renderer
        # script and the locked versions of the packages it renders with.
        versions = locked_versions(node_root, TOOLCHAIN_PACKAGES)
        self.toolchain = hashlib.sha256(RENDERER.read_bytes() + versions.encode()).hexdigest()

    def _start(self) -> subprocess.Popen:
        if self._process is None or self._pid != os.getpid() or self._process.poll() is not None:
            if not (self.node_root / "node_modules" / "@mermaid-js" / "mermaid-cli").is_dir():
                raise DiagramError(
                    f"mermaid-cli is not installed under {self.node_root}: run 'make node-deps'"
                )
            try:
                chromium = require_chromium()
            except RuntimeError as error:
                raise DiagramError(str(error)) from None
            env = {**os.environ, "XNU_NODE_ROOT": str(self.node_root), "XNU_CHROMIUM": chromium}
            self._process = subprocess.Popen(
                ["node", str(RENDERER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, env=env, cwd=self.node_root,
            )
            self._pid = os.getpid()
        return self._process

    def render(self, code: str, fmt: str, theme: str) -> Path:
        key = f"{self.toolchain}\0{fmt}\0{theme}\0{code}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:20]
        out = self.cache_dir / f"diagram-{digest}-{theme}.{fmt}"
        if out.exists():
            return out
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        partial = out.with_suffix(f".part.{fmt}")
        process = self._start()
        request = {"code": code, "format": fmt, "theme": theme, "out": str(partial),
                   "id": digest[:8]}
        process.stdin.write(json.dumps(request) + "\n")
        process.stdin.flush()
        line = process.stdout.readline()
        if not line:
            raise DiagramError("the mermaid renderer stopped unexpectedly")
        reply = json.loads(line)
        if not reply["ok"]:
            partial.unlink(missing_ok=True)
            raise DiagramError(reply["error"].split("\n    at ")[0].strip())
        partial.replace(out)  # only complete files ever enter the cache
        return out

    def close(self) -> None:
        if self._process is not None and self._pid == os.getpid():
            self._process.stdin.close()
            self._process.wait(timeout=30)
        self._process = None


renderer = Renderer()


class StaticMermaid(Mermaid, SphinxDirective):
    """``mermaid`` with required ``:caption:`` and ``:alt:``, rendered to images."""

    option_spec: ClassVar = {**Mermaid.option_spec, "alt": directives.unchanged_required,
                             "caption": directives.unchanged_required}

    def run(self, **kwargs) -> list[nodes.Node]:
        code = self.get_mm_code()
        if not isinstance(code, str):
            return code
        where = self.get_location()
        missing = [o for o in ("caption", "alt") if not self.options.get(o, "").strip()]
        if missing:
            logger.warning(f"diagram needs {' and '.join(':' + m + ':' for m in missing)}",
                           location=where, type="inside_xnu", subtype="diagram")
            return []
        if not code.strip():
            logger.warning("empty diagram", location=where, type="inside_xnu", subtype="diagram")
            return []
        figure = nodes.figure(classes=["xnu-diagram"])
        self.set_source_info(figure)
        docdir = Path(self.env.doc2path(self.env.docname)).parent
        try:
            for fmt, theme, condition, classes in VARIANTS:
                path = renderer.render(code, fmt, theme)
                only = addnodes.only(expr=condition)
                image = nodes.image(uri=os.path.relpath(path, docdir), alt=self.options["alt"],
                                    classes=classes)
                if fmt == "svg":
                    # Lazy: the browser never fetches the variant the theme hides.
                    image["loading"] = "lazy"
                only += image
                figure += only
        except DiagramError as error:
            logger.warning(f"diagram does not render: {error}", location=where,
                           type="inside_xnu", subtype="diagram")
            return []
        caption_nodes, messages = self.state.inline_text(self.options["caption"], self.lineno)
        figure += nodes.caption(self.options["caption"], "", *caption_nodes)
        self.add_name(figure)
        _count_diagram(self.env)
        return [figure, *messages]


def _count_diagram(env) -> None:
    counts = env.domains["xnu"].data["diagrams"]
    counts[env.docname] = counts.get(env.docname, 0) + 1


def _on_config_inited(app: Sphinx, config) -> None:
    # sphinxcontrib-mermaid adds its runtime from a CDN to every page without a
    # doctree (search, index, 404) unless output is rendered at build time.
    config.mermaid_output_format = "svg"


def _on_builder_inited(app: Sphinx) -> None:
    cache = app.config.inside_xnu_diagram_cache
    renderer.configure(Path(cache) if cache else Path(app.doctreedir).parent / "diagram-cache",
                       node_root(app))


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    renderer.close()


def setup(app: Sphinx) -> None:
    app.add_config_value("inside_xnu_diagram_cache", "", "")
    app.add_directive("mermaid", StaticMermaid, override=True)
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
