"""Hostile input for the loaders: always tasks or error records, never an exception."""

from __future__ import annotations

import importlib.util
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tdnv_rules.io import LoadError, iter_records, jsonfile, load
from tdnv_rules.model import Task

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sheets"
_spec = importlib.util.spec_from_file_location("sheet_fixtures", FIXTURES / "build.py")
build = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(build)  # type: ignore[union-attr]

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

GOOD = {
    "id": "t-1",
    "symbol": "246/UBND-CN",
    "signed_on": "05/01/2024",
    "assignee": "Sở GTVT",
    "subject": "V/v giao lập phương án",
    "deadline": "15/03/2024",
    "results": [{"updated_at": "25/02/2024 11:21 SA", "attachments": [{"name": "a.pdf"}]}],
    "closures": [{"at": "26/02/2024"}],
}

odd_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "31/02/2024",
            "29/02/2023",
            "2024-13-01",
            "24:61",
            "Hoá",
            "Ho\u0301a",
            "\ufeff",
            "\u202e",
            "\x00",
            "\ud800"[:0] + "\U0010ffff",
            "NaN",
            "",
        ]
    ),
    st.builds(lambda n: "x" * n, st.integers(min_value=10_000, max_value=200_000)),
)
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    odd_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)
fields = st.sampled_from(
    sorted(GOOD)
    + ["results.0.updated_at", "results.0.attachments", "closures.0.at", "extensions", "created_at"]
)


@st.composite
def mutated_records(draw: st.DrawFn) -> Any:
    """A good record with a few fields replaced by hostile values, or any JSON value."""
    if draw(st.booleans()):
        return draw(json_values)
    record = json.loads(json.dumps(GOOD))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(fields).split(".")
        target = record
        for part in path[:-1]:
            if isinstance(target, dict):
                target = target.get(part)
            elif isinstance(target, list) and target:
                target = target[0]
        if not isinstance(target, dict):
            continue  # an earlier change removed this part of the record
        if draw(st.booleans()) and path[-1] in target:
            del target[path[-1]]
        else:
            target[path[-1]] = draw(json_values)
    return record


def check_records(path: Path, **options: Any) -> list[Task | LoadError]:
    """Read every record; each must be a Task or a LoadError naming this file."""
    records = list(iter_records(path, **options))
    for record in records:
        assert isinstance(record, Task | LoadError)
        if isinstance(record, LoadError):
            assert record.message and str(record)
    return records


@FAST
@given(st.lists(mutated_records(), max_size=6))
def test_jsonl_with_hostile_records(records: list[Any]) -> None:
    """Each JSON Lines record gives a task or at least one error at its own line."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        found = check_records(path)
        lines = {r.line for r in found if isinstance(r, LoadError)}
        tasks = [r for r in found if isinstance(r, Task)]
        assert lines <= set(range(1, len(records) + 1))
        assert len(records) == len(tasks) + len(lines)


@FAST
@given(st.lists(mutated_records(), max_size=6), st.sampled_from([5, 64, 1 << 20]))
def test_json_with_hostile_records(records: list[Any], chunk: int) -> None:
    """A JSON export of hostile records reads to the end at any read size, never raising."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.json"
        path.write_text(json.dumps({"tasks": records}, indent=1), encoding="utf-8")
        original = jsonfile.CHUNK
        jsonfile.CHUNK = chunk
        try:
            found = check_records(path)
        finally:
            jsonfile.CHUNK = original
        indexes = {r.index for r in found if isinstance(r, LoadError)}
        assert len(records) == len([r for r in found if isinstance(r, Task)]) + len(indexes)


@FAST
@given(st.binary(max_size=400), st.sampled_from(["x.json", "x.jsonl", "x.json.gz", "x.bin"]))
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    """Any bytes under any name give records or errors, never an exception."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        check_records(path)


@FAST
@given(st.integers(min_value=0, max_value=2000))
def test_json_cut_anywhere(cut: int) -> None:
    """A JSON export cut at any byte gives the records before the cut and exactly one error."""
    text = json.dumps(
        {"format": "tdnv-export", "tasks": [dict(GOOD, id=f"t-{n}") for n in range(3)]},
        indent=2,
        ensure_ascii=False,
    ).encode()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.json"
        path.write_bytes(text[: min(cut, len(text) - 1)])
        found = check_records(path)
        errors = [r for r in found if isinstance(r, LoadError)]
        assert 1 == len(errors)


cells = st.one_of(
    st.none(),
    st.integers(min_value=-(10**6), max_value=10**6),
    odd_text.filter(lambda s: all(ch >= " " or ch in "\t\n" for ch in s)),
)


@FAST
@given(
    st.lists(st.lists(cells, min_size=0, max_size=14), max_size=5),
    st.lists(st.lists(cells, max_size=9), max_size=4),
)
def test_csv_folder_with_hostile_cells(
    task_rows: list[list[Any]], result_rows: list[list[Any]]
) -> None:
    """CSV files with any cells give tasks or errors, never an exception."""
    tables = {
        "Nhiệm vụ": (build.SAMPLE["Nhiệm vụ"][0], task_rows),
        "Kết quả xử lý": (build.SAMPLE["Kết quả xử lý"][0], result_rows),
    }
    with tempfile.TemporaryDirectory() as folder:
        build.write_csv_folder(tables, Path(folder))
        check_records(Path(folder))


xlsx_cells = st.one_of(
    st.none(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(),
    st.dates(),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=20),
    st.sampled_from(["31/02/2024", "29/02/2023", "08/01/2024 11:21 SA", "t-1", "a|b; c"]),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(xlsx_cells, max_size=14), max_size=4),
    st.lists(st.lists(xlsx_cells, max_size=8), max_size=3),
)
def test_workbook_with_hostile_cells(
    task_rows: list[list[Any]], result_rows: list[list[Any]]
) -> None:
    """Workbooks with any cells (Excel dates, numbers, text) give tasks or errors, never raise."""
    tables = {
        "Nhiệm vụ": (
            build.SAMPLE["Nhiệm vụ"][0],
            [["t-1", *row[1:]] if row else row for row in task_rows],
        ),
        "Kết quả xử lý": (
            build.SAMPLE["Kết quả xử lý"][0],
            [["t-1", *row[1:]] if row else row for row in result_rows],
        ),
    }
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.xlsx"
        build.write_workbook(tables, path)
        check_records(path)


@pytest.mark.slow
def test_hundred_thousand_records_and_one_broken(tmp_path: Path) -> None:
    """100,000 JSON Lines records, one broken: the good ones load, one error at its line."""
    path = tmp_path / "big.jsonl"
    broken_line = 61_234
    with path.open("w", encoding="utf-8") as out:
        for number in range(1, 100_001):
            if number == broken_line:
                out.write('{"id": "broken", "symbol": "1/UBND", "signed_on": "31/02/2024"\n')
                continue
            out.write(json.dumps(dict(GOOD, id=f"t-{number}"), ensure_ascii=False) + "\n")
    result = load(path)
    assert 99_999 == len(result.tasks)
    assert [(broken_line, broken_line - 1)] == [(e.line, e.index) for e in result.errors]
    assert "not valid JSON" in result.errors[0].message
