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
    ("kernel panic", "kernel panic", "articles/panics.html"),
]


@pytest.mark.parametrize("query, term, article", CORE_QUERIES)
def test_core_kernel_words_find_their_entry_and_article_in_the_top_three(
        page, site_url, query, term, article):
    box, results = search(page, site_url, query)
    assert box.locator("dt a").first.inner_text() == term
    top = results[:3]
    assert any(href.startswith("glossary.html#term-") for href in top), results[:5]
    assert any(href.startswith(article) for href in top), results[:5]

# -- issue 21: typos, partial multi-word queries, questions, sections ---------

def labels(page):
    return page.locator("#search-results ul.search li > a").all_inner_texts()


def note(page):
    return " ".join(page.locator(".xnu-search-note").all_inner_texts())


@pytest.mark.parametrize("typed, meant, first", [
    ("jetsm", "jetsam", "glossary.html#term-jetsam"),
    ("turnstyle", "turnstile", "glossary.html#term-turnstile"),
    ("vnoed", "vnode", "glossary.html#term-vnode"),  # two letters swapped
    ("schedular", "scheduler", None),
])
def test_a_typo_shows_the_results_for_the_nearest_word(page, site_url, typed, meant, first):
    _box, results = search(page, site_url, typed)
    assert f"Showing results for {meant}" in note(page)
    if first:
        assert results[0] == first, results[:5]
        assert page.locator(".xnu-search-box dt a").first.inner_text() == meant


def test_a_typo_in_one_word_of_two_keeps_the_other(page, site_url):
    search(page, site_url, "sned right")
    assert "Showing results for send right" in note(page)
    assert page.locator(".xnu-search-box dt a").first.inner_text() == "send right"


def test_the_literal_query_is_one_click_away(page, site_url):
    search(page, site_url, "jetsm")
    page.get_by_role("link", name="jetsm").click()
    page.wait_for_selector(".search-summary:not(:empty)")
    assert "literal=1" in page.url
    assert "Showing results for" not in note(page)
    assert page.locator("#search-results ul.search li").count() == 0


def test_known_words_and_short_words_are_never_corrected(page, site_url):
    search(page, site_url, "vnode")
    assert note(page) == ""
    page.goto(f"{site_url}search.html?q=xyz")  # three letters: too short to guess
    page.wait_for_selector(".search-summary:not(:empty)")
    assert "Showing results for" not in note(page)


@pytest.mark.parametrize("query, best, missing", [
    ("priority flibbertigibbet", "articles/scheduler.html", "flibbertigibbet"),
    ("jetsam flibbertigibbet", "glossary.html#term-jetsam", "flibbertigibbet"),
])
def test_a_query_with_a_word_found_nowhere_lists_pages_with_the_others(
        page, site_url, query, best, missing):
    _box, results = search(page, site_url, query)
    assert "No page has every word" in note(page) and missing in note(page)
    assert results[0].startswith(best), results[:5]


def test_pages_with_more_of_the_words_come_first(page, site_url):
    # no page has all three; the scheduler article has "priority" and "turnstile"
    _box, results = search(page, site_url, "turnstile priority zzyzx")
    assert results[0].startswith(("articles/scheduler.html", "glossary.html")), results[:5]


# The BSD article's section on process creation, or its "fork copies a process" part.
FORK = ("articles/bsd.html#how-are-processes-created-fork-exec-and-posix-spawn",
        "articles/bsd.html#fork-copies-a-process")


@pytest.mark.parametrize("query, first, also", [
    ("how does fork work", FORK, None),
    ("how does fork work?", FORK, None),
    ("what is a dext", ("glossary.html#term-dext",), "articles/driverkit.html"),
    ("what is a vnode?", ("glossary.html#term-vnode",), "articles/bsd.html"),
    ("why does a process get killed",
     ("articles/security.html#what-kills-a-process-page-validation-at-fault-time",), None),
])
def test_question_words_do_not_decide_the_ranking(page, site_url, query, first, also):
    _box, results = search(page, site_url, query)
    assert results[0] in first, results[:5]
    if also:
        assert any(href.startswith(also) for href in results[1:3]), results[:5]


DUPLICATE_QUERIES = ["sandbox", "code signing", "fork", "send right", "jetsam", "copy on write",
                     "task", "page fault", "signal"]


@pytest.mark.parametrize("query", DUPLICATE_QUERIES)
def test_no_page_appears_twice(page, site_url, query):
    _box, results = search(page, site_url, query)
    pages = [href.split("#")[0] for href in results if "#term-" not in href]
    entries = [href for href in results if "#term-" in href]
    assert len(pages) == len(set(pages)), results
    assert len(entries) == len(set(entries)), results
    # a page that has glossary-entry results gets no page-level result besides
    assert not {href.split("#")[0] for href in entries} & set(pages), results


def test_an_alias_and_its_term_are_one_result(page, site_url):
    # "jetsam band" and its alias "jetsam priority" are one glossary entry
    search(page, site_url, "jetsam")
    found = labels(page)
    assert found.count("Glossary > jetsam band") == 1, found


