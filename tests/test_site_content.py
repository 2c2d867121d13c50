"""Every article keeps the style guide's promises (checked on the sources)."""

from __future__ import annotations

import re

import pytest
from sitebuild import article_sources, prose_words

ARTICLES = article_sources()
IDS = [path.stem for path in ARTICLES]


@pytest.mark.parametrize("path", ARTICLES, ids=IDS)
def test_article_length_is_3500_to_7500_words_of_prose(path):
    assert 3500 <= prose_words(path.read_text("utf-8")) <= 7500


@pytest.mark.parametrize("path", ARTICLES, ids=IDS)
def test_article_has_captioned_diagrams_including_a_sequence_diagram(path):
    text = path.read_text("utf-8")
    diagrams = re.findall(r"```\{mermaid\}\n(.*?)```", text, re.S)
    assert len(diagrams) >= 2
    assert any("sequenceDiagram" in d for d in diagrams)
    assert all(":caption:" in d and ":alt:" in d for d in diagrams)


@pytest.mark.parametrize("path", ARTICLES, ids=IDS)
def test_article_links_the_source_or_primary_documents(path):
    text = path.read_text("utf-8")
    links = text.count("{xnu}`") + len(re.findall(r"\]\(https://developer\.apple\.com/", text)) \
        + len(re.findall(r"\]\(https://support\.apple\.com/guide/security/", text))
    assert links >= 6


@pytest.mark.parametrize("path", ARTICLES, ids=IDS)
def test_article_has_the_style_guide_sections(path):
    headings = [h.lower() for h in re.findall(r"^#{2,3} (.+)$", path.read_text("utf-8"), re.M)]
    for needed in ("try it yourself", "where to read the source", "related"):
        assert any(h.startswith(needed) for h in headings), (path.name, needed)
