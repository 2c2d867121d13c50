"""The one term matcher shared by the build check, the auto-fixer and previews.

Rules: longest term first; ALL-CAPS acronyms match case-sensitively, other
terms case-insensitively; a plural ``s``/``es`` counts as a mention; a term
never matches inside a longer word or a hyphenated compound.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


def is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and " " not in term


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str  # as written in the source
    term: str  # the defined term or alias it matched (as defined)


class TermMatcher:
    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = sorted({t for t in terms if t.strip()}, key=lambda t: (-len(t), t))
        self._by_lower = {t.lower(): t for t in self.terms}
        alternatives = []
        for term in self.terms:
            pattern = r"\s+".join(re.escape(part) for part in term.split())
            alternatives.append(pattern if is_acronym(term) else f"(?i:{pattern})")
        self._regex = (
            re.compile(r"(?<![\w-])(" + "|".join(alternatives) + r")(?:e?s)?(?![\w-])")
            if alternatives
            else None
        )

    def finditer(self, text: str) -> Iterator[Mention]:
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            core = " ".join(match.group(1).split())
            term = self._by_lower.get(core.lower(), core)
            yield Mention(match.start(), match.end(), match.group(0), term)
