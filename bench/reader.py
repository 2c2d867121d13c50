"""Reader-side budget: page weights, Lighthouse scores, search latency.

Serves build/html on 127.0.0.1 and measures, with the system Chromium:
  * the bytes each page loads (HTML + CSS + JS + images, uncompressed, no
    fonts; 1 KB = 1,024 bytes, as Lighthouse counts) for the landing page and
    every article, against the 200 KB budget of issue #10;
  * Lighthouse mobile scores (Performance, Accessibility, Best Practices,
    SEO; median of three runs) for the landing page and the heaviest article;
  * search latency: from the Enter keydown on the landing page to the
    first result painted, timed in the pages (see PAGE_TIMER), with the
    search page's response, DOMContentLoaded and first result inserted on
    the way; medians of 15 rounds of four queries (files served cacheable
    for 10 minutes, so the figure does not depend on the build's age);
  * the search data the search page loads (scripts that are data, not code);
  * the top results of reader queries: typos, partial multi-word queries,
    questions, queries that used to list a page twice, section answers.
Prints a table and writes bench/results/reader.json. Asserts nothing.
Usage: .venv/bin/python bench/reader.py [--no-lighthouse]   (after `make html`)
         --no-lighthouse  page weights and search latency only (seconds, not minutes)
       .venv/bin/python bench/reader.py --search [--html DIR[,DIR...]]   (search only, no
         Lighthouse; several directories are timed in turn, round by round)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
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


# Timestamps taken in the pages themselves, on one clock (timeOrigin + now):
# the Enter keydown on the landing page (kept in sessionStorage across the
# navigation) and, on search.html, the first result inserted and the frame
# that paints it (a task queued from the next animation frame runs once that
# frame's style, layout and paint are done). Playwright's own round trips
# (the press, polling for the selector, a further evaluate) stay out of the
# figure; they added 40-50 ms to the driver-side measure used before.
PAGE_TIMER = r"""
(() => {
  if (!location.pathname.endsWith("search.html")) {
    document.addEventListener("keydown", (e) => {
      if (e.key === "Enter") sessionStorage.setItem("xnu-enter", String(performance.timeOrigin + e.timeStamp));
    }, true);
    return;
  }
  const marks = (window.__xnuMarks = {});
  const mark = (name) => { if (!(name in marks)) marks[name] = performance.now(); };
  document.addEventListener("DOMContentLoaded", () => mark("dcl"));
  new MutationObserver(() => {
    if ("inserted" in marks || !document.querySelector("#search-results ul.search li")) return;
    mark("inserted");
    requestAnimationFrame(() => setTimeout(() => mark("painted"), 0));
  }).observe(document, { subtree: true, childList: true });
})();
"""
PHASES = ("response", "domcontentloaded", "inserted", "painted")


def search_latency(browser, bases: list[str], queries=("send right",), runs: int = 15) -> list[dict]:
    """For each site in ``bases`` (measured in turn, round by round, so that
    sites compared share the machine's load): medians, in ms from the Enter
    keydown on the landing page, of the search page's response end,
    DOMContentLoaded, first result inserted and first result painted, over
    ``runs`` rounds of ``queries``; and the driver-side figure measured the
    way it was before (press to selector, then a frame)."""
    pages = []
    for base in bases:
        page = browser.new_page()
        page.add_init_script(PAGE_TIMER)
        page.goto(base + "search.html?q=warm")  # the site's files in the cache
        page.wait_for_selector("#search-results ul.search li")
        pages.append(page)
    timings = [{name: [] for name in (*PHASES, "driver_side")} for _ in bases]
    loads = []
    for _ in range(runs):
        loads.append(os.getloadavg()[0])
        for page, base, timing in zip(pages, bases, timings, strict=True):
            for query in queries:
                page.goto(base + "index.html")
                page.fill("#xnu-search-input", query)
                start = page.evaluate("performance.timeOrigin + performance.now()")
                page.press("#xnu-search-input", "Enter")
                page.wait_for_selector("#search-results ul.search li")
                seen = page.evaluate("""() => new Promise(r => requestAnimationFrame(
                    () => r(performance.timeOrigin + performance.now())))""")
                timing["driver_side"].append(seen - start)
                page.wait_for_function("window.__xnuMarks && 'painted' in window.__xnuMarks")
                got = page.evaluate("""() => {
                    const enter = Number(sessionStorage.getItem("xnu-enter")) - performance.timeOrigin;
                    const nav = performance.getEntriesByType("navigation")[0];
                    const m = window.__xnuMarks;
                    return [nav.responseEnd, m.dcl, m.inserted, m.painted].map((t) => t - enter);
                }""")
                for name, value in zip(PHASES, got, strict=True):
                    timing[name].append(value)
    for page in pages:
        page.close()
    return [{**{name: round(statistics.median(values), 1) for name, values in timing.items()},
             "samples": len(timing["painted"]), "load_average": round(statistics.median(loads), 2)}
            for timing in timings]


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


LATENCY_QUERIES = ("send right", "jetsam", "how does fork work", "thread_invoke")


def print_latency(latency: dict) -> None:
    print(f"search, ms from Enter on the landing page (median of {latency['samples']}: "
          f"{', '.join(LATENCY_QUERIES)}; load average {latency['load_average']}):")
    print(f"    response {latency['response']}, DOMContentLoaded {latency['domcontentloaded']}, "
          f"first result inserted {latency['inserted']}, first result painted {latency['painted']} "
          f"(budget 100)")
    print(f"    driver-side (Playwright press to selector + frame, the measure before): "
          f"{latency['driver_side']}")


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
    """``--search [--html DIR[,DIR...]]``: DIR (default build/html); several
    directories (e.g. a copy of an older build) are timed round by round in
    the same minutes, for a fair before/after."""
    dirs = ([Path(d) for d in sys.argv[sys.argv.index("--html") + 1].split(",")]
            if "--html" in sys.argv else [REPO / "build" / "html"])
    with ExitStack() as stack:
        browser = stack.enter_context(chromium())
        bases = [stack.enter_context(serve(d)) for d in dirs]
        cached = [stack.enter_context(serve(d, max_age=CACHE_SECONDS)) for d in dirs]
        data = [search_data_bytes(base, browser) for base in bases]
        latency = search_latency(browser, cached, LATENCY_QUERIES)
        for query in QUERIES:
            found = search_results(browser, bases[-1], query)
            print(f"\n{query!r}: {found['count']} results {found['note']}")
            for label, href in found["top"]:
                print(f"    {label}  ->  {href}")
    for folder, sizes, timing in zip(dirs, data, latency, strict=True):
        print(f"\n{folder}:")
        for name, size in sizes.items():
            print(f"search data {name}: {size / 1024:.1f} KB")
        print(f"search data total: {sum(sizes.values()) / 1024:.1f} KB")
        print_latency(timing)


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
        results["search_latency"] = search_latency(browser, [cached], LATENCY_QUERIES)[0]
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
    print_latency(results["search_latency"])
    print(f"search data loaded by search.html: {sum(results['search_data'].values()) / 1024:.1f} KB")
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "reader.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
