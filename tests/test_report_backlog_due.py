"""The backlog by year (the briefing's sentences) and the due-soon / overdue list."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime
from pathlib import Path

import pytest

from tdnv_rules.dates import VN_TZ
from tdnv_rules.model import Closure, Extension, Reopening, Task
from tdnv_rules.report import ReportError, backlog, backlog_sentence, due, render
from tdnv_rules.units import Registry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "reports"))
import build_seed_tasks as seed  # noqa: E402

AS_OF = date(2024, 5, 31)
REGISTRY = Registry.from_data(
    {
        "units": [
            {"id": "snv", "name": "Sở Nội vụ", "kind": "department"},
            {"id": "syt", "name": "Sở Y tế", "kind": "department"},
            {"id": "sxd", "name": "Sở Xây dựng", "kind": "department"},
        ]
    }
)


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


def _task(n, deadline=None, signed=date(2024, 3, 1), assignee="Sở Nội vụ", **more) -> Task:
    return Task(
        id=f"T{n}", symbol=f"{n}/UBND-VX", signed_on=signed, assignee=assignee,
        subject=more.pop("subject", f"V/v việc {n}"), deadline=deadline, **more,
    )


@pytest.fixture(scope="module")
def seed_backlog():
    return backlog(seed.build_seed_tasks(), as_of=seed.AS_OF, registry=Registry.default())


# -- backlog ----------------------------------------------------------------------------

def test_seed_sentence_for_so_noi_vu(seed_backlog):
    """Sở Nội vụ's backlog reads as the briefing writes it."""
    assert (
        "còn 84 nhiệm vụ chưa xử lý (trong đó, có 01 nhiệm vụ năm 2020; 02 nhiệm vụ năm 2021; "
        "24 nhiệm vụ năm 2022; 23 nhiệm vụ năm 2023; còn lại nhiệm vụ được giao trong năm 2024)"
    ) == seed_backlog.sentence("Sở Nội vụ")


def test_seed_backlog_years_match_the_briefing(seed_backlog):
    """Every unit the briefing quotes has its per-year counts; the rest is 2024."""
    for unit, years in seed.load_backlog().items():
        row = seed_backlog.row(unit)
        expected = dict(years)
        rest = row.total - sum(years.values())
        if rest:
            expected[2024] = rest
        assert (unit, expected) == (unit, dict(row.by_year))


def test_seed_backlog_totals_equal_column_13(seed_backlog):
    """Each unit's backlog is the table's column 13 (open without deadline)."""
    table = seed.load_table()
    assert [r["open_no_deadline"] for r in table] == [r.total for r in seed_backlog.rows]


def test_sentence_resolves_other_spellings(seed_backlog):
    """The unit may be named as written in data (here the table's typo for Hoằng Hóa)."""
    assert seed_backlog.sentence("UBND huyện Hoằng Hóa") == seed_backlog.sentence("UBND huyện Hoàng Hoá")


@pytest.mark.parametrize(
    "total, years, expected",
    [
        (46, {2022: 28, 2023: 10},
         "còn 46 nhiệm vụ chưa xử lý (trong đó, có 28 nhiệm vụ năm 2022; 10 nhiệm vụ năm 2023; "
         "còn lại nhiệm vụ được giao trong năm 2024)"),
        (3, {2021: 1, 2023: 2}, "còn 3 nhiệm vụ chưa xử lý (trong đó, có 01 nhiệm vụ năm 2021; 02 nhiệm vụ năm 2023)"),
        (5, {2024: 5}, "còn 5 nhiệm vụ chưa xử lý (được giao trong năm 2024)"),
        (0, {}, "không còn nhiệm vụ không hạn chưa xử lý"),
    ],
)
def test_backlog_sentence_shapes(total, years, expected):
    """Two-digit counts for earlier years; the current year is "còn lại"; empty backlog said so."""
    assert expected == backlog_sentence(total, years.items(), 2024)


def test_backlog_sentence_english():
    """lang="en" gives the same facts in English."""
    assert "84 tasks without a deadline still open (of which 01 from 2020; the rest assigned in 2024)" == (
        backlog_sentence(84, [(2020, 1), (2024, 83)], 2024, "en")
    )


def test_backlog_counts_only_open_tasks_without_deadline():
    """Closed, given a deadline by a timely extension, or signed later: not in the backlog."""
    tasks = [
        _task(1, signed=date(2022, 5, 1)),
        _task(2, signed=date(2022, 6, 1), closures=[Closure(at=_at(date(2023, 1, 1)))]),
        _task(3, signed=date(2023, 1, 1), closures=[Closure(at=_at(date(2023, 2, 1)))],
              reopenings=[Reopening(at=_at(date(2023, 3, 1)))]),
        _task(4, signed=date(2023, 1, 1), extensions=[Extension(at=_at(date(2024, 1, 1)), new_deadline=date(2024, 9, 1))]),
        _task(5, signed=date(2023, 1, 1), extensions=[Extension(at=_at(date(2024, 6, 2)), new_deadline=date(2024, 9, 1))]),
        _task(6, signed=date(2024, 6, 1)),
        _task(7, date(2024, 1, 1), signed=date(2021, 1, 1)),
        _task(8, signed=date(2024, 2, 1), assignee="Sở Y Tế"),
    ]
    report = backlog(tasks, as_of=AS_OF, registry=REGISTRY)
    assert [((2022, 1), (2023, 2)), ((2024, 1),), ()] == [r.by_year for r in report.unit_rows]
    assert (4, (2022, 2023, 2024)) == (report.total.total, report.years)
    assert {"Sở Nội vụ", "Sở Y tế"} == set(report.sentences())


