"""Reader-side budget: page weights, Lighthouse scores, search latency.

Serves build/html on 127.0.0.1 and measures, with the system Chromium:
  * the bytes each page loads (HTML + CSS + JS + images, uncompressed, no
    fonts; 1 KB = 1,024 bytes, as Lighthouse counts) for the landing page and
    every article, against the 200 KB budget of issue #10;
  * Lighthouse mobile scores (Performance, Accessibility, Best Practices,
    SEO; median of three runs) for the landing page and the heaviest article;
  * time from submitting a term query to the first result painted (files
    served cacheable for 10 minutes, so the figure does not depend on the
    build's age);
  * the search data the search page loads (scripts that are data, not code);
  * the top results of reader queries: typos, partial multi-word queries,
    questions, queries that used to list a page twice, section answers.
Prints a table and writes bench/results/reader.json. Asserts nothing.
Usage: .venv/bin/python bench/reader.py [--no-lighthouse]   (after `make html`)
         --no-lighthouse  page weights and search latency only (seconds, not minutes)
       .venv/bin/python bench/reader.py --search [--html DIR]   (search only, no Lighthouse)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import chromium, require_chromium, serve  # noqa: E402

PAGES = ["index.html"] + sorted(
    f"articles/{p.name}" for p in (REPO / "build" / "html" / "articles").glob("*.html"))
BUDGET_KB = 200
LIGHTHOUSE_RUNS = 3
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
FONT_TYPES = ("font",)


def page_weight(browser, url: str) -> dict:
    page = browser.new_page()
    sizes: dict[str, int] = {}
    scripts: list[str] = []

    def on_response(response):
        kind = response.request.resource_type
        if kind in FONT_TYPES:
            return
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # redirects and aborted requests carry no body
            return
        if kind == "script":
            scripts.append(response.url)

    page.on("response", on_response)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.close()
    return {"bytes": sum(sizes.values()), "requests": len(sizes),
            "diagram_js": any("mermaid" in s for s in scripts)}


def lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
             "--form-factor=mobile", "--screenEmulation.mobile",
             "--only-categories=performance,accessibility,best-practices,seo",
             "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run "
             "--disable-background-networking --disable-component-update --disable-sync"],
            check=True, env={**os.environ, "CHROME_PATH": require_chromium()},
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        categories = json.loads(report.read_text())["categories"]
    return {name: round(value["score"] * 100) for name, value in categories.items()}


def search_latency(browser, base: str, query: str = "send right", runs: int = 5) -> float:
    page = browser.new_page()
    page.goto(base + "index.html")
    timings = []
    for _ in range(runs):
        page.goto(base + "index.html")
        page.fill("#xnu-search-input", query)
        page.evaluate("window.__t0 = performance.timeOrigin + performance.now()")
        start = page.evaluate("window.__t0")
        page.press("#xnu-search-input", "Enter")
        page.wait_for_selector("#search-results ul.search li")
        painted = page.evaluate("""() => new Promise(r => requestAnimationFrame(
            () => r(performance.timeOrigin + performance.now())))""")
        timings.append(painted - start)
    page.close()
    return statistics.median(timings)


# The search timing is taken with the site's files cacheable for this long, as
# a static host serves them: without it Chromium revalidates every file of a
# build younger than a few minutes (heuristic freshness) and the same site
# measures 20-40 ms slower right after `make html` than ten minutes later.
CACHE_SECONDS = 600
SEARCH_DATA = ("searchindex.js", "_static/xnu-terms.js")
QUERIES = [
    "jetsm", "turnstyle", "prority inversion", "priority inversion", "how does fork work",
    "what is a dext", "why does a process get killed", "sandbox", "code signing", "fork",
    "send right", "copy on write",
]


def search_data_bytes(base: str, browser) -> dict:
    """Bytes of every search-data script search.html loads (uncompressed)."""
    page = browser.new_page()
    sizes: dict[str, int] = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body()))
            if any(r.url.split("?")[0].endswith(name) for name in SEARCH_DATA) else None)
    page.goto(base + "search.html?q=task")
    page.wait_for_selector("#search-results ul.search li")
    page.wait_for_load_state("networkidle")
    page.close()
    return {url.split("?")[0].removeprefix(base): size for url, size in sorted(sizes.items())}


def search_results(browser, base: str, query: str, top: int = 5) -> dict:
    page = browser.new_page()
    page.goto(base + "search.html?q=" + query.replace(" ", "+"))
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=5000)
    except Exception:
        pass
    page.wait_for_function("document.querySelector('.search-summary')?.textContent")
    links = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => [a.textContent, a.getAttribute('href')])")
    note = page.locator(".xnu-search-note").all_inner_texts()
    page.close()
    return {"note": " ".join(note), "top": links[:top], "count": len(links)}


def search_only() -> None:
    """``--search [--html DIR]``: DIR (default build/html) lets a copy of an
    older build be measured at the same moment, for a fair before/after."""
    html = Path(sys.argv[sys.argv.index("--html") + 1]) if "--html" in sys.argv else REPO / "build" / "html"
    with serve(html) as base, serve(html, max_age=CACHE_SECONDS) as cached, chromium() as browser:
        data = search_data_bytes(base, browser)
        ms = round(search_latency(browser, cached), 1)
        for query in QUERIES:
            found = search_results(browser, base, query)
            print(f"\n{query!r}: {found['count']} results {found['note']}")
            for label, href in found["top"]:
                print(f"    {label}  ->  {href}")
    print()
    for name, size in data.items():
        print(f"search data {name}: {size / 1024:.1f} KB")
    print(f"search data total: {sum(data.values()) / 1024:.1f} KB")
    print(f"search: submit to first result painted (median of 5): {ms} ms")


def main() -> None:
    if "--search" in sys.argv:
        search_only()
        return
    skip_lighthouse = "--no-lighthouse" in sys.argv[1:]
    results: dict = {"pages": {}, "lighthouse": {}}
    html = REPO / "build" / "html"
    with serve(html) as base, serve(html, max_age=CACHE_SECONDS) as cached, chromium() as browser:
        for path in PAGES:
            results["pages"][path] = page_weight(browser, base + path)
        results["search_ms"] = round(search_latency(browser, cached), 1)
        results["search_data"] = search_data_bytes(base, browser)
        results["search_queries"] = {q: search_results(browser, base, q) for q in QUERIES}
        articles = [p for p in PAGES if p.startswith("articles/")]
        heaviest = max(articles, key=lambda p: results["pages"][p]["bytes"])
        for path in () if skip_lighthouse else ("index.html", heaviest):
            runs = [lighthouse(base + path) for _ in range(LIGHTHOUSE_RUNS)]
            results["lighthouse"][path] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(f"{'page':<40}{'KB loaded':>10}{'requests':>10}{'diagram JS':>12}{'budget':>8}")
    for path, weight in results["pages"].items():
        kb = weight["bytes"] / 1024
        print(f"{path:<40}{kb:>10.1f}{weight['requests']:>10}"
              f"{'yes' if weight['diagram_js'] else 'no':>12}{'ok' if kb <= BUDGET_KB else 'OVER':>8}")
    print()
    for path, scores in results["lighthouse"].items():
        print(f"Lighthouse mobile {path}: " + ", ".join(f"{k} {v}" for k, v in scores.items()))
    print(f"search: submit to first result painted (median of 5): {results['search_ms']} ms")
    print(f"search data loaded by search.html: {sum(results['search_data'].values()) / 1024:.1f} KB")
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "reader.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
