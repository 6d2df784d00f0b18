"""Findings to Excel: the summary sheet, one sheet per unit, links and safe cells."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

openpyxl = pytest.importorskip("openpyxl")

from tdnv_rules.excel import TASK_URL_ENV, ExcelError, sheet_names, task_link  # noqa: E402
from tdnv_rules.findings import Finding, Findings  # noqa: E402
from tdnv_rules.io import LoadError  # noqa: E402

HEADERS = ["Mã nhiệm vụ", "Số ký hiệu", "Trích yếu", "Mã lỗi", "Mức độ", "Nội dung", "Vị trí"]


def finding(n: int, unit: str = "Sở Xây dựng", **changes) -> Finding:
    values = dict(
        code="A002",
        severity="warn",
        name="overdue",
        loc=("results", 1),
        msg=f"Nhiệm vụ {n}/UBND-CN đã quá hạn xử lý.",
        task=f"T{n:05d}",
        unit=unit,
        symbol=f"{n}/UBND-CN",
        subject=f"V/v nhiệm vụ số {n}",
    )
    values.update(changes)
    return Finding(**values)


@pytest.fixture
def findings() -> Findings:
    return Findings(
        [
            finding(1),
            finding(2, "Sở Y tế", code="A005", severity="warn", name="closed-prematurely"),
            finding(3),
            finding(4, code="D002", severity="info", name="person-as-unit"),
        ],
        checked=10,
    )


def write(found: Findings, tmp_path, **options):
    path = tmp_path / "phat-hien.xlsx"
    found.to_excel(path, **options)
    return openpyxl.load_workbook(path)


def values(sheet) -> list[list]:
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_summary_sheet_comes_first_then_units_by_count(findings, tmp_path):
    """Sheets: "Tổng hợp", then each unit, the one with most findings first."""
    book = write(findings, tmp_path)
    assert ["Tổng hợp", "Sở Xây dựng", "Sở Y tế"] == book.sheetnames


def test_summary_sheet_counts_by_unit_and_code(findings, tmp_path):
    """The summary holds unit × code counts with totals, like Findings.summary()."""
    sheet = write(findings, tmp_path)["Tổng hợp"]
    assert [
        ["Đơn vị", "A002", "A005", "D002", "Cộng"],
        ["Sở Xây dựng", 2, 0, 1, 3],
        ["Sở Y tế", 0, 1, 0, 1],
        ["Cộng", 2, 1, 1, 4],
    ] == values(sheet)


def test_unit_sheet_lists_its_findings(findings, tmp_path):
    """A unit's sheet has the seven columns and one row per finding, in order."""
    sheet = write(findings, tmp_path)["Sở Xây dựng"]
    rows = values(sheet)
    assert HEADERS == rows[0]
    assert [
        "T00001",
        "1/UBND-CN",
        "V/v nhiệm vụ số 1",
        "A002",
        "Cảnh báo",
        "Nhiệm vụ 1/UBND-CN đã quá hạn xử lý.",
        "results.1",
    ] == rows[1]
    assert ["T00003", "T00004"] == [row[0] for row in rows[2:]]
    assert "Thông tin" == rows[3][4]


def test_sheets_freeze_the_header_and_wrap(findings, tmp_path):
    """Every sheet freezes its header row; long text columns wrap and are wide."""
    book = write(findings, tmp_path)
    assert ["A2", "A2", "A2"] == [sheet.freeze_panes for sheet in book.worksheets]
    sheet = book["Sở Xây dựng"]
    assert sheet["C2"].alignment.wrap_text is True
    assert sheet["F2"].alignment.wrap_text is True
    assert sheet.column_dimensions["F"].width >= 60


def test_task_ids_are_plain_without_a_template(findings, tmp_path, monkeypatch):
    """Without task_url the task id is a plain text cell."""
    monkeypatch.delenv(TASK_URL_ENV, raising=False)
    sheet = write(findings, tmp_path)["Sở Xây dựng"]
    assert (sheet["A2"].value, sheet["A2"].hyperlink) == ("T00001", None)


