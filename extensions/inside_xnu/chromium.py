"""Which Chromium the build (diagrams) and the tests and benchmarks (Playwright,
Lighthouse) drive: one lookup, the same one ``scripts/install-system-deps.sh``
checks for (``tests/test_system_deps.py`` keeps the two lists equal).

Order: ``$XNU_CHROMIUM`` if set; else the first of ``COMMANDS`` on ``PATH``
(Debian's ``chromium``, other Linux names); else the first macOS app bundle in
``APPS`` that exists. Nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil

COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
APPS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)


def _executable(path: str) -> bool:
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_chromium() -> str | None:
    """The path of the Chromium or Chrome to launch, or None if there is none."""
    configured = os.environ.get("XNU_CHROMIUM")
    if configured:
        return configured if _executable(configured) else None
    for command in COMMANDS:
        found = shutil.which(command)
        if found:
            return found
    return next((app for app in APPS if _executable(app)), None)


def require_chromium() -> str:
    """:func:`find_chromium`, or an error that says how to get one."""
    found = find_chromium()
    if found is None:
        where = (f"XNU_CHROMIUM={os.environ['XNU_CHROMIUM']} is not executable"
                 if os.environ.get("XNU_CHROMIUM") else
                 f"none of {', '.join(COMMANDS)} is on PATH and no {' or '.join(APPS)} exists")
        raise RuntimeError(f"no Chromium or Chrome found ({where}): run "
                           "'scripts/install-system-deps.sh diagrams' to see how to install one, "
                           "or set XNU_CHROMIUM to its executable")
    return found
