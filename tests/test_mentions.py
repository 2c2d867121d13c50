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


# -- generated pages ------------------------------------------------------------

PORTS = ("articles/ports.md",
         "---\nsubsystem: mach\nrelated: [bsd]\nblurb: \"Every task owns an IPC space.\"\n"
         "order: 2\n---\n\n# Ports and rights\n\nEvery {term}`task` owns an {term}`IPC space`.\n")


def test_generated_pages_link_terms_in_descriptions_and_blurbs(site):
    app = site(dict([PORTS]))
    assert app.warnings == ""
    mach = (app.outdir / "subsystems" / "mach.html").read_text()
    # The description ("Tasks, ports and messages.") and the article's blurb,
    # as bare term links like every other term link.
    assert ('<p class="xnu-subsystem-description"><a href="../glossary.html#term-task">Tasks</a>,'
            ' ports and messages.</p>') in mach
    assert ('— Every <a href="../glossary.html#term-task">task</a> owns an '
            '<a href="../glossary.html#term-IPC-space">IPC space</a>.') in mach
    bsd = (app.outdir / "subsystems" / "bsd.html").read_text()  # a related article
    assert 'owns an <a href="../glossary.html#term-IPC-space">IPC space</a>.' in bsd
    overview = (app.outdir / "subsystems.html").read_text()
    assert '— <a href="glossary.html#term-task">Tasks</a>, ports and messages.' in overview
    # A card is one stretched link: its blurb stays plain text.
    assert '<p class="sd-card-text">Every task owns an IPC space.</p>' in (
        app.outdir / "index.html").read_text()


def test_generated_term_links_work_in_pdf_and_epub(site):
    latex = site(dict([PORTS]), buildername="latex")
    assert latex.warnings == ""
    tex = (latex.outdir / "testsite.tex").read_text()
    link = r"{\hyperref[\detokenize{glossary:term-task}]{\sphinxtermref{\DUrole{xref}" \
           r"{\DUrole{std}{\DUrole{std-term}{Tasks}}}}}}, ports and messages."
    assert link in tex
    assert r"{\DUrole{std-term}{IPC space}}}}}}." in tex
    epub = site(buildername="epub")
    assert "unlinked" not in epub.warnings  # (the test root has no EPUB metadata)
    assert ('<p class="xnu-subsystem-description"><a href="../glossary.xhtml#term-task">Tasks</a>,'
            in (epub.outdir / "subsystems" / "mach.xhtml").read_text())


def test_unlinked_mention_in_generated_content_fails_the_build(site, monkeypatch):
    from docutils import nodes
    from inside_xnu import generated

    # A generator that forgets to link its text.
    monkeypatch.setitem(generated.GENERATORS, "overview",
                        lambda app, doc, node: [nodes.paragraph(text="Every task is listed.")])
    app = site()
    assert ("subsystems.md:3: WARNING: unlinked mention of glossary term 'task': 'task' "
            "in generated content of 'subsystems'") in app.warnings
