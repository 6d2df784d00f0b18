"""HTML views for notebooks: findings, their summary and a gate decision.

Every label is Vietnamese unless ``lang="en"``; every value is html-escaped; dates are
dd/mm/yyyy. Styles are inline so the tables look the same in Jupyter, VS Code and an
exported HTML page. Severities are coloured: block red, warn amber, info grey-blue.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .dates import VN_TZ, fmt_date, local_date

if TYPE_CHECKING:
    from .findings import Decision, Finding, Findings
    from .findings_summary import FindingsSummary

__all__ = [
    "MAX_ROWS",
    "SUBJECT_CHARS",
    "SEVERITY_LABELS",
    "DECISION_LABELS",
    "FINDING_LABELS",
    "severity_label",
    "shorten",
    "findings_html",
    "summary_html",
    "decision_html",
]

MAX_ROWS = 200  # findings rows shown; the rest are counted in a note
SUBJECT_CHARS = 90  # a longer subject is cut, the whole text kept in its title attribute

SEVERITY_LABELS = {
    "vi": {"block": "Chặn", "warn": "Cảnh báo", "info": "Thông tin"},
    "en": {"block": "Block", "warn": "Warning", "info": "Info"},
}
DECISION_LABELS = {
    "vi": {"allow": "CHO PHÉP", "warn": "CẢNH BÁO", "block": "CHẶN"},
    "en": {"allow": "ALLOW", "warn": "WARNING", "block": "BLOCK"},
}
# (text colour, background) per severity or decision
_COLOURS = {
    "block": ("#b71c1c", "#fdecea"),
    "warn": ("#8a5300", "#fff3cd"),
    "info": ("#37474f", "#e3eaf0"),
    "allow": ("#1b5e20", "#e6f4ea"),
}
FINDING_LABELS = {
    "vi": {
        "tt": "TT",
        "unit": "Đơn vị",
        "symbol": "Số ký hiệu",
        "subject": "Trích yếu",
        "code": "Mã",
        "severity": "Mức độ",
        "message": "Nội dung",
    },
    "en": {
        "tt": "No.",
        "unit": "Unit",
        "symbol": "Number",
        "subject": "Subject",
        "code": "Code",
        "severity": "Severity",
        "message": "Message",
    },
}
_TEXT = {
    "vi": {
        "caption": "{n} phát hiện trên {checked} nhiệm vụ đã kiểm tra",
        "as_of": "tính đến hết ngày {day}",
        "errors": "{n} bản ghi không đọc được (xem .errors)",
        "more": "… và {n} dòng nữa (dùng .to_pandas() hoặc .to_excel() để xem hết)",
        "none": "Không có phát hiện nào.",
        "task_id": "Mã nhiệm vụ",
        "summary": "Số phát hiện theo đơn vị và mã lỗi",
        "summary_note": "{n} phát hiện, {units} đơn vị, {checked} nhiệm vụ đã kiểm tra",
        "total": "Cộng",
        "task": "Nhiệm vụ",
        "at": "thời điểm ấn Kết thúc",
        "findings": "Phát hiện",
        "facts": "Dữ kiện chính",
        "no_findings": "Không có phát hiện nào: đơn vị được phép kết thúc nhiệm vụ.",
    },
    "en": {
        "caption": "{n} findings over {checked} tasks checked",
        "as_of": "as of the end of {day}",
        "errors": "{n} records could not be read (see .errors)",
        "more": "… and {n} more rows (use .to_pandas() or .to_excel() to see them all)",
        "none": "No findings.",
        "task_id": "Task id",
        "summary": "Findings by unit and code",
        "summary_note": "{n} findings, {units} units, {checked} tasks checked",
        "total": "Total",
        "task": "Task",
        "at": "closure asked at",
        "findings": "Findings",
        "facts": "Key facts",
        "no_findings": "No findings: the unit may close the task.",
    },
}
_KIND_LABELS = {
    "vi": {
        "extension_request": "xin gia hạn",
        "opinion_request": "xin ý kiến",
        "progress_report": "báo cáo tiến độ",
        "final_report": "báo cáo kết quả",
        "other": "văn bản khác",
        "none": "chưa có kết quả",
    },
    "en": {
        "extension_request": "extension request",
        "opinion_request": "opinion request",
        "progress_report": "progress report",
        "final_report": "final report",
        "other": "other document",
        "none": "no result yet",
    },
}
_ATTACHMENT_LABELS = {
    "vi": {
        "not_checked": "chưa đọc (không có thư mục tệp)",
        "none": "không có tệp PDF",
        "read": "đã đọc",
        "unreadable": "không đọc được",
    },
    "en": {
        "not_checked": "not read (no folder given)",
        "none": "no PDF attached",
        "read": "read",
        "unreadable": "unreadable",
    },
}
_FACT_LABELS = {
    "vi": {
        "latest_result": "Kết quả mới nhất",
        "latest_result_kind": "Loại kết quả",
        "latest_result_subject": "Trích yếu kết quả",
        "result_count": "Số kết quả đã gửi",
        "effective_deadline": "Hạn xử lý hiện hành",
        "days_to_deadline": "Số ngày còn lại",
        "closures_before": "Số lần đã ấn Kết thúc trước đó",
        "reopenings_before": "Số lần Văn phòng đã mở lại",
        "attachment_status": "Tệp đính kèm",
    },
    "en": {
        "latest_result": "Latest result",
        "latest_result_kind": "Kind of result",
        "latest_result_subject": "Result subject",
        "result_count": "Results posted",
        "effective_deadline": "Effective deadline",
        "days_to_deadline": "Days left",
        "closures_before": "Closures pressed before",
        "reopenings_before": "Reopened by the Office",
        "attachment_status": "Attachment",
    },
}

_KEYS = ("tt", "unit", "symbol", "subject", "code", "severity", "message")
_CELL = "border:1px solid #c8c8c8;padding:3px 6px;vertical-align:top"
_HEAD = f"{_CELL};background:#eef1f4;text-align:left;font-weight:bold"
_NUM = f"{_CELL};text-align:right"


def _lang(lang: str | None) -> str:
    return "en" if lang == "en" else "vi"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def severity_label(severity: str, lang: str = "vi") -> str:
    """The severity's name in ``lang`` (the raw value for an unknown severity)."""
    return SEVERITY_LABELS[_lang(lang)].get(severity, str(severity))


