"""The optimized site looks exactly like the unoptimized one.

``optimize.py`` purges CSS rules it believes unused and minifies CSS and JS.
A wrong guess would silently unstyle something, so this test builds the site
again with ``inside_xnu_optimize_assets = False`` and compares, in Chromium,
the computed style of every element and pseudo-element on key pages, in light
and dark mode, wide and narrow, and with a term preview open.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import serve
from sitebuild import REPO, built, sphinx_build

PAGES = ["index.html", "articles/mach-ports.html", "subsystems/mach.html",
         "search.html?q=task", "404.html"]
MODES = [(1280, "light"), (1280, "dark"), (375, "light")]
TERM_LINK = 'a[href*="#term-"]:not(.headerlink)'

# One hash per element and pseudo-element over its computed properties, so a
# page of thousands of elements comes back as numbers, not megabytes.
STYLE_HASHES = """() => {
  // Custom properties are left out: purging unused ones is the point, and a
  // used one that went missing shows up in the real properties it feeds.
  const props = Array.from(getComputedStyle(document.documentElement)).filter((p) => !p.startsWith("--"));
  const hash = (text) => { let h = 2166136261; for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); } return h >>> 0; };
  const out = [];
  document.querySelectorAll("*").forEach((el, index) => {
    for (const pseudo of [null, "::before", "::after"]) {
      const style = getComputedStyle(el, pseudo);
      out.push([index, pseudo, el.tagName + "." + el.className,
                hash(props.map((p) => style.getPropertyValue(p)).join(";"))]);
    }
  });
  return out;
}"""
STYLE_OF = """([index, pseudo]) => {
  const el = document.querySelectorAll("*")[index];
  const style = getComputedStyle(el, pseudo);
  return Object.fromEntries(Array.from(style).filter((p) => !p.startsWith("--"))
    .map((p) => [p, style.getPropertyValue(p)]));
}"""


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unoptimized")
    return sphinx_build(REPO / "source", out, "html", "-D", "inside_xnu_optimize_assets=0")


def styles(browser, url: str, width: int, scheme: str, preview: bool = False):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if "search.html" in url:
        # Results are added one by one and the glossary box fills in from
        # fragments: compare the finished page, not a moment of it.
        page.wait_for_function("document.querySelector('.search-summary')?.textContent")
        page.wait_for_load_state("networkidle")
    if preview:
        page.locator(TERM_LINK).nth(2).hover()
        page.locator("#xnu-preview").wait_for(state="visible")
    return context, page, page.evaluate(STYLE_HASHES)


def compare(browser, left: str, right: str, width: int, scheme: str, preview: bool = False):
    ctx_a, page_a, a = styles(browser, left, width, scheme, preview)
    ctx_b, page_b, b = styles(browser, right, width, scheme, preview)
    try:
        assert len(a) == len(b), f"{left}: element count differs"
        for one, two in zip(a, b, strict=True):
            if one != two:
                sa = page_a.evaluate(STYLE_OF, one[:2])
                sb = page_b.evaluate(STYLE_OF, two[:2])
                diff = {k: (sa.get(k), sb.get(k)) for k in sa | sb if sa.get(k) != sb.get(k)}
                pytest.fail(f"{left} ({width}px, {scheme}): {one[2]} {one[1] or ''} "
                            f"differs from the unoptimized site: {diff}")
    finally:
        ctx_a.close()
        ctx_b.close()


@pytest.mark.parametrize("path", PAGES)
def test_optimized_pages_compute_the_same_styles(browser, original, path):
    with serve(built("html")) as optimized, serve(original) as plain:
        for width, scheme in MODES:
            compare(browser, optimized + path, plain + path, width, scheme)


def test_open_preview_computes_the_same_styles(browser, original):
    path = "articles/mach-ports.html"
    with serve(built("html")) as optimized, serve(original) as plain:
        for scheme in ("light", "dark"):
            compare(browser, optimized + path, plain + path, 1280, scheme, preview=True)


def test_optimized_assets_are_smaller(original):
    for name in ("styles/furo.css", "copybutton.js", "xnu-previews.js"):
        small = (built("html") / "_static" / name).stat().st_size
        large = (original / "_static" / name).stat().st_size
        assert small < 0.8 * large, name
