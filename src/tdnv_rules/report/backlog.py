"""The backlog: tasks without a deadline still open, per unit and year of signing.

A task is in the backlog at ``as_of`` when it was signed on or before that day and, at the end
of it, is open (``not state.closed``) with no effective deadline. The count per year is what
the Office's briefing quotes unit by unit: "còn 84 nhiệm vụ chưa xử lý (trong đó, có 01 nhiệm
vụ năm 2020; …; còn lại nhiệm vụ được giao trong năm 2024)".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

from ..dates import fmt_date, moment
from ..state import task_state
from ..text import normalize
from .table import (
    Column,
    ReportTable,
    UnitRows,
    check_lang,
    default_registry,
    report_day,
    task_error,
    task_list,
)

__all__ = ["BacklogRow", "BacklogReport", "backlog", "backlog_sentence"]

_TOTAL = {"vi": "Cộng", "en": "Total"}


@dataclass(frozen=True, slots=True)
class BacklogRow:
    """One unit's open tasks without a deadline; ``by_year`` holds (year, count), count > 0."""

    tt: int | str
    unit: str
    total: int
    by_year: tuple[tuple[int, int], ...]

    def count(self, year: int) -> int:
        """How many of the unit's backlog tasks were signed in ``year``."""
        for each_year, number in self.by_year:
            if each_year == year:
                return number
        return 0


def backlog_sentence(total: int, by_year: Iterable[tuple[int, int]], year: int, lang: str = "vi") -> str:
    """The briefing's sentence for a backlog of ``total`` tasks as of a day in ``year``.

    Earlier years are listed with two-digit counts; the tasks of ``year`` itself are "the rest".
    """
    earlier = [(y, n) for y, n in sorted(by_year) if y < year and n > 0]
    rest = total - sum(n for _, n in earlier)
    if lang == "en":
        if total == 0:
            return "no task without a deadline is still open"
        parts = [f"{n:02d} from {y}" for y, n in earlier]
        if rest > 0:
            parts.append(f"the rest assigned in {year}" if earlier else f"all assigned in {year}")
        return f"{total} tasks without a deadline still open (of which {'; '.join(parts)})"
    if total == 0:
        return "không còn nhiệm vụ không hạn chưa xử lý"
    if not earlier:
        return f"còn {total} nhiệm vụ chưa xử lý (được giao trong năm {year})"
    parts = [f"{n:02d} nhiệm vụ năm {y}" for y, n in earlier]
    if rest > 0:
        parts.append(f"còn lại nhiệm vụ được giao trong năm {year}")
    return f"còn {total} nhiệm vụ chưa xử lý (trong đó, có {'; '.join(parts)})"


