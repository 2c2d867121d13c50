"""The real site's PDF and ePub."""

from __future__ import annotations

import subprocess

from pypdf import PdfReader
from sitebuild import built


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
        ["java", "-jar", "/usr/share/java/epubcheck.jar", str(epub)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 fatals / 0 errors / 0 warnings" in result.stdout