def shorten(text: str | None, limit: int = SUBJECT_CHARS) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, ending in "…"."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + "…"


def _badge(kind: str, label: str, *, title: str = "", big: bool = False) -> str:
    colour, background = _COLOURS.get(kind, ("#333", "#eee"))
    size = "font-size:115%;padding:3px 12px" if big else "font-size:90%;padding:1px 6px"
    title_attr = f' title="{_esc(title)}"' if title else ""
    return (
        f'<span{title_attr} style="display:inline-block;{size};border-radius:4px;'
        f"color:{colour};background:{background};border:1px solid {colour};"
        f'font-weight:bold;white-space:nowrap">{_esc(label)}</span>'
    )


def _subject_cell(subject: str | None) -> str:
    whole = " ".join((subject or "").split())
    short = shorten(whole)
    if short == whole:
        return f'<td style="{_CELL}">{_esc(whole)}</td>'
    return f'<td style="{_CELL}" title="{_esc(whole)}">{_esc(short)}</td>'


def _finding_row(number: int, finding: Finding, lang: str) -> str:
    symbol_title = (
        f' title="{_esc(_TEXT[lang]["task_id"])}: {_esc(finding.task)}"' if finding.task else ""
    )
    return (
        "<tr>"
        f'<td style="{_NUM}">{number}</td>'
        f'<td style="{_CELL}">{_esc(finding.unit)}</td>'
        f'<td style="{_CELL};white-space:nowrap"{symbol_title}>{_esc(finding.symbol)}</td>'
        + _subject_cell(finding.subject)
        + f'<td style="{_CELL}">{_badge(finding.severity, finding.code, title=finding.title or finding.name)}</td>'
        f'<td style="{_CELL}">{_badge(finding.severity, severity_label(finding.severity, lang))}</td>'
        f'<td style="{_CELL}">{_esc(finding.msg)}</td>'
        "</tr>"
    )


