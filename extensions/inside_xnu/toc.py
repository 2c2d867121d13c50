"""The article table of contents, generated from front matter.

``{article-toctree}`` emits one toctree per subsystem (registry order, its
articles by ``order``), captioned with the subsystem's title; in LaTeX each
also opens a ``\\part``. It reads the articles' front matter while reading, so
the page holding it is marked outdated whenever any document changes (see
``generated.py``).
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .articles import FrontMatterError, read_front_matter
from .state import get_domain
from .subsystems import registry


def _latex_escape(text: str) -> str:
    return "".join("\\" + c if c in "&%$#_{}" else c for c in text)


# The builder's name, recorded once per build (directives cannot see it).
_builder = {"name": ""}


def _on_builder_inited(app) -> None:
    _builder["name"] = app.builder.name


class ArticleToctree(SphinxDirective):
    """Toctrees of articles per subsystem, then a reference toctree of the
    documents listed in the directive's content (captioned ``:reference:``).

    On HTML pages the toctrees are hidden (the sidebar shows them; the page
    shows cards); in an ePub they are visible, so the book's navigation and
    its contents page list every chapter.
    """

    has_content = True
    option_spec = {"reference": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        env = self.env
        grouped: dict[str, list[tuple[int, str]]] = {key: [] for key in registry(env)}
        for docname in sorted(env.found_docs):
            if not fnmatch(docname, env.config.inside_xnu_articles):
                continue
            try:
                meta, _lines = read_front_matter(Path(env.doc2path(docname)))
            except (FrontMatterError, OSError):
                continue  # the article's own read reports the problem
            order = meta.get("order")
            if meta.get("subsystem") in grouped and isinstance(order, int):
                grouped[meta["subsystem"]].append((order, docname))
            env.note_dependency(env.doc2path(docname))
        kinds = get_domain(env).data["generated"].setdefault(env.docname, [])
        if "toc" not in kinds:
            kinds.append("toc")
            kinds.sort()
        parts = [(subsystem.title, [doc for _order, doc in sorted(grouped[key])])
                 for key, subsystem in registry(env).items() if grouped[key]]
        reference = [line.strip() for line in self.content if line.strip()]
        if reference:
            parts.append((self.options.get("reference", "Reference"), reference))
        result: list[nodes.Node] = []
        for caption, docs in parts:
            result.append(nodes.raw("", rf"\part{{{_latex_escape(caption)}}}", format="latex"))
            result.append(self._toctree(caption, docs))
        return result

    def _toctree(self, caption: str, docs: list[str]) -> nodes.compound:
        toctree = addnodes.toctree()
        toctree["parent"] = self.env.docname
        toctree["entries"] = [(None, doc) for doc in docs]
        toctree["includefiles"] = list(docs)
        toctree["maxdepth"] = 1
        toctree["caption"] = caption
        toctree["glob"] = False
        toctree["hidden"] = _builder["name"] in ("html", "dirhtml", "singlehtml")
        toctree["includehidden"] = False
        toctree["numbered"] = 0
        toctree["titlesonly"] = False
        self.set_source_info(toctree)
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += toctree
        return wrapper


def setup(app) -> None:
    app.add_directive("article-toctree", ArticleToctree)
    app.connect("builder-inited", _on_builder_inited)
