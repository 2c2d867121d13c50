"""The symbol index generator and the tag bump, on two tiny fake XNU trees.

tests/roots/xnu-fake-a is "xnu-fake-1"; xnu-fake-b, the next release, lost
thread_block(), moved thread_invoke() and sched_tick to thread_switch.c,
changed TH_RUN's value and dropped sched_prim.c.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "scripts" / "xnu_index.py"
ROOTS = REPO / "tests" / "roots"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(GENERATOR), *args], capture_output=True, text=True,
                          check=False)


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(ROOTS / "test-xref", site)
    return site


def test_the_committed_test_index_is_what_the_generator_writes(tmp_path):
    site = _site(tmp_path)
    (site / "_data/xnu-symbols.json").unlink()
    result = _run("--src", str(ROOTS / "xnu-fake-a"), "--site", str(site))
    assert result.returncode == 0, result.stderr
    assert (site / "_data/xnu-symbols.json").read_text() == \
        (ROOTS / "test-xref/_data/xnu-symbols.json").read_text()
    # Several definitions: the arm64 one wins, and the report says why.
    assert ("thread_block: osfmk/arm64/sched_md.c:4 function by arm64 over x86_64 "
            "(also osfmk/x86_64/sched_md.c)") in result.stdout
    # tests/ holds a thread_invoke() too: never read.
    assert "tests/sched_test.c" not in (site / "_data/xnu-symbols.json").read_text()


@pytest.mark.parametrize("override, report, entry", [
    ("thread_block osfmk/x86_64/sched_md.c",
     "thread_block: osfmk/x86_64/sched_md.c:4 (override; 2 definitions)",
     '["thread_block", "function", "osfmk/x86_64/sched_md.c", 4,'),
    # a type is overridden by its tagged name
    ("struct thread osfmk/x86_64/sched_md.c",
     "struct thread: osfmk/x86_64/sched_md.c:8 (override; 2 definitions)",
     '["struct thread", "struct", "osfmk/x86_64/sched_md.c", 8,'),
])
def test_an_override_picks_the_definition_and_is_reported(tmp_path, override, report, entry):
    site = _site(tmp_path)
    (site / "_data/xnu-symbol-overrides.txt").write_text(override + "\n")
    result = _run("--src", str(ROOTS / "xnu-fake-a"), "--site", str(site))
    assert report in result.stdout
    assert entry in (site / "_data/xnu-symbols.json").read_text()


def test_a_malformed_override_line_names_the_file_and_line(tmp_path):
    site = _site(tmp_path)
    (site / "_data/xnu-symbol-overrides.txt").write_text("# comment\n\nthread_block\n")
    result = _run("--src", str(ROOTS / "xnu-fake-a"), "--site", str(site))
    assert result.returncode != 0
    assert "xnu-symbol-overrides.txt:3: expected 'name path', 'name -' or 'struct name path', " \
        "got 'thread_block'" in result.stderr


def test_bump_reports_drift_with_the_sections_that_mention_it(tmp_path):
    site = _site(tmp_path)
    result = _run("--src", str(ROOTS / "xnu-fake-b"), "--site", str(site), "--tag", "xnu-fake-2", "--bump")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    assert "Drift from xnu-fake-1 to xnu-fake-2:" in report
    assert ("Vanished symbols: 1\n  thread_block (was osfmk/arm64/sched_md.c:4)\n"
            "      mentioned in articles/sched.md › How a switch happens") in report
    assert ("Moved to another file: 2\n"
            "  sched_tick: osfmk/kern/sched_prim.c -> osfmk/kern/thread_switch.c:3\n") in report
    assert "  thread_invoke: osfmk/kern/sched_prim.c -> osfmk/kern/thread_switch.c:6\n" in report
    assert ("Changed declaration: 1\n  TH_RUN: '#define TH_RUN 0x04' -> '#define TH_RUN 0x08'\n"
            "      mentioned in articles/sched.md › How a switch happens") in report
    assert ("{xnu} paths that no longer exist: 1\n  osfmk/kern/sched_prim.c\n"
            "      mentioned in articles/sched.md › How a switch happens") in report
    assert 'xnu_tag = "xnu-fake-2"' in (site / "conf.py").read_text()
    index = (site / "_data/xnu-symbols.json").read_text()
    assert '"tag": "xnu-fake-2"' in index and "thread_block" not in index


def test_the_bumped_site_then_fails_on_what_vanished(tmp_path, site):
    srcdir = _site(tmp_path)
    _run("--src", str(ROOTS / "xnu-fake-b"), "--site", str(srcdir), "--tag", "xnu-fake-2", "--bump")
    app = site(srcdir=srcdir)
    assert "unknown kernel function 'thread_block()'" in app.warnings
    assert "{xnu} path 'osfmk/kern/sched_prim.c' is not in the symbol index for xnu-fake-2" in app.warnings


def test_a_folder_that_is_not_xnu_is_refused(tmp_path):
    result = _run("--src", str(tmp_path), "--site", str(_site(tmp_path)))
    assert result.returncode != 0
    assert "is not an XNU checkout (no osfmk/)" in result.stderr


def test_a_long_declaration_is_shortened_around_its_name():
    import importlib.util
    spec = importlib.util.spec_from_file_location("xnu_index", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    name = "necp_kernel_ip_output_policies_map"
    line = (f"static struct necp_kernel_ip_output_policy ** __indexable {name}"
            "[NECP_KERNEL_IP_OUTPUT_POLICIES_MAP_NUM_ID_BUCKETS];")
    short = module.shorten(line, name)
    assert name in short and len(short) <= module.DECL_WIDTH
    assert short.startswith("static struct") and short.endswith("…")
    # A name early in the line keeps the plain cut at the end.
    assert module.shorten("int x" + "y" * 200, "x").endswith("…")
