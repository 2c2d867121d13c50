"""The npm tools this extension runs: where they live and which versions are locked."""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx


def node_root(app: Sphinx) -> Path:
    """Where node_modules lives: by default, the repository of this extension."""
    configured = app.config.inside_xnu_node_root
    return Path(configured) if configured else Path(__file__).resolve().parents[2]


def locked_versions(root: Path, packages: tuple[str, ...]) -> str:
    """``name@version`` of each package in ``root``'s package-lock.json, for
    cache keys: a tool upgrade must invalidate what the old version produced."""
    lock = root / "package-lock.json"
    entries = json.loads(lock.read_text("utf-8")).get("packages", {}) if lock.exists() else {}
    return " ".join(f"{name}@{entries.get('node_modules/' + name, {}).get('version')}"
                    for name in packages)


def setup(app: Sphinx) -> None:
    app.add_config_value("inside_xnu_node_root", "", "")
