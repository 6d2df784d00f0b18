"""Loading workbook (XLSX) and CSV-folder exports."""

from __future__ import annotations

import importlib.util
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tdnv_rules.dates import VN_TZ
from tdnv_rules.io import load
from tdnv_rules.io.columns import TABLES, column_map, table_for
from tdnv_rules.model import Attachment, Task
from tdnv_rules.text import fold

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sheets"
_spec = importlib.util.spec_from_file_location("sheet_fixtures", FIXTURES / "build.py")
build = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(build)  # type: ignore[union-attr]

TASK_HEADERS = build.SAMPLE["Nhiệm vụ"][0]
RESULT_HEADERS = build.SAMPLE["Kết quả xử lý"][0]


def task_row(task_id: str, **cells: Any) -> list[Any]:
    """A row of the tasks sheet, by Vietnamese header."""
    row = {
        "Mã nhiệm vụ": task_id,
        "Số ký hiệu": "246/UBND-CN",
        "Ngày ký duyệt": "05/01/2024",
        "Cơ quan nhận": "Sở Giao thông Vận tải",
        "Trích yếu": "V/v giao lập phương án",
        **cells,
    }
    return [row.get(header) for header in TASK_HEADERS]


def result_row(task_id: str, updated_at: Any = "25/02/2024", **cells: Any) -> list[Any]:
    row = {"Mã nhiệm vụ": task_id, "Đơn vị": "Sở GTVT", "Ngày cập nhật": updated_at, **cells}
    return [row.get(header) for header in RESULT_HEADERS]


def sheets(tasks: list[list[Any]], results: list[list[Any]] = ()) -> dict:  # type: ignore[assignment]
    return {"Nhiệm vụ": (TASK_HEADERS, tasks), "Kết quả xử lý": (RESULT_HEADERS, list(results))}


def both_forms(tmp_path: Path, tables: dict) -> list[Path]:
    """The same tables written as a workbook and as a CSV folder."""
    book = tmp_path / "export.xlsx"
    build.write_workbook(tables, book)
    folder = tmp_path / "csv"
    build.write_csv_folder(tables, folder)
    return [book, folder]


def test_fixture_workbook_and_csv_folder_load_the_same_tasks() -> None:
    """The sample workbook and its CSV folder load without errors into equal tasks."""
    book = load(FIXTURES / "sample.xlsx")
    folder = load(FIXTURES / "sample-csv")
    assert ([], []) == (book.errors, folder.errors)
    assert ["t-246", "t-509", "t-4882", "t-0001"] == [task.id for task in book]
    assert book.tasks == folder.tasks


def test_fixture_values_read_as_the_screen_shows_them() -> None:
    """SA/CH times, Excel dates, attachments and child rows end up where they belong."""
    t246, t509, t4882, t0001 = load(FIXTURES / "sample.xlsx").tasks
    assert datetime(2024, 1, 8, 11, 21, tzinfo=VN_TZ) == t246.created_at
    assert date(2024, 1, 5) == t246.signed_on
    assert ["849/SGTVT-KHTC", "1497/SGTVT-KHTC"] == [r.symbol for r in t246.results]
    assert [
        datetime(2024, 2, 26, 8, 15, tzinfo=VN_TZ),
        datetime(2024, 3, 15, 16, 40, tzinfo=VN_TZ),
    ] == [c.at for c in t246.closures]
    assert datetime(2024, 2, 29, 14, 10, tzinfo=VN_TZ) == t509.closures[0].at
    assert date(2024, 3, 29) == t509.extensions[0].new_deadline
    assert (
        Attachment(name="556-UBND-TNMT.pdf", path="files/556-UBND-TNMT.pdf"),
        Attachment(name="phu-luc.pdf", path=None),
    ) == t509.results[0].attachments
    assert datetime(2024, 4, 12, 10, 5, tzinfo=VN_TZ) == t4882.processing[0].at
    assert (None, ()) == (t0001.deadline, t0001.results)


def test_fixtures_are_deterministic_and_up_to_date(tmp_path: Path) -> None:
    """build.py writes byte-for-byte the fixtures that are in the repository."""
    build.build(tmp_path)
    assert (FIXTURES / "sample.xlsx").read_bytes() == (tmp_path / "sample.xlsx").read_bytes()
    committed = sorted(p.name for p in (FIXTURES / "sample-csv").iterdir())
    assert committed == sorted(p.name for p in (tmp_path / "sample-csv").iterdir())
    for name in committed:
        assert (FIXTURES / "sample-csv" / name).read_bytes() == (
            tmp_path / "sample-csv" / name
        ).read_bytes()


