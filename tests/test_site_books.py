"""The real site's PDF and ePub."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from pypdf import PdfReader
from sitebuild import article_sources, built, title

# Debian's /usr/bin/epubcheck is the jar itself, which does not run as a
# command on CI; Homebrew's `epubcheck` is a wrapper that brings its own Java.
DEBIAN_EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
EPUBCHECK = ["java", "-jar", str(DEBIAN_EPUBCHECK)] if DEBIAN_EPUBCHECK.exists() else ["epubcheck"]

# Overfull lines narrower than this are invisible in print (about 1.8 mm).
OVERFULL_LIMIT_PT = 5.0


def pdf_reader() -> PdfReader:
    return PdfReader(built("pdf", "inside-xnu.pdf"))


def test_pdf_has_articles_glossary_and_internal_links():
    reader = pdf_reader()
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    assert "Glossary" in text
    assert "Mach ports" in text
    internal = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if annot.get("/Dest") is not None or (action and action.get("/S") == "/GoTo"):
                internal += 1
    assert internal >= 50


def test_epub_passes_epubcheck():
    epub = next(built("epub").glob("*.epub"))
    result = subprocess.run(
        [*EPUBCHECK, str(epub)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fatals / 0 errors / 0 warnings" in result.stdout


def normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def outline_items(items):
    """The PDF outline (bookmarks), flattened."""
    for item in items:
        if isinstance(item, list):
            yield from outline_items(item)
        else:
            yield item


def test_pdf_page_count_and_outline_match_the_chapters():
    reader = pdf_reader()
    # About 50 pages an article with the glossary and symbol appendices; the
    # ceiling catches a runaway layout (a table or listing spilling page after page).
    assert 100 <= len(reader.pages) <= 60 * len(article_sources())
    outline = [normalise(item.title) for item in outline_items(reader.outline)]
    chapters = [title(path) for path in article_sources()] + ["Subsystems", "Glossary"]
    for chapter in chapters:
        assert normalise(chapter) in outline, chapter


def term_anchors() -> dict[str, str]:
    """PDF anchor name -> glossary term id, from LaTeX's .aux label table."""
    anchors = {}
    for line in built("latex", "inside-xnu.aux").read_text("utf-8", errors="replace").splitlines():
        label = re.match(r"\\newlabel\{glossary:(term-[^}]+)\}", line)
        anchor = re.search(r"\{([^{}]*)\}\{\}\}\s*$", line)
        if label and anchor:
            anchors[anchor.group(1)] = label.group(1)
    return anchors


def test_every_term_link_in_the_pdf_lands_on_its_glossary_entry():
    reader = pdf_reader()
    anchors = term_anchors()
    destinations = {name: reader.get_destination_page_number(dest)
                    for name, dest in reader.named_destinations.items()}
    texts: dict[int, str] = {}
    term_links, wrong = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            target = action.get("/D") if action else None
            if not isinstance(target, str) or target not in anchors:
                continue
            landing = destinations[target]
            if landing not in texts:
                texts[landing] = normalise(reader.pages[landing].extract_text() or "")
            if normalise(anchors[target].removeprefix("term-")) not in texts[landing]:
                wrong.append((anchors[target], landing + 1))
            term_links += 1
    assert wrong == [], wrong
    uses = sum(len(re.findall(r"\{term\}`", p.read_text("utf-8"))) for p in article_sources())
    assert term_links >= uses, (term_links, uses)


def test_pdf_has_no_missing_glyphs_or_wide_overflows():
    log = built("latex", "inside-xnu.log").read_text("utf-8", errors="replace")
    assert "Missing character" not in log
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert [w for w in widths if w > OVERFULL_LIMIT_PT] == []


def test_every_diagram_is_in_the_pdf():
    text = subprocess.run(["pdftotext", str(built("pdf", "inside-xnu.pdf")), "-"],
                          capture_output=True, text=True, check=True).stdout
    diagrams = sum(p.read_text("utf-8").count("```{mermaid}") for p in article_sources())
    captions = re.findall(r"Fig\. \d+:\s", text)  # a caption may wrap right after the colon
    assert len(captions) >= diagrams > 0
    assert len(list(built("latex").glob("diagram-*.pdf"))) >= diagrams


def epub_files() -> dict[str, str]:
    epub = next(built("epub").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name).decode("utf-8", errors="replace")
                for name in archive.namelist() if name.endswith((".xhtml", ".opf", ".ncx"))}


def test_epub_navigation_lists_every_article_and_the_glossary():
    files = epub_files()
    nav = files["nav.xhtml"]
    for path in article_sources():
        assert f"articles/{path.stem}.xhtml" in nav, path.stem
    assert "glossary.xhtml" in nav
    opf = files["content.opf"]
    for field in ("dc:title", "dc:creator", "dc:language", "dc:identifier", "dcterms:modified"):
        assert field in opf


def test_every_epub_image_has_alt_text():
    images = 0
    for name, text in epub_files().items():
        for tag in re.findall(r"<img\b[^>]*>", text):
            images += 1
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and alt.group(1).strip(), (name, tag)
    assert images >= sum(p.read_text("utf-8").count("```{mermaid}") for p in article_sources())
