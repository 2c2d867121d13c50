"""The source cross-reference on a tiny site (tests/roots/test-xref)."""

from __future__ import annotations

import re

import pytest
from inside_xnu.searchindex import COMPACT
from inside_xnu.symbolpage import bucket
from inside_xnu.symbols import parse
from sphinx.errors import SphinxError

ARTICLE = "articles/sched.md"


def _html(app, name: str) -> str:
    return (app.outdir / name).read_text(encoding="utf-8")


def test_inline_code_naming_a_symbol_links_to_its_entry(site):
    app = site(root="xref")
    assert app.warnings.strip() == ""
    page = _html(app, "articles/sched.html")
    for anchor, text in [("thread_invoke", "thread_invoke()"), ("struct-thread", "struct thread"),
                         ("TH_RUN", "TH_RUN"), ("thread_block", "thread_block()"),
                         ("thread_t", "thread_t"), ("sched_tick", "sched_tick")]:
        assert re.search(rf'<a href="\.\./symbols\.html#{anchor}"><code[^>]*>{re.escape(text)}</code></a>',
                         page), text


def test_words_and_calls_with_arguments_stay_plain(site):
    page = _html(site(root="xref"), "articles/sched.html")
    # `flags` is a static variable in the fake tree, but a plain word links only to a type.
    assert re.search(r'(?<!">)<code[^>]*>flags</code>', page)
    assert "symbols.html#flags" not in page
    assert re.search(r'(?<!">)<code[^>]*>printf\(\)</code>', page)
    assert re.search(r'(?<!">)<code[^>]*>thread_invoke\(self, t, 0\)</code>', page)


def test_symbols_page_lists_declaration_source_line_and_sections(site):
    page = _html(site(root="xref"), "symbols.html")
    entry = page[page.index('id="thread_invoke"'):]
    entry = entry[:entry.index("</dd>")]
    assert "static boolean_t thread_invoke(thread_t self, thread_t thread, int reason)" in entry
    assert ('href="https://github.com/apple-oss-distributions/xnu/blob/xnu-fake-1/'
            'osfmk/kern/sched_prim.c#L7"') in entry
    assert "osfmk/kern/sched_prim.c:7" in entry
    assert 'href="articles/sched.html#how-a-switch-happens">How a switch happens</a>' in entry
    # Six symbols, each once; the domain index lists the same six.
    assert len(re.findall(r'<dt id="', page)) == 6
    index = _html(site(root="xref"), "xnu-symbols.html")
    assert index.count('href="symbols.html#') == 6


def test_hover_fragment_holds_kind_declaration_and_line(site):
    app = site(root="xref")
    fragment = (app.outdir / f"_static/xnu-previews/sym-{bucket('thread_invoke')}.html").read_text()
    assert '<dt id="thread_invoke"><code translate="no">thread_invoke()</code> function</dt>' in fragment
    assert "static boolean_t thread_invoke(" in fragment
    assert "osfmk/kern/sched_prim.c:7" in fragment
    assert "Discussed in" not in fragment  # the popover links to the full entry instead


def test_search_index_lists_symbols_as_kernel_objects(site):
    app = site(root="xref")
    data = COMPACT.loads((app.outdir / "searchindex.js").read_text())
    names = {entry[4] for entries in data["objects"].values() for entry in entries}
    assert {"thread_invoke", "struct thread", "TH_RUN", "thread_t"} <= names
    assert ["xnu", "function", "XNU function"] in data["objnames"].values()


def test_unknown_kernel_function_fails_with_location_and_suggestion(site):
    app = site({ARTICLE: _article("`thread_invok()` is misspelt.")}, root="xref")
    assert ("articles/sched.md:9: WARNING: unknown kernel function 'thread_invok()': not in the "
            "XNU symbol index for xnu-fake-1") in app.warnings
    assert "did you mean thread_invoke()" in app.warnings


def test_index_for_another_tag_stops_the_build(site, tmp_path, rootdir):
    import shutil

    srcdir = tmp_path / "xref"
    shutil.copytree(rootdir / "test-xref", srcdir)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('"xnu-fake-1"', '"xnu-fake-2"'))
    with pytest.raises(SphinxError, match=r"_data/xnu-symbols\.json:2: the symbol index was built "
                                          r"for xnu-fake-1, but conf\.py pins xnu_tag = 'xnu-fake-2'"):
        site(srcdir=srcdir)


