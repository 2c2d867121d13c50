"""Incremental and parallel builds give exactly the output of a clean serial build."""

from __future__ import annotations

import re
import shutil

GENERATED = ["index.html", "subsystems.html", "subsystems/mach.html", "subsystems/bsd.html",
             "glossary.html", "articles/ports.html", "articles/signals.html"]


def outputs(app) -> dict[str, str]:
    pages = {name: (app.outdir / name).read_text("utf-8") for name in GENERATED}
    pages["searchindex.js"] = (app.outdir / "searchindex.js").read_text("utf-8")
    return pages


def clean_build(site, tmp_path, rootdir, name, edits=None, **kwargs):
    srcdir = tmp_path / name
    shutil.copytree(rootdir / "test-site", srcdir)
    return site(edits, srcdir=srcdir, freshenv=True, **kwargs)


MOVED = ("articles/signals.md",
         "---\nsubsystem: mach\nblurb: \"Signals reach threads.\"\norder: 1\n---\n\n"
         "# Signals\n\nA signal is delivered to one thread of a {term}`task`.\n")


def test_changing_a_subsystem_updates_every_generated_page(site, tmp_path, rootdir):
    first = clean_build(site, tmp_path, rootdir, "incremental")
    assert "articles/signals.html" in (first.outdir / "subsystems" / "bsd.html").read_text()
    again = site({MOVED[0]: MOVED[1]}, srcdir=first.srcdir)  # incremental
    reference = clean_build(site, tmp_path, rootdir, "clean", {MOVED[0]: MOVED[1]})
    assert again.warnings == reference.warnings == ""
    assert "articles/signals.html" not in (again.outdir / "subsystems" / "bsd.html").read_text()
    assert outputs(again) == outputs(reference)


def test_a_new_term_links_its_mentions_on_generated_pages_incrementally(site, tmp_path, rootdir):
    """Generated text (the BSD description "Processes and signals.") links a term
    defined after the first build, exactly as a clean build does."""
    glossary = (rootdir / "test-site" / "glossary.md").read_text().replace(
        "\n```\n", "\n\nprocess\n   A running program.\n```\n")
    edit = {"glossary.md": glossary}
    first = clean_build(site, tmp_path, rootdir, "term-incremental")
    assert "#term-process" not in (first.outdir / "subsystems" / "bsd.html").read_text()
    again = site(edit, srcdir=first.srcdir)  # incremental
    reference = clean_build(site, tmp_path, rootdir, "term-clean", edit)
    assert again.warnings == reference.warnings == ""
    assert ('<a href="../glossary.html#term-process">Processes</a> and signals.'
            in (again.outdir / "subsystems" / "bsd.html").read_text())
    assert outputs(again) == outputs(reference)


def test_parallel_build_equals_serial_build(site, tmp_path, rootdir):
    serial = clean_build(site, tmp_path, rootdir, "serial")
    parallel = clean_build(site, tmp_path, rootdir, "parallel", parallel=2)
    assert parallel.warnings == serial.warnings == ""
    assert outputs(parallel) == outputs(serial)


def test_glossary_terms_stay_in_the_search_index_after_touching_an_article(site, tmp_path,
                                                                          rootdir):
    """Regression test for Sphinx #12599: index entries dropped on incremental builds."""
    first = clean_build(site, tmp_path, rootdir, "search")
    before = (first.outdir / "searchindex.js").read_text()
    assert '"send right"' in before and '"task"' in before
    ports = first.srcdir / "articles" / "ports.md"
    again = site({"articles/ports.md": ports.read_text() + "\nOne more line.\n"},
                 srcdir=first.srcdir)
    after = (again.outdir / "searchindex.js").read_text()
    entries = re.search(r'"indexentries":\{.*?\}', after).group(0)
    assert '"send right"' in entries and '"task"' in entries and '"ipc space"' in entries.lower()


def test_a_search_index_in_an_older_form_is_rebuilt_whole(site, tmp_path, rootdir):
    """After the compact form changes, an existing build folder still holds the
    old searchindex.js: the next build reads every document again instead of
    warning that the index will be incomplete."""
    first = clean_build(site, tmp_path, rootdir, "old-index")
    index = first.outdir / "searchindex.js"
    index.write_text(re.sub(r'"xnu":\[\d+,', '"xnu":[0,', index.read_text("utf-8")), "utf-8")
    again = site(srcdir=first.srcdir)  # incremental, nothing edited
    reference = clean_build(site, tmp_path, rootdir, "old-index-clean")
    assert again.warnings == ""
    assert outputs(again) == outputs(reference)
