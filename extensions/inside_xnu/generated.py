"""Pages whose content is built from every other page.

Directives leave a ``generated_content`` placeholder while reading (as
``todolist`` does); once all documents are read the placeholders are
replaced from the domain's state. Documents holding placeholders, and the
glossary, are written again whenever what they list has changed, so
listings are never stale after an incremental build (Sphinx #9706).
"""

from __future__ import annotations

import hashlib
import json

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx_design.shared import create_component

from .articles import articles_in_order
from .mentions import check_generated, linked_text
from .nodes import generated_content
from .state import get_domain
from .subsystems import known_keys, registry

logger = logging.getLogger(__name__)


class GeneratedDirective(SphinxDirective):
    """Base: emit one placeholder of ``kind`` and remember the page holds it."""

    kind = ""
    has_content = False

    def placeholder(self, **attributes) -> generated_content:
        node = generated_content(kind=self.kind, **attributes)
        self.set_source_info(node)
        kinds = get_domain(self.env).data["generated"].setdefault(self.env.docname, [])
        if self.kind not in kinds:
            kinds.append(self.kind)
            kinds.sort()
        return node

    def run(self) -> list[nodes.Node]:
        return [self.placeholder()]


class ArticleCards(GeneratedDirective):
    """The landing page's card grid, one card per article in ``order``."""

    kind = "cards"


class SubsystemOverview(GeneratedDirective):
    """Every subsystem with its description and articles."""

    kind = "overview"


class GlossaryIndex(GeneratedDirective):
    """A-Z jump list and per-subsystem term lists for the glossary page."""

    kind = "glossary-index"


class SubsystemPage(GeneratedDirective):
    """``{subsystem-page} key``: title, description and generated listings."""

    kind = "subsystem"
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        key = self.arguments[0]
        subsystems = registry(self.env)
        if key not in subsystems:
            logger.warning(
                f"unknown subsystem {key!r} (known: {known_keys(self.env)})",
                location=self.get_location(), type="inside_xnu", subtype="subsystem",
            )
            return []
        subsystem = subsystems[key]
        # The page is titled from the registry: the source file is one line.
        section = nodes.section(ids=[f"subsystem-{key}"], names=[subsystem.title.lower()])
        section += nodes.title(subsystem.title, subsystem.title)
        # Index entries make the page a top search hit for its name and keywords.
        index = addnodes.index(entries=[
            ("single", word, section["ids"][0], "main", None)
            for word in dict.fromkeys((subsystem.title, *subsystem.keywords))
        ])
        self.set_source_info(index)
        section += index
        # The description is written with the listings: its term links need
        # the glossary, which may not have been read yet.
        section += self.placeholder(subsystem=key)
        self.set_source_info(section)
        return [section]


# -- building the generated nodes -------------------------------------------


def _ref(builder: Builder, fromdoc: str, todoc: str, anchor: str, text: str,
         classes: list[str] | None = None) -> nodes.reference:
    # No title attribute (it would repeat the text) and no <span> unless styled.
    child = nodes.inline(text, text, classes=classes) if classes else nodes.Text(text)
    return make_refnode(builder, fromdoc, todoc, anchor, child)


def _bullets(items: list[nodes.Node]) -> nodes.bullet_list:
    bullets = nodes.bullet_list()
    for item in items:
        bullets += nodes.list_item("", item if isinstance(item, nodes.paragraph)
                                   else nodes.paragraph("", "", item))
    return bullets


def _section(title: str, node_id: str, *children: nodes.Node) -> nodes.container:
    box = nodes.container(classes=["xnu-generated", f"xnu-{node_id}"])
    box += nodes.rubric(title, title)
    for child in children:
        box += child
    return box


def _linked(app: Sphinx, fromdoc: str, text: str, **attributes) -> nodes.paragraph:
    """A paragraph of generated prose whose term mentions are term links."""
    para = nodes.paragraph(text, "", **attributes)
    para.extend(linked_text(app.builder, app.env, fromdoc, text))
    return para


def _article_line(app, fromdoc, docname, info) -> nodes.paragraph:
    para = _linked(app, fromdoc, " — " + info["blurb"])
    para.insert(0, _ref(app.builder, fromdoc, docname, "", info["title"], ["xnu-article-title"]))
    return para


