"""Compact HTML: the same page in fewer bytes (issue #10's 200 KB budget).

A long article carries ~300 term links, ~400 inline identifiers and a few
highlighted listings; Sphinx's default markup for each is mostly wrapper
elements and classes that no style on this site uses. HTML builders only:

* a resolved term link ``<a class="reference internal" href="…"><span
  class="xref std std-term">x</span></a>`` is written ``<a href="…">x</a>``:
  Sphinx names every glossary anchor ``term-…``, so the stylesheet and the
  preview script select term links by ``a[href*="#term-"]``; symbol links
  and the Kernel symbols page's links (``xnu_bare``) are written the same way;
* an inline literal is ``<code translate="no">``: the standard attribute
  says what Sphinx's ``notranslate`` class says, and ``inside-xnu.css`` gives
  ``code[translate=no]`` furo's ``code.literal`` look (14 bytes less on each
  of a long article's ~600 literals); there is no ``<span class="pre">``
  around every word, and what ``span.pre`` did in Sphinx's basic theme,
  ``hyphens: none``, is part of that rule;
* highlighted code emits no ``<span>`` for tokens that both the light and the
  dark Pygments style render as plain text (names, punctuation, whitespace).

After the build, ``pygments.css`` keeps only the token classes that some page
in the output actually uses.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from pygments.formatters import HtmlFormatter
from pygments.style import Style
from pygments.token import Text
from sphinx.application import Sphinx
from sphinx.highlighting import PygmentsBridge

if TYPE_CHECKING:
    from pygments.token import _TokenType

HTML_FORMATS = ("html",)
_VISIBLE = ("color", "bgcolor", "bold", "italic", "underline", "border")


# -- term links and inline literals --------------------------------------------

def _is_term_text(node: nodes.Node) -> bool:
    """The ``std-term`` inline that Sphinx puts inside a resolved term link."""
    return (isinstance(node, nodes.inline) and "std-term" in node["classes"]
            and isinstance(node.parent, nodes.reference)
            and ("refuri" in node.parent or "refid" in node.parent))


def _compact_translator(base: type) -> type:
    class CompactTranslator(base):
        def visit_reference(self, node: nodes.reference) -> None:
            if (len(node) == 1 and _is_term_text(node[0])) or node.get("xnu_bare"):
                # refid: a link to a term on the same page (inside the glossary).
                href = node["refuri"] if "refuri" in node else "#" + node["refid"]
                self.body.append(f'<a href="{self.attval(href)}">')
                return None
            return super().visit_reference(node)

        def visit_inline(self, node: nodes.inline) -> None:
            if _is_term_text(node):
                raise nodes.SkipDeparture  # the text only, no <span>
            return super().visit_inline(node)

        def visit_literal(self, node: nodes.literal) -> None:
            if "kbd" in node["classes"] or ("code" in node["classes"] and node.get("language")):
                return super().visit_literal(node)
            # "no-search" only told the search indexer (which ran before) to skip it.
            classes = node["classes"]
            node["classes"] = [c for c in classes if c != "no-search"]
            self.body.append(self.starttag(node, "code", "", translate="no"))
            node["classes"] = classes
            self.protect_literal_text += 1
            return None

        def visit_Text(self, node: nodes.Text) -> None:
            if not self.protect_literal_text:
                return super().visit_Text(node)
            for token in self.words_and_spaces.findall(self.encode(node.astext())):
                if token.strip() or token in {" ", "\n"}:
                    self.body.append(token)
                else:  # runs of spaces stay visible; the last one may wrap
                    self.body.append("&#160;" * (len(token) - 1) + " ")
            return None

    CompactTranslator.__name__ = f"Compact{base.__name__}"
    return CompactTranslator


# -- highlighted code ---------------------------------------------------------------

def _looks(style: type[Style], ttype: _TokenType) -> tuple:
    found = style.style_for_token(ttype)
    return tuple(found[key] for key in _VISIBLE)


def plain_formatter(light: type[Style], dark: type[Style]) -> type[HtmlFormatter]:
    """An HtmlFormatter that folds tokens styled like plain text into Text."""
    plain_cache: dict[_TokenType, bool] = {}

    def is_plain(ttype: _TokenType) -> bool:
        if ttype not in plain_cache:
            plain_cache[ttype] = all(
                _looks(style, ttype) == _looks(style, Text)
                or (ttype in Text.Whitespace and not any(_looks(style, ttype)[1:]))
                for style in (light, dark)
            )
        return plain_cache[ttype]

    class PlainTokenHtmlFormatter(HtmlFormatter):
        def format_unencoded(self, tokensource, outfile):
            tokens = ((Text if is_plain(ttype) else ttype, value) for ttype, value in tokensource)
            return super().format_unencoded(tokens, outfile)

    return PlainTokenHtmlFormatter


def _install(app: Sphinx) -> None:
    builder = app.builder
    if builder.format not in HTML_FORMATS:
        return
    app.registry.add_translator(
        builder.name, _compact_translator(builder.get_translator_class()), override=True)
    highlighter = getattr(builder, "highlighter", None)
    if highlighter is not None:
        dark_name = getattr(app.config, "pygments_dark_style", None) or "native"
        dark = PygmentsBridge("html", dark_name).formatter_args["style"]
        highlighter.formatter = plain_formatter(highlighter.formatter_args["style"], dark)


# -- pygments.css ---------------------------------------------------------------------

# Highlighted blocks, and inline code with a language (``{code-c}`` roles).
_HIGHLIGHTED = re.compile(r'<div class="highlight"><pre>(.*?)</pre>'
                          r'|<code class="[^"]*\bhighlight\b[^"]*">(.*?)</code>', re.S)
_SPAN_CLASS = re.compile(r'<span class="([^"]+)"')
_TOKEN_RULE = re.compile(r'^.*\.highlight \.(?P<cls>[\w-]+) \{')


def used_token_classes(outdir: Path) -> set[str]:
    used: set[str] = set()
    for page in outdir.rglob("*.html"):
        for block, inline in _HIGHLIGHTED.findall(page.read_text("utf-8")):
            for classes in _SPAN_CLASS.findall(block or inline):
                used.update(classes.split())
    return used


def trim_pygments_css(css: str, used: set[str]) -> str:
    """Drop ``.highlight .X { … }`` rules for token classes no page uses."""
    kept = []
    for line in css.splitlines():
        match = _TOKEN_RULE.match(line)
        if match and match["cls"] not in used and match["cls"] != "hll":
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


def _trim_stylesheet(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format not in HTML_FORMATS:
        return
    css = Path(app.outdir) / "_static" / "pygments.css"
    if css.exists():
        css.write_text(trim_pygments_css(css.read_text("utf-8"), used_token_classes(Path(app.outdir))),
                       "utf-8")


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", _install)
    # After furo (priority 500), which rewrites pygments.css at build-finished.
    app.connect("build-finished", _trim_stylesheet, priority=800)
