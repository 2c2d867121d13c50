"""Reading the real site in Chromium: previews, dark mode, no network, a11y, layout."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from inside_xnu.symbolpage import bucket
from sitebuild import BUILD, REPO

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
ARTICLE = "articles/mach-ports.html"
TERM_LINK = 'a[href*="#term-"]:not(.headerlink)'
PAGES = ["index.html", ARTICLE, "glossary.html", "subsystems/mach.html", "search.html?q=task"]


def open_page(browser, url, width=1280, scheme="light"):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.console_errors = []
    page.on("console", lambda m: page.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return context, page, requests


def test_search_box_on_the_landing_page_finds_a_term(browser, site_url):
    context, page, _ = open_page(browser, site_url + "index.html")
    page.fill("#xnu-search-input", "send right")
    page.press("#xnu-search-input", "Enter")
    page.wait_for_selector("#search-results ul.search li")
    assert "search.html?q=send+right" in page.url
    assert page.locator(".xnu-search-box dt a").first.inner_text() == "send right"
    context.close()


def test_term_preview_on_hover_and_keyboard_focus_and_escape(browser, site_url):
    context, page, _ = open_page(browser, site_url + ARTICLE)
    link = page.locator(TERM_LINK).nth(2)
    link.hover()
    preview = page.locator("#xnu-preview")
    preview.wait_for(state="visible")
    assert preview.locator(".xnu-preview-body").inner_text().strip()
    assert preview.locator(".xnu-preview-body a").count() >= 1  # links inside work
    page.mouse.move(0, 0)
    preview.wait_for(state="hidden")
    link.focus()
    preview.wait_for(state="visible")
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    context.close()


def test_alias_link_previews_the_full_entry(browser, site_url):
    """The first alias of a multi-term entry shows the whole definition."""
    context, page, _ = open_page(browser, site_url + "glossary.html")
    alias, primary = page.evaluate("""() => {
        const dt = document.querySelector('dl.glossary > dt + dt');
        return [dt.id, dt.previousElementSibling.firstChild.textContent.trim()];
    }""")
    context.close()
    context, page, _ = open_page(browser, site_url + ARTICLE)
    page.evaluate("""id => {
        const a = document.createElement('a');
        a.href = '../glossary.html#' + id; a.id = 'alias-probe';
        a.textContent = 'alias';
        document.querySelector('h1').after(a);
    }""", alias)
    page.hover("#alias-probe")
    preview = page.locator("#xnu-preview")
    preview.wait_for(state="visible")
    assert preview.locator(".xnu-preview-title").inner_text() == primary
    assert len(preview.locator(".xnu-preview-body").inner_text()) > 20
    context.close()


def test_dark_mode_switches_the_diagram_variant(browser, site_url):
    for scheme, visible in (("light", "only-light"), ("dark", "only-dark")):
        context, page, _ = open_page(browser, site_url + ARTICLE, scheme=scheme)
        figure = page.locator("figure.xnu-diagram").first
        assert figure.locator(f"img.{visible}").is_visible()
        hidden = "only-dark" if visible == "only-light" else "only-light"
        assert not figure.locator(f"img.{hidden}").is_visible()
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_machine(browser, site_url, path):
    context, page, requests = open_page(browser, site_url + path)
    link = page.locator(TERM_LINK)
    if link.count():
        link.first.hover()
        page.wait_for_timeout(600)
    hosts = {urlparse(url).hostname for url in requests if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, requests
    assert not any("mermaid" in url for url in requests)
    assert page.console_errors == []
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES)
def test_axe_reports_no_violations(browser, site_url, path, scheme):
    context, page, _ = open_page(browser, site_url + path, scheme=scheme)
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations"
                               ".map(v => v.id + ': ' + v.nodes.map(n => n.target).join(' | '))")
    assert violations == []
    context.close()


@pytest.mark.parametrize("path", ["index.html", ARTICLE, "glossary.html"])
def test_375px_wide_has_no_horizontal_scroll(browser, site_url, path):
    context, page, _ = open_page(browser, site_url + path, width=375)
    # Code blocks and wide tables scroll inside their own box; nothing else may.
    overflow = page.evaluate("""() => Array.from(document.querySelectorAll('article *'))
        .filter(e => !e.closest('pre, .highlight, .table-wrapper, table, .xnu-preview'))
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(e => e.tagName + '.' + e.className).slice(0, 5)""")
    assert overflow == []
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")
    context.close()


def test_screenshots_for_review(browser, site_url):
    folder = BUILD / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    for path, name in (("index.html", "landing"), (ARTICLE, "article")):
        for scheme, width in (("light", 1280), ("dark", 1280), ("light", 375)):
            context, page, _ = open_page(browser, site_url + path, width=width, scheme=scheme)
            target = folder / f"{name}-{scheme}-{width}.png"
            page.screenshot(path=str(target))
            assert target.stat().st_size > 10_000
            context.close()
    context, page, _ = open_page(browser, site_url + ARTICLE)
    page.locator(TERM_LINK).nth(2).hover()
    page.locator("#xnu-preview").wait_for(state="visible")
    page.screenshot(path=str(folder / "article-preview.png"))
    context.close()


def test_copy_button_copies_the_code_block(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + ARTICLE)
    block = page.locator("div.highlight").first
    block.hover()
    button = block.locator("button.copybtn")
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == block.locator("pre").inner_text().rstrip("\n")
    assert button.get_attribute("data-tooltip") == "Copied!"
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_article_prints_without_site_chrome_and_with_light_diagrams(browser, site_url, scheme):
    context, page, _ = open_page(browser, site_url + ARTICLE, scheme=scheme)
    page.emulate_media(media="print")
    page.locator(TERM_LINK).nth(2).focus()  # a preview open when printing stays off paper
    page.wait_for_timeout(400)
    painted = page.evaluate("""() => ['.sidebar-drawer', '.toc-drawer', '.mobile-header',
        '.skip-to-content', '.back-to-top', '.related-pages', 'button.copybtn', '#xnu-preview']
        .flatMap(s => Array.from(document.querySelectorAll(s)).map(e => [s, e]))
        .filter(([s, e]) => getComputedStyle(e).display !== 'none' && e.getClientRects().length)
        .map(([s]) => s)""")
    assert painted == []
    figure = page.locator("figure.xnu-diagram").first
    assert figure.locator("img.only-light").is_visible()
    assert not figure.locator("img.only-dark").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") > 10
    context.close()


def test_preview_fetches_only_the_terms_small_fragment(browser, site_url):
    context, page, requests = open_page(browser, site_url + ARTICLE)
    before = len(requests)
    with page.expect_response(lambda r: "/_static/xnu-previews/" in r.url) as response:
        page.locator(TERM_LINK).nth(2).hover()
    page.locator("#xnu-preview").wait_for(state="visible")
    assert len(response.value.body()) < 4_000
    assert not any("glossary.html" in url for url in requests[before:])
    context.close()


SYMBOL_LINK = 'a[href$="symbols.html#thread_invoke"]'


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_symbol_preview_shows_kind_declaration_and_source_line(browser, site_url, scheme):
    context, page, requests = open_page(browser, site_url + "articles/scheduler.html", scheme=scheme)
    before = len(requests)
    link = page.locator(SYMBOL_LINK).first
    link.scroll_into_view_if_needed()  # as a reader would: scrolling under a still mouse is not a hover
    page.wait_for_timeout(300)
    link.hover()
    preview = page.locator("#xnu-preview")
    preview.wait_for(state="visible")
    assert preview.locator(".xnu-preview-title code").inner_text() == "thread_invoke()"
    assert preview.locator(".xnu-preview-kind").inner_text().strip() == "function"
    body = preview.locator(".xnu-preview-body")
    assert "static boolean_t thread_invoke(" in body.inner_text()
    source = body.locator("a").first.get_attribute("href")
    assert source.startswith("https://github.com/apple-oss-distributions/xnu/blob/xnu-")
    assert "/osfmk/kern/sched_prim.c#L" in source
    fetched = [url for url in requests[before:] if "/_static/xnu-previews/" in url]
    assert fetched and fetched[-1].endswith(f"/sym-{bucket('thread_invoke')}.html")
    assert (BUILD / "html" / "_static" / "xnu-previews" / fetched[-1].rsplit("/", 1)[1]).stat().st_size < 16_000
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")
    link.focus()
    preview.wait_for(state="visible")
    assert page.locator(".xnu-preview-more a").inner_text().startswith("Every mention")
    assert page.console_errors == []
    context.close()


def test_search_words_are_highlighted_when_a_result_opens_the_page(browser, site_url):
    context, page, requests = open_page(browser, site_url + "articles/bsd.html?highlight=zombie")
    page.wait_for_selector("span.highlighted")
    assert page.locator("span.highlighted").first.inner_text().lower() == "zombie"
    assert page.console_errors == []
    context.close()
    # Without the parameter the highlight scripts are not loaded at all.
    context, page, requests = open_page(browser, site_url + "articles/bsd.html")
    assert not any(url.split("?")[0].endswith(("doctools.js", "sphinx_highlight.js")) for url in requests)
    context.close()