def _caption(findings: Findings, lang: str) -> str:
    text = _TEXT[lang]
    parts = [text["caption"].format(n=len(findings), checked=findings.checked)]
    if findings.as_of is not None:
        parts.append(text["as_of"].format(day=fmt_date(findings.as_of)))
    line = _esc(", ".join(parts))
    if findings.errors:
        line += f'<br><span style="color:#b71c1c">{_esc(text["errors"].format(n=len(findings.errors)))}</span>'
    return f'<caption style="caption-side:top;text-align:left;padding:4px 0">{line}</caption>'


def findings_html(findings: Findings, *, lang: str | None = None, max_rows: int = MAX_ROWS) -> str:
    """A compact table of findings: unit, number, subject, code, severity, message."""
    lang = _lang(lang if lang is not None else getattr(findings, "lang", "vi"))
    labels = FINDING_LABELS[lang]
    text = _TEXT[lang]
    out = [
        (
            f'<table class="tdnv-findings" lang="{lang}" '
            'style="border-collapse:collapse;font-size:90%">'
        ),
        _caption(findings, lang),
        "<thead><tr>"
        + "".join(f'<th style="{_HEAD}">{_esc(labels[k])}</th>' for k in _KEYS)
        + "</tr></thead>",
        "<tbody>",
    ]
    shown = max(0, int(max_rows))
    for number, finding in enumerate(findings.items[:shown], start=1):
        out.append(_finding_row(number, finding, lang))
    if not findings.items:
        out.append(
            f'<tr><td colspan="7" style="{_CELL};font-style:italic">{_esc(text["none"])}</td></tr>'
        )
    rest = len(findings.items) - shown
    if rest > 0:
        out.append(
            f'<tr><td colspan="7" style="{_CELL};font-style:italic;color:#555">'
            f"{_esc(text['more'].format(n=rest))}</td></tr>"
        )
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def summary_html(summary: FindingsSummary, *, lang: str | None = None) -> str:
    """A unit × code table of counts, units with the most findings first, with totals."""
    lang = _lang(lang if lang is not None else getattr(summary, "lang", "vi"))
    text = _TEXT[lang]
    codes = list(summary.by_code)
    units = list(summary.by_unit)
    note = text["summary_note"].format(
        n=sum(summary.by_code.values()), units=len(units), checked=summary.checked
    )
    if summary.errors:
        note += "; " + text["errors"].format(n=summary.errors)
    out = [
        f'<table class="tdnv-summary" lang="{lang}" style="border-collapse:collapse;font-size:90%">',
        (
            '<caption style="caption-side:top;text-align:left;padding:4px 0">'
            f"<b>{_esc(text['summary'])}</b><br><small>{_esc(note)}</small></caption>"
        ),
        "<thead><tr>",
        f'<th style="{_HEAD}">{_esc(FINDING_LABELS[lang]["unit"])}</th>',
    ]
    for code in codes:
        severity = summary.severities.get(code, "")
        title = f"{summary.names.get(code, '')} — {severity_label(severity, lang)}"
        out.append(
            f'<th style="{_HEAD};text-align:center">{_badge(severity, code, title=title)}</th>'
        )
    out += [
        f'<th style="{_HEAD};text-align:right">{_esc(text["total"])}</th>',
        "</tr></thead>",
        "<tbody>",
    ]
    for unit in units:
        cells = []
        for code in codes:
            count = summary.by_unit_code.get((unit, code), 0)
            cells.append(f'<td style="{_NUM}">{count or ""}</td>')
        out.append(
            f'<tr><td style="{_CELL}">{_esc(unit)}</td>{"".join(cells)}'
            f'<td style="{_NUM};font-weight:bold">{summary.by_unit[unit]}</td></tr>'
        )
    totals = "".join(f'<td style="{_NUM}">{summary.by_code[code]}</td>' for code in codes)
    out += [
        (
            '<tr style="font-weight:bold;background:#f6f7f9">'
            f'<td style="{_CELL}">{_esc(text["total"])}</td>{totals}'
            f'<td style="{_NUM}">{sum(summary.by_code.values())}</td></tr>'
        ),
        "</tbody>",
        "</table>",
    ]
    return "\n".join(out)


