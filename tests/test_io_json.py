"""Loading JSON and JSON Lines exports: round trips, error records, streaming."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from tdnv_rules.io import (
    ExportError,
    LoadError,
    LoadResult,
    detect_format,
    iter_records,
    jsonfile,
    load,
)
from tdnv_rules.model import Task


def task_record(number: int, **changes: Any) -> dict[str, Any]:
    """A valid task record as it appears in an export."""
    record: dict[str, Any] = {
        "id": f"t-{number}",
        "doc_type": "Công văn",
        "symbol": f"{number}/UBND-CN",
        "signed_on": "05/01/2024",
        "created_at": "08/01/2024 11:21 SA",
        "assignee": "Sở Giao thông Vận tải",
        "subject": "V/v giao lập phương án đầu tư",
        "deadline": "15/03/2024",
        "attachments": [{"name": "cv.pdf", "path": "files/cv.pdf"}],
        "results": [
            {"unit": "Phan Tố Nga", "updated_at": "25/02/2024", "symbol": "849/SGTVT-KHTC"},
            {"unit": "Phan Tố Nga", "updated_at": "15/03/2024 21:02", "symbol": "1497/SGTVT-KHTC"},
        ],
        "closures": [{"by": "Phan Tố Nga", "at": "15/03/2024 02:10 CH"}],
    }
    record.update(changes)
    return record


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def write_export(path: Path, records: list[Any], **header: Any) -> Path:
    export = {
        "format": "tdnv-export",
        "version": 1,
        "units": [{"name": "Sở GTVT"}],
        **header,
        "tasks": records,
    }
    path.write_text(json.dumps(export, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line of ``path`` holding ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def expected_tasks(records: list[dict[str, Any]]) -> list[Task]:
    return [Task.model_validate(record) for record in records]


def test_jsonl_round_trip(tmp_path: Path) -> None:
    """Tasks dumped as JSON Lines load back equal, with no errors."""
    records = [task_record(n) for n in range(5)]
    tasks = expected_tasks(records)
    dumped = [task.model_dump(mode="json") for task in tasks]
    result = load(write_jsonl(tmp_path / "export.jsonl", dumped))
    assert [] == result.errors
    assert tasks == result.tasks


def test_json_export_round_trip_keeps_units_and_unknown_fields(tmp_path: Path) -> None:
    """An export object loads its tasks, its units and the unknown fields of a task."""
    records = [task_record(1, ma_don_vi="SGTVT"), task_record(2)]
    result = load(write_export(tmp_path / "export.json", records))
    assert result.ok
    assert expected_tasks(records) == result.tasks
    assert "SGTVT" == result.tasks[0].model_extra["ma_don_vi"]
    assert ["Sở GTVT"] == [unit.name for unit in result.units]


def test_bare_array_and_gzip_round_trip(tmp_path: Path) -> None:
    """A bare array of tasks, and gzip-compressed JSON and JSON Lines, all load the same tasks."""
    records = [task_record(n) for n in range(3)]
    array = tmp_path / "tasks.json"
    array.write_text(json.dumps(records), encoding="utf-8")
    lines = "".join(json.dumps(r) + "\n" for r in records).encode()
    (tmp_path / "tasks.jsonl.gz").write_bytes(gzip.compress(lines))
    (tmp_path / "export.json.gz").write_bytes(
        gzip.compress(json.dumps({"tasks": records}).encode())
    )
    expected = expected_tasks(records)
    for name in ("tasks.json", "tasks.jsonl.gz", "export.json.gz"):
        result = load(tmp_path / name)
        assert (name, []) == (name, result.errors)
        assert expected == result.tasks


def test_two_bad_fields_give_two_errors_with_place(tmp_path: Path) -> None:
    """A record with two bad fields gives one error per field, each with file, line and task."""
    records = [task_record(1), task_record(2, deadline="29/02/2023")]
    records[1]["results"][1]["updated_at"] = "31/02/2024"
    path = write_jsonl(tmp_path / "export.jsonl", records)
    result = load(path)
    assert ["t-1"] == [task.id for task in result.tasks]
    assert [
        ("deadline", 2, 1, "t-2", "'29/02/2023' is not a real date"),
        ("results[1].updated_at", 2, 1, "t-2", "'31/02/2024' is not a real date"),
    ] == [(e.field, e.line, e.index, e.task, e.message[:31]) for e in result.errors]
    assert {str(path)} == {error.file for error in result.errors}


def test_error_renders_file_line_task_field_message(tmp_path: Path) -> None:
    """str(LoadError) reads file:line: task id: field: message."""
    path = write_jsonl(
        tmp_path / "e.jsonl", [task_record(17, results=[{"updated_at": "31/02/2024"}])]
    )
    (error,) = load(path).errors
    assert f"{path}:1: task t-17: results[0].updated_at: {error.message}" == str(error)


def test_missing_required_field_and_wrong_types(tmp_path: Path) -> None:
    """Missing fields and wrong types are worded plainly and named by their path."""
    record = task_record(3, subject=["a"], results="none")
    del record["symbol"]
    result = load(write_jsonl(tmp_path / "e.jsonl", [record]))
    assert {
        "symbol": "missing required field",
        "subject": "expected text, got a list",
        "results": "expected a list, got text 'none'",
    } == {error.field: error.message for error in result.errors}


def test_duplicate_ids_keep_the_first_and_name_both_lines(tmp_path: Path) -> None:
    """The second record with an id already loaded is an error naming the first line."""
    records = [task_record(1), task_record(2), task_record(1, subject="other")]
    result = load(write_jsonl(tmp_path / "dup.jsonl", records))
    assert ["t-1", "t-2"] == [task.id for task in result.tasks]
    assert "V/v giao lập phương án đầu tư" == result.tasks[0].subject
    (error,) = result.errors
    assert (3, "t-1", "duplicate task id 't-1' (first at line 1)") == (
        error.line,
        error.task,
        error.message,
    )


def test_duplicate_ids_in_json_name_the_lines(tmp_path: Path) -> None:
    """In a pretty-printed JSON export the duplicate error names the lines the records start on."""
    path = write_export(tmp_path / "dup.json", [task_record(1), task_record(1)])
    (error,) = load(path).errors
    tasks_line = line_of(path, '"tasks"')
    starts = [
        n
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if line == "    {" and n > tasks_line
    ]
    assert f"duplicate task id 't-1' (first at line {starts[0]})" == error.message
    assert starts[1] == error.line


def test_jsonl_line_problems_and_blank_lines(tmp_path: Path) -> None:
    """Blank lines are skipped; bad JSON, non-objects and NaN are errors at their lines."""
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(task_record(1))
    path.write_text(
        f'{good}\n\n   \n[1, 2]\n{{"id": "x" "symbol": 1}}\n'
        '{"id": "t-9", "subject": NaN}\n' + json.dumps(task_record(2)) + "\n",
        encoding="utf-8",
    )
    result = load(path)
    assert ["t-1", "t-2"] == [task.id for task in result.tasks]
    assert [
        (4, 1, "expected a JSON object (a task), got a list"),
        (5, 2, "not valid JSON: Expecting ',' delimiter at column 12"),
        (6, 3, "not valid JSON: NaN is not allowed in JSON"),
    ] == [(e.line, e.index, e.message) for e in result.errors]


def test_deeply_nested_record_is_an_error(tmp_path: Path) -> None:
    """JSON nested far deeper than the recursion limit is an error record, not a crash."""
    deep = "[" * 100_000 + "]" * 100_000
    path = tmp_path / "deep.jsonl"
    path.write_text(deep + "\n" + json.dumps(task_record(1)) + "\n", encoding="utf-8")
    result = load(path)
    assert ["t-1"] == [task.id for task in result.tasks]
    assert [(1, "not valid JSON: nested too deeply")] == [
        (e.line, e.message) for e in result.errors
    ]
    array = tmp_path / "deep.json"
    array.write_text(f"[{json.dumps(task_record(1))}, {deep}]", encoding="utf-8")
    result = load(array)
    assert (["t-1"], 1) == ([task.id for task in result.tasks], len(result.errors))
    assert "nested too deeply" in result.errors[0].message


def test_lone_surrogate_is_refused_in_both_forms(tmp_path: Path) -> None:
    """A lone surrogate escape is refused alike in JSON Lines and JSON; a proper pair is kept."""
    bad = json.dumps(task_record(1)).replace('"V/v', '"\\ud800V/v')
    pair = json.dumps(task_record(2)).replace('"V/v', '"\\ud83d\\ude00V/v')
    lines = tmp_path / "s.jsonl"
    lines.write_text(f"{bad}\n{pair}\n", encoding="utf-8")
    array = tmp_path / "s.json"
    array.write_text(f"[{bad},\n{pair}]", encoding="utf-8")
    for path in (lines, array):
        result = load(path)
        assert ["\U0001f600V/v giao lập phương án đầu tư"] == [
            task.subject for task in result.tasks
        ]
        assert [("t-1", 1)] == [(e.task, e.line) for e in result.errors]
        assert result.errors[0].message.startswith("not valid JSON")


def test_truncated_jsonl_keeps_records_before_the_cut(tmp_path: Path) -> None:
    """A JSON Lines file cut inside its last record loads the others and reports the cut."""
    path = write_jsonl(tmp_path / "cut.jsonl", [task_record(n) for n in range(4)])
    path.write_bytes(path.read_bytes()[:-40])
    result = load(path)
    assert ["t-0", "t-1", "t-2"] == [task.id for task in result.tasks]
    assert [4] == [error.line for error in result.errors]


@pytest.mark.parametrize("cut", [0.3, 0.55, 0.8, 0.999])
def test_truncated_json_keeps_records_before_the_cut(tmp_path: Path, cut: float) -> None:
    """A JSON export cut anywhere loads every record that ends before the cut, then one error."""
    records = [task_record(n) for n in range(6)]
    path = write_export(tmp_path / "cut.json", records)
    text = path.read_text(encoding="utf-8")
    size = int(len(text) * cut)
    path.write_text(text[:size], encoding="utf-8")
    complete = sum(
        1 for n in range(6) if text.find(f'"t-{n + 1}"') != -1 and text.find(f'"t-{n + 1}"') < size
    )
    result = load(path)
    assert [f"t-{n}" for n in range(complete)] == [task.id for task in result.tasks][:complete]
    assert 1 == len(result.errors)
    assert text[:size].count("\n") + 1 == result.errors[0].line
    assert "the file ends" in result.errors[0].message


def test_bom_is_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte order mark at the start is ignored in both forms."""
    records = [task_record(1)]
    lines = tmp_path / "bom.jsonl"
    lines.write_bytes(b"\xef\xbb\xbf" + json.dumps(records[0]).encode() + b"\n")
    array = tmp_path / "bom.json"
    array.write_bytes(b"\xef\xbb\xbf" + json.dumps(records).encode())
    for path in (lines, array):
        result = load(path)
        assert ([], expected_tasks(records)) == (result.errors, result.tasks)


