"""The real site's HTML: landing page, articles, glossary, term links."""

from __future__ import annotations

import re
import subprocess
import sys
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from sitebuild import BUILD, REPO, article_sources, built, front_matter, seed_articles, title


def soup(*parts: str) -> BeautifulSoup:
    return BeautifulSoup(built("html", *parts).read_text("utf-8"), "html.parser")


def test_landing_page_has_a_real_search_form():
    page = soup("index.html")
    form = page.select_one("form.xnu-search")
    assert form is not None and form["action"] == "search.html" and form["method"] == "get"
    assert form.select_one('input[name="q"]') is not None
    assert "Search articles, subsystems, glossary terms and kernel symbols." in form.get_text()


def test_cards_show_the_seeds_eleven_in_its_order_then_the_newer_articles():
    seed = seed_articles()
    by_title = {title(path): path for path in article_sources()}
    newer = sorted((front_matter(p)["order"], title(p), front_matter(p)["blurb"])
                   for t, p in by_title.items() if t not in dict(seed))
    expected = seed + [(t, b) for _order, t, b in newer]
    cards = soup("index.html").select(".xnu-card")
    shown = [(c.select_one(".sd-card-title").get_text(strip=True),
              c.select_one(".sd-card-text").get_text(strip=True)) for c in cards]
    assert shown == expected
    for card in cards:
        href = card.select_one("a.sd-stretched-link")["href"]
        assert (BUILD / "html" / href).is_file()


def test_seed_articles_keep_the_seeds_blurb_and_place_and_newer_ones_come_after():
    seed = dict(seed_articles())
    orders = {t: n for n, (t, _b) in enumerate(seed_articles(), start=1)}
    assert set(seed) <= {title(p) for p in article_sources()}, "a seed article is missing"
    for path in article_sources():
        heading, meta = title(path), front_matter(path)
        if heading in seed:
            assert meta["blurb"] == seed[heading], path
            assert meta["order"] == orders[heading], path
        else:
            assert meta["order"] > len(seed), f"{path}: newer articles follow the seed's eleven"


def test_mach_ports_article_exists():
    page = soup("articles", "mach-ports.html")
    assert page.h1.get_text().startswith("Mach ports: how every macOS process")


def test_every_term_link_lands_on_a_glossary_entry():
    entries = {dt["id"] for dt in soup("glossary.html").select("dl.glossary > dt[id]")}
    links = 0
    for path in sorted(built("html").rglob("*.html")):
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert not page.select("span.std-term"), f"{path}: a term reference did not resolve"
        for link in page.select('a[href*="#term-"]:not(.headerlink)'):
            target = urljoin(path.relative_to(built("html")).as_posix(), link["href"])
            page_name, _, anchor = target.partition("#")
            assert page_name == "glossary.html" and anchor in entries, f"{path}: {link}"
            links += 1
    assert links > 3000


def test_pages_load_copy_button_scripts_only_with_code_and_never_clipboard_js():
    article = soup("articles", "mach-ports.html")
    scripts = [s["src"].split("?")[0] for s in article.select("script[src]")]
    assert "../_static/copybutton.js" in scripts and "../_static/xnu-clipboard.js" in scripts
    for page in (article, soup("glossary.html"), soup("index.html")):
        assert not any("clipboard.min.js" in s.get("src", "") for s in page.select("script"))
    glossary = [s["src"] for s in soup("glossary.html").select("script[src]")]
    assert not any("copybutton" in s for s in glossary)


def test_no_glossary_entry_is_empty():
    page = soup("glossary.html")
    entries = page.select("dl.glossary > dt")
    assert len(entries) >= 25
    for dt in entries:
        assert dt.get_text(strip=True).strip("¶"), dt
        dd = dt.find_next_sibling("dd")
        assert dd is not None and len(dd.get_text(strip=True)) > 20, dt


def test_html_build_is_warning_free_under_w_n(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", "-q",
         "-d", str(tmp_path / "doctrees"), "-D",
         f"inside_xnu_diagram_cache={BUILD / 'doctrees' / 'diagram-cache'}",
         str(REPO / "source"), str(tmp_path / "html")],
        capture_output=True, text=True, cwd=REPO,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.search(r"xnu", (tmp_path / "html" / "index.html").read_text())


def test_articles_do_not_load_unused_design_assets():
    article = built("html", "articles", "mach-ports.html").read_text("utf-8")
    assert "sphinx-design" not in article and "design-tabs" not in article
    assert "sphinx-design" in built("html", "index.html").read_text("utf-8")


def test_every_subsystem_page_lists_articles_and_terms():
    for page in sorted(built("html", "subsystems").glob("*.html")):
        html = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        articles = html.select(".xnu-articles li a")
        terms = html.select(".xnu-terms a")
        assert articles and terms, page.name


def test_no_page_loads_scripts_or_styles_from_another_host():
    for path in sorted(built("html").rglob("*.html")):
        page = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        for tag in page.select("script[src], link[rel=stylesheet], link[rel=preload]"):
            url = tag.get("src") or tag.get("href")
            assert "://" not in url and not url.startswith("//"), (path.name, url)
        for script in page.select("script:not([src])"):
            assert "https://" not in script.get_text(), path.name


def test_open_graph_sitemap_and_404_derive_from_html_baseurl():
    base = "https://inside-xnu.readthedocs.io/en/latest/"
    for path in article_sources():
        page = soup("articles", f"{path.stem}.html")
        description = page.select_one('meta[property="og:description"]')["content"]
        assert description == front_matter(path)["blurb"]
        assert page.select_one('meta[property="og:url"]')["content"].startswith(base)
    sitemap = built("html", "sitemap.xml").read_text("utf-8")
    for path in article_sources():
        assert f"<loc>{base}articles/{path.stem}.html</loc>" in sitemap
    missing = soup("404.html")
    assert missing.select_one('form[role="search"] input[name="q"]') is not None


def test_every_internal_link_and_anchor_resolves():
    sys.path.insert(0, str(REPO / "scripts"))
    from check_links import check

    broken, external = check(built("html"))
    assert broken == []
    assert any("github.com/apple-oss-distributions/xnu/blob/" in url for url in external)


GENERATED_PAGES = ["index.html", "subsystems.html", "glossary.html",
                   *(f"subsystems/{p.stem}.html" for p in sorted((REPO / "source" / "subsystems").glob("*.md")))]
# Content written from other pages' data; a card is one link, so it is exempt.
GENERATED_REGIONS = (".xnu-generated, .xnu-overview-item, .xnu-subsystem-description, "
                     ".xnu-used-in, .xnu-az")


def test_generated_pages_have_no_unlinked_term_mentions():
    sys.path.insert(0, str(REPO / "extensions"))
    from inside_xnu.fixterms import glossary_terms
    from inside_xnu.matcher import TermMatcher

    matcher = TermMatcher(t for path in sorted((REPO / "source" / "_glossary").glob("*.md"))
                          for t in glossary_terms(path.read_text("utf-8")))
    unlinked, linked = [], 0
    for name in GENERATED_PAGES:
        page = soup(*name.split("/"))
        regions = [r for r in page.select(GENERATED_REGIONS) if not r.find_parent(class_="xnu-cards")]
        assert regions or name == "index.html", f"{name}: no generated content found"
        for region in regions:
            linked += len(region.select('a[href*="#term-"]'))
            for tag in region.select("a, code, .rubric, h1, h2, h3"):
                tag.decompose()
            unlinked += [(name, m.text) for m in matcher.finditer(region.get_text(" "))]
    assert unlinked == []
    assert linked > 100  # descriptions, blurbs, term lists and the A-Z index link their terms
