"""Diagrams are rendered at build time: images per format, errors with a location."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

SVG = "{http://www.w3.org/2000/svg}"

BROKEN = """# Diagrams

Intro.

```{mermaid}
:caption: Broken
:alt: A broken diagram.

flowchart LR
    A[task] -->
```

```{toctree}
:hidden:
subsystems/mach
```
"""


@pytest.fixture
def diagram_site(site, tmp_path_factory):
    cache = tmp_path_factory.getbasetemp() / "diagram-cache"

    def build(edits=None, buildername="html"):
        return site(edits, root="diagrams", buildername=buildername,
                    confoverrides={"inside_xnu_diagram_cache": str(cache)})

    return build


def test_html_gets_light_and_dark_svg_and_no_mermaid_js(diagram_site):
    app = diagram_site()
    assert app.warnings == ""
    html = (app.outdir / "index.html").read_text()
    assert html.count("<img") == 2
    assert 'class="only-light"' in html and 'class="only-dark"' in html
    assert 'alt="Sequence diagram: the sender calls mach_msg' in html
    assert "A message crosses the kernel" in html
    assert "mermaid" not in html  # no runtime, no script, no leftovers
    svgs = sorted((app.outdir / "_images").glob("*.svg"))
    assert len(svgs) == 2 and all("mach_msg()" in p.read_text() for p in svgs)


def test_latex_gets_a_pdf(diagram_site):
    app = diagram_site(buildername="latex")
    tex = next(app.outdir.glob("*.tex")).read_text()
    assert ".pdf}" in tex and "sphinxincludegraphics" in tex
    assert list(app.outdir.glob("diagram-*.pdf"))


def test_epub_gets_a_png(diagram_site):
    app = diagram_site(buildername="epub")
    assert list((app.outdir / "_images").glob("*.png"))
    assert not list((app.outdir / "_images").glob("*.svg"))


def test_broken_diagram_names_file_and_line(diagram_site):
    app = diagram_site({"index.md": BROKEN})
    assert "index.md:5: WARNING: diagram does not render: Parse error on line" in app.warnings


def test_without_chromium_a_diagram_warns_how_to_get_one(site, tmp_path, monkeypatch):
    monkeypatch.setenv("XNU_CHROMIUM", str(tmp_path / "no-chrome"))
    app = site(root="diagrams", confoverrides={"inside_xnu_diagram_cache": str(tmp_path / "cache")})
    assert (f"diagram does not render: no Chromium or Chrome found (XNU_CHROMIUM={tmp_path}/no-chrome "
            "is not executable): run 'scripts/install-system-deps.sh diagrams'") in app.warnings


def test_caption_and_alt_are_required(diagram_site):
    text = BROKEN.replace(":caption: Broken\n", "").replace(":alt: A broken diagram.\n", "")
    app = diagram_site({"index.md": text})
    assert "index.md:5: WARNING: diagram needs :caption: and :alt:" in app.warnings


SUBGRAPH = """# Diagrams

```{mermaid}
:caption: Two boxes in a cluster
:alt: Flowchart: a cluster named space holds an entry pointing at a port.

flowchart LR
    subgraph space [IPC space]
        E[entry]
    end
    E --> P[ipc_port]
```

```{toctree}
:hidden:
subsystems/mach
```
"""


def test_optimized_svg_keeps_the_shapes_its_styles_select(diagram_site):
    """svgo must not turn mermaid's <rect>s into <path>s: mermaid colours
    clusters and nodes through selectors such as ``.cluster rect``."""
    app = diagram_site({"index.md": SUBGRAPH})
    assert app.warnings == ""
    for svg in (app.outdir / "_images").glob("*.svg"):
        text = svg.read_text()
        assert ".cluster rect" in text
        root = ElementTree.fromstring(text)
        clusters = [g for g in root.iter(f"{SVG}g") if g.get("class", "").split()[:1] == ["cluster"]]
        assert clusters and all(g.find(f"{SVG}rect") is not None for g in clusters)
        assert ">entry<" in text and ">ipc_port<" in text  # labels survive
