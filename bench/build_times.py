"""Benchmark: build times of every format, and what the extension's checks cost.

Builds the real site (HTML) clean with the extension's checks on and off, and
with the source cross-reference (symbol links, Kernel symbols page) on and off,
times an incremental rebuild after touching one article, a clean ePub build
and a clean PDF build (Sphinx plus latexmk), and reports the size of
searchindex.js. Prints a table; asserts nothing.
Usage: .venv/bin/python bench/build_times.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "build" / "doctrees" / "diagram-cache"


def sphinx(out: Path, *options: str, builder: str = "html") -> float:
    command = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-d", str(out / "doctrees"),
               "-D", f"inside_xnu_diagram_cache={CACHE}", *options,
               str(REPO / "source"), str(out / builder)]
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=REPO, stderr=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def book(builder: str) -> float:
    with tempfile.TemporaryDirectory() as folder:
        seconds = sphinx(Path(folder), builder=builder)
        if builder == "latex":
            start = time.perf_counter()
            subprocess.run(["make", "-C", str(Path(folder) / "latex"), "all-pdf",
                            "LATEXMKOPTS=-interaction=nonstopmode -halt-on-error -quiet"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            seconds += time.perf_counter() - start
        return seconds


def searchindex_size() -> int:
    with tempfile.TemporaryDirectory() as folder:
        sphinx(Path(folder))
        return (Path(folder) / "html" / "searchindex.js").stat().st_size


def clean(options: tuple[str, ...]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        return sphinx(Path(folder), *options)


def incremental() -> float:
    article = next((REPO / "source" / "articles").glob("*.md"))
    original = article.read_text("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        sphinx(Path(folder))
        try:
            article.write_text(original + "\n", "utf-8")
            return sphinx(Path(folder))
        finally:
            article.write_text(original, "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    clean(())  # warm the diagram cache and the OS file cache
    with_checks = [clean(()) for _ in range(runs)]
    without = [clean(("-D", "inside_xnu_check_mentions=0")) for _ in range(runs)]
    no_xref = [clean(("-D", "inside_xnu_symbols=")) for _ in range(runs)]
    rebuild = [incremental() for _ in range(runs)]
    on, off = statistics.median(with_checks), statistics.median(without)
    print(f"{'measurement':<44}{'median (s)':>12}")
    print(f"{'clean HTML build, checks on':<44}{on:>12.2f}")
    print(f"{'clean HTML build, checks off':<44}{off:>12.2f}")
    print(f"{'checks overhead':<44}{(on / off - 1) * 100:>11.1f}%")
    xref_off = statistics.median(no_xref)
    print(f"{'clean HTML build, cross-reference off':<44}{xref_off:>12.2f}")
    print(f"{'cross-reference: on / off':<44}{on / xref_off:>11.2f}x")
    print(f"{'incremental rebuild after editing 1 article':<44}{statistics.median(rebuild):>12.2f}")
    print(f"{'clean ePub build':<44}{book('epub'):>12.2f}")
    print(f"{'clean PDF build (Sphinx + latexmk)':<44}{book('latex'):>12.2f}")
    print(f"{'searchindex.js size (KB)':<44}{searchindex_size() / 1024:>12.1f}")
    shutil.rmtree(REPO / "build" / "bench", ignore_errors=True)


if __name__ == "__main__":
    main()
