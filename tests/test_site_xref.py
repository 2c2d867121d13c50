"""The real site's source cross-reference: coverage, targets, books and search."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from sitebuild import REPO, built

sys.path.insert(0, str(REPO / "extensions"))
from inside_xnu.symbols import SymbolIndex, parse  # noqa: E402

INDEX = SymbolIndex.load(REPO / "source" / "_data" / "xnu-symbols.json")
TAG = re.search(r'(?m)^xnu_tag = "([^"]+)"', (REPO / "source" / "conf.py").read_text()).group(1)
NOT_PROSE = ("pre", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "nav", "dt")


def article_pages() -> list[Path]:
    return sorted(built("html", "articles").glob("*.html"))


def prose_code(page: Path):
    """(code text, href of the link around it or None) for inline code in the article body."""
    article = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article")
    for code in article.find_all("code"):
        if code.find_parent(NOT_PROSE) is None:
            link = code.find_parent("a")
            yield code.get_text(), link["href"] if link is not None else None


def test_index_matches_the_pinned_tag_and_holds_over_a_thousand_symbols():
    assert INDEX.tag == TAG
    assert len(INDEX.symbols) >= 1000
    assert list(INDEX.broken_lines()) == []  # every recorded line holds its name


def test_every_article_mention_of_an_indexed_symbol_links_to_its_entry():
    mentions = linked = 0
    for page in article_pages():
        for text, href in prose_code(page):
            mention = parse(text)
            symbol = INDEX.resolve(mention) if mention else None
            if symbol is None:
                continue
            mentions += 1
            if href == f"../symbols.html#{symbol.anchor}":
                linked += 1
    assert mentions >= 2000
    assert linked / mentions >= 0.99, (linked, mentions)


def test_every_symbol_link_lands_on_an_entry_whose_source_link_is_pinned():
    listing = BeautifulSoup(built("html", "symbols.html").read_text("utf-8"), "html.parser")
    entries = {dt["id"]: dt for dt in listing.select("dl.xnu-symbols > dt[id]")}
    assert len(entries) >= 1000
    for page in article_pages():
        for _text, href in prose_code(page):
            if href and "symbols.html#" in href:
                assert href.split("#", 1)[1] in entries, (page.name, href)
    by_anchor = {symbol.anchor: symbol for symbol in INDEX.symbols.values()}
    for anchor, dt in entries.items():
        symbol = by_anchor[anchor]
        source = dt.find_next_sibling("dd").select_one(".xnu-symbol-source a")["href"]
        assert source == (f"https://github.com/apple-oss-distributions/xnu/blob/{TAG}/"
                          f"{symbol.path}#L{symbol.line}")


def test_no_article_types_a_line_number():
    for path in (REPO / "source").rglob("*.md"):
        assert not re.search(r"#L\d", path.read_text("utf-8")), path


def test_pdf_and_epub_carry_the_kernel_symbols_listing():
    text = subprocess.run(["pdftotext", str(built("pdf", "inside-xnu.pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert "Kernel symbols" in text
    assert text.count("Defined at") >= 1000
    epub = next(built("epub").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        listing = archive.read("symbols.xhtml").decode("utf-8")
    assert listing.count('<dt id="') >= 1000


@pytest.mark.parametrize("query", ["thread_invoke", "ipc_kmsg_send", "vm_fault_enter"])
def test_searching_a_symbol_name_finds_its_entry_or_a_section_on_it(page, site_url, query):
    page.goto(f"{site_url}search.html?q={quote(query)}")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    results = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    assert any(href.startswith(f"symbols.html#{query}") for href in results[:3]), results[:5]
