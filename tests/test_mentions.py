"""The unlinked-mention check, the escape hatch, and where mentions are allowed."""

from __future__ import annotations

HEAD = "---\nsubsystem: bsd\nblurb: b\norder: 1\n---\n\n# Signals and the task\n\n"


def article(body: str) -> dict[str, str]:
    return {"articles/signals.md": HEAD + body}


def test_clean_site_has_no_warnings(site):
    assert site().warnings == ""


def test_unlinked_mention_names_file_line_and_term(site):
    app = site(article("A signal reaches a task.\n\nTwo IPC spaces and the SR.\n"))
    assert ("articles/signals.md:9: WARNING: unlinked mention of glossary term 'task': 'task'"
            in app.warnings)
    assert "signals.md:11: WARNING: unlinked mention of glossary term 'IPC space': 'IPC spaces'" \
        in app.warnings
    assert "unlinked mention of glossary term 'SR': 'SR'" in app.warnings


def test_acronyms_are_case_sensitive_and_words_whole(site):
    app = site(article("An sr is not SR; multitasking and per-task are not terms.\n"))
    assert app.warnings.count("unlinked mention") == 1


def test_headings_code_links_and_captions_are_not_prose(site):
    body = (
        "Inline `task` code, a [task link](https://example.com), a {doc}`task <ports>`.\n\n"
        "```{code-block} c\n:caption: the task in code\n\ntask_t task;\n```\n"
    )
    assert site(article(body)).warnings == ""


def test_glossary_definitions_are_checked_but_not_for_their_own_term(site):
    app = site({"glossary.md": (
        "# Glossary\n\n```{glossary}\n:subsystem: mach\n\ntask\n   A task holds an IPC space.\n\n"
        "IPC space\n   The names of a {term}`task`.\n\nsend right\nSR\n   Sends.\n```\n")})
    assert "glossary.md:7: WARNING: unlinked mention of glossary term 'IPC space'" in app.warnings
    assert "'task': 'task'" not in app.warnings


def test_nolink_escape_hatch_is_explicit_and_counted(site):
    app = site(article("A {nolink}`task` on purpose.\n"))
    assert "unlinked" not in app.warnings
    assert "1 deliberate unlinked mention(s)" in app._status.getvalue()
    assert "deliberate unlinked mention at " in app._status.getvalue()