@pytest.mark.parametrize("query, label, href", [
    ("fork", "The BSD personality: how XNU pretends to be Unix > fork copies a process",
     "articles/bsd.html#fork-copies-a-process"),
    ("jetsam bands", None, "articles/virtual-memory.html#jetsam-bands"),
])
def test_a_result_links_to_the_section_that_answers(page, site_url, query, label, href):
    _box, results = search(page, site_url, query)
    articles = [h for h in results if h.startswith("articles/")]
    assert articles[0] == href, results[:5]
    if label:
        assert label in labels(page)


def test_section_results_point_at_real_headings(page, site_url):
    """Every section a result names exists on its page, under that heading."""
    search(page, site_url, "copy on write")
    links = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.textContent])")
    checked = 0
    for href, label in links[:6]:
        if "#" not in href or "#term-" in href:
            continue
        path, anchor = href.split("#")
        page.goto(site_url + path)
        heading = page.locator(f'section[id="{anchor}"] > :is(h1,h2,h3,h4)').first
        assert label.endswith(" > " + heading.inner_text().rstrip("#").strip()), (href, label)
        checked += 1
    assert checked >= 3


def fake_symbols(route, names):
    """searchindex.js with kernel symbols as Sphinx domain objects, as the symbol
    index will write them: ``objects[prefix] = [[doc, objtype, prio, anchor, name]]``,
    written in the site's compact form (``searchindex.py``)."""
    from inside_xnu.searchindex import COMPACT

    index = COMPACT.loads(route.fetch().text())
    doc = index["docnames"].index("articles/scheduler")
    index["objnames"] = {"0": ["xnu", "function", "function"], "1": ["xnu", "struct", "struct"]}
    index["objtypes"] = {"0": "xnu:function", "1": "xnu:struct"}
    index["objects"] = {"": [[doc, 0, 1, "-", name] for name in names]}
    route.fulfill(body=COMPACT.dumps(index), content_type="text/javascript")


SYMBOLS = ["thread_invoke", "thread_block", "thread_block_reason", "ipc_kmsg_send", "vm_fault_enter"]


def test_an_exact_symbol_name_puts_its_object_first(page, site_url):
    page.route("**/searchindex.js", lambda route: fake_symbols(route, SYMBOLS))
    _box, results = search(page, site_url, "thread_block")
    assert results[0] == "articles/scheduler.html#function-thread_block", results[:5]
    # the partial match is its own result too: objects are entries, not pages
    assert "articles/scheduler.html#function-thread_block_reason" in results


def test_symbols_join_the_did_you_mean_vocabulary(page, site_url):
    page.route("**/searchindex.js", lambda route: fake_symbols(route, SYMBOLS))
    _box, results = search(page, site_url, "vm_fault_entr")
    assert "Showing results for vm_fault_enter" in note(page)
    assert results[0] == "articles/scheduler.html#function-vm_fault_enter", results[:5]


SEARCH_DATA = ("searchindex.js", "xnu-terms.js")
BUDGET = 250 * 1024
SYMBOL_BUDGET = 1400  # kernel symbols the guide will index (issue 21)


def test_search_data_stays_within_budget_and_nothing_leaves_the_site(page, site_url):
    import json
    import re

    from sitebuild import built

    sizes, foreign = {}, []

    def on_request(request):
        if not request.url.startswith(site_url):
            foreign.append(request.url)

    page.on("request", on_request)
    page.on("response", lambda r: sizes.__setitem__(r.url.split("?")[0], len(r.body()))
            if r.url.split("?")[0].endswith(SEARCH_DATA) else None)
    for query in ("jetsm", "priority inversion", "what is a dext", "sandbox"):
        search(page, site_url, query)
        page.wait_for_load_state("networkidle")
    assert not foreign
    assert set(sizes) == {site_url + "searchindex.js", site_url + "_static/xnu-terms.js"}
    # room for the kernel symbols: what Sphinx writes for 1,400 objects named
    # like the identifiers the articles quote (objects are not indexed yet)
    names = sorted({m.group(1) for path in (built("html") / "articles").glob("*.html")
                    for m in re.finditer(r'<code class="literal[^"]*">([A-Za-z_]\w{2,})(?:\(\))?</code>',
                                         path.read_text())})[:SYMBOL_BUDGET]
    index = page.evaluate("Search._index")
    if not index["objects"]:
        docs = len(index["docnames"])
        objects = {"": [[i % docs, i % 5, 1, "-", name] for i, name in enumerate(names)]}
        symbols = len(json.dumps(objects, separators=(",", ":")))
    else:
        symbols = 0
    assert sum(sizes.values()) + symbols <= BUDGET, (sizes, symbols)


def test_priority_inversion_leads_to_its_entry_and_the_scheduler(page, site_url):
    _box, results = search(page, site_url, "priority inversion")
    assert results[0] == "glossary.html#term-priority-inversion", results[:5]
    assert any(href.startswith("articles/scheduler.html") for href in results[:3]), results[:5]


def test_the_browser_expands_the_compact_index_to_what_sphinx_wrote(page, site_url):
    """searchindex.js is written compactly (searchindex.py); what searchtools.js
    receives in Search.setIndex is exactly Sphinx's structure."""
    from inside_xnu.searchindex import COMPACT, PREFIX
    from sitebuild import built

    text = (built("html") / "searchindex.js").read_text()
    assert text.startswith(PREFIX)
    search(page, site_url, "fork")
    assert page.evaluate("Search._index") == COMPACT.loads(text)
