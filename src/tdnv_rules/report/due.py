"""The due list: open tasks whose deadline is near, and those already past it.

At the end of day ``as_of`` a task signed on or before that day is

- *due* when it is open and its effective deadline ``d`` satisfies ``as_of ≤ d ≤ as_of + within``;
- *overdue* when it is open and ``d < as_of`` (``state.overdue``).

Rows are sorted by unit (registry order, then units seen only in the data), then deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
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
    report_day,
    task_error,
    task_list,
)

__all__ = ["DueRow", "DueReport", "due", "DUE", "OVERDUE"]

DUE = "due"
OVERDUE = "overdue"
_STATUS = {
    "vi": {DUE: "Sắp đến hạn", OVERDUE: "Quá hạn"},
    "en": {DUE: "Due soon", OVERDUE: "Overdue"},
}

COLUMNS = (
    Column("tt", "TT", "No.", "text"),
    Column("unit", "Tên đơn vị", "Unit", "text"),
    Column("id", "Mã nhiệm vụ", "Task id", "text"),
    Column("symbol", "Số ký hiệu", "Number", "text"),
    Column("subject", "Trích yếu", "Subject", "text"),
    Column("deadline", "Thời hạn xử lý", "Deadline", "date"),
    Column("days_left", "Số ngày còn lại", "Days left", "int"),
    Column("status", "Tình trạng", "Status", "text"),
    Column("follower", "Người theo dõi", "Follower", "text"),
)


@dataclass(frozen=True, slots=True)
class DueRow:
    """One open task near or past its deadline; ``days_left`` is negative when overdue."""

    tt: int
    unit: str
    id: str
    symbol: str
    subject: str
    deadline: date
    days_left: int
    status: str
    follower: str | None

    @property
    def days_over(self) -> int:
        """Days past the deadline (0 when not overdue)."""
        return max(0, -self.days_left)


class DueReport(ReportTable):
    """Tasks due within ``within`` days of ``as_of`` and tasks overdue, per unit."""

    COLUMNS = COLUMNS
    KIND = "due"

    def __init__(
        self,
        rows: tuple[DueRow, ...],
        *,
        as_of: date,
        within: int,
        lang: str = "vi",
        unresolved: tuple[str, ...] = (),
    ) -> None:
        self.rows = rows
        self.as_of = as_of
        self.within = within
        self.lang = lang
        self.unresolved = unresolved

    def __repr__(self) -> str:
        overdue = sum(1 for row in self.rows if row.status == OVERDUE)
        return (
            f"DueReport({len(self.rows) - overdue} due within {self.within} days, "
            f"{overdue} overdue, as of {fmt_date(self.as_of)})"
        )

    @property
    def due_rows(self) -> tuple[DueRow, ...]:
        """The tasks whose deadline is in the window."""
        return tuple(row for row in self.rows if row.status == DUE)

    @property
    def overdue_rows(self) -> tuple[DueRow, ...]:
        """The tasks already past their deadline."""
        return tuple(row for row in self.rows if row.status == OVERDUE)

    def by_unit(self) -> dict[str, tuple[DueRow, ...]]:
        """The rows grouped by unit, in report order."""
        groups: dict[str, list[DueRow]] = {}
        for row in self.rows:
            groups.setdefault(row.unit, []).append(row)
        return {unit: tuple(rows) for unit, rows in groups.items()}

    def cell(self, row: Any, column: Column) -> str:
        if column.key == "status":
            return _STATUS[self.lang][row.status]
        return super().cell(row, column)

    def title(self) -> str:
        if self.lang == "en":
            return f"TASKS DUE WITHIN {self.within} DAYS AND OVERDUE TASKS"
        return f"NHIỆM VỤ SẮP ĐẾN HẠN TRONG {self.within} NGÀY VÀ NHIỆM VỤ QUÁ HẠN"

    def subtitle(self) -> str:
        day = fmt_date(self.as_of)
        return f"(as of the end of {day})" if self.lang == "en" else f"(tính đến hết ngày {day})"

    def parameters(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "within": self.within, "lang": self.lang}

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["unresolved"] = list(self.unresolved)
        return data


def due(
    tasks: Iterable[Any],
    *,
    as_of: object,
    within: int = 7,
    registry: object = None,
    include_overdue: bool = True,
    lang: str = "vi",
) -> DueReport:
    """Open tasks due in the next ``within`` days after ``as_of`` (inclusive), and overdue ones."""
    lang = check_lang(lang)
    as_of_day = report_day(as_of, "as_of")
    if isinstance(within, bool) or not isinstance(within, int) or within < 0:
        raise ReportError(f"within must be a whole number of days ≥ 0; got {within!r}")
    rows = UnitRows(registry if registry is not None else default_registry(), as_of_day)
    at = moment(as_of_day, end_of_day=True)
    found: list[tuple[int, date, str, str, Any, int, bool]] = []
    position, task = -1, None
    try:
        for position, task in enumerate(task_list(tasks)):
            if task.signed_on > as_of_day:
                continue
            state = task_state(task, at)
            if state.closed or state.effective_deadline is None:
                continue
            days = state.days_to_deadline()
            if days > within or (state.overdue and not include_overdue):
                continue
            row = rows.index(task.assignee)
            deadline = state.effective_deadline
            found.append((row, deadline, task.symbol, task.id, task, days, state.overdue))
    except (AttributeError, TypeError) as error:
        raise task_error(position, task, error) from None
    found.sort(key=lambda item: item[:4])
    table = tuple(
        DueRow(
            tt=number,
            unit=rows.names[index],
            id=task.id,
            symbol=symbol,
            subject=task.subject,
            deadline=deadline,
            days_left=days,
            status=OVERDUE if overdue else DUE,
            follower=task.follower,
        )
        for number, (index, deadline, symbol, _id, task, days, overdue) in enumerate(
            found, start=1
        )
    )
    return DueReport(
        table, as_of=as_of_day, within=within, lang=lang, unresolved=tuple(rows.unresolved)
    )