def test_not_utf8_gives_one_clear_error(tmp_path: Path) -> None:
    """A file in another encoding gives the records before it and one error naming the line."""
    first = json.dumps(task_record(1), ensure_ascii=False).encode()
    second = (
        json.dumps(task_record(2), ensure_ascii=False)
        .encode("utf-8")
        .replace("Sở".encode(), "S\xf4".encode("latin-1"))
    )
    lines = tmp_path / "latin.jsonl"
    lines.write_bytes(first + b"\n" + second + b"\n" + first + b"\n")
    array = tmp_path / "latin.json"
    array.write_bytes(b"[" + first + b",\n" + second + b"]")
    for path in (lines, array):
        result = load(path)
        assert ["t-1"] == [task.id for task in result.tasks]
        assert [2] == [error.line for error in result.errors]
        assert "not UTF-8 text" in result.errors[0].message


def test_export_header_problems(tmp_path: Path) -> None:
    """A wrong format name or version, and a missing tasks array, are reported."""
    path = write_export(tmp_path / "x.json", [task_record(1)], format="other", version=2)
    result = load(path)
    assert ["format", "version"] == [error.field for error in result.errors]
    assert 1 == len(result.tasks)
    empty = tmp_path / "empty.json"
    empty.write_text('{"format": "tdnv-export"}', encoding="utf-8")
    assert ["the export has no 'tasks' array"] == [e.message for e in load(empty).errors]


