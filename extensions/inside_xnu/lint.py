"""Front-matter lint without a Sphinx build: ``python -m inside_xnu.lint SOURCE_DIR``.

Checks every article against the same schema the build enforces (registry
keys from ``conf.py``, required fields, unique ``order``) and prints
``file:line: message`` for each problem.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

from .articles import REQUIRED, FrontMatterError, read_front_matter


def problems(source: Path) -> list[str]:
    conf = runpy.run_path(str(source / "conf.py"))
    keys = [item["key"] for item in conf["inside_xnu_subsystems"]]
    pattern = conf.get("inside_xnu_articles", "articles/*")
    found: list[str] = []
    orders: dict[int, Path] = {}
    for path in sorted(source.glob(pattern + ".md")):
        try:
            meta, lines = read_front_matter(path)
        except FrontMatterError as error:
            found.append(f"{path}:{error.line}: {error}")
            continue
        for key in REQUIRED:
            if meta.get(key) in (None, ""):
                found.append(f"{path}:1: front matter is missing {key!r}")
        for key in [meta.get("subsystem"), *(meta.get("related") or [])]:
            if key is not None and key not in keys:
                found.append(f"{path}:{lines.get('subsystem', 1)}: unknown subsystem {key!r} "
                             f"(known: {', '.join(keys)})")
        order = meta.get("order")
        if isinstance(order, int):
            if order in orders:
                found.append(f"{path}:{lines['order']}: duplicate order {order}: also used by {orders[order]}")
            orders.setdefault(order, path)
    return found


def main(argv: list[str] | None = None) -> int:
    source = Path((argv or sys.argv[1:] or ["source"])[0])
    found = problems(source)
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
