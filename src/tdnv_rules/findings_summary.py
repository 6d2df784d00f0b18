"""Counts of findings by code and by unit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .findings import Findings

__all__ = ["FindingsSummary"]


@dataclass(frozen=True)
class FindingsSummary:
    """How many findings each code has, each unit has, and each (unit, code) pair has."""

    by_code: dict[str, int]
    by_unit: dict[str, int]
    by_unit_code: dict[tuple[str, str], int]
    names: dict[str, str]
    severities: dict[str, str]
    checked: int
    errors: int
    lang: str = "vi"

    @classmethod
    def of(cls, findings: Findings) -> FindingsSummary:
        """Count a collection of findings."""
        by_code: Counter[str] = Counter()
        by_unit: Counter[str] = Counter()
        pairs: Counter[tuple[str, str]] = Counter()
        names: dict[str, str] = {}
        severities: dict[str, str] = {}
        for f in findings:
            unit = f.unit or "?"
            by_code[f.code] += 1
            by_unit[unit] += 1
            pairs[(unit, f.code)] += 1
            names[f.code] = f.title or f.name
            severities[f.code] = f.severity
        return cls(
            by_code=dict(sorted(by_code.items())),
            by_unit=dict(by_unit.most_common()),
            by_unit_code=dict(sorted(pairs.items())),
            names=names,
            severities=severities,
            checked=findings.checked,
            errors=len(findings.errors),
            lang=getattr(findings, "lang", "vi"),
        )

    def rows(self) -> list[dict[str, Any]]:
        """One row per code: code, name, severity, count."""
        return [
            {"code": code, "name": self.names[code], "severity": self.severities[code],
             "count": count}
            for code, count in self.by_code.items()
        ]

    def to_pandas(self):  # noqa: ANN201 - pandas is optional
        """A unit × code table of counts, with a total column."""
        from .tables import require_pandas

        pandas = require_pandas()
        frame = pandas.Series(self.by_unit_code, dtype="int64").unstack(fill_value=0)
        if frame.empty:
            return frame
        frame["total"] = frame.sum(axis=1)
        return frame.sort_values("total", ascending=False)

    def _repr_html_(self) -> str:
        from .notebook_html import summary_html

        return summary_html(self)
