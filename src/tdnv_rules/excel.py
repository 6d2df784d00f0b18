"""Findings to an Excel workbook: a summary sheet, then one sheet per unit.

Sheet "Tổng hợp" counts findings by unit (rows) and code (columns). Each unit's sheet lists its
findings: Mã nhiệm vụ, Số ký hiệu, Trích yếu, Mã lỗi, Mức độ, Nội dung, Vị trí. The task id is a
plain cell the web system can turn into a link; given a ``task_url`` template such as
``"https://tdnv.example/task/{id}"`` (or the ``TDNV_TASK_URL`` environment variable) it is a real
hyperlink. A sheet "Lỗi tải dữ liệu" lists the records that could not be read, if any.
Needs openpyxl (``pip install 'tdnv-rules[excel]'``), imported only when a workbook is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from .notebook_html import severity_label

if TYPE_CHECKING:
    from .findings import Finding, Findings

__all__ = ["TASK_URL_ENV", "ExcelError", "write_findings_excel", "sheet_names", "task_link"]

TASK_URL_ENV = "TDNV_TASK_URL"
MAX_SHEET_NAME = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Characters openpyxl refuses in a cell (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

_LABELS = {
    "vi": {
        "summary": "Tổng hợp",
        "errors": "Lỗi tải dữ liệu",
        "unit": "Đơn vị",
        "total": "Cộng",
        "unknown": "Không rõ đơn vị",
        "columns": (
            "Mã nhiệm vụ",
            "Số ký hiệu",
            "Trích yếu",
            "Mã lỗi",
            "Mức độ",
            "Nội dung",
            "Vị trí",
        ),
        "error_columns": ("Tệp", "Dòng", "Mã nhiệm vụ", "Trường", "Nội dung lỗi"),
    },
    "en": {
        "summary": "Summary",
        "errors": "Load errors",
        "unit": "Unit",
        "total": "Total",
        "unknown": "Unknown unit",
        "columns": ("Task id", "Number", "Subject", "Code", "Severity", "Message", "Location"),
        "error_columns": ("File", "Line", "Task id", "Field", "Problem"),
    },
}
_WIDTHS = (14, 18, 60, 9, 12, 70, 18)
_FILLS = {"block": "FDECEA", "warn": "FFF3CD", "info": "E3EAF0"}


class ExcelError(ValueError):
    """A workbook that cannot be written as asked (bad link template, unwritable path)."""


def _openpyxl() -> Any:
    try:
        import openpyxl
        import openpyxl.styles
        import openpyxl.utils
    except ImportError:
        raise ImportError(
            "writing findings to Excel needs openpyxl: pip install 'tdnv-rules[excel]'"
        ) from None
    return openpyxl


def _clean(value: Any) -> Any:
    """A cell value openpyxl writes as given: text without control characters."""
    if value is None or isinstance(value, (int, float)):
        return value
    return _ILLEGAL.sub("", str(value))


def sheet_names(
    units: Iterable[str | None], *, reserved: Iterable[str] = (), lang: str = "vi"
) -> list[str]:
    """One valid, distinct sheet name per unit, in order.

    Excel's rules: at most 31 characters, none of ``[]:*?/\\``, not starting or ending with an
    apostrophe, not blank, and unique regardless of case (``reserved`` names count as taken).
    """
    taken = {name.casefold() for name in reserved}
    names = []
    for unit in units:
        base = " ".join(_FORBIDDEN.sub(" ", _clean(unit or "")).split()).strip("'").strip()
        base = base or _LABELS["en" if lang == "en" else "vi"]["unknown"]
        name = base[:MAX_SHEET_NAME].rstrip().rstrip("'")
        number = 1
        while name.casefold() in taken:
            number += 1
            suffix = f" ({number})"
            name = base[: MAX_SHEET_NAME - len(suffix)].rstrip().rstrip("'") + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def task_link(template: str | None, task_id: str | None) -> str | None:
    """The web address of a task from a template with ``{id}``; None without a template."""
    if not template or not task_id:
        return None
    if "{id}" not in template:
        raise ExcelError(f"task_url must contain {{id}} where the task id goes; got {template!r}")
    return template.replace("{id}", quote(str(task_id), safe=""))


def _text_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Write ``value``; text starting with '=' stays text, never a formula."""
    cell = sheet.cell(row=row, column=column, value=_clean(value))
    if isinstance(cell.value, str) and cell.data_type == "f":
        cell.data_type = "s"
    return cell


