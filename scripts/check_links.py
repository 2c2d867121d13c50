"""Offline link check of a built HTML site.

Every internal link must reach an existing file and, if it has a fragment, an
element with that id. External links are listed, never fetched. Exits 1 on a
broken internal link. Usage: python scripts/check_links.py build/html
"""

from __future__ import annotations

import sys
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src"):
            if attrs.get(key) and tag in ("a", "link", "img", "script"):
                self.hrefs.append(attrs[key])


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text("utf-8", errors="replace"))
    return parser


def check(root: Path, prefix: str = "/en/latest/") -> tuple[list[str], dict[str, set[str]]]:
    """Broken internal links and the external ones. Root-absolute links (the
    404 page uses them) are resolved by stripping the site's URL ``prefix``."""
    pages = {path: parse(path) for path in sorted(root.rglob("*.html"))}
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    for page, links in pages.items():
        for href in links.hrefs:
            parsed = urlparse(href)
            if parsed.scheme in ("http", "https", "mailto", "ftp"):
                external[href].add(str(page.relative_to(root)))
                continue
            if parsed.scheme in ("data", "javascript") or href.startswith("//"):
                continue
            target, fragment = parsed.path, parsed.fragment
            if target.startswith("/"):
                if not target.startswith(prefix):
                    broken.append(f"{page.relative_to(root)}: {href} (outside the site)")
                    continue
                file = (root / unquote(target[len(prefix):])).resolve()
            else:
                file = (page.parent / unquote(target)).resolve() if target else page
            if file.is_dir():
                file = file / "index.html"
            where = f"{page.relative_to(root)}: {href}"
            if not file.exists():
                broken.append(f"{where} (no such file)")
            elif fragment and file.suffix == ".html":
                ids = pages[file].ids if file in pages else parse(file).ids
                if unquote(fragment) not in ids:
                    broken.append(f"{where} (no anchor #{fragment})")
    return broken, external


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "build/html").resolve()
    broken, external = check(root)
    print(f"{len(external)} external link(s), not fetched:")
    for url in sorted(external):
        print(f"  {url}  (from {len(external[url])} page(s))")
    for line in broken:
        print(f"BROKEN {line}")
    print(f"{len(broken)} broken internal link(s)")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
