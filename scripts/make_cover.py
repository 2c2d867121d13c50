"""Render the ePub cover (source/_static/cover.jpg) from HTML with the system Chromium.

Run once when the cover design changes: .venv/bin/python scripts/make_cover.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from browser import chromium  # noqa: E402

COVER = """<!doctype html><html><body style="margin:0">
<div style="width:1600px;height:2400px;box-sizing:border-box;padding:180px 140px;
  background:linear-gradient(160deg,#0b1f3a 0%,#123a6b 55%,#1d5fa8 100%);color:#fff;
  font-family:'DejaVu Sans',sans-serif;display:flex;flex-direction:column">
  <div style="font-size:64px;letter-spacing:12px;opacity:.8">A FIELD GUIDE TO THE MACOS KERNEL</div>
  <div style="font-size:250px;font-weight:700;line-height:1;margin-top:120px">Inside<br>XNU</div>
  <div style="font-size:58px;line-height:1.5;margin-top:100px;opacity:.92">
    Mach ports &middot; the scheduler &middot; signals &middot; the BSD layer &middot;
    virtual memory &middot; APFS &middot; IOKit &middot; DriverKit &middot; security &middot;
    Apple silicon</div>
  <div style="flex:1"></div>
  <div style="font-family:'DejaVu Sans Mono',monospace;font-size:44px;opacity:.75">
    mach_msg() &rarr; ipc_kmsg &rarr; ipc_mqueue &rarr; thread_wakeup()</div>
  <div style="font-size:50px;margin-top:60px">The Inside XNU authors</div>
</div></body></html>"""


def main() -> None:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1600, "height": 2400}, device_scale_factor=0.625)
        page.set_content(COVER)
        page.screenshot(path=str(REPO / "source" / "_static" / "cover.jpg"), type="jpeg", quality=88)


if __name__ == "__main__":
    main()
