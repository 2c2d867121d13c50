"""The subsystem registry: declared once in ``conf.py``, validated at start-up."""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

REQUIRED_FIELDS = ("key", "title", "description")


@dataclass(frozen=True)
class Subsystem:
    key: str
    title: str
    description: str
    order: int
    keywords: tuple[str, ...] = ()

    @property
    def docname(self) -> str:
        return f"subsystems/{self.key}"


def load_registry(config: Config) -> dict[str, Subsystem]:
    """Subsystems by key, in declaration order (which is their display order)."""
    registry: dict[str, Subsystem] = {}
    for order, item in enumerate(config.inside_xnu_subsystems, start=1):
        missing = [f for f in REQUIRED_FIELDS if not str(item.get(f, "")).strip()]
        if missing:
            raise ConfigError(
                f"inside_xnu_subsystems entry {order} is missing {', '.join(missing)}"
            )
        key = item["key"]
        if key in registry:
            raise ConfigError(f"inside_xnu_subsystems declares {key!r} twice")
        registry[key] = Subsystem(
            key, item["title"], item["description"], order, tuple(item.get("keywords", ()))
        )
    if not registry:
        raise ConfigError("inside_xnu_subsystems is empty")
    return registry


def registry(app_or_env) -> dict[str, Subsystem]:
    return app_or_env.config._inside_xnu_registry


def _on_config_inited(app: Sphinx, config: Config) -> None:
    # Stored on the config object (not a registered value) so it never makes
    # the environment look outdated.
    config._inside_xnu_registry = load_registry(config)


def known_keys(app_or_env) -> str:
    return ", ".join(registry(app_or_env))


def setup(app: Sphinx) -> None:
    app.add_config_value("inside_xnu_subsystems", [], "env", list)
    app.connect("config-inited", _on_config_inited)
