"""Compact HTML: term links, inline literals and code without wrapper markup."""

from __future__ import annotations

import re

CODE_ARTICLE = """---
subsystem: mach
blurb: "Code."
order: 3
---

# Code

A {term}`task` with `two  words` inline.

```c
kern_return_t kr = mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, &name);
if (kr != KERN_SUCCESS)
    return kr;
```

```{code-block} python
print("two blocks, two languages")
```
"""


def test_term_link_is_a_bare_anchor_to_the_glossary(site):
    html = (site().outdir / "articles" / "ports.html").read_text()
    assert 'Every <a href="../glossary.html#term-task">task</a> owns' in html
    assert "std-term" not in html
    # Links that are not term links keep Sphinx's markup.
    assert '<a class="reference internal" href="../subsystems/mach.html">' in html


def test_inline_literal_has_no_span_per_word(site):
    html = (site({"articles/code.md": CODE_ARTICLE}).outdir / "articles" / "code.html").read_text()
    assert '<code translate="no">two&#160; words</code>' in html
    assert 'class="pre"' not in html


def test_code_spans_only_tokens_the_styles_colour(site):
    app = site({"articles/code.md": CODE_ARTICLE}, confoverrides={"pygments_style": "a11y-light"})
    html = (app.outdir / "articles" / "code.html").read_text()
    block = re.search(r'<div class="highlight"><pre>(.*?)</pre>', html, re.S).group(1)
    # Names, punctuation and whitespace look like plain text: no span.
    assert "kern_return_t kr " in block
    assert " mach_port_allocate(task, MACH_PORT_RIGHT_RECEIVE, " in block
    assert '<span class="k">if</span> (kr ' in block  # keywords and operators keep theirs
    assert '<span class="o">!=</span>' in block
    assert 'class="w"' not in block and 'class="n"' not in block


def test_pygments_css_keeps_only_used_token_classes(site):
    app = site({"articles/code.md": CODE_ARTICLE}, confoverrides={"pygments_style": "a11y-light"})
    css = (app.outdir / "_static" / "pygments.css").read_text()
    assert ".highlight .k {" in css  # "if" and "return"
    assert ".highlight .gp {" not in css  # no shell prompt anywhere on this site
    assert ".highlight .nb {" in css  # print, a builtin, in the Python block
    assert ".highlight .hll {" in css  # emphasised lines are not token spans