def test_index_entry_whose_line_lacks_the_name_fails(site, tmp_path, rootdir):
    import shutil

    srcdir = tmp_path / "xref"
    shutil.copytree(rootdir / "test-xref", srcdir)
    index = srcdir / "_data/xnu-symbols.json"
    text = index.read_text()
    index.write_text(text.replace('"#define TH_RUN 0x04"', '"#define TH_WAIT 0x01"'))
    line = next(n for n, row in enumerate(index.read_text().splitlines(), 1) if '["TH_RUN"' in row)
    app = site(srcdir=srcdir)
    assert (f"_data/xnu-symbols.json:{line}: WARNING: symbol 'TH_RUN': osfmk/kern/sched.h:4 "
            "does not hold the name") in app.warnings


def test_hand_typed_line_anchor_and_unknown_path_fail(site):
    app = site({ARTICLE: _article("See {xnu}`osfmk/kern/sched_prim.c#L7` and {xnu}`osfmk/kern/nope.c`.")},
               root="xref")
    assert "articles/sched.md:9: WARNING: hand-typed line anchor in {xnu}`osfmk/kern/sched_prim.c#L7`" \
        in app.warnings
    assert ("articles/sched.md:9: WARNING: {xnu} path 'osfmk/kern/nope.c' is not in the symbol index "
            "for xnu-fake-1") in app.warnings


def test_symbol_listing_follows_an_incremental_edit(site, tmp_path, rootdir):
    import shutil

    srcdir = tmp_path / "xref"
    shutil.copytree(rootdir / "test-xref", srcdir)
    site(srcdir=srcdir)
    app = site({ARTICLE: _article("Only `thread_block()` now.")}, srcdir=srcdir)
    page = _html(app, "symbols.html")
    assert 'id="thread_block"' in page
    assert 'id="thread_invoke"' not in page


def test_latex_has_the_symbols_chapter_and_links_into_it(site):
    app = site(root="xref", buildername="latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert r"\sphinxcode{\sphinxupquote{thread\_invoke()}}" in tex
    assert "symbols:thread_invoke" in tex
    assert "https://github.com/apple-oss-distributions/xnu/blob/xnu-fake-1/osfmk/kern/sched\\_prim.c\\#L7" \
        in tex or "sched_prim.c\\#L7" in tex


@pytest.mark.parametrize(("text", "form", "key"), [
    ("thread_invoke()", "call", "thread_invoke"),
    ("IOService::start()", "call", "IOService::start"),
    ("struct ipc_port", "tagged", "struct ipc_port"),
    ("MACH_SEND_MSG", "constant", "MACH_SEND_MSG"),
    ("VREG", "constant", "VREG"),
    ("PC", "word", "PC"),
    ("kernel_task", "identifier", "kernel_task"),
    ("IOService", "identifier", "IOService"),
    ("task", "word", "task"),
])
def test_the_shape_of_a_literal_decides_what_it_may_name(text, form, key):
    mention = parse(text)
    assert (mention.form, mention.key) == (form, key)


@pytest.mark.parametrize("text", ["p->p_flag", "hw.pagesize", "vm_map_set_page_shift(map, 14)", "0x1000",
                                  "struct 3", "ps -M"])
def test_other_literals_name_nothing(text):
    assert parse(text) is None


def _article(body: str) -> str:
    return f"---\nsubsystem: mach\nblurb: b\norder: 1\n---\n\n# Switching threads\n\n{body}\n"


def test_anchors_are_the_names_without_colons_or_spaces():
    from inside_xnu.symbols import Symbol

    anchors = [Symbol(key, "function", "p.c", 1, key).anchor
               for key in ("thread_invoke", "struct ipc_port", "OSKext::start")]
    # ':' breaks the ePub domain index's links (its builder rewrites ids, not those links)
    assert anchors == ["thread_invoke", "struct-ipc_port", "OSKext--start"]
