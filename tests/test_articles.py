"""Front matter: validation errors with file:line, cards, badges."""

from __future__ import annotations

import re

ARTICLE = """---
subsystem: {subsystem}
blurb: "A blurb."
order: {order}
---

# An article about nothing

Plain prose.
"""


def test_cards_follow_order_and_show_the_subsystem(site):
    app = site()
    assert app.warnings == ""
    html = (app.outdir / "index.html").read_text()
    titles = re.findall(r'class="sd-stretched-link[^"]*" href="([^"]+)"', html)
    assert titles == ["articles/signals.html", "articles/ports.html"]  # order 1, then 2
    assert '<span class="xnu-badge xnu-badge-bsd">BSD</span>' in html
    assert "Signals reach threads." in html


def test_article_carries_a_badge_linking_its_subsystem(site):
    html = (site().outdir / "articles" / "ports.html").read_text()
    assert re.search(r'Subsystem: </span><span class="xnu-badge xnu-badge-mach">'
                     r'<a class="reference internal" href="../subsystems/mach.html">', html)
    assert 'href="../subsystems/bsd.html"' in html  # related subsystem


def test_unknown_subsystem_names_file_line_and_known_keys(site):
    app = site({"articles/extra.md": ARTICLE.format(subsystem="machh", order=7)})
    assert "articles/extra.md:2: ERROR: unknown subsystem 'machh' (known: mach, bsd)" in app.warnings


def test_missing_keys_are_errors(site):
    app = site({"articles/extra.md": "---\nsubsystem: mach\n---\n\n# Title\n"})
    assert "articles/extra.md:1: ERROR: front matter is missing 'blurb'" in app.warnings
    assert "articles/extra.md:1: ERROR: front matter is missing 'order'" in app.warnings


def test_malformed_yaml_names_the_line(site):
    text = '---\nsubsystem: mach\nblurb: "unclosed\norder: [1\n---\n\n# Title\n'
    app = site({"articles/extra.md": text})
    assert re.search(r"articles/extra\.md:\d+: ERROR: front matter is not valid YAML", app.warnings)


def test_missing_front_matter(site):
    app = site({"articles/extra.md": "# Title\n\nText.\n"})
    assert "articles/extra.md:1: ERROR: article has no front matter" in app.warnings


def test_duplicate_order_is_an_error(site):
    app = site({"articles/extra.md": ARTICLE.format(subsystem="mach", order=1)})
    assert re.search(r"articles/(extra|signals)\.md:4: ERROR: duplicate order 1: also used by",
                     app.warnings)


def test_order_must_be_an_integer(site):
    app = site({"articles/extra.md": ARTICLE.format(subsystem="mach", order='"first"')})
    assert "articles/extra.md:4: ERROR: 'order' must be an integer, not 'first'" in app.warnings
