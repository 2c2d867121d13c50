"""Auto-fixer: rewrite MyST sources so every term mention is a ``{term}`` link.

Usage: ``python -m inside_xnu.fixterms SOURCE_DIR [--check]``. Uses the same
matcher as the build check; leaves front matter, headings, code, directive
options, links and existing roles untouched; running it twice changes
nothing the second time.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .matcher import TermMatcher
from .mentions import suggestion

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,}|:{3,})\s*(\{([\w:-]+)\})?")
# Directives whose content is prose; content of any other directive is skipped.
PROSE_DIRECTIVES = {
    "admonition", "attention", "caution", "danger", "error", "hint", "important", "note",
    "seealso", "tip", "warning", "only", "topic", "sidebar", "epigraph", "dropdown",
    "tab-item", "card", "glossary",
}
# Inline spans that are not prose: code, roles, links, autolinks and HTML.
PROTECTED = re.compile(
    r"(\{[\w:-]+\}`[^`]*`"  # {role}`...`
    r"|(`+)[^`](?s:.*?)\2"  # code span
    r"|!?\[[^\]]*\]\([^)]*\)"  # [text](url) and images
    r"|!?\[[^\]]*\]\[[^\]]*\]"  # [text][ref]
    r"|<[^>\s][^>]*>)"  # <autolink> or <html>
)


@dataclass
class Block:
    fence: str
    directive: str | None
    prose: bool
    entry_terms: list[str] = field(default_factory=list)


def glossary_terms(text: str) -> list[str]:
    """Terms and aliases defined in the glossary blocks of a MyST source."""
    terms: list[str] = []
    for kind, line, _own in classify(text.splitlines(keepends=True)):
        if kind == "term":
            terms.append(line.strip())
    return terms


def classify(lines: list[str]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """Yield (kind, line, own terms): kind is prose, term or skip."""
    stack: list[Block] = []
    in_front_matter = bool(lines) and lines[0].strip() == "---"
    previous_blank = True
    for number, line in enumerate(lines):
        if in_front_matter:
            if number and line.strip() == "---":
                in_front_matter = False
            yield "skip", line, ()
            continue
        match = FENCE.match(line)
        top = stack[-1] if stack else None
        if match and top and match.group(2)[0] == top.fence[0] \
                and len(match.group(2)) >= len(top.fence) and not match.group(3) \
                and line.strip() == match.group(2):
            stack.pop()
            yield "skip", line, ()
            continue
        if match and (top is None or top.prose):
            directive = match.group(4)
            is_prose = directive in PROSE_DIRECTIVES
            stack.append(Block(match.group(2), directive, is_prose))
            yield "skip", line, ()
            continue
        if top is not None and not top.prose:
            yield "skip", line, ()
            continue
        stripped = line.strip()
        if top is not None and re.match(r"^:[\w-]+:", stripped):
            yield "skip", line, ()  # directive option
            continue
        if top is not None and top.directive == "glossary":
            if stripped and not line[0].isspace():
                if top.entry_terms and getattr(top, "_in_def", False):
                    top.entry_terms = []
                top._in_def = False
                top.entry_terms.append(stripped)
                yield "term", line, ()
                continue
            if stripped:
                top._in_def = True
            yield "prose", line, tuple(t.lower() for t in top.entry_terms)
            continue
        starts_block = previous_blank
        previous_blank = not stripped
        # A heading, a blank line, or raw HTML opening a block (a `<` that
        # continues a paragraph, as in a wrapped role target, is prose).
        if not stripped or stripped.startswith("#") or (
                starts_block and re.match(r"<[A-Za-z!/]", stripped)):
            yield "skip", line, ()
            continue
        yield "prose", line, ()


def link_block(text: str, matcher: TermMatcher, own: tuple[str, ...] = ()) -> str:
    out, position = [], 0
    for protected in PROTECTED.finditer(text):
        out.append(_link_text(text[position:protected.start()], matcher, own))
        out.append(protected.group(0))
        position = protected.end()
    out.append(_link_text(text[position:], matcher, own))
    return "".join(out)


def _link_text(text: str, matcher: TermMatcher, own: tuple[str, ...]) -> str:
    out, position = [], 0
    for mention in matcher.finditer(text):
        if mention.term.lower() in own:
            continue
        out.append(text[position:mention.start])
        out.append(suggestion(mention.text, mention.term))
        position = mention.end
    out.append(text[position:])
    return "".join(out)


def fix_text(text: str, matcher: TermMatcher) -> str:
    """Link every run of consecutive prose lines as one block, so roles, code
    spans and links that wrap onto the next line stay protected."""
    out: list[str] = []
    block: list[str] = []
    block_own: tuple[str, ...] = ()
    for kind, line, own in classify(text.splitlines(keepends=True)):
        if kind == "prose" and (not block or own == block_own):
            block.append(line)
            block_own = own
            continue
        if block:
            out.append(link_block("".join(block), matcher, block_own))
            block = []
        if kind == "prose":
            block, block_own = [line], own
        else:
            out.append(line)
    if block:
        out.append(link_block("".join(block), matcher, block_own))
    return "".join(out)


def sources(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.md") if not any(part.startswith(".") for part in p.parts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the Sphinx source directory")
    parser.add_argument("--check", action="store_true", help="only report files that would change")
    args = parser.parse_args(argv)
    files = sources(args.source)
    matcher = TermMatcher(t for path in files for t in glossary_terms(path.read_text("utf-8")))
    changed = []
    for path in files:
        text = path.read_text("utf-8")
        fixed = fix_text(text, matcher)
        if fixed != text:
            changed.append(path)
            if not args.check:
                path.write_text(fixed, "utf-8")
    verb = "would change" if args.check else "changed"
    for path in changed:
        print(f"{verb}: {path}")
    print(f"{len(changed)} file(s) {verb}; {len(matcher.terms)} terms known")
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
