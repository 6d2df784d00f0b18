"""Writers for every report: csv, json, md, html (text) and xlsx (bytes).

They see a report only through ``ReportTable``: its columns (with an optional upper header
level), its rows, its title and which row is the total. csv, md and html print the headers as
the Office's table does — group headers over column names — then, for numbered reports, the
row of column numbers 1…n. xlsx is a printable A4 landscape sheet (needs openpyxl).
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import sys
from typing import IO, Any

from .table import Column, ReportError, ReportTable

__all__ = ["FORMATS", "render", "write", "header_rows"]

FORMATS = ("csv", "json", "md", "html", "xlsx")


def header_rows(report: ReportTable) -> list[list[str]]:
    """The header lines as printed: group line (if any), label line, numbers line (if any)."""
    columns = report.columns()
    lang = report.lang
    lines: list[list[str]] = []
    if report.has_groups():
        upper, lower, previous = [], [], None
        for column in columns:
            group = column.group(lang)
            if group is None:
                upper.append(column.label(lang))
                lower.append("")
            else:
                upper.append(group if group != previous else "")
                lower.append(column.label(lang))
            previous = group
        lines += [upper, lower]
    else:
        lines.append([column.label(lang) for column in columns])
    if report.NUMBERED:
        lines.append([str(number) for number in range(1, len(columns) + 1)])
    return lines


def _spans(columns: tuple[Column, ...], lang: str) -> list[tuple[str, int, int, bool]]:
    """The upper header line as (label, first column index, span, is a group)."""
    spans: list[tuple[str, int, int, bool]] = []
    index = 0
    while index < len(columns):
        group = columns[index].group(lang)
        if group is None:
            spans.append((columns[index].label(lang), index, 1, False))
            index += 1
            continue
        end = index
        while end < len(columns) and columns[end].group(lang) == group:
            end += 1
        spans.append((group, index, end - index, True))
        index = end
    return spans


def _body(report: ReportTable) -> list[tuple[list[str], bool]]:
    columns = report.columns()
    return [([report.cell(row, c) for c in columns], report.is_total(row)) for row in report.rows]


def _csv(report: ReportTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(header_rows(report))
    writer.writerows(cells for cells, _ in _body(report))
    return buffer.getvalue()


def _json(report: ReportTable) -> str:
    """A list of row objects (the CLI's documented JSON); ``to_dict`` adds title and params."""
    return json.dumps(report.records(), ensure_ascii=False, indent=2) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md(report: ReportTable) -> str:
    columns = report.columns()
    headers = header_rows(report)
    align = ["---:" if c.kind in ("int", "pct") else "---" for c in columns]
    lines = [f"**{_md_cell(report.title())}**", ""]
    if report.subtitle():
        lines += [_md_cell(report.subtitle()), ""]
    lines.append("| " + " | ".join(_md_cell(h) for h in headers[0]) + " |")
    lines.append("| " + " | ".join(align) + " |")
    for extra in headers[1:]:
        lines.append("| " + " | ".join(_md_cell(h) for h in extra) + " |")
    for cells, total in _body(report):
        shown = [f"**{_md_cell(c)}**" if total and c else _md_cell(c) for c in cells]
        lines.append("| " + " | ".join(shown) + " |")
    return "\n".join(lines) + "\n"


_CELL = "border:1px solid #999;padding:2px 4px"


def _html(report: ReportTable) -> str:
    columns = report.columns()
    lang = report.lang
    esc = html.escape
    out = [
        '<table class="tdnv-report" style="border-collapse:collapse;font-size:90%">',
        f"<caption><b>{esc(report.title())}</b>"
        + (f"<br><small>{esc(report.subtitle())}</small>" if report.subtitle() else "")
        + "</caption>",
        "<thead>",
    ]
    th = f'<th style="{_CELL};text-align:center"'
    if report.has_groups():
        upper, lower = [], []
        for label, index, span, grouped in _spans(columns, lang):
            if not grouped:
                upper.append(f'{th} rowspan="2">{esc(label)}</th>')
                continue
            upper.append(f'{th} colspan="{span}">{esc(label)}</th>')
            lower += [f"{th}>{esc(c.label(lang))}</th>" for c in columns[index : index + span]]
        out += ["<tr>" + "".join(upper) + "</tr>", "<tr>" + "".join(lower) + "</tr>"]
    else:
        out.append("<tr>" + "".join(f"{th}>{esc(c.label(lang))}</th>" for c in columns) + "</tr>")
    if report.NUMBERED:
        numbers = "".join(f"{th}>{n}</th>" for n in range(1, len(columns) + 1))
        out.append(f'<tr style="font-style:italic">{numbers}</tr>')
    out += ["</thead>", "<tbody>"]
    for cells, total in _body(report):
        tds = "".join(
            f'<td style="{_CELL};text-align:{"right" if c.kind in ("int", "pct") else "left"}">'
            f"{esc(text)}</td>"
            for c, text in zip(columns, cells)
        )
        out.append(f'<tr style="font-weight:bold">{tds}</tr>' if total else f"<tr>{tds}</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out) + "\n"


def _xlsx(report: ReportTable) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Border, Font, Side
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.properties import PageSetupProperties
    except ImportError:
        raise ImportError("xlsx output needs openpyxl: pip install 'tdnv-rules[excel]'") from None

    columns = report.columns()
    lang = report.lang
    width = len(columns)
    book = Workbook()
    sheet = book.active
    sheet.title = report.KIND[:31]
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    centred = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)

    sheet.cell(row=1, column=1, value=report.title()).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).alignment = centred
    sheet.row_dimensions[1].height = 32
    if report.subtitle():
        sheet.cell(row=2, column=1, value=report.subtitle()).font = Font(italic=True)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
        sheet.cell(row=2, column=1).alignment = centred

    first = 4
    if report.has_groups():
        for label, index, span, grouped in _spans(columns, lang):
            sheet.cell(row=first, column=index + 1, value=label)
            if not grouped:
                sheet.merge_cells(
                    start_row=first, start_column=index + 1, end_row=first + 1, end_column=index + 1
                )
                continue
            if span > 1:
                sheet.merge_cells(
                    start_row=first, start_column=index + 1, end_row=first, end_column=index + span
                )
            for offset, column in enumerate(columns[index : index + span]):
                sheet.cell(row=first + 1, column=index + 1 + offset, value=column.label(lang))
        last_header = first + 1
        sheet.row_dimensions[first + 1].height = 45
    else:
        for index, column in enumerate(columns, start=1):
            sheet.cell(row=first, column=index, value=column.label(lang))
        last_header = first
    if report.NUMBERED:
        last_header += 1
        for index in range(1, width + 1):
            sheet.cell(row=last_header, column=index, value=index).font = Font(italic=True)
    for row_number in range(first, last_header + 1):
        for index in range(1, width + 1):
            cell = sheet.cell(row=row_number, column=index)
            cell.alignment = centred
            cell.border = box
            if row_number < last_header or not report.NUMBERED:
                cell.font = bold

    line = last_header
    for row in report.rows:
        line += 1
        total = report.is_total(row)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=line, column=index, value=_xlsx_value(report, row, column))
            cell.border = box
            if column.kind == "date":
                cell.number_format = "DD/MM/YYYY"
            if column.kind == "text":
                cell.alignment = Alignment(vertical="top", wrap_text=column.key != "tt")
            if total:
                cell.font = bold

    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    sheet.freeze_panes = sheet.cell(row=last_header + 1, column=3)
    sheet.print_title_rows = f"{first}:{last_header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_value(report: ReportTable, row: Any, column: Column) -> Any:
    value = report.value(row, column)
    if column.kind == "date":
        return getattr(row, column.key)
    if column.kind == "text" and not isinstance(value, int):
        return report.cell(row, column) or None
    return value


