"""Findings, gate decisions and collections of findings.

A finding is shaped like a pydantic validation error: ``code``, ``severity``, ``loc`` (a path
into the task, e.g. ``("results", 1)``), ``msg`` (rendered from the rule's template, never
parsed), ``input`` (the value found at ``loc``) and ``ctx`` (the values the message was made
from). It also names the task and its unit so findings can be counted by unit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

__all__ = ["SEVERITIES", "Severity", "Finding", "Decision", "Findings", "severity_rank"]

Severity = Literal["block", "warn", "info"]
SEVERITIES: tuple[Severity, ...] = ("block", "warn", "info")
_RANK = {"info": 1, "warn": 2, "block": 3}


def severity_rank(severity: str) -> int:
    """1 for info, 2 for warn, 3 for block (0 for anything else, e.g. 'allow')."""
    return _RANK.get(severity, 0)


def _plain(value: Any) -> Any:
    """A JSON-friendly copy of a finding's input or context value."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    return value


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that holds for one task."""

    code: str
    severity: Severity
    name: str
    loc: tuple[str | int, ...]
    msg: str
    input: Any = None
    ctx: dict[str, Any] = field(default_factory=dict)
    task: str | None = None
    unit: str | None = None
    symbol: str | None = None
    subject: str | None = None
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape used by the CLI: task, unit, code, severity, message, loc, ctx."""
        return {
            "task": self.task,
            "unit": self.unit,
            "code": self.code,
            "severity": self.severity,
            "message": self.msg,
            "loc": list(self.loc),
            "ctx": _plain(self.ctx),
        }


@dataclass(frozen=True, slots=True)
class Decision:
    """The gate's answer to "may this unit close this task now?"."""

    task: str
    at: datetime
    decision: Literal["allow", "warn", "block"]
    findings: tuple[Finding, ...]
    facts: dict[str, Any]

    @property
    def allowed(self) -> bool:
        """True unless a blocking finding stands."""
        return self.decision != "block"

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the findings, in catalog order."""
        return tuple(f.code for f in self.findings)

    @property
    def reason(self) -> str:
        """The findings' messages, one per line (empty when allowed without remarks)."""
        return "\n".join(f.msg for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of ``tdnv-rules gate --format json``."""
        return {
            "task": self.task,
            "at": self.at.isoformat(),
            "decision": self.decision,
            "findings": [
                {k: v for k, v in f.to_dict().items() if k not in ("task", "unit")}
                for f in self.findings
            ],
            "facts": _plain(self.facts),
        }

    def _repr_html_(self) -> str:
        from .notebook_html import decision_html

        return decision_html(self)


class Findings:
    """All findings of an audit, in the order they were found, plus the load errors."""

    def __init__(
        self,
        findings: Iterable[Finding] = (),
        *,
        as_of: date | None = None,
        errors: Iterable[Any] = (),
        checked: int = 0,
        lang: str = "vi",
    ) -> None:
        self.items: list[Finding] = list(findings)
        self.as_of = as_of
        self.errors: list[Any] = list(errors)
        self.checked = checked
        self.lang = lang

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> Finding:
        return self.items[index]

    def __repr__(self) -> str:
        return f"Findings({len(self.items)} findings over {self.checked} tasks, {len(self.errors)} errors)"

    @property
    def codes(self) -> Counter[str]:
        """How many findings each code has."""
        return Counter(f.code for f in self.items)

    def filter(
        self, *, code: str | Iterable[str] | None = None, unit: str | None = None,
        severity: str | None = None,
    ) -> Findings:
        """The findings of some codes, one unit, or at or above a severity."""
        codes = {code} if isinstance(code, str) else set(code) if code is not None else None
        floor = severity_rank(severity) if severity else 0
        kept = [
            f for f in self.items
            if (codes is None or f.code in codes)
            and (unit is None or f.unit == unit)
            and severity_rank(f.severity) >= floor
        ]
        return Findings(kept, as_of=self.as_of, errors=self.errors, checked=self.checked,
                        lang=self.lang)

    def worst(self) -> str | None:
        """The highest severity present, or None when there are no findings."""
        return max((f.severity for f in self.items), key=severity_rank, default=None)

    def summary(self) -> FindingsSummary:
        """Counts by code and by unit."""
        from .findings_summary import FindingsSummary

        return FindingsSummary.of(self)

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per finding (task, unit, symbol, subject, code, severity, …)."""
        return [
            {
                "task": f.task, "unit": f.unit, "symbol": f.symbol, "subject": f.subject,
                "code": f.code, "name": f.name, "title": f.title, "severity": f.severity,
                "message": f.msg,
                "loc": ".".join(str(p) for p in f.loc),
            }
            for f in self.items
        ]

    def to_pandas(self):  # noqa: ANN201 - pandas is optional
        """A DataFrame with one row per finding."""
        from .tables import require_pandas

        pandas = require_pandas()
        columns = ["task", "unit", "symbol", "subject", "code", "name", "title", "severity",
                   "message", "loc"]
        return pandas.DataFrame(self.to_records(), columns=columns)

    def to_excel(self, path, *, task_url: str | None = None) -> None:  # noqa: ANN001
        """Write a summary sheet and one sheet per unit (needs openpyxl); see ``excel.py``."""
        from .excel import write_findings_excel

        write_findings_excel(self, path, task_url=task_url)

    def plot(self, tasks: Any = None, *, kind: str | None = None):  # noqa: ANN201 - a Figure
        """A chart: ``kind="months"`` (by month signed; needs ``tasks``) or ``"codes"``.

        Without ``kind``: by month when ``tasks`` (the loaded export) is given, else by code.
        """
        from . import plots

        kind = kind or ("months" if tasks is not None else "codes")
        if kind == "months":
            if tasks is None:
                raise plots.PlotError("plot(kind='months') needs the tasks: f.plot(ex)")
            return plots.findings_by_month_chart(self, tasks)
        if kind == "codes":
            return plots.findings_by_code_chart(self)
        raise plots.PlotError(f"kind must be 'months' or 'codes'; got {kind!r}")

    def _repr_html_(self) -> str:
        from .notebook_html import findings_html

        return findings_html(self)


from .findings_summary import FindingsSummary  # noqa: E402  (re-exported for typing)
