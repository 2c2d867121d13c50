"""The XNU symbol index and the one rule that decides what inline code names.

The committed index (``source/_data/xnu-symbols.json``, written by
``scripts/xnu_index.py`` from Universal Ctags output) is the build's only
view of the XNU source. This module loads it and answers one question for
the links, the hover previews, the Kernel symbols page, the name check and
the index generator alike: *does this inline literal name an XNU symbol,
and which one?*

The rule, by the literal's shape:

* ``name()`` or ``Class::name()`` -- a function (or function-like macro);
  an unknown one is an error unless it is a listed user-space API;
* ``struct name`` (``union``, ``enum``, ``class``) -- that type;
* ``NAME`` in capitals with an underscore or four or more letters -- a
  macro, enumerator or anything else so named (shorter capitals such as
  ``PC`` are abbreviations: treated like plain words);
* ``name_with_underscore`` or ``CamelCase`` -- any symbol of that name;
* a plain lower-case word (``task``, ``flags``) -- only a *type* of that
  name (``struct task``, a typedef), never a variable, function or macro,
  so a prose word in backticks that happens to be some file's static
  variable does not link.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

GITHUB = "https://github.com/apple-oss-distributions/xnu/blob/{tag}/{path}"

TAG_WORDS = ("struct", "union", "enum", "class")
TYPE_KINDS = frozenset({"struct", "union", "enum", "class", "typedef"})
INTEL_ONLY = re.compile(r"(^|/)(x86_64|i386|intel)(/|$)")
CALLABLE_KINDS = frozenset({"function", "declaration", "macro", "label"})
KINDS = ("function", "declaration", "macro", "struct", "union", "enum", "class",
         "typedef", "enumerator", "global", "label")
KIND_LABELS = {"declaration": "function declaration", "global": "global variable",
               "label": "assembly label"}

_LITERAL = re.compile(
    r"^(?:(?P<tag>struct|union|enum|class)\s+)?"
    r"(?P<name>(?:[A-Za-z_]\w*::)?~?[A-Za-z_]\w*)"
    r"(?P<call>\(\))?$"
)
_TICKS = re.compile(r"(?<!\\)`+")
CODE_DIRECTIVES = frozenset({"code-block", "code", "sourcecode", "literalinclude", "mermaid",
                             "raw", "math", "eval-rst"})
_FENCE = re.compile(r"^\s*(```+|~~~+|:::+)")


@dataclass(frozen=True)
class Mention:
    """What an inline literal's shape says it names."""

    name: str  # as written, without tag word or parentheses
    form: str  # "call", "tagged", "constant", "identifier" or "word"
    tag: str = ""  # struct/union/enum/class for the tagged form

    @property
    def key(self) -> str:
        """The index key this mention looks up first."""
        return f"{self.tag} {self.name}" if self.tag else self.name


@dataclass(frozen=True)
class Symbol:
    key: str  # "thread_invoke", "struct ipc_port", "OSKext::start"
    kind: str
    path: str
    line: int
    decl: str
    index_line: int = 0  # line of this entry in the index file, for messages

    @property
    def name(self) -> str:
        """The bare identifier: no tag word, no class scope."""
        return self.key.split(" ", 1)[-1].rsplit("::", 1)[-1]

    @property
    def display(self) -> str:
        """How the guide writes it: functions and function-like macros with ()."""
        if self.kind in ("function", "declaration") or self.decl.startswith(f"#define {self.key}("):
            return f"{self.key}()"
        return self.key

    @property
    def anchor(self) -> str:
        """HTML id of its Kernel symbols entry: the name itself, so Sphinx's
        search index stores it as an empty string; ``struct-proc`` for a tag and
        ``IOService--start`` for a method (':' is what the ePub builder rewrites
        to '-' in ids, but not in the domain index's links)."""
        return self.key.replace(" ", "-").replace("::", "--")

    def url(self, tag: str) -> str:
        return GITHUB.format(tag=tag, path=self.path) + f"#L{self.line}"


def parse(text: str) -> Mention | None:
    """The mention an inline literal makes, or None if it is not an identifier."""
    match = _LITERAL.match(text.strip())
    if not match:
        return None
    name, tag = match["name"], match["tag"] or ""
    if match["call"]:
        return Mention(name, "call") if not tag else None
    if tag:
        return Mention(name, "tagged", tag)
    bare = name.rsplit("::", 1)[-1]
    if bare.upper() == bare and re.search(r"[A-Z]", bare):
        # Short capitals (`N`, `PC`) are abbreviations far more often than macros.
        return Mention(name, "constant" if "_" in bare or len(bare) >= 4 else "word")
    if "::" in name or "_" in bare.strip("_") or bare.lower() != bare:
        return Mention(name, "identifier")  # snake_case, CamelCase, Class::member
    return Mention(name, "word")


def candidate_keys(mention: Mention) -> list[str]:
    """Index keys a mention may resolve to, best first."""
    if mention.form == "tagged":
        return [mention.key]
    keys = [mention.name]
    if mention.form in ("identifier", "word"):
        keys += [f"{tag} {mention.name}" for tag in TAG_WORDS]
    return keys


