"""A local HTTP server for build/html and the system Chromium driven by Playwright.

The Chromium is the one the diagrams use (``inside_xnu/chromium.py``):
``$XNU_CHROMIUM``, Debian's ``chromium`` or a macOS Chrome/Chromium app."""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "extensions"))

from inside_xnu.chromium import require_chromium  # noqa: E402

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    max_age: int | None = None

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        if self.max_age is not None:
            self.send_header("Cache-Control", f"max-age={self.max_age}")
        super().end_headers()


@contextmanager
def serve(directory: Path, max_age: int | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yield the base URL.

    Without ``max_age`` the browser's heuristic freshness applies (Chromium
    revalidates every file younger than a few minutes, i.e. a fresh build,
    and not an older one); a timing benchmark passes ``max_age`` so that its
    result does not depend on how long ago the site was built."""
    handler = type("Handler", (QuietHandler,), {"max_age": max_age})
    handler = functools.partial(handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=require_chromium(), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
