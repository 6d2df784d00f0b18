"""Configuration: which rules are in force and with which parameters.

Read from ``tdnv-rules.toml`` (top level) or from ``[tool.tdnv-rules]`` in a
``pyproject.toml``, in the given folder or the nearest parent that has one::

    [tool.tdnv-rules]
    select = ["G", "A", "D"]      # code prefixes in force (default: all)
    ignore = ["A001"]              # code prefixes left out
    registry = "units.yaml"        # unit registry, relative to the config file
    lang = "vi"                    # message language: vi or en

    [tool.tdnv-rules.params.A003]
    days = 120
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

__all__ = ["Config", "ConfigError", "find_config", "load_config"]


class ConfigError(ValueError):
    """A configuration file that cannot be used; names the file and the key."""


class Config(BaseModel):
    """Settings of one project."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    params: dict[str, dict[str, int | float | str | bool]] = Field(default_factory=dict)
    registry: Path | None = None
    lang: Literal["vi", "en"] = "vi"
    source: Path | None = None

    def narrowed(
        self,
        *,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        lang: str | None = None,
    ) -> Config:
        """These settings with the given ones in their place (None keeps the setting)."""
        given = {"select": select, "ignore": ignore, "lang": lang}
        return self.model_copy(update={k: list(v) if isinstance(v, (list, tuple)) else v
                                       for k, v in given.items() if v is not None})

    def rulebook(self, **overrides: Any):  # noqa: ANN201 - avoids an import cycle in typing
        """The rulebook these settings describe (``overrides`` win)."""
        from .rulebook import Rulebook

        settings = {"select": self.select, "ignore": self.ignore, "params": self.params,
                    "lang": self.lang, **overrides}
        return Rulebook(**settings)

    def unit_registry(self):  # noqa: ANN201
        """The configured unit registry, or the bundled one."""
        from .units import Registry

        return Registry.load(self.registry) if self.registry else Registry.default()


def find_config(start: Path | str | None = None) -> Path | None:
    """The nearest ``tdnv-rules.toml`` or ``pyproject.toml`` with a ``[tool.tdnv-rules]``."""
    folder = Path(start or Path.cwd()).resolve()
    if folder.is_file():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        own = candidate / "tdnv-rules.toml"
        if own.is_file():
            return own
        project = candidate / "pyproject.toml"
        if project.is_file():
            try:
                data = tomllib.loads(project.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if "tdnv-rules" in data.get("tool", {}):
                return project
    return None


def load_config(path: Path | str | None = None) -> Config:
    """Settings from ``path`` (a config file), or found from the working folder, or defaults."""
    file = Path(path) if path is not None else find_config()
    if file is None:
        return Config()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{file}: cannot read: {error}") from None
    if file.name == "pyproject.toml":
        data = data.get("tool", {}).get("tdnv-rules", {})
    try:
        config = Config.model_validate({**data, "source": file})
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
        raise ConfigError(f"{file}: {problems}") from None
    if config.registry is not None and not config.registry.is_absolute():
        config = config.model_copy(update={"registry": file.parent / config.registry})
    return config