def accepts(mention: Mention, symbol: Symbol) -> bool:
    """The looks-like-a-symbol rule (see the module docstring)."""
    if mention.form == "call":
        return symbol.kind in CALLABLE_KINDS
    if mention.form == "word":  # a type that exists on arm64, not `exec`'s a.out header
        return symbol.kind in TYPE_KINDS and not INTEL_ONLY.search(symbol.path)
    return True


class SymbolIndex:
    """The committed index: tag, symbols by key, and the ``{xnu}`` paths."""

    def __init__(self, tag: str, symbols: Iterable[Symbol], paths: Iterable[str],
                 source: str = "") -> None:
        self.tag = tag
        self.symbols = {symbol.key: symbol for symbol in symbols}
        self.paths = frozenset(path.rstrip("/") for path in paths)
        self.source = source

    @classmethod
    def load(cls, path: Path) -> SymbolIndex:
        """Read the index; a malformed one raises ValueError naming file:line."""
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
        line_of = {}
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith('  ["'):
                line_of.setdefault(json.loads(line.rstrip(","))[0], number)
        symbols = []
        for entry in data.get("symbols", []):
            key, kind, source_path, line, decl = entry
            if kind not in KINDS:
                raise ValueError(f"{path}:{line_of.get(key, 0)}: unknown kind {kind!r} for {key!r}")
            symbols.append(Symbol(key, kind, source_path, int(line), decl, line_of.get(key, 0)))
        return cls(data["tag"], symbols, data.get("paths", []), str(path))

    def resolve(self, mention: Mention) -> Symbol | None:
        for key in candidate_keys(mention):
            symbol = self.symbols.get(key)
            if symbol is not None and accepts(mention, symbol):
                return symbol
        return None

    def nearest(self, name: str, count: int = 3) -> list[str]:
        """Indexed names closest to ``name``, for 'did you mean' messages."""
        names = sorted({symbol.key.split(" ", 1)[-1] for symbol in self.symbols.values()})
        return difflib.get_close_matches(name, names, n=count, cutoff=0.6)

    def broken_lines(self) -> Iterator[Symbol]:
        """Entries whose recorded source text does not hold their name: the
        line number would send a reader to the wrong place."""
        for symbol in self.symbols.values():
            if symbol.name not in symbol.decl:
                yield symbol


def exempt(name: str, userspace: frozenset[str]) -> bool:
    """Calls the name check lets through: listed user-space APIs, and
    ``super::x()``, which names the calling class's parent, not a symbol."""
    return name in userspace or name.startswith("super::")


def load_names(path: Path) -> frozenset[str]:
    """One name a line; blank lines and ``#`` comments ignored."""
    if not path.is_file():
        return frozenset()
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(line.removesuffix("()"))
    return frozenset(names)


def inline_code(markdown: str) -> Iterator[tuple[int, str]]:
    """(line, text) of every inline code span of a MyST file, outside code
    blocks and role content; what the index generator and the drift report
    read. Directives whose body is markup (``{glossary}``, ``{note}``) are read;
    code, diagrams and raw blocks are not. A span may cross a line break, so
    each paragraph is scanned whole."""
    fences: list[tuple[str, bool]] = []  # (fence, body is code) innermost last
    block: list[tuple[int, str]] = []
    for number, line in enumerate(markdown.splitlines(), 1):
        opened = _FENCE.match(line)
        closes = opened and fences and opened.group(1)[0] == fences[-1][0][0] \
            and len(opened.group(1)) >= len(fences[-1][0]) and not line[opened.end():].strip()
        if closes or opened or not line.strip():
            yield from _block_spans(block)
            block = []
        if closes:
            fences.pop()
        elif fences and fences[-1][1]:
            continue
        elif opened:
            info = line[opened.end():].strip()
            directive = re.match(r"\{([\w:-]+)\}", info)
            fences.append((opened.group(1), not directive or directive.group(1) in CODE_DIRECTIVES))
        elif line.strip():
            block.append((number, line))
    yield from _block_spans(block)


def _block_spans(block: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    text = "\n".join(line for _, line in block)
    starts = [0]
    for _, line in block[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for offset, span in _spans(text):
        index = max(i for i, start in enumerate(starts) if start <= offset)
        yield block[index][0], span


def _spans(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of the code spans of a paragraph; a backtick run right
    after ``}`` opens a role's content, which is skipped to its closing run."""
    position = 0
    while (opening := _TICKS.search(text, position)) is not None:
        run = opening.group()
        closing = re.compile(rf"(?<!`){run}(?!`)").search(text, opening.end())
        if closing is None:
            return
        if not text[:opening.start()].endswith("}"):
            yield opening.start(), " ".join(text[opening.end():closing.start()].split())
        position = closing.end()


XNU_ROLE = re.compile(r"\{xnu\}`(?:[^`<]*<)?([^`>]+)>?`")


def xnu_paths(markdown: str) -> Iterator[tuple[int, str]]:
    """(line, path) of every ``{xnu}`` role target, anchors stripped."""
    for number, line in enumerate(markdown.splitlines(), 1):
        for match in XNU_ROLE.finditer(line):
            yield number, match.group(1).split("#", 1)[0].strip()
