"""Writers: csv, json, md, html and xlsx of the reports; pandas; writing to files and stdout."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest

from tdnv_rules.model import Task
from tdnv_rules.report import FORMATS, MonthlyReport, MonthlyRow, ReportError, due, render, write
from tdnv_rules.units import Registry

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures" / "reports"))
import build_seed_tasks as seed  # noqa: E402

GROUPS = "TT,Tên đơn vị,Tổng số công việc được giao,,,Đã thực hiện và báo cáo,,,,Đang thực hiện,,,,Tỷ lệ so sánh,"
LABELS = (
    ",,Tổng số,Có hạn thời gian,Không hạn thời gian,Tổng số,Chậm,Đúng thời gian quy định,"
    "Không hạn thời gian,Tổng số,Đang thực hiện trong hạn,Đang thực hiện đã quá hạn,"
    "Không hạn thời gian,Công việc đã thực hiện (%),Đã thực hiện đúng hạn (%)"
)


def _seed_report(lang: str = "vi") -> MonthlyReport:
    """The seed table as a report object, rebuilt from its printed counts."""
    table = seed.load_table()
    rows = tuple(
        MonthlyRow.from_counts(r["tt"] if lang == "vi" or isinstance(r["tt"], int) else "Total",
                               r["unit"], *(r[k] for k in seed.COUNT_KEYS))
        for r in table
    )
    return MonthlyReport(rows, start=seed.START, end=seed.END, as_of=seed.AS_OF, lang=lang)


@pytest.fixture(scope="module")
def report():
    return _seed_report()


def test_csv_has_two_header_levels_and_numbers(report):
    """csv: group line, label line, numbers 1–15, then the rows as printed in the seed."""
    lines = render(report, "csv").splitlines()
    assert [GROUPS, LABELS, ",".join(str(n) for n in range(1, 16))] == lines[:3]
    assert "11,Sở Nội vụ,597,500,97,479,1,465,13,118,33,1,84,80,99.57" == lines[13]
    assert "Cộng,,11938,10414,1524,9377,36,8797,544,2561,1541,40,980,78,99.14" == lines[-1]
    assert 3 + 47 == len(lines)


def test_csv_matches_the_fixture_values(report):
    """Every printed cell of the csv equals the fixture's text."""
    fixture = (Path(seed.TABLE)).read_text(encoding="utf-8").splitlines()[1:]
    assert fixture == render(report, "csv").splitlines()[3:]


def test_json_keys_and_numbers(report):
    """json: the row keys of the spec; percentages as numbers, 100 as an integer."""
    data = json.loads(render(report, "json"))
    assert [
        "tt", "unit", "total", "with_deadline", "no_deadline", "done_total", "done_late",
        "done_on_time", "done_no_deadline", "open_total", "open_in_deadline", "open_overdue",
        "open_no_deadline", "pct_done", "pct_on_time",
    ] == list(data[0])
    assert (100, 99.57, 99.14) == (
        data[0]["pct_on_time"], data[10]["pct_on_time"], data[-1]["pct_on_time"]
    )
    assert '"pct_on_time": 100\n' in render(report, "json")


def test_markdown_headers_numbers_and_bold_total(report):
    """md: title, group line, separator, label line, numbers, rows; the total row in bold."""
    lines = render(report, "md").splitlines()
    assert "**BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 05, NĂM 2024 CỦA CÁC ĐƠN VỊ**" == lines[0]
    table = [line for line in lines if line.startswith("|")]
    assert table[0].startswith("| TT | Tên đơn vị | Tổng số công việc được giao |  |  | Đã thực hiện")
    assert table[1].startswith("| --- | --- | ---: |")
    assert "| " + " | ".join(str(n) for n in range(1, 16)) + " |" == table[3]
    assert table[-1].startswith("| **Cộng** |  | **11938** | **10414** |")
    assert 4 + 47 == len(table)


def test_html_structure_escaping_and_bold_total():
    """html: grouped header spans, numbered row, escaped text, bold total row."""
    rows = (
        MonthlyRow.from_counts(1, "Sở NN&PTNT <cũ>", 0, 8, 1, 2, 0, 1),
        MonthlyRow.from_counts("Cộng", "", 0, 8, 1, 2, 0, 1),
    )
    report = MonthlyReport(rows, start=date(2024, 1, 1), end=date(2024, 5, 31), as_of=date(2024, 5, 31))
    html = report._repr_html_()
    assert "Sở NN&amp;PTNT &lt;cũ&gt;" in html and "<cũ>" not in html
    assert 'colspan="3">Tổng số công việc được giao</th>' in html
    assert 'colspan="4">Đã thực hiện và báo cáo</th>' in html
    assert 'rowspan="2">Tên đơn vị</th>' in html
    assert 1 == html.count('<tr style="font-weight:bold">')
    bold_row = html.split('<tr style="font-weight:bold">')[1].split("</tr>")[0]
    assert ">Cộng</td>" in bold_row and ">12</td>" in bold_row


