"""Search, as a reader sees it in a real browser on search.html?q=..."""

from __future__ import annotations

from urllib.parse import quote

import pytest


def search(page, site_url, query):
    page.goto(f"{site_url}search.html?q={quote(query)}")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    box = page.locator(".xnu-search-box")
    results = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return box, results


TERM_QUERIES = [
    # (query, glossary entry, the article that explains it)
    ("Mach port", "Mach port", "articles/mach-ports.html"),
    ("Mach ports", "Mach port", "articles/mach-ports.html"),
    ("send right", "send right", "articles/mach-ports.html"),
    ("send rights", "send right", "articles/mach-ports.html"),
    ("jetsam", "jetsam", "articles/virtual-memory.html"),
    ("QoS", "QoS", "articles/scheduler.html"),
    ("vnode", "vnode", "articles/bsd.html"),
    ("cdhash", "cdhash", "articles/security.html"),
]


@pytest.mark.parametrize("query, term, article", TERM_QUERIES)
def test_term_query_shows_the_glossary_box_and_the_explaining_article(
        page, site_url, query, term, article):
    box, results = search(page, site_url, query)
    assert box.locator("dt a").first.inner_text() == term
    assert box.locator("dd").first.inner_text().strip()
    assert any(href.startswith(article) for href in results[:3]), results[:5]


@pytest.mark.parametrize("query", [q for q, term, _a in TERM_QUERIES if q == term])
def test_exact_term_query_ranks_the_glossary_entry_in_the_top_three(page, site_url, query):
    _box, results = search(page, site_url, query)
    assert any(href.startswith("glossary.html#term-") for href in results[:3]), results[:5]


@pytest.mark.parametrize("query, page_name", [
    ("Mach", "subsystems/mach.html"),
    ("BSD", "subsystems/bsd.html"),
    ("APFS", "subsystems/fs.html"),
    ("IOKit", "subsystems/drivers.html"),
    ("Security", "subsystems/security.html"),
])
def test_subsystem_query_ranks_the_subsystem_page_in_the_top_three(
        page, site_url, query, page_name):
    _box, results = search(page, site_url, query)
    assert any(href.startswith(page_name) for href in results[:3]), results[:5]


@pytest.mark.parametrize("query, term", [
    ("copy on write", "copy-on-write"),  # hyphens do not matter
    ("Copy-On-Write", "copy-on-write"),  # nor does case
])
def test_glossary_box_ignores_hyphens_and_case(page, site_url, query, term):
    box, _results = search(page, site_url, query)
    assert box.locator("dt a").first.inner_text() == term


def test_glossary_results_name_their_entry(page, site_url):
    search(page, site_url, "jetsam")
    labels = page.locator('#search-results ul.search li > a[href*="#term-"]').all_inner_texts()
    assert "Glossary > jetsam" in labels and "Glossary > jetsam band" in labels


CORE_QUERIES = [
    # (query, glossary entry, the article that explains it)
    ("system call", "system call", "articles/bsd.html"),
    ("thread", "thread", "articles/scheduler.html"),
    ("file descriptor", "file descriptor", "articles/bsd.html"),
    ("page table", "page table", "articles/virtual-memory.html"),
    ("kernel panic", "kernel panic", "articles/apple-silicon.html"),
]


@pytest.mark.parametrize("query, term, article", CORE_QUERIES)
def test_core_kernel_words_find_their_entry_and_article_in_the_top_three(
        page, site_url, query, term, article):
    box, results = search(page, site_url, query)
    assert box.locator("dt a").first.inner_text() == term
    top = results[:3]
    assert any(href.startswith("glossary.html#term-") for href in top), results[:5]
    assert any(href.startswith(article) for href in top), results[:5]