def _cards(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    builder, subsystems = app.builder, registry(app.env)
    row = create_component(
        "grid-row",
        ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-1", "sd-row-cols-md-2",
         "sd-row-cols-lg-2", "sd-g-3", "sd-g-xs-3", "sd-g-sm-3", "sd-g-md-3", "sd-g-lg-3"],
    )
    for docname, info in articles_in_order(app.env):
        subsystem = subsystems[info["subsystem"]]
        body = create_component("card-body", ["sd-card-body"])
        badge = nodes.paragraph(classes=["xnu-card-badge"])
        badge += nodes.inline(subsystem.title, subsystem.title,
                              classes=["xnu-badge", f"xnu-badge-{subsystem.key}"])
        body += badge
        title = nodes.paragraph(classes=["sd-card-title", "sd-font-weight-bold", "xnu-card-title"])
        title += _ref(builder, fromdoc, docname, "", info["title"])
        title[-1]["classes"] += ["sd-stretched-link"]
        body += title
        # Plain text: the whole card is one link (sd-stretched-link).
        body += nodes.paragraph(info["blurb"], info["blurb"], classes=["sd-card-text"])
        card = create_component(
            "card", ["sd-card", "sd-sphinx-override", "sd-mb-3", "sd-shadow-sm",
                     "sd-card-hover", "xnu-card"], children=[body])
        row += create_component("grid-item", ["sd-col", "sd-d-flex-row"], children=[card])
    grid = create_component("grid-container", ["sd-container-fluid", "sd-sphinx-override",
                                               "sd-mb-4", "xnu-cards"], children=[row])
    return [grid]


def _entries_by_subsystem(env: BuildEnvironment) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {key: [] for key in registry(env)}
    for entry in get_domain(env).all_entries():
        grouped.setdefault(entry["subsystem"], []).append(entry)
    for entries in grouped.values():
        entries.sort(key=lambda e: e["primary"].lower())
    return grouped


def _term_links(app: Sphinx, fromdoc: str, entries: list[dict]) -> nodes.paragraph:
    para = nodes.paragraph(classes=["xnu-term-list"])
    for index, entry in enumerate(entries):
        if index:
            para += nodes.Text(" · ")
        para += _ref(app.builder, fromdoc, entry["docname"], entry["anchor"], entry["primary"])
    return para


def _subsystem(app: Sphinx, fromdoc: str, key: str) -> list[nodes.Node]:
    env = app.env
    own = [(d, i) for d, i in articles_in_order(env) if i["subsystem"] == key]
    related = [(d, i) for d, i in articles_in_order(env) if key in i["related"]]
    entries = _entries_by_subsystem(env).get(key, [])
    result = [
        _linked(app, fromdoc, registry(env)[key].description,
                classes=["xnu-subsystem-description"]),
        _section("Articles", "articles",
                 _bullets([_article_line(app, fromdoc, d, i) for d, i in own])
                 if own else nodes.paragraph(text="No articles yet.")),
    ]
    if related:
        result.append(_section(
            "Related articles from other subsystems", "related",
            _bullets([_article_line(app, fromdoc, d, i) for d, i in related])))
    if entries:
        result.append(_section(f"Glossary terms ({len(entries)})", "terms",
                               _term_links(app, fromdoc, entries)))
    return result


