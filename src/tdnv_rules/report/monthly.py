"""The monthly report: per unit, the tasks signed in a period and where they stand.

Columns (numbered as printed in the Office's monthly table):
1 TT, 2 unit; assigned: 3 total, 4 with deadline, 5 without; done and reported: 6 total,
7 late, 8 on time, 9 without deadline; in progress: 10 total, 11 within deadline, 12 overdue,
13 without deadline; 14 done % = floor(100·c6/c3); 15 done on time % =
c8 / (c8 + c7 + c12) · 100, rounded half-up to two decimals.

Each task is placed by ``task_state`` at the end of the ``as_of`` day, in one pass over the
tasks; every column is derived from the six counts 7, 8, 9, 11, 12, 13, so the table's
identities hold by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Any, Iterable

from ..dates import fmt_date, moment
from ..state import task_state
from .table import (
    Column,
    ReportError,
    ReportTable,
    UnitRows,
    check_lang,
    default_registry,
    task_error,
    report_day,
    task_list,
)

__all__ = ["MonthlyRow", "MonthlyReport", "monthly", "pct_done", "pct_on_time", "TOTAL_LABEL"]

TOTAL_LABEL = {"vi": "Cộng", "en": "Total"}

_ASSIGNED = ("Tổng số công việc được giao", "Tasks assigned")
_DONE = ("Đã thực hiện và báo cáo", "Done and reported")
_OPEN = ("Đang thực hiện", "In progress")
_RATES = ("Tỷ lệ so sánh", "Rates")


def _grouped(key: str, vi: str, en: str, group: tuple[str, str], kind: str = "int") -> Column:
    return Column(key, vi, en, kind, group_vi=group[0], group_en=group[1])


COLUMNS = (
    Column("tt", "TT", "No.", "text"),
    Column("unit", "Tên đơn vị", "Unit", "text"),
    _grouped("total", "Tổng số", "Total", _ASSIGNED),
    _grouped("with_deadline", "Có hạn thời gian", "With deadline", _ASSIGNED),
    _grouped("no_deadline", "Không hạn thời gian", "Without deadline", _ASSIGNED),
    _grouped("done_total", "Tổng số", "Total", _DONE),
    _grouped("done_late", "Chậm", "Late", _DONE),
    _grouped("done_on_time", "Đúng thời gian quy định", "On time", _DONE),
    _grouped("done_no_deadline", "Không hạn thời gian", "Without deadline", _DONE),
    _grouped("open_total", "Tổng số", "Total", _OPEN),
    _grouped("open_in_deadline", "Đang thực hiện trong hạn", "Within deadline", _OPEN),
    _grouped("open_overdue", "Đang thực hiện đã quá hạn", "Overdue", _OPEN),
    _grouped("open_no_deadline", "Không hạn thời gian", "Without deadline", _OPEN),
    _grouped("pct_done", "Công việc đã thực hiện (%)", "Done (%)", _RATES, "pct"),
    _grouped("pct_on_time", "Đã thực hiện đúng hạn (%)", "Done on time (%)", _RATES, "pct"),
)

# Positions of the six base counts in the per-row counter block.
_LATE, _ON_TIME, _DONE_NO_DL, _IN_DL, _OVERDUE, _OPEN_NO_DL = range(6)
_WIDTH = 6


def pct_done(done: int, total: int) -> int | None:
    """Column 14: floor(100 × done / total); ``None`` when there are no tasks."""
    return None if total == 0 else (100 * done) // total


def pct_on_time(on_time: int, late: int, overdue: int) -> int | float | None:
    """Column 15: on_time / (on_time + late + overdue) × 100, half-up to 2 decimals.

    An ``int`` when the result is whole (printed ``100``), ``None`` when the denominator is 0.
    """
    denominator = on_time + late + overdue
    if denominator == 0:
        return None
    with localcontext() as context:
        context.prec = 50
        value = (Decimal(100 * on_time) / Decimal(denominator)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@dataclass(frozen=True, slots=True)
class MonthlyRow:
    """One row of the monthly table (a unit, or the total row ``tt == "Cộng"``)."""

    tt: int | str
    unit: str
    total: int
    with_deadline: int
    no_deadline: int
    done_total: int
    done_late: int
    done_on_time: int
    done_no_deadline: int
    open_total: int
    open_in_deadline: int
    open_overdue: int
    open_no_deadline: int
    pct_done: int | None
    pct_on_time: int | float | None

    @classmethod
    def from_counts(
        cls,
        tt: int | str,
        unit: str,
        late: int,
        on_time: int,
        done_no_deadline: int,
        in_deadline: int,
        overdue: int,
        open_no_deadline: int,
    ) -> MonthlyRow:
        """A row from the six base counts (columns 7, 8, 9, 11, 12, 13)."""
        done = late + on_time + done_no_deadline
        still_open = in_deadline + overdue + open_no_deadline
        total = done + still_open
        return cls(
            tt=tt,
            unit=unit,
            total=total,
            with_deadline=late + on_time + in_deadline + overdue,
            no_deadline=done_no_deadline + open_no_deadline,
            done_total=done,
            done_late=late,
            done_on_time=on_time,
            done_no_deadline=done_no_deadline,
            open_total=still_open,
            open_in_deadline=in_deadline,
            open_overdue=overdue,
            open_no_deadline=open_no_deadline,
            pct_done=pct_done(done, total),
            pct_on_time=pct_on_time(on_time, late, overdue),
        )

    def counts(self) -> tuple[int, int, int, int, int, int]:
        """The six base counts (columns 7, 8, 9, 11, 12, 13)."""
        return (
            self.done_late,
            self.done_on_time,
            self.done_no_deadline,
            self.open_in_deadline,
            self.open_overdue,
            self.open_no_deadline,
        )


class MonthlyReport(ReportTable):
    """The monthly table: one row per unit, then the total row."""

    COLUMNS = COLUMNS
    NUMBERED = True
    KIND = "monthly"

    def __init__(
        self,
        rows: tuple[MonthlyRow, ...],
        *,
        start: date,
        end: date,
        as_of: date,
        lang: str = "vi",
        unresolved: tuple[str, ...] = (),
    ) -> None:
        self.rows = rows
        self.start = start
        self.end = end
        self.as_of = as_of
        self.lang = lang
        self.unresolved = unresolved

    def __repr__(self) -> str:
        return (
            f"MonthlyReport({len(self.unit_rows)} units, {fmt_date(self.start)}–"
            f"{fmt_date(self.end)}, as of {fmt_date(self.as_of)}, "
            f"{len(self.unresolved)} unresolved names)"
        )

    @property
    def unit_rows(self) -> tuple[MonthlyRow, ...]:
        """The rows without the total row."""
        return self.rows[:-1]

    @property
    def total(self) -> MonthlyRow:
        """The total row (column sums)."""
        return self.rows[-1]

    def row(self, unit: str) -> MonthlyRow:
        """The row of the unit printed as ``unit``."""
        for row in self.unit_rows:
            if row.unit == unit:
                return row
        raise KeyError(unit)

    def is_total(self, row: Any) -> bool:
        return row is self.rows[-1]

    def plot(self, kind: str = "on_time"):  # noqa: ANN201 - a matplotlib Figure
        """A chart: ``"on_time"`` (column 15 per unit) or ``"open"`` (columns 11–13 stacked)."""
        from .. import plots

        if kind == "on_time":
            return plots.on_time_chart(self)
        if kind == "open":
            return plots.open_chart(self)
        raise plots.PlotError(f"kind must be 'on_time' or 'open'; got {kind!r}")

    def title(self) -> str:
        if self.lang == "en":
            return f"TASK RESULTS OF THE UNITS, MONTH {self.end.month:02d}, YEAR {self.end.year}"
        return (
            f"BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG {self.end.month:02d}, "
            f"NĂM {self.end.year} CỦA CÁC ĐƠN VỊ"
        )

    def subtitle(self) -> str:
        start, end, as_of = fmt_date(self.start), fmt_date(self.end), fmt_date(self.as_of)
        if self.lang == "en":
            return f"(tasks signed {start}–{end}; status at the end of {as_of})"
        return f"(nhiệm vụ ký từ {start} đến {end}; số liệu tính đến hết ngày {as_of})"

    def parameters(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "lang": self.lang,
        }

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["unresolved"] = list(self.unresolved)
        return data


def _count(items: Iterable[Any], rows: UnitRows, start: date, end: date, as_of: date) -> list:
    """The six base counts per row, in one pass over ``items``."""
    at = moment(as_of, end_of_day=True)
    counts: list[int] = [0] * (_WIDTH * len(rows.names))
    index = rows.index
    position, task = -1, None
    try:
        for position, task in enumerate(items):
            signed = task.signed_on
            if signed < start or signed > end:
                continue
            base = index(task.assignee) * _WIDTH
            if base >= len(counts):
                counts.extend([0] * _WIDTH)
            state = task_state(task, at)
            if state.closed:
                if state.effective_deadline is None:
                    counts[base + _DONE_NO_DL] += 1
                elif state.done_late:
                    counts[base + _LATE] += 1
                else:
                    counts[base + _ON_TIME] += 1
            elif state.effective_deadline is None:
                counts[base + _OPEN_NO_DL] += 1
            elif state.overdue:
                counts[base + _OVERDUE] += 1
            else:
                counts[base + _IN_DL] += 1
    except (AttributeError, TypeError) as error:
        raise task_error(position, task, error) from None
    return counts


def monthly(
    tasks: Iterable[Any],
    *,
    start: object,
    end: object,
    as_of: object,
    registry: object = None,
    lang: str = "vi",
) -> MonthlyReport:
    """The monthly table of the tasks signed on a day in [start, end], as of the end of as_of.

    ``tasks`` is an iterable of ``Task`` (or an ``Export``); ``registry`` defaults to
    ``Registry.default()``. Units the registry lists come first in its order (even with no
    task), then units seen only in the data, then the total row. Names that did not resolve are
    kept in ``report.unresolved``.
    """
    lang = check_lang(lang)
    start_day = report_day(start, "start")
    end_day = report_day(end, "end")
    as_of_day = report_day(as_of, "as_of")
    if start_day > end_day:
        raise ReportError(f"start {fmt_date(start_day)} is after end {fmt_date(end_day)}")
    rows = UnitRows(registry if registry is not None else default_registry(), end_day)
    counts = _count(task_list(tasks), rows, start_day, end_day, as_of_day)
    counts.extend([0] * (_WIDTH * len(rows.names) - len(counts)))
    table = tuple(
        MonthlyRow.from_counts(number, name, *counts[i * _WIDTH : (i + 1) * _WIDTH])
        for i, (number, name) in enumerate(enumerate(rows.names, start=1))
    )
    sums = [sum(row.counts()[k] for row in table) for k in range(_WIDTH)]
    total = MonthlyRow.from_counts(TOTAL_LABEL[lang], "", *sums)
    return MonthlyReport(
        table + (total,),
        start=start_day,
        end=end_day,
        as_of=as_of_day,
        lang=lang,
        unresolved=tuple(rows.unresolved),
    )
