"""The task model and a task's state at a moment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tdnv_rules.dates import VN_TZ
from tdnv_rules.model import Task

BASE = datetime(2024, 3, 1, 8, 0, tzinfo=VN_TZ)


def _task(**extra) -> Task:
    return Task.model_validate({"id": "t1", "symbol": "246/UBND-CN", "signed_on": "05/01/2024",
                                "assignee": "Sở Giao thông Vận tải", "subject": "V/v x", **extra})


def test_unknown_fields_are_kept():
    """A field the format does not know is kept, not rejected."""
    assert {"so_van_ban_den": 12} == _task(so_van_ban_den=12).model_extra


def test_missing_lists_are_empty():
    """Missing or null lists read as empty tuples."""
    task = _task(results=None)
    assert ((), ()) == (task.results, task.closures)


def test_tasks_are_immutable():
    """A task cannot be changed in place."""
    with pytest.raises(ValidationError):
        _task().subject = "x"


def test_screen_forms_of_dates():
    """Dates and moments in the web system's forms are read in Vietnam time."""
    task = _task(created_at="08/01/2024 11:21 SA", deadline="15/03/2024",
                 results=[{"updated_at": "11/04/2024 02:10 CH"}])
    assert (datetime(2024, 1, 8, 11, 21, tzinfo=VN_TZ), date(2024, 3, 15),
            datetime(2024, 4, 11, 14, 10, tzinfo=VN_TZ)) == (
        task.created_at, task.deadline, task.results[0].updated_at)


def test_required_fields():
    """id, symbol, signed_on, assignee and subject are required."""
    with pytest.raises(ValidationError) as error:
        Task.model_validate({"id": "t"})
    assert {"symbol", "signed_on", "assignee", "subject"} == {e["loc"][0] for e in error.value.errors()}


def test_reopened_task_is_open():
    """A closure undone by a later reopening leaves the task open."""
    task = _task(closures=[{"at": "2024-02-26T08:30"}], reopenings=[{"at": "2024-02-27T08:00"}])
    assert (True, False) == (task.state("2024-02-26").closed, task.state("2024-02-27").closed)


def test_deadline_met_until_end_of_day():
    """A closure late on the deadline day is on time; the next morning is late."""
    on_time = _task(deadline="2024-03-15", closures=[{"at": "2024-03-15T23:59"}]).state("2024-03-31")
    late = _task(deadline="2024-03-15", closures=[{"at": "2024-03-16T00:01"}]).state("2024-03-31")
    assert (False, True) == (on_time.done_late, late.done_late)


def test_extension_counts_from_its_grant():
    """The effective deadline moves only once the extension is granted."""
    task = _task(deadline="2024-03-20", extensions=[{"at": "2024-03-26", "new_deadline": "2024-03-29"}])
    assert (date(2024, 3, 20), date(2024, 3, 29)) == (
        task.state("2024-03-25").effective_deadline, task.state("2024-03-26").effective_deadline)


def test_no_deadline_is_never_overdue():
    """A task without deadline is neither overdue nor late."""
    state = _task().state("2030-01-01")
    assert (None, False, None) == (state.effective_deadline, state.overdue, state.days_to_deadline())


moments = st.integers(0, 24 * 60).map(lambda h: BASE + timedelta(hours=h))


@settings(max_examples=300, deadline=None)
@given(st.lists(moments, max_size=4), st.lists(moments, max_size=4), moments,
       st.lists(st.tuples(moments, st.dates(date(2024, 3, 1), date(2024, 6, 1))), max_size=3))
def test_state_follows_its_definition(closures, reopenings, at, extensions):
    """closed iff the latest closure ≤ at is later than every reopening ≤ at; the effective
    deadline is that of the latest extension granted ≤ at."""
    task = _task(deadline="2024-03-10", closures=[{"at": c} for c in closures],
                 reopenings=[{"at": r} for r in reopenings],
                 extensions=[{"at": a, "new_deadline": d} for a, d in extensions])
    past_closures = [c for c in closures if c <= at]
    past_reopenings = [r for r in reopenings if r <= at]
    closed = bool(past_closures) and all(max(past_closures) > r for r in past_reopenings)
    granted = sorted((a, i, d) for i, (a, d) in enumerate(extensions) if a <= at)
    deadline = granted[-1][2] if granted else date(2024, 3, 10)
    completed = max(past_closures) if closed else None
    state = task.state(at)
    assert (closed, deadline, completed) == (state.closed, state.effective_deadline, state.completed_at)