def _header(sheet: Any, labels: Iterable[str], styles: Any) -> None:
    for column, label in enumerate(labels, start=1):
        cell = sheet.cell(row=1, column=column, value=label)
        cell.font = styles.Font(bold=True)
        cell.fill = styles.PatternFill("solid", fgColor="DDE3EA")
        cell.alignment = styles.Alignment(vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"


def _summary_sheet(sheet: Any, findings: Findings, labels: dict, styles: Any) -> None:
    summary = findings.summary()
    codes = list(summary.by_code)
    _header(sheet, [labels["unit"], *codes, labels["total"]], styles)
    for column, code in enumerate(codes, start=2):
        cell = sheet.cell(row=1, column=column)
        cell.fill = styles.PatternFill(
            "solid", fgColor=_FILLS.get(summary.severities[code], "DDE3EA")
        )
        cell.alignment = styles.Alignment(horizontal="center")
    line = 1
    for unit, total in summary.by_unit.items():
        line += 1
        _text_cell(sheet, line, 1, unit).alignment = styles.Alignment(
            wrap_text=True, vertical="top"
        )
        for column, code in enumerate(codes, start=2):
            sheet.cell(row=line, column=column, value=summary.by_unit_code.get((unit, code), 0))
        sheet.cell(row=line, column=len(codes) + 2, value=total).font = styles.Font(bold=True)
    line += 1
    bold = styles.Font(bold=True)
    sheet.cell(row=line, column=1, value=labels["total"]).font = bold
    for column, code in enumerate(codes, start=2):
        sheet.cell(row=line, column=column, value=summary.by_code[code]).font = bold
    sheet.cell(row=line, column=len(codes) + 2, value=sum(summary.by_code.values())).font = bold
    sheet.column_dimensions["A"].width = 42
    for column in range(2, len(codes) + 3):
        sheet.column_dimensions[styles.get_column_letter(column)].width = 9


def _unit_sheet(
    sheet: Any, items: list[Finding], labels: dict, lang: str, template: str | None, styles: Any
) -> None:
    _header(sheet, labels["columns"], styles)
    wrap = styles.Alignment(wrap_text=True, vertical="top")
    top = styles.Alignment(vertical="top")
    for line, finding in enumerate(items, start=2):
        values = (
            finding.task,
            finding.symbol,
            finding.subject,
            finding.code,
            severity_label(finding.severity, lang),
            finding.msg,
            ".".join(str(part) for part in finding.loc),
        )
        for column, value in enumerate(values, start=1):
            cell = _text_cell(sheet, line, column, value)
            cell.alignment = wrap if column in (2, 3, 6, 7) else top
        link = task_link(template, finding.task)
        if link:
            cell = sheet.cell(row=line, column=1)
            cell.hyperlink = link
            cell.style = "Hyperlink"
            cell.alignment = top
        fill = _FILLS.get(finding.severity)
        if fill:
            sheet.cell(row=line, column=5).fill = styles.PatternFill("solid", fgColor=fill)
    for column, width in enumerate(_WIDTHS, start=1):
        sheet.column_dimensions[styles.get_column_letter(column)].width = width
    sheet.auto_filter.ref = f"A1:G{max(1, len(items) + 1)}"


def _errors_sheet(sheet: Any, errors: list[Any], labels: dict, styles: Any) -> None:
    _header(sheet, labels["error_columns"], styles)
    for line, error in enumerate(errors, start=2):
        values = (
            getattr(error, "file", None),
            getattr(error, "line", None),
            getattr(error, "task", None),
            getattr(error, "field", None),
            getattr(error, "message", None) or str(error),
        )
        for column, value in enumerate(values, start=1):
            _text_cell(sheet, line, column, value).alignment = styles.Alignment(
                wrap_text=True, vertical="top"
            )
    for column, width in enumerate((40, 8, 14, 24, 80), start=1):
        sheet.column_dimensions[styles.get_column_letter(column)].width = width


class _Styles:
    """The openpyxl names the writers use, imported once."""

    def __init__(self, openpyxl: Any) -> None:
        self.Font = openpyxl.styles.Font
        self.PatternFill = openpyxl.styles.PatternFill
        self.Alignment = openpyxl.styles.Alignment
        self.get_column_letter = openpyxl.utils.get_column_letter


def write_findings_excel(
    findings: Findings,
    target: str | os.PathLike | IO[bytes],
    *,
    task_url: str | None = None,
    lang: str | None = None,
) -> None:
    """Write ``findings`` to an .xlsx file (a path or a binary file object).

    ``task_url`` (default: the ``TDNV_TASK_URL`` environment variable) is a template with
    ``{id}`` turning each task id into a hyperlink. Units come in the summary's order (most
    findings first); findings keep their order within a unit.
    """
    openpyxl = _openpyxl()
    styles = _Styles(openpyxl)
    lang = "en" if (lang or getattr(findings, "lang", "vi")) == "en" else "vi"
    labels = _LABELS[lang]
    template = task_url if task_url is not None else os.environ.get(TASK_URL_ENV) or None
    if template is not None:
        task_link(template, "x")  # fail early, before anything is written
    book = openpyxl.Workbook()
    summary_sheet = book.active
    summary_sheet.title = labels["summary"]
    _summary_sheet(summary_sheet, findings, labels, styles)

    by_unit: dict[str, list[Finding]] = {}
    for finding in findings:
        by_unit.setdefault(finding.unit or "?", []).append(finding)
    order = sorted(by_unit, key=lambda unit: -len(by_unit[unit]))
    reserved = [labels["summary"], labels["errors"]]
    for unit, name in zip(order, sheet_names(order, reserved=reserved, lang=lang)):
        _unit_sheet(book.create_sheet(name), by_unit[unit], labels, lang, template, styles)
    if findings.errors:
        _errors_sheet(book.create_sheet(labels["errors"]), list(findings.errors), labels, styles)
    try:
        book.save(target)
    except OSError as error:
        where = os.fspath(target) if isinstance(target, (str, os.PathLike)) else "the file object"
        raise ExcelError(f"cannot write the findings workbook to {where!r}: {error}") from None
