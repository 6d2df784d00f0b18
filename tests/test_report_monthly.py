"""The monthly report: the seed's May-2024 table, the state rules, identities, bad input."""

from __future__ import annotations

import json
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdnv_rules.dates import VN_TZ
from tdnv_rules.model import Closure, Extension, Reopening, ResultDocument, Task
from tdnv_rules.report import ReportError, monthly, render
from tdnv_rules.report.monthly import MonthlyRow, pct_done, pct_on_time
from tdnv_rules.units import Registry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "reports"))
import build_seed_tasks as seed  # noqa: E402

COUNTS = seed.COUNT_KEYS


@pytest.fixture(scope="module")
def registry():
    return Registry.default()


@pytest.fixture(scope="module")
def table():
    return seed.load_table()


@pytest.fixture(scope="module")
def seed_report(registry):
    return monthly(
        seed.build_seed_tasks(), start=seed.START, end=seed.END, as_of=seed.AS_OF, registry=registry
    )


def _expected_rows(table, registry):
    """The fixture's rows with each printed unit name replaced by the registry's name for it."""
    rows = []
    for row in table:
        expected = dict(row)
        if isinstance(row["tt"], int):
            expected["unit"] = registry.resolve(row["unit"]).unit.name
        rows.append(expected)
    return rows


def test_seed_table_has_46_units_and_total(table):
    """The fixture holds the seed's 46 unit rows then the "Cộng" row."""
    assert (list(range(1, 47)), "Cộng") == ([r["tt"] for r in table[:-1]], table[-1]["tt"])


def test_seed_table_reproduced_cell_by_cell(seed_report, table, registry):
    """monthly() on the built tasks gives every cell of the seed table (47 rows × 15)."""
    assert _expected_rows(table, registry) == seed_report.records()
    assert () == seed_report.unresolved


def test_seed_json_matches_fixture_row_for_row(seed_report, table, registry):
    """The JSON rendering's rows are the fixture's rows, in order."""
    data = json.loads(render(seed_report, "json"))
    assert _expected_rows(table, registry) == data


def test_to_dict_carries_title_and_parameters(seed_report):
    """to_dict() wraps the rows with the report's kind and parameters."""
    data = seed_report.to_dict()
    assert ("monthly", {"start": "2019-01-01", "end": "2024-05-31", "as_of": "2024-05-31",
                        "lang": "vi"}) == (data["report"], data["parameters"])


def test_typo_row_maps_to_registry_unit(seed_report, registry):
    """The table's "UBND huyện Hoàng Hoá" is the registry's Hoằng Hóa, row 23."""
    row = seed_report.rows[22]
    assert (23, registry.resolve("UBND huyện Hoằng Hóa").unit.name) == (row.tt, row.unit)
    assert (293, 237, 56) == (row.total, row.done_total, row.open_total)


def test_seed_percentages_from_counts(table):
    """Columns 14 and 15 of all 47 printed rows follow from the printed counts."""
    got = [
        (pct_done(r["done_total"], r["total"]), pct_on_time(r["done_on_time"], r["done_late"], r["open_overdue"]))
        for r in table
    ]
    assert [(r["pct_done"], r["pct_on_time"]) for r in table] == got


def test_percentages_worked_examples():
    """Sở Nội vụ 465/467 = 99.57; Sở NN&PTNT 368/449 → 81; total 99.14; whole is an int."""
    assert 99.57 == pct_on_time(465, 1, 1)
    assert 81 == pct_done(368, 449)
    assert 99.14 == pct_on_time(8797, 36, 40)
    assert (100, int) == (pct_on_time(358, 0, 0), type(pct_on_time(358, 0, 0)))


def test_pct_on_time_rounds_half_up():
    """1/32 = 3.125 % rounds up to 3.13 (half-even would give 3.12)."""
    assert 3.13 == pct_on_time(1, 31, 0)
    assert 0.25 == pct_on_time(1, 399, 0)


def test_percentages_empty_when_no_denominator():
    """No tasks: column 14 empty; no task with a deadline done or overdue: column 15 empty."""
    row = MonthlyRow.from_counts(1, "X", 0, 0, 0, 0, 0, 0)
    assert (None, None) == (row.pct_done, row.pct_on_time)
    row = MonthlyRow.from_counts(1, "X", 0, 0, 3, 2, 0, 1)
    assert (50, None) == (row.pct_done, row.pct_on_time)


# -- the state rules on hand-made tasks ---------------------------------------------------

AS_OF = date(2024, 5, 31)
REGISTRY = Registry.from_data(
    {
        "units": [
            {"id": "snv", "name": "Sở Nội vụ", "kind": "department"},
            {"id": "syt", "name": "Sở Y tế", "kind": "department"},
        ]
    }
)


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


def _task(n: int, deadline=None, signed=date(2024, 5, 2), assignee="Sở Nội vụ", **history) -> Task:
    return Task(
        id=str(n), symbol=f"{n}/UBND-VX", signed_on=signed, assignee=assignee,
        subject=f"V/v việc {n}", deadline=deadline, **history,
    )


