"""A task's state at a moment: the one place where history becomes status.

- closed iff the latest closure at or before ``at`` is later than every reopening at or
  before ``at``; the completion time is that closure's time;
- the effective deadline is the ``new_deadline`` of the latest extension granted at or before
  ``at`` (of several granted at the same moment, the one listed last), else the task's
  ``deadline``; ``None`` means no deadline (không hạn);
- a deadline day D is met by anything done on or before the end of day D (Vietnam time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from .dates import local_date, moment

if TYPE_CHECKING:
    from .model import Closure, Extension, Reopening, ResultDocument, Task, TaskCore

__all__ = ["TaskState", "task_state"]


@dataclass(frozen=True, slots=True)
class TaskState:
    """What a task looks like at moment ``at``."""

    at: datetime
    closed: bool
    completed_at: datetime | None
    effective_deadline: date | None
    results: tuple[ResultDocument, ...]
    extensions: tuple[Extension, ...]
    closures: tuple[Closure, ...]
    reopenings: tuple[Reopening, ...]

    @property
    def has_deadline(self) -> bool:
        """Whether the task has a deadline at this moment."""
        return self.effective_deadline is not None

    @property
    def completed_on(self) -> date | None:
        """The Vietnam-time day the standing closure happened on."""
        return local_date(self.completed_at) if self.completed_at else None

    @property
    def done_late(self) -> bool:
        """Closed, with a deadline, on a day after the effective deadline."""
        day = self.completed_on
        return day is not None and self.effective_deadline is not None and (
            day > self.effective_deadline
        )

    @property
    def overdue(self) -> bool:
        """Open, with a deadline, and the day of ``at`` is past it."""
        return (
            not self.closed
            and self.effective_deadline is not None
            and local_date(self.at) > self.effective_deadline
        )

    def days_to_deadline(self) -> int | None:
        """Days from the day of ``at`` to the effective deadline (negative when past)."""
        if self.effective_deadline is None:
            return None
        return (self.effective_deadline - local_date(self.at)).days


def _upto(items: tuple, at: datetime) -> tuple:
    if not items or items[-1].at <= at and all(item.at <= at for item in items):
        return items
    return tuple(item for item in items if item.at <= at)


def _upto_results(results: tuple, at: datetime) -> tuple:
    if all(result.updated_at <= at for result in results):
        return results
    return tuple(result for result in results if result.updated_at <= at)


def task_state(task: Task | TaskCore, at: object) -> TaskState:
    """The state of ``task`` at ``at`` (datetime, date = end of that day, or string)."""
    when = at if isinstance(at, datetime) and at.tzinfo is not None else moment(at, end_of_day=True)
    closures = _upto(task.closures, when)
    reopenings = _upto(task.reopenings, when)
    extensions = _upto(task.extensions, when)
    # a TaskCore holds no documents; read the field without pydantic's slow attribute fallback
    results = _upto_results(task.__dict__.get("results", ()), when)

    latest_closure = max((c.at for c in closures), default=None)
    latest_reopening = max((r.at for r in reopenings), default=None)
    closed = latest_closure is not None and (
        latest_reopening is None or latest_closure > latest_reopening
    )
    deadline = task.deadline
    if extensions:
        # the latest grant wins; of grants at the same moment, the one listed last
        deadline = max(enumerate(extensions), key=lambda pair: (pair[1].at, pair[0]))[1].new_deadline
    return TaskState(
        at=when,
        closed=closed,
        completed_at=latest_closure if closed else None,
        effective_deadline=deadline,
        results=results,
        extensions=extensions,
        closures=closures,
        reopenings=reopenings,
    )
