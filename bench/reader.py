"""Reader-side budget: page weights, Lighthouse scores, search latency.

Serves build/html on 127.0.0.1 and measures, with the system Chromium:
  * the bytes each page loads (HTML + CSS + JS + images, uncompressed, no
    fonts; 1 KB = 1,024 bytes, as Lighthouse counts) for the landing page and
    every article, against the 200 KB budget of issue #10;
  * Lighthouse mobile scores (Performance, Accessibility, Best Practices,
    SEO; median of three runs) for the landing page and the heaviest article;
  * time from submitting a term query to the first result painted.
Prints a table and writes bench/results/reader.json. Asserts nothing.
Usage: .venv/bin/python bench/reader.py [--no-lighthouse]   (after `make html`)
  --no-lighthouse  page weights and search latency only (seconds, not minutes)
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


def main() -> None:
    skip_lighthouse = "--no-lighthouse" in sys.argv[1:]
    results: dict = {"pages": {}, "lighthouse": {}}
    with serve(REPO / "build" / "html") as base, chromium() as browser:
        for path in PAGES:
            results["pages"][path] = page_weight(browser, base + path)
        results["search_ms"] = round(search_latency(browser, base), 1)
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
    out = REPO / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "reader.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