def test_backlog_table_has_year_columns():
    """The backlog table prints one column per year, up to the as-of year."""
    report = backlog([_task(1, signed=date(2022, 5, 1))], as_of=AS_OF, registry=REGISTRY)
    lines = render(report, "csv").splitlines()
    assert "TT,Tên đơn vị,Nhiệm vụ không hạn chưa xử lý,Năm 2022,Năm 2023,Năm 2024" == lines[0]
    assert "1,Sở Nội vụ,1,1,0,0" == lines[1]
    assert "Cộng,,1,1,0,0" == lines[-1]


# -- due list -----------------------------------------------------------------------------

def _due_tasks():
    return [
        _task(1, date(2024, 6, 7), assignee="Sở Y tế", follower="Lê Văn A"),
        _task(2, AS_OF, subject="V/v báo cáo <quý II> & kế hoạch"),
        _task(3, date(2024, 6, 8)),
        _task(4, date(2024, 5, 30), assignee="Sở Xây dựng"),
        _task(5, date(2024, 6, 1), closures=[Closure(at=_at(date(2024, 5, 20)))]),
        _task(6, None),
        _task(7, date(2024, 5, 20), extensions=[Extension(at=_at(date(2024, 5, 19)), new_deadline=date(2024, 6, 3))]),
        _task(8, date(2024, 6, 2), signed=date(2024, 6, 1)),
        _task(9, date(2024, 4, 1), assignee="Phòng ban lạ", closures=[Closure(at=_at(date(2024, 6, 1)))]),
    ]


def test_due_lists_window_and_overdue_sorted():
    """Due within 7 days (inclusive) and overdue, by unit in registry order, then deadline."""
    report = due(_due_tasks(), as_of=AS_OF, within=7, registry=REGISTRY)
    got = [(r.tt, r.unit, r.id, r.days_left, r.status) for r in report.rows]
    assert [
        (1, "Sở Nội vụ", "T2", 0, "due"),
        (2, "Sở Nội vụ", "T7", 3, "due"),
        (3, "Sở Y tế", "T1", 7, "due"),
        (4, "Sở Xây dựng", "T4", -1, "overdue"),
        (5, "Phòng ban lạ", "T9", -60, "overdue"),
    ] == got
    assert ("Phòng ban lạ",) == report.unresolved
    assert (1, 0) == (report.rows[3].days_over, report.rows[0].days_over)


def test_due_json_record_fields():
    """A row carries id, symbol, subject, deadline as dd/mm/yyyy, days left and follower."""
    report = due(_due_tasks(), as_of="31/05/2024", registry=REGISTRY)
    record = json.loads(render(report, "json"))[2]
    assert {
        "tt": 3, "unit": "Sở Y tế", "id": "T1", "symbol": "1/UBND-VX", "subject": "V/v việc 1",
        "deadline": "07/06/2024", "days_left": 7, "status": "due", "follower": "Lê Văn A",
    } == record


def test_due_without_overdue_and_shorter_window():
    """include_overdue=False drops the overdue; within=0 keeps only today's deadlines."""
    report = due(_due_tasks(), as_of=AS_OF, within=0, include_overdue=False, registry=REGISTRY)
    assert ["T2"] == [r.id for r in report.rows]


@pytest.mark.parametrize("within", [-1, 2.5, "7", True])
def test_due_rejects_bad_window(within):
    """within must be a whole number of days ≥ 0."""
    with pytest.raises(ReportError) as caught:
        due([], as_of=AS_OF, within=within, registry=REGISTRY)
    assert "within must be a whole number of days" in str(caught.value)


def test_due_status_labels_in_both_languages():
    """The printed status is Vietnamese by default, English with lang="en"."""
    vi = render(due(_due_tasks(), as_of=AS_OF, registry=REGISTRY), "csv").splitlines()
    en = render(due(_due_tasks(), as_of=AS_OF, registry=REGISTRY, lang="en"), "csv").splitlines()
    assert (vi[1].split(",")[7], vi[4].split(",")[7]) == ("Sắp đến hạn", "Quá hạn")
    assert (en[1].split(",")[7], en[4].split(",")[7]) == ("Due soon", "Overdue")


def test_backlog_and_due_reject_non_tasks():
    """A stray item is named by its position."""
    for build in (backlog, due):
        with pytest.raises(ReportError) as caught:
            build([_task(1), "x"], as_of=AS_OF, registry=REGISTRY)
        assert "tasks[1] is not a Task (got str)" in str(caught.value)