def _moment(value: Any) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, escaped."""
    if isinstance(value, datetime):
        local = value if value.tzinfo is None else value.astimezone(VN_TZ)
        return _esc(f"{fmt_date(local_date(value))} {local:%H:%M}")
    return _esc(value)


def _fact_rows(facts: dict[str, Any], lang: str) -> Iterable[tuple[str, str]]:
    labels = _FACT_LABELS[lang]
    kinds = _KIND_LABELS[lang]
    if facts.get("result_count") is not None:
        yield labels["result_count"], str(facts["result_count"])
    symbol = facts.get("latest_result_symbol")
    if symbol or facts.get("latest_result_date"):
        joiner = " ngày " if lang == "vi" else " of "
        yield (
            labels["latest_result"],
            joiner.join(part for part in (symbol, facts.get("latest_result_date")) if part),
        )
    kind = facts.get("latest_result_kind")
    if kind:
        yield labels["latest_result_kind"], kinds.get(kind, kind)
    if facts.get("latest_result_subject"):
        yield labels["latest_result_subject"], str(facts["latest_result_subject"])
    if "has_deadline" in facts:
        if facts["has_deadline"]:
            yield labels["effective_deadline"], str(facts.get("effective_deadline", ""))
            days = facts.get("days_to_deadline")
            if isinstance(days, int):
                if days < 0:
                    shown = f"quá hạn {-days} ngày" if lang == "vi" else f"{-days} days overdue"
                else:
                    shown = str(days)
                yield labels["days_to_deadline"], shown
        else:
            yield labels["effective_deadline"], "không hạn" if lang == "vi" else "none"
    for key in ("closures_before", "reopenings_before"):
        if key in facts:
            yield labels[key], str(facts[key])
    status = facts.get("attachment_status")
    if status:
        shown = _ATTACHMENT_LABELS[lang].get(status, status)
        if facts.get("attachment_name"):
            shown += f" — {facts['attachment_name']}"
        yield labels["attachment_status"], shown


def decision_html(decision: Decision, *, lang: str = "vi") -> str:
    """The gate's answer: a badge (CHO PHÉP / CẢNH BÁO / CHẶN), the findings, the key facts."""
    lang = _lang(lang)
    text = _TEXT[lang]
    label = DECISION_LABELS[lang].get(decision.decision, str(decision.decision).upper())
    out = [
        f'<div class="tdnv-decision" lang="{lang}" style="font-size:95%;line-height:1.5">',
        (
            f"<div>{_badge(decision.decision, label, big=True)} "
            f'<span style="margin-left:8px">{_esc(text["task"])} <b>{_esc(decision.task)}</b>, '
            f"{_esc(text['at'])} <b>{_moment(decision.at)}</b></span></div>"
        ),
    ]
    if decision.findings:
        out.append(f'<div style="margin-top:6px"><b>{_esc(text["findings"])}</b></div>')
        out.append('<ul style="margin:2px 0 4px 0;padding-left:20px">')
        for finding in decision.findings:
            out.append(
                f"<li>{_badge(finding.severity, finding.code, title=finding.title or finding.name)} "
                f"{_badge(finding.severity, severity_label(finding.severity, lang))} "
                f"{_esc(finding.msg)}</li>"
            )
        out.append("</ul>")
    else:
        out.append(f'<div style="margin-top:6px;color:#1b5e20">{_esc(text["no_findings"])}</div>')
    rows = list(_fact_rows(dict(decision.facts or {}), lang))
    if rows:
        out.append(
            f'<table style="border-collapse:collapse;margin-top:4px;font-size:95%">'
            f'<caption style="caption-side:top;text-align:left"><b>{_esc(text["facts"])}</b></caption>'
        )
        for name, value in rows:
            out.append(
                f'<tr><th style="{_HEAD};white-space:nowrap">{_esc(name)}</th>'
                f'<td style="{_CELL}">{_esc(value)}</td></tr>'
            )
        out.append("</table>")
    out.append("</div>")
    return "\n".join(out)
