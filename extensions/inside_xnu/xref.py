"""The source cross-reference: inline code naming an XNU symbol becomes a link.

While a document is read, every inline literal outside headings, captions,
glossary terms and links is parsed by ``symbols.parse``; one that names an
indexed symbol is wrapped in a ``pending_xref`` (domain ``xnu``, type
``sym``), and its section is recorded so the Kernel symbols page can list
where each symbol is discussed. The domain resolves the reference to the
symbol's entry on that page (or, in a project without one, straight to the
definition line at the pinned tag).

Errors, each a warning with ``file:line`` (fatal under ``-W``):

* an index built for another tag than ``xnu_tag`` (raised at start-up);
* an index entry whose recorded source line does not hold its name;
* an inline ``name()`` that is neither in the index nor a listed user-space
  API, with the nearest indexed names as a suggestion.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import SphinxError
from sphinx.util import logging

from .locations import location, node_location
from .state import get_domain
from .symbols import SymbolIndex, exempt, load_names, parse
from .terms import section_place

logger = logging.getLogger(__name__)

# Literals under these nodes stay plain code: headings and captions are not
# prose, glossary terms are headings of their own, links are links already.
NOT_PROSE = (nodes.title, nodes.subtitle, nodes.rubric, nodes.caption, nodes.term,
             nodes.reference, addnodes.pending_xref, nodes.literal_block, nodes.raw,
             addnodes.toctree, addnodes.index)


class SymbolIndexError(SphinxError):
    category = "Inside XNU symbol index error"


@lru_cache(maxsize=4)
def _load(path: str, stamp: float) -> SymbolIndex:
    try:
        return SymbolIndex.load(Path(path))
    except (ValueError, KeyError) as error:
        raise SymbolIndexError(str(error)) from None


def index_path(app: Sphinx | BuildEnvironment) -> Path | None:
    setting = app.config.inside_xnu_symbols
    return Path(app.srcdir) / setting if setting else None


# Index path -> the index read at builder-inited: thousands of lookups per
# build then cost a dict get, not a stat of the file each.
_CURRENT: dict[str, SymbolIndex] = {}


def _read(path: Path) -> SymbolIndex:
    if not path.is_file():
        raise SymbolIndexError(f"{path}: no symbol index; run 'make xnu-index XNU_SRC=<checkout>'")
    return _load(str(path), path.stat().st_mtime)


def _key(app: Sphinx | BuildEnvironment) -> str:
    return f"{app.srcdir}/{app.config.inside_xnu_symbols}"  # no Path: this is a hot path


def symbol_index(app: Sphinx | BuildEnvironment) -> SymbolIndex | None:
    """The committed index, or None where the project has none configured."""
    if not app.config.inside_xnu_symbols:
        return None
    if _key(app) not in _CURRENT:
        _CURRENT[_key(app)] = _read(index_path(app))
    return _CURRENT[_key(app)]


@lru_cache(maxsize=4)
def _userspace(path: str, stamp: float) -> frozenset[str]:
    return load_names(Path(path))


def userspace_names(app: Sphinx) -> frozenset[str]:
    path = Path(app.srcdir) / app.config.inside_xnu_userspace
    return _userspace(str(path), path.stat().st_mtime if path.is_file() else 0.0)


def _check_index(app: Sphinx) -> None:
    path = index_path(app)
    if path is None:
        return
    # Re-read if the file changed since the last build in this process.
    index = _CURRENT[_key(app)] = _read(path)
    if index.tag != app.config.xnu_tag:
        line = next((n for n, text in enumerate(path.read_text().splitlines(), 1)
                     if text.startswith('"tag"')), 1)
        raise SymbolIndexError(
            f"{location(path, line)}: the symbol index was built for {index.tag}, but conf.py "
            f"pins xnu_tag = {app.config.xnu_tag!r}; run 'make xnu-bump "
            f"TAG={app.config.xnu_tag} XNU_SRC=<checkout at that tag>'"
        )
    for symbol in index.broken_lines():
        logger.warning(
            f"symbol {symbol.key!r}: {symbol.path}:{symbol.line} does not hold the name "
            f"(recorded line: {symbol.decl!r}); regenerate the index with 'make xnu-index'",
            location=location(path, symbol.index_line), type="inside_xnu", subtype="xref",
        )


def _inside(node: nodes.Node, kinds: tuple[type, ...]) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parent
    return False


def _unknown_call(app: Sphinx, index: SymbolIndex, literal: nodes.literal, name: str) -> None:
    if exempt(name, userspace_names(app)):
        return
    nearest = index.nearest(name)
    hint = f"; did you mean {', '.join(f'{n}()' for n in nearest)}?" if nearest else ""
    logger.warning(
        f"unknown kernel function {name + '()'!r}: not in the XNU symbol index for "
        f"{index.tag} nor in {app.config.inside_xnu_userspace}{hint} (a real XNU function: "
        "'make xnu-index XNU_SRC=<checkout>'; a user-space API: add it to that list)",
        location=node_location(literal), type="inside_xnu", subtype="xref",
    )


def _link_literals(app: Sphinx, doctree: nodes.document) -> None:
    index = symbol_index(app)
    if index is None:
        return
    uses = []
    for literal in list(doctree.findall(nodes.literal)):
        if _inside(literal, NOT_PROSE):
            continue
        mention = parse(literal.astext())
        if mention is None:
            continue
        symbol = index.resolve(mention)
        if symbol is None:
            if mention.form == "call":
                _unknown_call(app, index, literal, mention.name)
            continue
        ref = addnodes.pending_xref("", refdomain="xnu", reftype="sym", reftarget=symbol.key,
                                    refexplicit=True, refwarn=True)
        ref.source, ref.line = literal.source, literal.line
        literal.replace_self(ref)
        ref += literal
        # Search finds the symbol as an object (its Kernel symbols entry, which
        # lists every section that discusses it): its name in prose would only
        # add a word per symbol to searchindex.js.
        literal["classes"].append("no-search")
        uses.append((symbol.key, *section_place(ref)))
    if uses:
        get_domain(app.env).data["symbols"][app.env.docname] = uses


def _index_changed(app: Sphinx, env, added, changed, removed) -> list[str]:
    """A new index (or user-space list) can change any page's links: re-read all."""
    paths = [index_path(app), Path(app.srcdir) / app.config.inside_xnu_userspace]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in paths if p and p.is_file())).hexdigest()
    if getattr(env, "_inside_xnu_symbols", None) == digest:
        return []
    first = not hasattr(env, "_inside_xnu_symbols")
    env._inside_xnu_symbols = digest  # pickled with the environment
    return [] if first else sorted(env.found_docs - set(added) - set(changed))


def setup(app: Sphinx) -> None:
    app.add_config_value("xnu_tag", "", "env", str)
    app.add_config_value("inside_xnu_symbols", "", "env", str)
    app.add_config_value("inside_xnu_userspace", "_data/userspace-apis.txt", "env", str)
    app.connect("builder-inited", _check_index)
    app.connect("doctree-read", _link_literals)
    app.connect("env-get-outdated", _index_changed)
