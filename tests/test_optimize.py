"""The optimizer's cache key: prose edits reuse optimized assets, markup edits do not."""

from __future__ import annotations

from inside_xnu.optimize import fingerprint

PAGE = '<html><body><p class="intro">{text}</p><a href="#x">link</a></body></html>'


def key(tmp_path, page: str, css: str = "p{color:red}") -> str:
    (tmp_path / "_static").mkdir(exist_ok=True)
    (tmp_path / "_static" / "site.css").write_text(css)
    return fingerprint(tmp_path, [tmp_path / "_static" / "site.css"], {tmp_path / "page.html": page}, [])


def test_prose_edits_keep_the_key(tmp_path):
    before = key(tmp_path, PAGE.format(text="Ports carry messages."))
    assert key(tmp_path, PAGE.format(text="Ports carry messages, and rights.")) == before


def test_new_markup_or_changed_assets_change_the_key(tmp_path):
    before = key(tmp_path, PAGE.format(text="Ports."))
    assert key(tmp_path, PAGE.format(text="Ports.").replace("intro", "intro note")) != before
    assert key(tmp_path, PAGE.format(text="Ports.") + "<table></table>") != before
    assert key(tmp_path, PAGE.format(text="Ports."), css="p{color:blue}") != before