def _counts(tasks, **options):
    kwargs = {"start": date(2024, 1, 1), "end": date(2024, 5, 31), "as_of": AS_OF, "registry": REGISTRY}
    kwargs.update(options)
    report = monthly(tasks, **kwargs)
    return report.rows[0].counts()


def test_extension_counts_only_when_granted_by_as_of():
    """An extension granted after as_of neither rescues an overdue task nor gives a deadline."""
    late_extension = Extension(at=_at(date(2024, 6, 2)), new_deadline=date(2024, 7, 1))
    tasks = [
        _task(1, date(2024, 5, 20), extensions=[late_extension]),
        _task(2, None, extensions=[late_extension]),
        _task(3, date(2024, 5, 20), extensions=[Extension(at=_at(date(2024, 5, 19)), new_deadline=date(2024, 6, 10))]),
    ]
    assert (0, 0, 0, 1, 1, 1) == _counts(tasks)


def test_reopened_closure_is_open_and_later_closure_ignored():
    """A closure undone by a reopening, or made after as_of, leaves the task open."""
    tasks = [
        _task(1, date(2024, 6, 5), closures=[Closure(at=_at(date(2024, 5, 10)))],
              reopenings=[Reopening(at=_at(date(2024, 5, 12)))]),
        _task(2, date(2024, 5, 25), closures=[Closure(at=_at(date(2024, 6, 1), 0, 5))]),
        _task(3, None, closures=[Closure(at=_at(date(2024, 5, 3)))],
              reopenings=[Reopening(at=_at(date(2024, 6, 3)))]),
    ]
    assert (0, 0, 1, 1, 1, 0) == _counts(tasks)


def test_deadline_day_is_met_until_midnight_vietnam_time():
    """Closed 23:59 on the deadline day is on time; 00:01 the next day is late."""
    tasks = [
        _task(1, date(2024, 5, 20), closures=[Closure(at=_at(date(2024, 5, 20), 23, 59))]),
        _task(2, date(2024, 5, 20), closures=[Closure(at=_at(date(2024, 5, 21), 0, 1))]),
        _task(3, AS_OF),
    ]
    assert (1, 1, 0, 1, 0, 0) == _counts(tasks)


def test_window_is_inclusive_and_excludes_outside():
    """Tasks signed on start or end count; the day before and after do not."""
    days = [date(2023, 12, 31), date(2024, 1, 1), date(2024, 5, 31), date(2024, 6, 1)]
    tasks = [_task(n, None, signed=day) for n, day in enumerate(days)]
    assert 2 == monthly(tasks, start="01/01/2024", end="31/05/2024", as_of="2024-06-30",
                        registry=REGISTRY).total.total


def test_as_of_earlier_than_end_changes_the_picture():
    """Status is taken at as_of, independent of the window's end."""
    task = _task(1, date(2024, 5, 20), closures=[Closure(at=_at(date(2024, 5, 25)))])
    assert (0, 0, 0, 0, 1, 0) == _counts([task], as_of=date(2024, 5, 22))
    assert (1, 0, 0, 0, 0, 0) == _counts([task], as_of=date(2024, 5, 26))


def test_rows_follow_registry_then_unresolved_first_seen():
    """Registry units first (even empty), then unresolved names in first-seen order, then Cộng."""
    tasks = [
        _task(1, assignee="Phan Tố Nga"),
        _task(2, assignee="Sở Y  tế"),
        _task(3, assignee="Công an tỉnh"),
        _task(4, assignee="Phan  Tố Nga"),
    ]
    report = monthly(tasks, start="2024-01-01", end="2024-12-31", as_of="2024-05-31", registry=REGISTRY)
    assert ["Sở Nội vụ", "Sở Y tế", "Phan Tố Nga", "Công an tỉnh", ""] == [r.unit for r in report.rows]
    assert [1, 2, 3, 4, "Cộng"] == [r.tt for r in report.rows]
    assert ("Phan Tố Nga", "Công an tỉnh", "Phan  Tố Nga") == report.unresolved
    assert [0, 1, 2, 1, 4] == [r.total for r in report.rows]


def test_english_labels():
    """lang="en" labels the total row and the headers in English."""
    report = monthly([], start="2024-01-01", end="2024-05-31", as_of="2024-05-31", registry=REGISTRY, lang="en")
    assert "Total" == report.total.tt
    assert "Done on time (%)" == report.labels()[-1]
    assert report.title().startswith("TASK RESULTS OF THE UNITS, MONTH 05, YEAR 2024")


def test_export_object_accepted():
    """An Export is read through its tasks."""
    from tdnv_rules.model import Export

    export = Export(tasks=[_task(1, None)])
    assert 1 == monthly(export, start="2024-01-01", end="2024-05-31", as_of="2024-05-31",
                        registry=REGISTRY).total.total


