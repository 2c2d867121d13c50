"""Glossary: subsystem tags, entry validation, "used in" backlinks, A-Z index."""

from __future__ import annotations

GLOSSARY = """# Glossary

```{{glossary}}
:subsystem: {subsystem}

task
   The Mach container of threads and an {{term}}`IPC space`.

IPC space
   The table of port names of a {{term}}`task`.

send right
SR
   The right to send messages.
{extra}
```
"""


def glossary(subsystem="mach", extra=""):
    return {"glossary.md": GLOSSARY.format(subsystem=subsystem, extra=extra)}


def test_used_in_lists_articles_and_sections(site):
    html = (site().outdir / "glossary.html").read_text()
    entry = html[html.index('id="term-send-right"'):]
    entry = entry[: entry.index("</dd>")]
    assert "Used in: " in entry
    assert 'href="articles/ports.html#how-a-send-right-moves"' in entry


def test_glossary_index_lists_terms_and_aliases(site):
    html = (site().outdir / "glossary.html").read_text()
    assert "SR → send right" in html
    assert 'class="xnu-az-group"><strong>I</strong>' in html


def test_subsystem_page_lists_its_terms(site):
    html = (site().outdir / "subsystems" / "mach.html").read_text()
    assert "Glossary terms (3)" in html
    assert 'href="../glossary.html#term-send-right"' in html


def test_unknown_glossary_subsystem(site):
    app = site(glossary(subsystem="vmm"))
    assert "glossary.md:3: WARNING: unknown subsystem 'vmm' in glossary (known: mach, bsd)" in app.warnings


def test_empty_definition_is_an_error(site):
    app = site(glossary(extra="\nport set\n"))
    assert "glossary.md:16: WARNING: glossary term 'port set' has an empty definition" in app.warnings


def test_myst_definition_syntax_pitfall_is_caught(site):
    app = site(glossary(extra="\nport set\n: A set of receive rights.\n"))
    assert "glossary.md:17: WARNING: empty glossary term ': A set of receive rights.'" in app.warnings


def test_self_link_in_definition_is_an_error(site):
    app = site(glossary(extra="\nport set\n   A {term}`port set` holds rights.\n"))
    assert "WARNING: glossary entry 'port set' links to itself" in app.warnings


def test_undefined_term_is_an_error(site):
    app = site({"articles/signals.md": (
        "---\nsubsystem: bsd\nblurb: b\norder: 1\n---\n\n# Signals\n\nA {term}`thread group`.\n")})
    assert "articles/signals.md:9: WARNING: term not in glossary: 'thread group'" in app.warnings


def test_duplicate_term_is_an_error(site):
    app = site(glossary(extra="\nsr\n   Another meaning.\n"))
    assert "glossary.md:16: WARNING: duplicate glossary term 'sr': already defined as 'send right' at " in app.warnings