def test_tasks_round_trip_through_both_forms(tmp_path: Path) -> None:
    """Tasks written to a workbook and to CSV files load back equal to the originals."""
    tables = sheets(
        [
            task_row(
                "a-1",
                **{"Thời hạn xử lý": date(2024, 3, 15), "Tệp đính kèm": "cv.pdf|files/cv.pdf"},
            ),
            task_row("a-2", **{"Ngày tạo": datetime(2024, 1, 8, 23, 59)}),
        ],
        [
            result_row("a-2", datetime(2024, 2, 1, 9, 30), **{"Số KH": "5/BC-SGTVT"}),
            result_row("a-2"),
        ],
    )
    expected = [
        Task(
            id="a-1",
            symbol="246/UBND-CN",
            signed_on=date(2024, 1, 5),
            assignee="Sở Giao thông Vận tải",
            subject="V/v giao lập phương án",
            deadline=date(2024, 3, 15),
            attachments=[Attachment(name="cv.pdf", path="files/cv.pdf")],
        ),
        Task(
            id="a-2",
            symbol="246/UBND-CN",
            signed_on=date(2024, 1, 5),
            assignee="Sở Giao thông Vận tải",
            subject="V/v giao lập phương án",
            created_at=datetime(2024, 1, 8, 23, 59, tzinfo=VN_TZ),
            results=[
                {
                    "unit": "Sở GTVT",
                    "updated_at": datetime(2024, 2, 1, 9, 30, tzinfo=VN_TZ),
                    "symbol": "5/BC-SGTVT",
                },
                {"unit": "Sở GTVT", "updated_at": datetime(2024, 2, 25, tzinfo=VN_TZ)},
            ],
        ),
    ]
    for path in both_forms(tmp_path, tables):
        result = load(path)
        assert (path.name, []) == (path.name, result.errors)
        assert expected == result.tasks


def test_headers_match_after_folding_and_in_english(tmp_path: Path) -> None:
    """Headers in NFD, in upper case, without marks or in English all match their field."""
    headers = [
        unicodedata.normalize("NFD", "Mã nhiệm vụ"),
        "SO KY HIEU",
        "ngay ky duyet",
        "Cơ quan nhận",
        "subject",
        "Thời hạn xử lý",
        "Ghi chú",
        "STT",
    ]
    tables = {
        "tasks": (headers, [["x-1", "1/UBND", "05/01/2024", "Sở Y tế", "Báo cáo", "", "riêng", 1]])
    }
    folder = tmp_path / "csv"
    build.write_csv_folder(tables, folder)
    (task,) = load(folder).tasks
    assert ("x-1", "1/UBND", "Báo cáo", None) == (task.id, task.symbol, task.subject, task.deadline)
    assert {"Ghi chú": "riêng"} == task.model_extra
    assert table_for("Thay đổi quy trình") is table_for("THAY DOI QUY TRINH")
    assert "assignee" == column_map(TABLES[0])[fold("Cơ quan nhận")]


def test_sheet_titles_work_as_csv_file_names_with_semicolons(tmp_path: Path) -> None:
    """A CSV named by its sheet title, separated by semicolons, is read like the canonical file."""
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "Nhiệm vụ.csv").write_text(
        ";".join(TASK_HEADERS) + "\n" + ";".join(str(v or "") for v in task_row("k-1")) + "\n",
        encoding="utf-8",
    )
    (folder / "Kết quả xử lý.csv").write_text(
        ";".join(RESULT_HEADERS) + "\n" + ";".join(str(v or "") for v in result_row("k-1")) + "\n",
        encoding="utf-8-sig",
    )
    result = load(folder)
    assert [] == result.errors
    assert [("k-1", 1)] == [(task.id, len(task.results)) for task in result]


def test_child_row_with_unknown_task_is_an_error_with_sheet_and_row(tmp_path: Path) -> None:
    """A result row whose task id is not in the tasks sheet is reported at its sheet and row."""
    tables = sheets([task_row("a-1")], [result_row("a-1"), result_row("zz-9")])
    for path in both_forms(tmp_path, tables):
        result = load(path)
        assert ["a-1"] == [task.id for task in result]
        (error,) = result.errors
        assert ("Kết quả xử lý" if path.suffix else "ket-qua-xu-ly.csv", 3, "zz-9") == (
            error.sheet,
            error.line,
            error.task,
        )
        assert "no task with id 'zz-9'" in error.message