def _overview(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    env, builder = app.env, app.builder
    articles = articles_in_order(env)
    items = []
    for subsystem in registry(env).values():
        para = _linked(app, fromdoc, " — " + subsystem.description)
        para.insert(0, _ref(builder, fromdoc, subsystem.docname, "", subsystem.title,
                            ["xnu-subsystem-title"]))
        item = nodes.container(classes=["xnu-overview-item"])
        item += para
        own = [(d, i) for d, i in articles if i["subsystem"] == subsystem.key]
        if own:
            item += _bullets([_ref(builder, fromdoc, d, "", i["title"]) for d, i in own])
        items.append(item)
    return items


def _glossary_index(app: Sphinx, fromdoc: str) -> list[nodes.Node]:
    """Every term and alias A-Z, grouped by initial, linking to its entry."""
    names = sorted(
        ((term, entry) for entry in get_domain(app.env).all_entries() for term in entry["terms"]),
        key=lambda pair: (pair[0].lower(), pair[0]),
    )
    groups: dict[str, list] = {}
    for term, entry in names:
        initial = term[0].upper() if term[0].isalpha() else "#"
        groups.setdefault(initial, []).append((term, entry))
    box = nodes.container(classes=["xnu-generated", "xnu-az"])
    for initial, members in groups.items():
        para = nodes.paragraph(classes=["xnu-az-group"])
        para += nodes.strong(initial, initial)
        para += nodes.Text(" ")
        for index, (term, entry) in enumerate(members):
            if index:
                para += nodes.Text(" · ")
            text = term if term == entry["primary"] else f"{term} → {entry['primary']}"
            para += _ref(app.builder, fromdoc, entry["docname"], entry["anchor"], text)
        box += para
    return [box]


def short_title(title: str) -> str:
    """An article's name in lists: its title up to the colon ("Mach ports")."""
    return title.split(": ", 1)[0]


def _used_in(app: Sphinx, fromdoc: str, doctree: nodes.Node) -> list[nodes.Node]:
    """Append 'Used in' back-references to every glossary entry in the tree;
    return the paragraphs added."""
    added: list[nodes.Node] = []
    env = app.env
    domain = get_domain(env)
    users: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for docname, entry, anchor, title in domain.article_term_uses():
        sections = users.setdefault(entry["primary"].lower(), {}).setdefault(docname, [])
        if (anchor, title) not in sections:
            sections.append((anchor, title))
    for item in doctree.findall(nodes.definition_list_item):
        key = item.get("xnu_entry")
        if not key or item.get("xnu_used_in"):
            continue
        item["xnu_used_in"] = True
        by_doc = users.get(key, {})
        if not by_doc:
            continue
        para = nodes.paragraph(classes=["xnu-used-in"])
        para += nodes.strong("Used in: ", "Used in: ")
        ordered = sorted(by_doc.items(), key=lambda kv: domain.articles[kv[0]]["order"])
        for number, (docname, sections) in enumerate(ordered):
            if number:
                para += nodes.Text("; ")
            top = domain.articles[docname]["title"]
            para += _ref(app.builder, fromdoc, docname, "", short_title(top))
            links = [(a, t) for a, t in sections if a and t and t != top]
            if links:
                para += nodes.Text(" (")
                for n, (anchor, title) in enumerate(links):
                    if n:
                        para += nodes.Text(", ")
                    para += _ref(app.builder, fromdoc, docname, anchor, title)
                para += nodes.Text(")")
        item.next_node(nodes.definition).append(para)
        added.append(para)
    return added


GENERATORS = {
    "cards": lambda app, doc, node: _cards(app, doc),
    "overview": lambda app, doc, node: _overview(app, doc),
    "glossary-index": lambda app, doc, node: _glossary_index(app, doc),
    "subsystem": lambda app, doc, node: _subsystem(app, doc, node["subsystem"]),
}


def _on_doctree_resolved(app: Sphinx, doctree: nodes.document, fromdoc: str) -> None:
    for node in list(doctree.findall(generated_content)):
        content = GENERATORS[node["kind"]](app, fromdoc, node)
        check_generated(app, node, content, fromdoc)
        node.replace_self(content)
    for para in _used_in(app, fromdoc, doctree):
        check_generated(app, para.parent, [para], fromdoc)


def _aggregate_pages(env: BuildEnvironment, reread: bool) -> set[str]:
    """Pages built from other pages: those that read other pages' sources while
    being read (the generated toctree) or only while being written."""
    domain = get_domain(env)
    pages = set(domain.data["generated"]) | set(domain.data["entries"])
    return {p for p in pages if ("toc" in domain.data["generated"].get(p, ())) == reread}


def _on_env_get_outdated(app, env, added, changed, removed) -> list[str]:
    """Re-read pages whose doctree depends on other pages' sources."""
    if not (added or changed or removed):
        return []
    return sorted(_aggregate_pages(env, reread=True) - set(removed) - set(added) - set(changed))


def _inputs_digest(env: BuildEnvironment) -> str:
    """Fingerprint of everything the generated content is built from."""
    domain = get_domain(env)
    inputs = {
        "articles": domain.articles,
        "entries": domain.all_entries(),
        "uses": {doc: uses for doc, uses in domain.data["uses"].items() if doc in domain.articles},
        "symbols": domain.data["symbols"],  # the Kernel symbols page's "Discussed in"
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def _on_env_get_updated(app, env) -> list[str]:
    """Re-write (without re-reading) the pages whose placeholders are filled
    from other pages, when what they are built from has changed."""
    digest = _inputs_digest(env)
    if getattr(env, "_inside_xnu_inputs", None) == digest:
        return []
    env._inside_xnu_inputs = digest  # pickled with the environment
    return sorted(_aggregate_pages(env, reread=False) & env.found_docs)


def _check_subsystem_pages(app: Sphinx, env: BuildEnvironment) -> None:
    for subsystem in registry(env).values():
        if subsystem.docname not in env.found_docs:
            logger.warning(
                f"subsystem {subsystem.key!r} has no page: create "
                f"{subsystem.docname}.md holding '{{subsystem-page}} {subsystem.key}'",
                type="inside_xnu", subtype="subsystem",
            )


def setup(app: Sphinx) -> None:
    app.add_directive("article-cards", ArticleCards)
    app.add_directive("subsystem-overview", SubsystemOverview)
    app.add_directive("subsystem-page", SubsystemPage)
    app.add_directive("glossary-index", GlossaryIndex)
    app.connect("doctree-resolved", _on_doctree_resolved)
    app.connect("env-get-outdated", _on_env_get_outdated)
    app.connect("env-get-updated", _on_env_get_updated)
    app.connect("env-check-consistency", _check_subsystem_pages)
