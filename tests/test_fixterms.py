"""The auto-fixer adds missing {term} roles, leaves non-prose alone, is idempotent."""

from __future__ import annotations

import shutil

from inside_xnu import fixterms

ARTICLE = """---
subsystem: bsd
blurb: "A task blurb stays."
order: 1
---

# Signals and the task

A signal reaches a task; two IPC spaces and the SR, not an sr or per-task.
Already {term}`task` linked, `task` in code, [a task link](https://example.com).

```{code-block} c
:caption: task in a caption
task_t task;
```

:::{note}
A task note.
:::
"""

FIXED_BODY = """A signal reaches a {term}`task`; two {term}`IPC spaces <IPC space>` and the {term}`SR`, \
not an sr or per-task.
Already {term}`task` linked, `task` in code, [a task link](https://example.com).
"""


def test_fixer_links_prose_only_and_is_idempotent(tmp_path, rootdir, site, capsys):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    article = srcdir / "articles" / "signals.md"
    article.write_text(ARTICLE)
    glossary = srcdir / "glossary.md"
    glossary.write_text(glossary.read_text().replace(
        "The right to send messages to a port.", "The right a task uses to send."))

    assert fixterms.main([str(srcdir), "--check"]) == 1
    assert fixterms.main([str(srcdir)]) == 0
    fixed = article.read_text()
    assert FIXED_BODY in fixed
    assert "# Signals and the task\n" in fixed  # heading untouched
    assert 'blurb: "A task blurb stays."' in fixed  # front matter untouched
    assert ":caption: task in a caption\ntask_t task;\n" in fixed  # code untouched
    assert "A {term}`task` note." in fixed  # prose inside a directive
    assert "The right a {term}`task` uses to send." in glossary.read_text()
    assert "\ntask\n   The Mach container" in glossary.read_text()  # term line untouched

    first = {p: p.read_text() for p in srcdir.rglob("*.md")}
    assert fixterms.main([str(srcdir)]) == 0
    assert {p: p.read_text() for p in srcdir.rglob("*.md")} == first
    assert fixterms.main([str(srcdir), "--check"]) == 0

    assert "unlinked" not in site(srcdir=srcdir).warnings


def test_own_term_is_not_linked_inside_its_definition(tmp_path, rootdir):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    glossary = srcdir / "glossary.md"
    glossary.write_text(glossary.read_text().replace(
        "The table of port names of a {term}`task`.", "Each IPC space belongs to a task."))
    fixterms.main([str(srcdir)])
    assert "Each IPC space belongs to a {term}`task`." in glossary.read_text()


def test_roles_and_code_wrapped_across_lines_stay_untouched(tmp_path, rootdir):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    article = srcdir / "articles" / "signals.md"
    body = ("Every {term}`IPC\nspaces <IPC space>` entry and `a task\nin code` stay; "
            "a [link to a\ntask](https://example.com) too, but this task is linked.\n")
    article.write_text(ARTICLE.split("# Signals")[0] + "# Signals\n\n" + body)
    fixterms.main([str(srcdir)])
    assert article.read_text().endswith(body.replace("this task", "this {term}`task`"))


def test_a_wrapped_role_target_at_the_start_of_a_line_is_not_html(tmp_path, rootdir):
    srcdir = tmp_path / "site"
    shutil.copytree(rootdir / "test-site", srcdir)
    article = srcdir / "articles" / "signals.md"
    body = "Each {term}`IPC spaces\n<IPC space>` entry, per task.\n"
    article.write_text(ARTICLE.split("# Signals")[0] + "# Signals\n\n" + body)
    fixterms.main([str(srcdir)])
    assert article.read_text().endswith(body.replace("per task", "per {term}`task`"))
