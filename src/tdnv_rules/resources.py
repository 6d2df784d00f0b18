"""Where the bundled data (``rules/``: rule files, lexicons, the unit registry) lives."""

from __future__ import annotations

from pathlib import Path

import tdnv_rules

__all__ = ["rules_dir"]


def rules_dir() -> Path:
    """The ``rules/`` folder: inside the installed package, else at the root of the checkout."""
    packaged = Path(tdnv_rules.__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"
