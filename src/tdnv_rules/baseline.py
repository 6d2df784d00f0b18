"""Baselines: findings already known, recorded once and left out of later runs."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from .findings import Finding

__all__ = ["BaselineError", "fingerprint", "write_baseline", "load_baseline"]


class BaselineError(ValueError):
    """A baseline file that cannot be read."""


def fingerprint(finding: Finding) -> str:
    """What identifies a finding across runs: task, code and location (not the message)."""
    return f"{finding.task}|{finding.code}|{'.'.join(map(str, finding.loc))}"


def write_baseline(findings: Iterable[Finding], path: str | Path) -> int:
    """Record the findings' fingerprints; returns how many were written."""
    prints = sorted({fingerprint(f) for f in findings})
    Path(path).write_text(
        json.dumps({"format": "tdnv-baseline", "version": 1, "findings": prints},
                   ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    return len(prints)


def load_baseline(path: str | Path) -> frozenset[str]:
    """The fingerprints recorded in a baseline file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a tdnv-rules baseline (no 'findings' list)")
    return frozenset(str(item) for item in data["findings"])