def test_bad_child_field_points_at_the_child_row(tmp_path: Path) -> None:
    """A bad date in a result row is reported at that row of the results sheet, with its path."""
    tables = sheets(
        [task_row("a-1"), task_row("a-2", **{"Ngày ký duyệt": "31/02/2024"})],
        [result_row("a-1"), result_row("a-2"), result_row("a-1", "29/02/2023")],
    )
    for path in both_forms(tmp_path, tables):
        result = load(path)
        assert [] == result.tasks
        assert [
            ("results[1].updated_at", 4, "a-1", 0),
            ("signed_on", 3, "a-2", 1),
        ] == [(e.field, e.line, e.task, e.index) for e in result.errors]
        assert result.errors[1].message.startswith("'31/02/2024' is not a real date")
        assert result.errors[0].sheet != result.errors[1].sheet


def test_duplicate_task_rows_and_missing_id_column(tmp_path: Path) -> None:
    """A repeated task id is an error naming the first row; a sheet without ids is ignored."""
    tables = sheets([task_row("a-1"), task_row("a-1")])
    tables["Kết quả xử lý"] = (["Đơn vị", "Ngày cập nhật"], [["Sở GTVT", "25/02/2024"]])
    book, _ = both_forms(tmp_path, tables)
    result = load(book)
    assert ["a-1"] == [task.id for task in result]
    assert [
        ("Kết quả xử lý", 1, "no Mã nhiệm vụ column in the header; sheet ignored"),
        ("Nhiệm vụ", 3, "duplicate task id 'a-1' (first at row 2)"),
    ] == [(e.sheet, e.line, e.message) for e in result.errors]


def test_unknown_sheet_and_missing_tasks_sheet(tmp_path: Path) -> None:
    """An unknown sheet is reported and ignored; a workbook without tasks is one error."""
    tables = sheets([task_row("a-1")])
    tables["Ghi chú"] = (["x"], [["y"]])
    book, folder = both_forms(tmp_path, tables)
    assert ["Ghi chú", "Ghi chú.csv"] == [load(p).errors[0].sheet for p in (book, folder)]
    (folder / "nhiem-vu.csv").unlink()
    assert ["no sheet of tasks (Nhiệm vụ, or nhiem-vu.csv in a folder)"] == [
        e.message for e in load(folder).errors if e.sheet is None
    ]


def test_not_utf8_csv_gives_one_error(tmp_path: Path) -> None:
    """A CSV file in another encoding gives one error naming its line; the rows before load."""
    folder = tmp_path / "csv"
    build.write_csv_folder(
        sheets([task_row("a-1"), task_row("a-2", **{"Cơ quan nhận": "Sở Y tế"})]), folder
    )
    data = (
        (folder / "nhiem-vu.csv")
        .read_bytes()
        .replace("Sở Y tế".encode(), "S\xf4 Y t\xea".encode("latin-1"))
    )
    (folder / "nhiem-vu.csv").write_bytes(data)
    result = load(folder)
    assert ["a-1"] == [task.id for task in result]
    assert [(3, "nhiem-vu.csv")] == [(e.line, e.sheet) for e in result.errors]
    assert "not UTF-8 text" in result.errors[0].message


def test_damaged_workbook_is_one_error(tmp_path: Path) -> None:
    """A file that is not a workbook gives one error, not an exception."""
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    (error,) = load(path).errors
    assert (str(path), None) == (error.file, error.line)
    assert error.message.startswith("not a readable XLSX workbook")


@pytest.mark.parametrize("cell", ["a.pdf", "a.pdf|x/a.pdf; b.pdf|", " ; |p.pdf"])
def test_attachment_cells(cell: str) -> None:
    """Attachment cells split on ';' and then on '|' into name and path."""
    from tdnv_rules.io.sheets import parse_attachments

    expected = {
        "a.pdf": [{"name": "a.pdf", "path": None}],
        "a.pdf|x/a.pdf; b.pdf|": [
            {"name": "a.pdf", "path": "x/a.pdf"},
            {"name": "b.pdf", "path": None},
        ],
        " ; |p.pdf": [{"name": None, "path": "p.pdf"}],
    }[cell]
    assert expected == parse_attachments(cell)


def test_every_column_label_is_documented() -> None:
    """docs/export-format.md names every sheet title, CSV file and header label of columns.py."""
    doc = (FIXTURES.parent.parent / "docs" / "export-format.md").read_text(encoding="utf-8")
    names = [name for table in TABLES for name in (table.title, table.file_name)]
    labels = [label for table in TABLES for labels in table.columns.values() for label in labels]
    assert [] == [name for name in names + labels if name not in doc]
