#!/usr/bin/env python3
"""Build the committed XNU symbol index, and report drift when the tag moves.

    xnu_index.py --src XNU_CHECKOUT [--tag TAG] [--bump] [--site source]

Reads the XNU source with Universal Ctags, keeps the symbols that the site's
MyST sources mention in inline code (resolved by the same rule the build
uses, ``inside_xnu.symbols``), and writes ``<site>/_data/xnu-symbols.json``:
the tag, the ``{xnu}`` paths that exist, and one line per symbol
``[key, kind, path, line, declaration]``, sorted, so diffs stay readable.

Several definitions of one name are resolved deterministically: arm64 before
x86_64, a definition before a prototype or extern, the kernel's own trees
(osfmk, bsd, iokit, libkern, security, pexpert, san; not the DriverKit SDK
copies in iokit/DriverKit) before libsyscall and the rest, a base class's
method (IOService, OSObject, ...) before an override, then path and line;
``tests/``, ``tools/``, examples and ``EXTERNAL_HEADERS/`` are never read.
``<site>/_data/xnu-symbol-overrides.txt`` (``name path`` or ``struct name path`` a line) settles the
names that need a human choice. Every ambiguous name is printed
with the choice made.

``--bump`` (``make xnu-bump TAG=… XNU_SRC=…``) also compares the new index
with the committed one, prints what vanished, moved to another file or
changed declaration, and which ``{xnu}`` paths no longer exist, each with the
article sections that mention it, then pins ``xnu_tag`` in ``conf.py``.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "extensions"))

from inside_xnu.symbols import (  # noqa: E402
    INTEL_ONLY,
    Mention,
    Symbol,
    SymbolIndex,
    candidate_keys,
    exempt,
    inline_code,
    load_names,
    parse,
    xnu_paths,
)

INDEX = Path("_data/xnu-symbols.json")
OVERRIDES = Path("_data/xnu-symbol-overrides.txt")
EXCLUDED = ("tests", "Tests", "Examples", "tools", "EXTERNAL_HEADERS")
KERNEL_TREES = ("osfmk", "bsd", "iokit", "libkern", "security", "pexpert", "san")
# iokit/DriverKit holds the user-space SDK's copies of kernel headers.
SDK_COPIES = ("iokit/DriverKit/",)
# An unqualified C++ method name means the base class's method first.
BASE_CLASSES = ("IOService", "IOUserClient", "IORegistryEntry", "OSObject", "OSMetaClass",
                "OSKext", "IOMemoryDescriptor", "IOUserServer", "IOWorkLoop", "IOEventSource")
# Universal Ctags kind (long name) -> index kind; members and locals never count.
KIND = {
    "function": "function", "prototype": "declaration", "macro": "macro",
    "struct": "struct", "union": "union", "enum": "enum", "class": "class",
    "typedef": "typedef", "enumerator": "enumerator", "variable": "global",
    "externvar": "global", "label": "label", "define": "macro",
}
TAGGED = {"struct", "union", "enum", "class"}
# A definition wins over a declaration; among definitions, code over aliases.
KIND_RANK = {"function": 0, "class": 0, "struct": 0, "union": 0, "enum": 0,
             "typedef": 1, "enumerator": 1, "macro": 1, "label": 1, "global": 1,
             "declaration": 2}
DECL_WIDTH = 88


# -- reading the source ----------------------------------------------------------

def run_ctags(src: Path) -> Iterator[dict]:
    ctags = shutil.which("ctags")
    version = subprocess.run([ctags or "ctags", "--version"], capture_output=True, text=True)
    if not ctags or "Universal Ctags" not in version.stdout:
        sys.exit("xnu_index: needs Universal Ctags (Debian: apt-get install universal-ctags)")
    command = [
        ctags, "-R", "--languages=C,C++,Asm", "--langmap=C++:+.iig",
        "--kinds-C=+px-mh", "--kinds-C++=+px-mhn", "--extras=+q",
        "--output-format=json", "--fields=+nKSE",
        "--fields-C=+{properties}{macrodef}", "--fields-C++=+{properties}{macrodef}",
        *(f"--exclude={folder}" for folder in EXCLUDED), "-o", "-", ".",
    ]
    output = subprocess.run(command, cwd=src, capture_output=True, text=True, check=True)
    for line in output.stdout.splitlines():
        tag = json.loads(line)
        if tag.get("_type") == "tag" and tag.get("kind") in KIND:
            yield tag


def _pattern_text(tag: dict) -> str:
    pattern = tag.get("pattern", "")
    pattern = pattern.removeprefix("/^").removesuffix("/").removesuffix("$")
    return pattern.replace("\\/", "/").replace("\\\\", "\\")


def declaration(tag: dict, kind: str, key: str) -> str:
    """One line a reader recognises; it always holds the symbol's name."""
    if kind in ("function", "declaration"):
        returns = tag.get("typeref", "").removeprefix("typename:")
        static = "static " if tag.get("file") or "static" in tag.get("properties", "") else ""
        signature = re.sub(r",(?=\S)", ", ", tag.get("signature", "()"))
        text = f"{static}{returns} {key}{signature}".strip()
    elif kind == "macro":
        text = f"#define {key}{tag.get('signature', '')} {tag.get('macrodef', '')}".strip()
    elif kind in TAGGED:
        text = key
    else:
        text = _pattern_text(tag).strip()
    text = re.sub(r"\s+", " ", re.sub(r"/\*.*?(\*/|$)|//.*$", "", text)).strip()
    return shorten(text, key.split()[-1])


