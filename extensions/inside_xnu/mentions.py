"""Every mention of a defined term must be a term link: the build check.

While reading, the prose of each document (text outside headings, code,
links, captions, diagrams) is stored in the domain with its location. Once
all documents are read, every stored chunk is matched against the full term
list, so the check is exact in incremental and parallel builds too.

Generated pages (subsystem pages, the overview, the landing page) show text
that exists only once every document is read: subsystem descriptions and
article blurbs. ``linked_text`` turns such text into term links with the
same matcher, and ``check_generated`` applies the same check to whatever a
generator produced, when it is produced.

The explicit escape hatch is the ``{nolink}`` role; its uses are counted in
the build summary.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import make_refnode

from .locations import location, source_line
from .matcher import TermMatcher
from .nodes import generated_content
from .state import get_domain

logger = logging.getLogger(__name__)

# Text under these nodes is not prose and is never checked.
SKIPPED = (
    nodes.title, nodes.subtitle, nodes.rubric, nodes.caption, nodes.term,
    nodes.literal, nodes.literal_block, nodes.reference, nodes.raw, nodes.comment,
    nodes.target, nodes.substitution_definition, nodes.math, nodes.math_block,
    nodes.docinfo, nodes.image, nodes.system_message,
    addnodes.pending_xref, addnodes.toctree, addnodes.index, generated_content,
)
# A landing-page card is one stretched link, so its text is link text.
SKIPPED_CLASSES = {"xnu-nolink", "xnu-badges", "xnu-card"}


class NoLinkRole(SphinxRole):
    """``{nolink}`text``: a deliberate, visible-in-source unlinked mention."""

    def run(self):
        domain = get_domain(self.env)
        domain.data["waivers"].setdefault(self.env.docname, []).append(
            f"{self.get_location()}"
        )
        return [nodes.inline(self.text, self.text, classes=["xnu-nolink"])], []


def _skipped(node: nodes.Node) -> bool:
    if isinstance(node, SKIPPED):
        return True
    if isinstance(node, nodes.Element):
        if SKIPPED_CLASSES.intersection(node.get("classes", ())):
            return True
        if "mermaid" in type(node).__name__:
            return True
    return False


def _prose_chunks(node: nodes.Node, own: tuple[str, ...], out: list) -> None:
    if _skipped(node):
        return
    if isinstance(node, nodes.definition_list_item) and node.get("xnu_entry"):
        own = tuple(t.astext().lower() for t in node.children if isinstance(t, nodes.term))
    if isinstance(node, nodes.Text):
        text = node.astext()
        if text.strip():
            # Raw (source, line): formatting a path per text node is costly,
            # and only the few chunks that warn need it.
            out.append((source_line(node.parent), text, own))
        return
    for child in node.children:
        _prose_chunks(child, own, out)


def _collect_prose(app: Sphinx, doctree: nodes.document) -> None:
    if not app.config.inside_xnu_check_mentions:
        return
    chunks: list = []
    _prose_chunks(doctree, (), chunks)
    if chunks:
        get_domain(app.env).data["prose"][app.env.docname] = chunks



_matchers: dict[tuple[str, ...], TermMatcher] = {}


def site_matcher(env: BuildEnvironment) -> TermMatcher:
    """The matcher for every term and alias of the site (built once per term set)."""
    terms = tuple(sorted({t for e in get_domain(env).all_entries() for t in e["terms"]}))
    if terms not in _matchers:
        _matchers.clear()
        _matchers[terms] = TermMatcher(terms)
    return _matchers[terms]


def unlinked_mentions(env: BuildEnvironment):
    """(location, written text, term) for every unlinked mention, in order."""
    domain = get_domain(env)
    matcher = site_matcher(env)
    for docname in sorted(domain.data["prose"]):
        for (source, line), text, own in domain.data["prose"][docname]:
            for mention in matcher.finditer(text):
                if mention.term.lower() not in own:
                    yield location(source or env.doc2path(docname), line), mention.text, mention.term


def suggestion(written: str, term: str) -> str:
    """The role that links ``written``: the same text the fixer writes."""
    if written.lower() == term.lower():
        return f"{{term}}`{written}`"
    return f"{{term}}`{written} <{term}>`"


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    if not app.config.inside_xnu_check_mentions:
        return
    for where, written, term in unlinked_mentions(env):
        logger.warning(
            f"unlinked mention of glossary term {term!r}: {written!r} "
            f"(write {suggestion(written, term)} or run 'make fix-terms')",
            location=where, type="inside_xnu", subtype="unlinked",
        )


# -- generated text -------------------------------------------------------------


def term_reference(builder, fromdoc: str, entry: dict, text: str) -> nodes.reference:
    """A resolved term link, shaped exactly as Sphinx resolves ``{term}``
    (so ``compact.py`` writes it as a bare ``<a href="…#term-…">``)."""
    inline = nodes.inline(text, text, classes=["xref", "std", "std-term"])
    return make_refnode(builder, fromdoc, entry["docname"], entry["anchor"], inline)


def linked_text(builder, env: BuildEnvironment, fromdoc: str, text: str) -> list[nodes.Node]:
    """``text`` as Text and term links: every mention links to its entry."""
    index = get_domain(env).term_index()
    result: list[nodes.Node] = []
    position = 0
    for mention in site_matcher(env).finditer(text):
        entry = index.get(mention.term.lower())
        if entry is None:
            continue
        if mention.start > position:
            result.append(nodes.Text(text[position:mention.start]))
        result.append(term_reference(builder, fromdoc, entry, mention.text))
        position = mention.end
    if position < len(text):
        result.append(nodes.Text(text[position:]))
    return result


def check_generated(app: Sphinx, placeholder: nodes.Element, generated: list[nodes.Node],
                    docname: str) -> None:
    """The unlinked-mention check for content generated after reading, with the
    placeholder's location (the page that holds the generated listing)."""
    if not app.config.inside_xnu_check_mentions:
        return
    chunks: list = []
    for node in generated:
        _prose_chunks(node, (), chunks)
    if not chunks:
        return
    source, line = source_line(placeholder)
    where = location(source or app.env.doc2path(docname), line)
    page = (app.env.path2doc(source) if source else None) or docname
    matcher = site_matcher(app.env)
    for _location, text, _own in chunks:
        for mention in matcher.finditer(text):
            logger.warning(
                f"unlinked mention of glossary term {mention.term!r}: {mention.text!r} "
                f"in generated content of {page!r} (generated text must go through "
                "mentions.linked_text)",
                location=where, type="inside_xnu", subtype="unlinked",
            )


def setup(app: Sphinx) -> None:
    app.add_config_value("inside_xnu_check_mentions", True, "env", bool)
    app.add_role("nolink", NoLinkRole())
    app.connect("doctree-read", _collect_prose)
    app.connect("env-check-consistency", _check)