@pytest.mark.parametrize(
    "tasks, options, message",
    [
        ([{"id": "1"}], {}, "tasks[0] is not a Task (got dict)"),
        (None, {}, "tasks must be an iterable of Task"),
        ([], {"start": "31/05/2024", "end": "01/05/2024"}, "start 31/05/2024 is after end 01/05/2024"),
        ([], {"as_of": "31/02/2024"}, "as_of: '31/02/2024' is not a real date"),
        ([], {"as_of": None}, "as_of is required"),
        ([], {"lang": "fr"}, "lang must be one of vi, en"),
    ],
)
def test_bad_input_is_a_clear_error(tasks, options, message):
    """Bad tasks, dates or language raise ReportError naming the problem."""
    kwargs = {"start": "2024-05-01", "end": "2024-05-31", "as_of": "2024-05-31", "registry": REGISTRY}
    kwargs.update(options)
    with pytest.raises(ReportError) as caught:
        monthly(tasks, **kwargs)
    assert message in str(caught.value)


# -- properties on random histories ---------------------------------------------------------

BASE = datetime(2024, 5, 1, tzinfo=VN_TZ)
_moments = st.integers(min_value=0, max_value=60 * 24).map(lambda m: BASE + timedelta(minutes=m * 60))
_days = st.integers(min_value=0, max_value=60).map(lambda d: date(2024, 4, 20) + timedelta(days=d))


@st.composite
def _random_task(draw, n):
    return Task(
        id=str(n),
        symbol=f"{n}/UBND",
        signed_on=draw(_days),
        assignee=draw(st.sampled_from(["Sở Nội vụ", "Sở Y tế", "Sở Y Tế", "Phan Tố Nga"])),
        subject="V/v kiểm tra",
        deadline=draw(st.none() | _days),
        results=[ResultDocument(updated_at=m) for m in draw(st.lists(_moments, max_size=2))],
        extensions=[Extension(at=m, new_deadline=d) for m, d in draw(st.lists(st.tuples(_moments, _days), max_size=2))],
        closures=[Closure(at=m) for m in draw(st.lists(_moments, max_size=3))],
        reopenings=[Reopening(at=m) for m in draw(st.lists(_moments, max_size=2))],
    )


@st.composite
def _task_sets(draw):
    size = draw(st.integers(min_value=0, max_value=25))
    return [draw(_random_task(n)) for n in range(size)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tasks=_task_sets(), as_of=_days, window=st.tuples(_days, _days))
def test_identities_hold_on_random_histories(tasks, as_of, window):
    """3=4+5=6+10, 6=7+8+9, 10=11+12+13, 4=7+8+11+12, 5=9+13; Cộng = sums; pct formulas."""
    start, end = min(window), max(window)
    report = monthly(tasks, start=start, end=end, as_of=as_of, registry=REGISTRY)
    for r in report.rows:
        assert r.total == r.with_deadline + r.no_deadline == r.done_total + r.open_total
        assert r.done_total == r.done_late + r.done_on_time + r.done_no_deadline
        assert r.open_total == r.open_in_deadline + r.open_overdue + r.open_no_deadline
        assert r.with_deadline == r.done_late + r.done_on_time + r.open_in_deadline + r.open_overdue
        assert r.no_deadline == r.done_no_deadline + r.open_no_deadline
        assert (None if r.total == 0 else 100 * r.done_total // r.total) == r.pct_done
        assert pct_on_time(r.done_on_time, r.done_late, r.open_overdue) == r.pct_on_time
    keys = [k for k in report.records()[0] if k not in ("tt", "unit", "pct_done", "pct_on_time")]
    sums = {k: sum(getattr(r, k) for r in report.unit_rows) for k in keys}
    assert sums == {k: getattr(report.total, k) for k in keys}
    counted = [t for t in tasks if start <= t.signed_on <= end]
    states = [t.state(as_of) for t in counted]
    assert len(counted) == report.total.total
    assert sum(s.closed for s in states) == report.total.done_total
    assert sum(s.has_deadline for s in states) == report.total.with_deadline
    assert sum(s.overdue for s in states) == report.total.open_overdue
    assert sum(s.done_late for s in states) == report.total.done_late


def test_cli_json_of_seed_export_matches_fixture(tmp_path, table, registry, capsys):
    """`tdnv-rules report monthly … --format json` on the seed tasks, written as an export
    file, gives the seed table row for row."""
    from tdnv_rules.cli import main

    export = tmp_path / "seed.jsonl"
    with export.open("w", encoding="utf-8") as out:
        for record in seed.build_seed_records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    code = main(["report", "monthly", str(export), "--from", seed.START.isoformat(),
                 "--to", seed.END.isoformat(), "--as-of", seed.AS_OF.isoformat(),
                 "--format", "json"])
    assert (0, _expected_rows(table, registry)) == (code, json.loads(capsys.readouterr().out))