def shorten(text: str, name: str) -> str:
    """At most DECL_WIDTH characters, never losing the name: a long type
    before the name is elided in the middle (``static struct x ** … name[…``)."""
    if len(text) <= DECL_WIDTH:
        return text
    cut = text[:DECL_WIDTH - 1].rstrip() + "…"
    at = text.find(name)
    if at < 0 or at + len(name) < DECL_WIDTH - 1:
        return cut
    head = text[:max(0, (DECL_WIDTH - len(name)) // 2 - 2)].rstrip()
    tail = text[at + len(name):]
    room = DECL_WIDTH - len(head) - len(name) - 3
    tail = tail if len(tail) <= room else tail[:max(0, room - 1)] + "…"
    return f"{head} … {name}{tail}"


def tag_key(tag: dict, kind: str) -> str | None:
    name = tag["name"]
    if name.startswith("__anon") or "." in name or not re.fullmatch(r"[\w:~]+", name):
        return None
    return f"{kind} {name}" if kind in TAGGED else name


# What each position of rank() prefers, for the ambiguity report.
RULES = ("arm64 over x86_64", "definition over declaration", "kernel tree over SDK copy or library",
         "base class over subclass", "path order", "line order")


def rank(option: tuple[Symbol, dict]) -> tuple:
    symbol, tag = option
    top = symbol.path.split("/", 1)[0]
    scope = tag.get("scope", "")
    kind = 2 if tag["kind"] == "externvar" else KIND_RANK[symbol.kind]
    area = 0 if top in KERNEL_TREES and not symbol.path.startswith(SDK_COPIES) else 1
    cls = BASE_CLASSES.index(scope) if scope in BASE_CLASSES else len(BASE_CLASSES) + bool(scope)
    return (bool(INTEL_ONLY.search(symbol.path)), kind, area, cls, symbol.path, symbol.line)


def source_line(src: Path, path: str, line: int, cache: dict) -> str:
    if path not in cache:
        cache[path] = (src / path).read_text(encoding="utf-8", errors="replace").splitlines()
    lines = cache[path]
    return lines[line - 1] if 0 < line <= len(lines) else ""


def candidates(src: Path, wanted: set[str]) -> dict[str, list[tuple[Symbol, dict]]]:
    """Every definition of every wanted key whose line really holds the name."""
    found: dict[str, list[tuple[Symbol, dict]]] = defaultdict(list)
    lines: dict[str, list[str]] = {}
    for tag in run_ctags(src):
        kind = KIND[tag["kind"]]
        key = tag_key(tag, kind)
        if key not in wanted or (kind == "global" and tag["path"].endswith(".iig")):
            continue  # .iig forward declarations parse as variables
        symbol = Symbol(key, kind, tag["path"].removeprefix("./"), tag["line"],
                        declaration(tag, kind, key))
        if symbol.name in source_line(src, symbol.path, symbol.line, lines):
            found[key].append((symbol, tag))
    for symbol, tag in fallback_definitions(src, wanted - set(found)):
        found[symbol.key].append((symbol, tag))
    return found


_ENUM_DECL = re.compile(r"^\s*__(?:options|enum)(?:_closed)?_decl\(\s*(\w+)\s*,")
_ENUMERATOR = re.compile(r"^\s*([A-Za-z_]\w*)\s*(?:=[^,]*)?,?\s*(?:/[*/].*)?$")


def fallback_definitions(src: Path, names: set[str]) -> Iterator[tuple[Symbol, dict]]:
    """Definitions Ctags misses, found by XNU's own layout.

    * A function whose name starts a line, its return type on the line before:
      Ctags skips the ``#else`` half of a file-wide ``#if`` (bsd/kern/decmpfs.c)
      and some C++ methods after preprocessor-heavy code (IOUserServer.cpp).
    * The types and enumerators of ``__options_decl(name, type, {...})`` and
      its ``__enum_decl`` siblings, which Ctags reads as a macro call.
    """
    wanted = {n for n in names if re.fullmatch(r"[A-Za-z_]\w*(::~?[A-Za-z_]\w*)?", n)}
    if not wanted:
        return
    start = re.compile(r"^(" + "|".join(sorted(map(re.escape, wanted))) + r")\((.*)$")
    for path in sorted(p for p in src.rglob("*") if p.suffix in (".c", ".cpp", ".h")):
        relative = path.relative_to(src).as_posix()
        if relative.split("/", 1)[0] in EXCLUDED or "/Tests/" in relative:
            continue
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        enum = ""
        for number, line in enumerate(lines, 1):
            if (opened := _ENUM_DECL.match(line)) is not None:
                enum = opened.group(1)
                if enum in wanted:
                    yield Symbol(enum, "typedef", relative, number, shorten(line.strip(), enum)), {"kind": "typedef"}
                continue
            if enum:
                if line.strip().startswith("})"):
                    enum = ""
                elif (item := _ENUMERATOR.match(line)) is not None and item.group(1) in wanted:
                    decl = re.sub(r"\s+", " ", re.sub(r"\s*/[*/].*$", "", line.strip()))
                    yield Symbol(item.group(1), "enumerator", relative, number, decl), {"kind": "enumerator"}
                continue
            match = start.match(line)
            if not match or path.suffix == ".h" or line.rstrip().endswith(";") or number < 2:
                continue
            returns = lines[number - 2].strip()
            if not re.fullmatch(r"(static |inline |__\w+ )*[A-Za-z_][\w ]*\**", returns):
                continue
            name = match.group(1)
            decl = re.sub(r"\s+", " ", f"{returns} {name}({match.group(2)}").strip().rstrip("{").strip()
            tag = {"kind": "function", "file": returns.startswith("static")}
            yield Symbol(name, "function", relative, number, shorten(decl, name)), tag


# -- what the site mentions -------------------------------------------------------

def markdown_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.md") if not any(part.startswith(("_build", ".")) for part in p.parts))


def site_mentions(site: Path) -> Iterator[tuple[Path, str, Mention]]:
    """(file, literal text, mention) for every inline literal naming an identifier."""
    for path in markdown_files(site):
        for _, text in inline_code(path.read_text(encoding="utf-8")):
            mention = parse(text)
            if mention:
                yield path, text, mention


def mentioned_keys(site: Path) -> set[str]:
    return {key for _, _, mention in site_mentions(site) for key in candidate_keys(mention)}


def mentioned_paths(site: Path) -> set[str]:
    return {path for md in markdown_files(site)
            for _, path in xnu_paths(md.read_text(encoding="utf-8"))}


def choose(found: dict[str, list[tuple[Symbol, dict]]],
           overrides: dict[str, str]) -> tuple[list[Symbol], list[str]]:
    """One symbol per key; the notes say how each ambiguous key was settled."""
    chosen, notes = [], []
    for key in sorted(found):
        ranked = sorted(found[key], key=rank)
        options = [symbol for symbol, _ in ranked]
        best = options[0]
        if overrides.get(key) == "-":
            notes.append(f"{key}: not linked (override: the guide means a user-space name)")
            continue
        if key in overrides:
            picked = [s for s in options if s.path == overrides[key]]
            if not picked:
                sys.exit(f"xnu_index: {OVERRIDES}: {key!r} has no definition in {overrides[key]}")
            best = picked[0]
            notes.append(f"{key}: {best.path}:{best.line} (override; {len(options)} definitions)")
        else:
            others = sorted({s.path for s in options} - {best.path})
            if others:
                runner_up = next(option for option in ranked if option[0].path != best.path)
                pairs = zip(RULES, rank(ranked[0]), rank(runner_up), strict=True)
                rule = next(name for name, a, b in pairs if a != b)
                if rule != "definition over declaration":  # a header's prototype: not ambiguous
                    notes.append(f"{key}: {best.path}:{best.line} {best.kind} by {rule} "
                                 f"(also {', '.join(others)})")
        chosen.append(best)
    return chosen, notes


def read_overrides(path: Path) -> dict[str, str]:
    """``key path`` (or ``key -``) a line; a key may be tagged: ``struct boot_args``."""
    overrides: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    for number, line in enumerate(lines, start=1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        key, target = " ".join(fields[:-1]), fields[-1]
        tagged = len(fields) == 3 and fields[0] in TAGGED
        if len(fields) != 2 and not tagged:
            sys.exit(f"xnu_index: {path}:{number}: expected 'name path', 'name -' or "
                     f"'struct name path', got {line.strip()!r}")
        overrides[key] = target
    return overrides


def build_index(src: Path, site: Path, tag: str) -> tuple[SymbolIndex, list[str]]:
    wanted = mentioned_keys(site)
    overrides = read_overrides(site / OVERRIDES)
    found = candidates(src, wanted)
    chosen, notes = choose(found, overrides)
    full = SymbolIndex(tag, chosen, [])
    used = set()
    naming = linked = 0  # article mentions that name some XNU symbol, and those that link
    for path, _, mention in site_mentions(site):
        symbol = full.resolve(mention)
        if symbol:
            used.add(symbol.key)
        if path.parent.name == "articles" and any(key in found for key in candidate_keys(mention)):
            naming += 1
            linked += symbol is not None
    paths = sorted(p for p in mentioned_paths(site) if (src / p).exists())
    index = SymbolIndex(tag, [s for s in chosen if s.key in used], paths)
    if naming:
        notes.insert(0, f"article prose: {naming} inline-code mentions name an XNU symbol, "
                        f"{linked} of them link ({100 * linked / naming:.1f} %)")
    return index, [n for n in notes if n.split(":", 1)[0] in used or "not linked" in n
                   or n.startswith("article prose")]


def write_index(index: SymbolIndex, path: Path) -> None:
    rows = [json.dumps([s.key, s.kind, s.path, s.line, s.decl], ensure_ascii=False)
            for s in sorted(index.symbols.values(), key=lambda s: s.key)]
    text = (
        "{\n"
        f'"tag": {json.dumps(index.tag)},\n'
        '"generator": "scripts/xnu_index.py (make xnu-index); do not edit by hand",\n'
        f'"paths": {json.dumps(sorted(index.paths))},\n'
        '"symbols": [\n' + ",\n".join("  " + row for row in rows) + "\n]\n}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


# -- drift between two tags --------------------------------------------------------

def sections_mentioning(site: Path, names: Iterable[str]) -> dict[str, list[str]]:
    """name -> "file › heading" for every place the sources mention it."""
    wanted = set(names)
    places: dict[str, list[str]] = defaultdict(list)
    for path in markdown_files(site):
        text = path.read_text(encoding="utf-8")
        headings = [(n, line.lstrip("#").strip()) for n, line in enumerate(text.splitlines(), 1)
                    if re.match(r"#{1,6} ", line)]
        hits = [(n, parse(t)) for n, t in inline_code(text)]
        hits += [(n, p) for n, p in xnu_paths(text)]
        for number, found in hits:
            keys = candidate_keys(found) if found is not None and not isinstance(found, str) else [found]
            for key in keys:
                if key in wanted:
                    heading = next((h for n, h in reversed(headings) if n <= number), "")
                    place = f"{path.relative_to(site)} › {heading}" if heading else str(path.relative_to(site))
                    if place not in places[key]:
                        places[key].append(place)
    return places


def drift(old: SymbolIndex, new: SymbolIndex, site: Path) -> list[str]:
    vanished = sorted(set(old.symbols) - set(new.symbols))
    moved = sorted(k for k in set(old.symbols) & set(new.symbols)
                   if old.symbols[k].path != new.symbols[k].path)
    changed = sorted(k for k in set(old.symbols) & set(new.symbols)
                     if k not in moved and old.symbols[k].decl != new.symbols[k].decl)
    gone_paths = sorted(old.paths - new.paths)
    places = sections_mentioning(site, [*vanished, *moved, *changed, *gone_paths])
    report = [f"Drift from {old.tag} to {new.tag}:"]

    def block(title: str, keys: list[str], describe) -> None:
        report.append(f"\n{title}: {len(keys)}")
        for key in keys:
            report.append(f"  {describe(key)}")
            report.extend(f"      mentioned in {place}" for place in places.get(key, []))

    block("Vanished symbols", vanished,
          lambda k: f"{k} (was {old.symbols[k].path}:{old.symbols[k].line})")
    block("Moved to another file", moved,
          lambda k: f"{k}: {old.symbols[k].path} -> {new.symbols[k].path}:{new.symbols[k].line}")
    block("Changed declaration", changed,
          lambda k: f"{k}: {old.symbols[k].decl!r} -> {new.symbols[k].decl!r}")
    block("{xnu} paths that no longer exist", gone_paths, lambda p: p)
    return report


def pin_tag(site: Path, tag: str) -> None:
    conf = site / "conf.py"
    text = conf.read_text(encoding="utf-8")
    new, count = re.subn(r'(?m)^xnu_tag = "[^"]*"', f'xnu_tag = "{tag}"', text)
    if count != 1:
        sys.exit(f"xnu_index: {conf}: no single 'xnu_tag = \"…\"' line to update")
    conf.write_text(new, encoding="utf-8")


def conf_tag(site: Path) -> str:
    match = re.search(r'(?m)^xnu_tag = "([^"]+)"', (site / "conf.py").read_text(encoding="utf-8"))
    if not match:
        sys.exit(f"xnu_index: {site / 'conf.py'}: no 'xnu_tag = \"…\"' line")
    return match.group(1)


def checkout_tag(src: Path) -> str | None:
    """The tag a git checkout is at, or None when it cannot be told."""
    result = subprocess.run(["git", "-C", str(src), "describe", "--tags", "--exact-match"],
                            capture_output=True, text=True)
    return result.stdout.strip() or None if result.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", required=True, type=Path, help="XNU checkout at the tag")
    parser.add_argument("--site", default=REPO / "source", type=Path, help="the Sphinx source folder")
    parser.add_argument("--tag", help="the tag the checkout is at (default: xnu_tag in conf.py)")
    parser.add_argument("--bump", action="store_true", help="report drift and pin the new tag")
    args = parser.parse_args(argv)
    if not (args.src / "osfmk").is_dir():
        sys.exit(f"xnu_index: {args.src} is not an XNU checkout (no osfmk/); clone "
                 "apple-oss-distributions/xnu and check out the tag")
    tag = args.tag or conf_tag(args.site)
    at = checkout_tag(args.src)
    if at and at != tag:
        sys.exit(f"xnu_index: {args.src} is at {at}, not {tag}")
    index, notes = build_index(args.src, args.site, tag)
    target = args.site / INDEX
    if args.bump:
        old = SymbolIndex.load(target)
        print("\n".join(drift(old, index, args.site)))
        pin_tag(args.site, tag)
    write_index(index, target)
    print(f"\n{len(index.symbols)} symbols, {len(index.paths)} paths, tag {tag} -> {target}")
    if notes and notes[0].startswith("article prose"):
        print(notes.pop(0))
    print(f"{len(notes)} ambiguous names, resolved as:")
    print("\n".join(f"  {note}" for note in notes))
    users = load_names(args.site / "_data/userspace-apis.txt")
    unknown = sorted({text for _, text, m in site_mentions(args.site)
                      if m.form == "call" and not index.resolve(m) and not exempt(m.name, users)})
    if unknown:
        print(f"{len(unknown)} name() mentions found neither in XNU nor in _data/userspace-apis.txt "
              "(the build rejects them):\n  " + "\n  ".join(unknown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