def _width(column: Column) -> float:
    if column.key == "tt":
        return 6
    if column.key == "unit":
        return 38
    if column.key == "subject":
        return 60
    if column.kind == "text":
        return 18
    if column.kind == "date":
        return 12
    return 11


_RENDERERS = {"csv": _csv, "json": _json, "md": _md, "html": _html, "xlsx": _xlsx}


def render(report: ReportTable, fmt: str) -> str | bytes:
    """The report in ``fmt``: csv, json, md or html as text; xlsx as bytes."""
    renderer = _RENDERERS.get(str(fmt).lower().lstrip("."))
    if renderer is None:
        raise ReportError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
    if not isinstance(report, ReportTable):
        raise ReportError(f"not a report: {type(report).__name__}")
    return renderer(report)


def write(report: ReportTable, fmt: str, target: str | os.PathLike | IO | None = None) -> None:
    """Write the report in ``fmt`` to a path, an open file, or stdout (``None`` or ``"-"``)."""
    content = render(report, fmt)
    if target is None or target == "-":
        target = sys.stdout
    if hasattr(target, "write"):
        if isinstance(content, bytes):
            binary = getattr(target, "buffer", target)
            binary.write(content)
        else:
            target.write(content)
        return
    try:
        if isinstance(content, bytes):
            with open(target, "wb") as handle:
                handle.write(content)
        else:
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(content)
    except OSError as error:
        raise ReportError(f"cannot write the {fmt} report to {os.fspath(target)!r}: {error}") from None
