"""Byte-identical ePubs: rewrite the archive with fixed entry timestamps.

Sphinx zips the ePub with each file's modification time, which differs on
every build. After the build, the archive is rewritten entry by entry (same
order, same compression, ``mimetype`` first and stored) with the time from
``SOURCE_DATE_EPOCH`` (or 1980-01-01 when it is unset).
"""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

from sphinx.application import Sphinx


def fixed_time() -> tuple[int, int, int, int, int, int]:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    return time.gmtime(max(epoch, 315532800))[:6]  # zip cannot store dates before 1980


def normalise_zip(path: Path) -> None:
    stamp = fixed_time()
    partial = path.with_suffix(path.suffix + ".part")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(partial, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename))
    partial.replace(path)


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.name == "epub":
        for epub in Path(app.outdir).glob("*.epub"):
            normalise_zip(epub)


def setup(app: Sphinx) -> None:
    app.connect("build-finished", _on_build_finished)