def test_task_url_makes_hyperlinks(findings, tmp_path):
    """With task_url the task id links to the task's page."""
    sheet = write(findings, tmp_path, task_url="https://tdnv.example/nhiem-vu/{id}")["Sở Y tế"]
    assert "https://tdnv.example/nhiem-vu/T00002" == sheet["A2"].hyperlink.target
    assert "T00002" == sheet["A2"].value


def test_task_url_from_the_environment(findings, tmp_path, monkeypatch):
    """TDNV_TASK_URL is used when no task_url is given."""
    monkeypatch.setenv(TASK_URL_ENV, "https://x.example/t?id={id}")
    sheet = write(findings, tmp_path)["Sở Y tế"]
    assert "https://x.example/t?id=T00002" == sheet["A2"].hyperlink.target


def test_task_link_quotes_the_id():
    """Characters of the id that mean something in a URL are escaped."""
    assert "https://x/task/a%2Fb%20c" == task_link("https://x/task/{id}", "a/b c")


def test_template_without_id_is_refused(findings, tmp_path):
    """A task_url without {id} is a clear error, and nothing is written."""
    with pytest.raises(ExcelError, match=r"\{id\}"):
        findings.to_excel(tmp_path / "x.xlsx", task_url="https://x/task/")
    assert not (tmp_path / "x.xlsx").exists()


def test_formula_like_and_control_characters_stay_plain_text(tmp_path):
    """A subject starting with "=" is text, not a formula; control characters are dropped."""
    found = Findings([finding(1, subject='=HYPERLINK("http://x")', msg="a\x07b\x00c")])
    sheet = write(found, tmp_path)["Sở Xây dựng"]
    assert ('=HYPERLINK("http://x")', "s") == (sheet["C2"].value, sheet["C2"].data_type)
    assert "abc" == sheet["F2"].value


def test_awkward_unit_names_get_valid_sheets(tmp_path):
    """Unit names with []:*?/\\, over 31 characters, or missing still get their own sheet."""
    long_name = "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh"
    found = Findings([finding(1, "Sở [A]: B/C*?"), finding(2, long_name), finding(3, None)])
    book = write(found, tmp_path)
    assert ["Tổng hợp", "Sở A B C", long_name[:31].rstrip(), "Không rõ đơn vị"] == book.sheetnames


def test_load_errors_get_their_own_sheet(tmp_path):
    """Records that could not be read are listed on a last sheet."""
    error = LoadError(file="x.jsonl", line=3, task="T9", field="signed_on", message="not a date")
    book = write(Findings([finding(1)], errors=[error]), tmp_path)
    assert "Lỗi tải dữ liệu" == book.sheetnames[-1]
    assert ["x.jsonl", 3, "T9", "signed_on", "not a date"] == values(book["Lỗi tải dữ liệu"])[1]


def test_english_labels(tmp_path):
    """With lang="en" the sheets and headers are English."""
    book = write(Findings([finding(1)], lang="en"), tmp_path)
    assert "Summary" == book.sheetnames[0]
    assert "Task id" == book["Sở Xây dựng"]["A1"].value
    assert "Warning" == book["Sở Xây dựng"]["E2"].value


def test_unwritable_path_is_a_clear_error(findings, tmp_path):
    """Writing into a folder that does not exist names the path."""
    target = tmp_path / "khong-co" / "x.xlsx"
    with pytest.raises(ExcelError, match="khong-co"):
        findings.to_excel(target)


@given(st.lists(st.one_of(st.none(), st.text(max_size=50)), max_size=12))
@settings(max_examples=150, deadline=None)
def test_sheet_names_are_always_valid_and_distinct(units):
    """Any unit names give names Excel accepts: ≤31 chars, no []:*?/\\, distinct ignoring case."""
    names = sheet_names(units, reserved=["Tổng hợp"])
    assert len(units) == len(names)
    assert all(0 < len(name) <= 31 for name in names)
    assert not any(re.search(r"[\[\]:*?/\\]", name) for name in names)
    assert not any(name.startswith("'") or name.endswith("'") for name in names)
    folded = [name.casefold() for name in names] + ["tổng hợp"]
    assert len(folded) == len(set(folded))
