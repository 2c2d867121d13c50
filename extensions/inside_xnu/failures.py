"""A build that warned leaves nothing a later build trusts.

Sphinx saves the environment even when warnings fail the build (``-W``), so
an unchanged document is not re-read next time and its warning is never
repeated: the second build "passes". Deleting the saved environment after a
build with warnings makes the next build read everything again, as Sphinx
itself does after an exception.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import ENV_PICKLE_FILENAME, Sphinx


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and getattr(app, "_warncount", 0):
        (Path(app.doctreedir) / ENV_PICKLE_FILENAME).unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    # Last, after the other build-finished handlers may have warned.
    app.connect("build-finished", _on_build_finished, priority=1000)