class BacklogReport(ReportTable):
    """Open tasks without a deadline: one row per unit (registry order), then the total."""

    KIND = "backlog"

    def __init__(
        self,
        rows: tuple[BacklogRow, ...],
        *,
        as_of: date,
        years: tuple[int, ...],
        lang: str = "vi",
        unresolved: tuple[str, ...] = (),
        registry: object = None,
    ) -> None:
        self.rows = rows
        self.as_of = as_of
        self.years = years
        self.lang = lang
        self.unresolved = unresolved
        self._registry = registry

    def __repr__(self) -> str:
        return (
            f"BacklogReport({self.total.total} tasks in {len(self.unit_rows)} units, "
            f"as of {fmt_date(self.as_of)})"
        )

    @property
    def unit_rows(self) -> tuple[BacklogRow, ...]:
        """The rows without the total row."""
        return self.rows[:-1]

    @property
    def total(self) -> BacklogRow:
        """The total row."""
        return self.rows[-1]

    def row(self, unit: object) -> BacklogRow:
        """The row of ``unit`` (a printed name, any spelling the registry resolves, or a unit)."""
        name = getattr(unit, "name", unit)
        if not isinstance(name, str):
            raise KeyError(unit)
        candidates = [name]
        if self._registry is not None:
            resolution = self._registry.resolve(name)
            if resolution is not None and resolution.unit is not None:
                candidates.append(resolution.unit.name)
        candidates.append(normalize(name))
        for candidate in candidates:
            for row in self.unit_rows:
                if row.unit == candidate:
                    return row
        raise KeyError(unit)

    def sentence(self, unit: object) -> str:
        """The briefing's sentence for ``unit``: "còn 84 nhiệm vụ chưa xử lý (trong đó, …)"."""
        row = self.row(unit)
        return backlog_sentence(row.total, row.by_year, self.as_of.year, self.lang)

    def sentences(self, *, at_least: int = 1) -> dict[str, str]:
        """``unit → sentence`` for the units with at least ``at_least`` backlog tasks."""
        return {
            row.unit: backlog_sentence(row.total, row.by_year, self.as_of.year, self.lang)
            for row in self.unit_rows
            if row.total >= at_least
        }

    def columns(self) -> tuple[Column, ...]:
        year_columns = tuple(
            Column(str(year), f"Năm {year}", str(year), "int") for year in self.years
        )
        return (
            Column("tt", "TT", "No.", "text"),
            Column("unit", "Tên đơn vị", "Unit", "text"),
            Column(
                "total",
                "Nhiệm vụ không hạn chưa xử lý",
                "Open tasks without a deadline",
                "int",
            ),
        ) + year_columns

    def value(self, row: Any, column: Column) -> Any:
        if column.key.isdigit():
            return row.count(int(column.key))
        return super().value(row, column)

    def cell(self, row: Any, column: Column) -> str:
        if column.key.isdigit():
            return str(row.count(int(column.key)))
        return super().cell(row, column)

    def is_total(self, row: Any) -> bool:
        return row is self.rows[-1]

    def plot(self):  # noqa: ANN201 - a matplotlib Figure
        """Open tasks without a deadline per unit, stacked by year of assignment."""
        from ..plots import backlog_chart

        return backlog_chart(self)

    def title(self) -> str:
        if self.lang == "en":
            return "OPEN TASKS WITHOUT A DEADLINE, BY YEAR OF ASSIGNMENT"
        return "NHIỆM VỤ KHÔNG HẠN CHƯA XỬ LÝ THEO NĂM GIAO"

    def subtitle(self) -> str:
        day = fmt_date(self.as_of)
        return f"(as of the end of {day})" if self.lang == "en" else f"(tính đến hết ngày {day})"

    def parameters(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "lang": self.lang}

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["unresolved"] = list(self.unresolved)
        data["sentences"] = self.sentences()
        return data


def backlog(
    tasks: Iterable[Any], *, as_of: object, registry: object = None, lang: str = "vi"
) -> BacklogReport:
    """Open tasks without a deadline at the end of ``as_of``, per unit and year signed."""
    lang = check_lang(lang)
    as_of_day = report_day(as_of, "as_of")
    registry = registry if registry is not None else default_registry()
    rows = UnitRows(registry, as_of_day)
    at = moment(as_of_day, end_of_day=True)
    per_row: dict[int, dict[int, int]] = {}
    position, task = -1, None
    try:
        for position, task in enumerate(task_list(tasks)):
            if task.signed_on > as_of_day:
                continue
            state = task_state(task, at)
            if state.closed or state.effective_deadline is not None:
                continue
            years = per_row.setdefault(rows.index(task.assignee), {})
            year = task.signed_on.year
            years[year] = years.get(year, 0) + 1
    except (AttributeError, TypeError) as error:
        raise task_error(position, task, error) from None

    table = []
    for index, name in enumerate(rows.names):
        years = per_row.get(index, {})
        table.append(
            BacklogRow(index + 1, name, sum(years.values()), tuple(sorted(years.items())))
        )
    all_years: dict[int, int] = {}
    for row in table:
        for year, number in row.by_year:
            all_years[year] = all_years.get(year, 0) + number
    total = BacklogRow(
        _TOTAL[lang], "", sum(all_years.values()), tuple(sorted(all_years.items()))
    )
    first = min(all_years, default=as_of_day.year)
    return BacklogReport(
        tuple(table) + (total,),
        as_of=as_of_day,
        years=tuple(range(first, as_of_day.year + 1)),
        lang=lang,
        unresolved=tuple(rows.unresolved),
        registry=registry,
    )
