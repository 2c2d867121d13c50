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
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective

from .articles import FrontMatterError, read_front_matter
from .state import get_domain
from .subsystems import registry


def _latex_escape(text: str) -> str:
    return "".join("\\" + c if c in "&%$#_{}" else c for c in text)


class ArticleToctree(SphinxDirective):
    has_content = False

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
        result: list[nodes.Node] = []
        for key, subsystem in registry(env).items():
            if not grouped[key]:
                continue
            result.append(nodes.raw("", rf"\part{{{_latex_escape(subsystem.title)}}}",
                                    format="latex"))
            toctree = addnodes.toctree()
            toctree["parent"] = env.docname
            toctree["entries"] = [(None, doc) for _order, doc in sorted(grouped[key])]
            toctree["includefiles"] = [doc for _title, doc in toctree["entries"]]
            toctree["maxdepth"] = 1
            toctree["caption"] = subsystem.title
            toctree["glob"] = False
            toctree["hidden"] = True
            toctree["includehidden"] = False
            toctree["numbered"] = 0
            toctree["titlesonly"] = False
            self.set_source_info(toctree)
            wrapper = nodes.compound(classes=["toctree-wrapper"])
            wrapper += toctree
            result.append(wrapper)
        return result


def setup(app) -> None:
    app.add_directive("article-toctree", ArticleToctree)