def test_english_labels_in_csv():
    """lang="en": English group and column labels."""
    lines = render(_seed_report("en"), "csv").splitlines()
    assert lines[0].startswith("No.,Unit,Tasks assigned,,,Done and reported,,,,In progress")
    assert lines[-1].startswith("Total,,11938,")


def test_xlsx_read_back(report, tmp_path):
    """xlsx: title, merged headers, numbered row, values, bold total, A4 landscape, title rows."""
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "thang-05.xlsx"
    report.to_excel(path)
    sheet = openpyxl.load_workbook(path).active
    assert "BÁO CÁO KẾT QUẢ THỰC HIỆN NHIỆM VỤ THÁNG 05, NĂM 2024 CỦA CÁC ĐƠN VỊ" == sheet["A1"].value
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A1:O1", "A4:A5", "B4:B5", "C4:E4", "F4:I4", "J4:M4", "N4:O4"} <= merged
    assert ("Tổng số công việc được giao", "Chậm") == (sheet["C4"].value, sheet["G5"].value)
    assert list(range(1, 16)) == [sheet.cell(row=6, column=c).value for c in range(1, 16)]
    assert [11, "Sở Nội vụ", 597, 465, 99.57] == [sheet[f"{c}17"].value for c in "ABCHO"]
    assert ("Cộng", 11938, 99.14) == (sheet["A53"].value, sheet["C53"].value, sheet["O53"].value)
    assert (True, False) == (sheet["C53"].font.b, bool(sheet["C52"].font.b))
    assert "thin" == sheet["C52"].border.left.style
    assert ("landscape", "9", 1, 0) == (
        sheet.page_setup.orientation, str(sheet.page_setup.paperSize),
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight,
    )
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "$4:$6" == sheet.print_title_rows


def test_xlsx_of_due_list_writes_dates(tmp_path):
    """The due list's deadline is a real date cell shown dd/mm/yyyy."""
    openpyxl = pytest.importorskip("openpyxl")
    registry = Registry.from_data({"units": [{"id": "snv", "name": "Sở Nội vụ", "kind": "department"}]})
    task = Task(id="T1", symbol="1/UBND", signed_on="2024-05-01", assignee="Sở Nội vụ",
                subject="V/v báo cáo", deadline="03/06/2024")
    path = tmp_path / "due.xlsx"
    write(due([task], as_of="2024-05-31", registry=registry), "xlsx", path)
    sheet = openpyxl.load_workbook(path).active
    assert ("Thời hạn xử lý", "DD/MM/YYYY", 2024) == (
        sheet["F4"].value, sheet["F5"].number_format, sheet["F5"].value.year
    )
    assert "$4:$4" == sheet.print_title_rows


def test_to_pandas(report):
    """to_pandas(): one row per report row, the JSON keys as columns (or labels)."""
    pytest.importorskip("pandas")
    frame = report.to_pandas()
    assert (47, 15) == frame.shape
    assert [597, 11938] == [frame["total"].iloc[10], frame["total"].iloc[-1]]
    assert "Đã thực hiện đúng hạn (%)" == report.to_pandas(labels=True).columns[-1]


def test_to_pandas_without_pandas_says_how_to_install(report, monkeypatch):
    """Without pandas the error names the extra to install."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError) as caught:
        report.to_pandas()
    assert "pip install 'tdnv-rules[pandas]'" in str(caught.value)


def test_write_to_path_stdout_and_open_file(report, tmp_path, capsys):
    """write() goes to a path, to stdout for "-", or to an open file."""
    path = tmp_path / "r.md"
    write(report, "md", path)
    write(report, "md", "-")
    handle = io.StringIO()
    write(report, "md", handle)
    assert path.read_text(encoding="utf-8") == capsys.readouterr().out == handle.getvalue()


def test_unknown_format_and_unwritable_path(report, tmp_path):
    """An unknown format or an unwritable path is a ReportError naming it."""
    with pytest.raises(ReportError) as caught:
        render(report, "pdf")
    assert "unknown report format 'pdf'; use one of csv, json, md, html, xlsx" == str(caught.value)
    with pytest.raises(ReportError) as caught:
        write(report, "csv", tmp_path / "missing" / "r.csv")
    assert "cannot write the csv report to" in str(caught.value)
    assert ("csv", "json", "md", "html", "xlsx") == FORMATS
