"""``{xnu}`path``` and ``{xnu}`text <path>```: a file or folder at the pinned tag.

The role links ``github.com/apple-oss-distributions/xnu/blob/<xnu_tag>/<path>``.
Where the project has a symbol index, the path must be one the index found
at that tag (a typo, or a file that moved, fails the build), and a
hand-typed line anchor (``#L123``) is refused: the reader gets the line from
a symbol link instead, which the index keeps right across tag bumps.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from .symbols import GITHUB
from .xref import symbol_index

logger = logging.getLogger(__name__)

_EXPLICIT = re.compile(r"^(?P<text>.+?)\s*<(?P<target>[^<>]+)>$", re.S)


class XnuSourceRole(SphinxRole):
    def run(self):
        match = _EXPLICIT.match(self.text)
        text, target = (match["text"], match["target"]) if match else (self.text, self.text)
        path = target.strip()
        index = symbol_index(self.env)
        if index is not None:
            if re.search(r"#L\d", path):
                logger.warning(
                    f"hand-typed line anchor in {{xnu}}`{self.text}`: name the symbol in inline "
                    "code instead (`function()`, `struct name`, `MACRO`); the symbol index links "
                    "its definition line and keeps it right when the tag moves",
                    location=self.get_location(), type="inside_xnu", subtype="xref",
                )
            elif path.split("#", 1)[0].rstrip("/") not in index.paths:
                logger.warning(
                    f"{{xnu}} path {path!r} is not in the symbol index for {index.tag}: fix the "
                    "path, or if it exists at the tag run 'make xnu-index XNU_SRC=<checkout>'",
                    location=self.get_location(), type="inside_xnu", subtype="xref",
                )
        url = GITHUB.format(tag=self.config.xnu_tag, path=path)
        return [nodes.reference(self.rawtext, text, internal=False, refuri=url)], []


class BreakablePaths(SphinxPostTransform):
    """In the PDF a source path may break after each ``/``: in a table column
    ``osfmk/kern/exclaves_upcalls.c`` is wider than the column and would run
    into the next one."""

    default_priority = 400
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        source = GITHUB.split("{", 1)[0]
        for ref in self.document.findall(nodes.reference):
            if not ref.get("refuri", "").startswith(source) or len(ref.children) != 1 \
                    or not isinstance(ref[0], nodes.Text) or "/" not in ref.astext():
                continue
            parts = ref.astext().split("/")
            children: list[nodes.Node] = []
            for part in parts[:-1]:
                children += [nodes.Text(part + "/"),
                             nodes.raw("", r"\allowbreak{}", format="latex")]
            ref.children = []
            ref += [*children, nodes.Text(parts[-1])]


def setup(app: Sphinx) -> None:
    app.add_role("xnu", XnuSourceRole())
    app.add_post_transform(BreakablePaths)