def test_sliding_buffer_gives_same_records_and_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a tiny read size the incremental JSON reader finds the same records and lines."""
    records = [task_record(n, subject="Thanh Hóa " * n) for n in range(8)]
    records[5]["deadline"] = "31/02/2024"
    path = write_export(tmp_path / "big.json", records)
    normal = load(path)
    monkeypatch.setattr(jsonfile, "CHUNK", 7)
    small = load(path)
    assert normal.tasks == small.tasks
    assert [str(e) for e in normal.errors] == [str(e) for e in small.errors]
    assert line_of(path, '"id": "t-5"') - 1 == small.errors[0].line


def test_strict_raises_with_every_problem_listed(tmp_path: Path) -> None:
    """strict=True raises ExportError listing every problem, one per line."""
    records = [task_record(n, deadline="31/02/2024") for n in range(3)]
    path = write_jsonl(tmp_path / "bad.jsonl", records)
    with pytest.raises(ExportError) as caught:
        load(path, strict=True)
    lines = str(caught.value).splitlines()
    assert [f"3 problems in {path}:"] + [str(e) for e in load(path).errors] == lines
    assert isinstance(caught.value, ValueError)


def test_strict_listing_is_capped_at_fifty(tmp_path: Path) -> None:
    """More than fifty problems are listed as fifty lines and 'and N more'."""
    path = write_jsonl(tmp_path / "bad.jsonl", [[n] for n in range(60)])
    result = load(path)
    with pytest.raises(ExportError) as caught:
        result.raise_for_errors()
    lines = str(caught.value).splitlines()
    assert (52, "and 10 more") == (len(lines), lines[-1])
    assert 60 == len(caught.value.errors)


def test_load_result_behaves_like_a_list_of_tasks(tmp_path: Path) -> None:
    """len() and iteration go over the tasks; ok is False once there is an error."""
    path = write_jsonl(tmp_path / "e.jsonl", [task_record(1), task_record(2), {"id": "x"}])
    result = load(path)
    assert isinstance(result, LoadResult)
    assert (2, ["t-1", "t-2"], False) == (len(result), [t.id for t in result], result.ok)


def test_iter_records_streams_in_file_order(tmp_path: Path) -> None:
    """iter_records yields tasks and errors interleaved in the order of the file."""
    path = write_jsonl(tmp_path / "s.jsonl", [task_record(1), {"id": "t-2"}, task_record(3)])
    kinds = [
        record.id if isinstance(record, Task) else (record.line, record.field)
        for record in iter_records(path)
    ]
    assert ["t-1", (2, "symbol"), (2, "signed_on"), (2, "assignee"), (2, "subject"), "t-3"] == kinds


def test_format_detection(tmp_path: Path) -> None:
    """Suffixes decide the format; without one the first bytes do."""
    write_jsonl(tmp_path / "a.ndjson", [task_record(1)])
    write_jsonl(tmp_path / "noext", [task_record(1)])
    write_export(tmp_path / "export.data", [task_record(1)])
    assert ["jsonl", "jsonl", "json", "csv", "xlsx"] == [
        detect_format(tmp_path / "a.ndjson"),
        detect_format(tmp_path / "noext"),
        detect_format(tmp_path / "export.data"),
        detect_format(tmp_path),
        detect_format(tmp_path / "book.XLSX"),
    ]
    assert ["t-1"] == [task.id for task in load(tmp_path / "noext")]


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    """A missing file is an error record; an unknown format name is a programming error."""
    (error,) = load(tmp_path / "nope.jsonl").errors
    assert (
        LoadError(file=str(tmp_path / "nope.jsonl"), message="cannot open: no such file or folder")
        == error
    )
    with pytest.raises(ValueError, match="unknown export format"):
        load(tmp_path, format="yaml")
