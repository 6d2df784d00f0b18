"""Charts of the reports and findings, as matplotlib Figures (needs ``tdnv-rules[plot]``).

- ``on_time_chart(monthly)`` — column 15 of the monthly table per unit, sorted, lowest rate
  at the top, with the 100 % line and the province-wide rate;
- ``open_chart(monthly)`` — open tasks per unit, stacked: within deadline, overdue, without
  deadline (columns 11, 12, 13);
- ``backlog_chart(backlog)`` — open tasks without a deadline per unit, stacked by year of
  assignment;
- ``findings_by_month_chart(findings, tasks)`` — findings per code per month, the month being
  that of the **task's signing date** (Ngày ký): a finding says something about a task, and the
  signing month is the one date every task has, so the chart lines up with the monthly table;
- ``findings_by_code_chart(findings)`` — findings per code, coloured by severity.

Figures are built from ``matplotlib.figure.Figure`` (never pyplot), so no window opens, no
display or backend is needed and nothing accumulates in pyplot's figure list;
``fig.savefig("x.png")`` works anywhere and a notebook shows the figure a cell returns (as a
PNG, through ``_repr_png_``). Labels are Vietnamese unless ``lang="en"``; DejaVu Sans draws
Vietnamese.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from .findings import Findings
    from .report.backlog import BacklogReport
    from .report.monthly import MonthlyReport

__all__ = [
    "PlotError",
    "on_time_chart",
    "open_chart",
    "backlog_chart",
    "findings_by_month_chart",
    "findings_by_code_chart",
    "signing_months",
]

FONT = "DejaVu Sans"
UNIT_CHARS = 42  # unit names longer than this are cut on the axis
NOTEBOOK_DPI = 72  # resolution of the PNG a notebook shows (savefig's dpi is yours to choose)
_SEVERITY_COLOURS = {"block": "#c62828", "warn": "#f0a500", "info": "#78909c"}
_OPEN_COLOURS = ("#4c9f70", "#d64541", "#a7b1ba")  # within deadline, overdue, no deadline

_TEXT = {
    "vi": {
        "on_time_title": "Tỷ lệ thực hiện đúng hạn theo đơn vị",
        "on_time_x": "Đã thực hiện đúng hạn (%) — cột 15",
        "province": "Toàn tỉnh: {value}%",
        "skipped": "{n} đơn vị không có nhiệm vụ có hạn nên không có tỷ lệ",
        "open_title": "Nhiệm vụ đang thực hiện theo đơn vị",
        "open_x": "Số nhiệm vụ",
        "open_parts": ("Trong hạn", "Quá hạn", "Không hạn"),
        "backlog_title": "Nhiệm vụ không hạn chưa xử lý theo năm giao",
        "backlog_x": "Số nhiệm vụ",
        "year": "Năm {year}",
        "months_title": "Phát hiện theo tháng ký văn bản giao nhiệm vụ",
        "months_x": "Tháng ký (Ngày ký duyệt của nhiệm vụ)",
        "months_y": "Số phát hiện",
        "codes_title": "Số phát hiện theo mã lỗi",
        "codes_x": "Số phát hiện",
        "period": "nhiệm vụ ký từ {start} đến {end}, tính đến hết ngày {as_of}",
        "as_of": "tính đến hết ngày {as_of}",
        "missing": "{n} phát hiện không tìm thấy nhiệm vụ nên không được tính",
        "empty": "Không có số liệu",
    },
    "en": {
        "on_time_title": "On-time rate by unit",
        "on_time_x": "Done on time (%) — column 15",
        "province": "Province: {value}%",
        "skipped": "{n} units have no task with a deadline, hence no rate",
        "open_title": "Tasks in progress by unit",
        "open_x": "Tasks",
        "open_parts": ("Within deadline", "Overdue", "Without deadline"),
        "backlog_title": "Open tasks without a deadline by year of assignment",
        "backlog_x": "Tasks",
        "year": "{year}",
        "months_title": "Findings by month the task was signed",
        "months_x": "Month signed (the task's signing date)",
        "months_y": "Findings",
        "codes_title": "Findings by code",
        "codes_x": "Findings",
        "period": "tasks signed {start}–{end}, as of the end of {as_of}",
        "as_of": "as of the end of {as_of}",
        "missing": "{n} findings whose task was not given are not counted",
        "empty": "No data",
    },
}


class PlotError(ValueError):
    """Input a chart cannot be drawn from; the message says what is missing."""


_CHART_CLASS: list[type] = []


def _matplotlib() -> type:
    """The Figure class charts are made of (imported on first use), or how to install it."""
    if _CHART_CLASS:
        return _CHART_CLASS[0]
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ImportError("charts need matplotlib: pip install 'tdnv-rules[plot]'") from None

    class Chart(Figure):
        """A Figure that shows itself as a PNG in notebooks without pyplot."""

        def _repr_png_(self) -> bytes:
            import io

            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=NOTEBOOK_DPI)
            return buffer.getvalue()

    _CHART_CLASS.append(Chart)
    return Chart


def _text(lang: str | None) -> dict[str, Any]:
    return _TEXT["en" if lang == "en" else "vi"]


def _unit_label(name: str) -> str:
    name = " ".join(str(name).split())
    return name if len(name) <= UNIT_CHARS else name[: UNIT_CHARS - 1].rstrip() + "…"


def _figure(rows: int, *, width: float = 10.0) -> Figure:
    figure_class = _matplotlib()
    height = min(max(3.0, 1.6 + 0.27 * rows), 24.0)
    figure = figure_class(figsize=(width, height), dpi=100, layout="constrained")
    return figure


def _titles(figure: Figure, axes: Any, title: str, subtitle: str) -> None:
    lines = subtitle.count("\n") + 1 if subtitle else 0
    axes.set_title(
        title, fontsize=13, fontweight="bold", loc="left", fontfamily=FONT, pad=8 + 12 * lines
    )
    if subtitle:
        axes.annotate(
            subtitle,
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 5),
            textcoords="offset points",
            fontsize=9,
            color="#555555",
            va="bottom",
            ha="left",
            fontfamily=FONT,
        )


def _empty(figure: Figure, axes: Any, lang: str) -> Figure:
    axes.text(
        0.5,
        0.5,
        _text(lang)["empty"],
        ha="center",
        va="center",
        fontsize=12,
        transform=axes.transAxes,
        fontfamily=FONT,
    )
    axes.set_axis_off()
    return figure


def _style(axes: Any, *, integer_x: bool = True) -> None:
    from matplotlib.ticker import MaxNLocator

    if integer_x:
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=9)
    for label in axes.get_yticklabels() + axes.get_xticklabels():
        label.set_fontfamily(FONT)


def _period(report: Any, lang: str) -> str:
    from .dates import fmt_date

    text = _text(lang)
    if hasattr(report, "start") and hasattr(report, "end"):
        return text["period"].format(
            start=fmt_date(report.start), end=fmt_date(report.end), as_of=fmt_date(report.as_of)
        )
    return text["as_of"].format(as_of=fmt_date(report.as_of))


def _check_report(report: Any, needs: tuple[str, ...], what: str) -> None:
    rows = getattr(report, "unit_rows", None)
    if rows is None:
        raise PlotError(f"{what} needs a report with unit rows; got {type(report).__name__}")
    first = next(iter(rows), None)
    missing = [name for name in needs if first is not None and not hasattr(first, name)]
    if missing:
        raise PlotError(f"{what}: the report's rows have no {', '.join(missing)}")


def on_time_chart(report: MonthlyReport, *, lang: str | None = None) -> Figure:
    """Column 15 per unit as horizontal bars, lowest rate on top, with the 100 % line."""
    _check_report(report, ("pct_on_time",), "on_time_chart")
    lang = lang or getattr(report, "lang", "vi")
    text = _text(lang)
    rated = [
        (row.unit, float(row.pct_on_time))
        for row in report.unit_rows
        if row.pct_on_time is not None
    ]
    skipped = len(report.unit_rows) - len(rated)
    rated.sort(key=lambda pair: (-pair[1], pair[0]))  # drawn bottom-up: best at the bottom
    figure = _figure(len(rated))
    axes = figure.add_subplot()
    subtitle = _period(report, lang)
    if skipped:
        subtitle += "\n" + text["skipped"].format(n=skipped)
    _titles(figure, axes, text["on_time_title"], subtitle)
    if not rated:
        return _empty(figure, axes, lang)
    values = [value for _, value in rated]
    colours = ["#d64541" if v < 80 else "#f0a500" if v < 95 else "#4c9f70" for v in values]
    positions = range(len(rated))
    axes.barh(positions, values, color=colours, height=0.7)
    axes.set_yticks(list(positions), [_unit_label(unit) for unit, _ in rated])
    for position, value in zip(positions, values):
        axes.text(value + 0.8, position, f"{value:g}", va="center", fontsize=8, fontfamily=FONT)
    axes.axvline(100, color="#333333", linewidth=1, linestyle="-")
    total = getattr(getattr(report, "total", None), "pct_on_time", None)
    if total is not None:
        axes.axvline(
            float(total),
            color="#1f5f99",
            linewidth=1,
            linestyle="--",
            label=text["province"].format(value=f"{float(total):g}"),
        )
        figure.legend(loc="outside lower left", prop={"family": FONT, "size": 9})
    axes.set_xlim(0, 110)
    axes.set_ylim(-0.6, len(rated) - 0.4)
    axes.set_xlabel(text["on_time_x"], fontfamily=FONT)
    _style(axes, integer_x=False)
    return figure


def open_chart(report: MonthlyReport, *, lang: str | None = None) -> Figure:
    """Open tasks per unit, stacked: within deadline, overdue, without deadline (c11–c13)."""
    _check_report(report, ("open_in_deadline", "open_overdue", "open_no_deadline"), "open_chart")
    lang = lang or getattr(report, "lang", "vi")
    text = _text(lang)
    rows = [
        row
        for row in report.unit_rows
        if row.open_in_deadline + row.open_overdue + row.open_no_deadline > 0
    ]
    rows.sort(
        key=lambda row: (
            row.open_in_deadline + row.open_overdue + row.open_no_deadline,
            row.open_overdue,
        )
    )
    figure = _figure(len(rows))
    axes = figure.add_subplot()
    _titles(figure, axes, text["open_title"], _period(report, lang))
    if not rows:
        return _empty(figure, axes, lang)
    positions = list(range(len(rows)))
    left = [0] * len(rows)
    parts = (
        [row.open_in_deadline for row in rows],
        [row.open_overdue for row in rows],
        [row.open_no_deadline for row in rows],
    )
    for values, label, colour in zip(parts, text["open_parts"], _OPEN_COLOURS):
        axes.barh(positions, values, left=left, color=colour, label=label, height=0.7)
        left = [a + b for a, b in zip(left, values)]
    for position, total in zip(positions, left):
        axes.text(
            total + max(left) * 0.01, position, str(total), va="center", fontsize=8, fontfamily=FONT
        )
    axes.set_yticks(positions, [_unit_label(row.unit) for row in rows])
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_xlim(0, max(left) * 1.08 + 1)
    axes.set_xlabel(text["open_x"], fontfamily=FONT)
    figure.legend(loc="outside lower center", ncols=3, prop={"family": FONT, "size": 9})
    _style(axes)
    return figure


def backlog_chart(report: BacklogReport, *, lang: str | None = None) -> Figure:
    """Open tasks without a deadline per unit, stacked by the year they were assigned."""
    _check_report(report, ("total", "by_year"), "backlog_chart")
    lang = lang or getattr(report, "lang", "vi")
    text = _text(lang)
    rows = sorted(
        (row for row in report.unit_rows if row.total > 0), key=lambda row: (row.total, row.unit)
    )
    years = sorted({year for row in rows for year, count in row.by_year if count})
    figure = _figure(len(rows))
    axes = figure.add_subplot()
    _titles(figure, axes, text["backlog_title"], _period(report, lang))
    if not rows:
        return _empty(figure, axes, lang)
    from matplotlib import colormaps

    palette = colormaps["viridis"]
    positions = list(range(len(rows)))
    left = [0] * len(rows)
    for index, year in enumerate(years):
        values = [dict(row.by_year).get(year, 0) for row in rows]
        colour = palette(0.15 + 0.75 * index / max(1, len(years) - 1))
        axes.barh(
            positions,
            values,
            left=left,
            color=colour,
            height=0.7,
            label=text["year"].format(year=year),
        )
        left = [a + b for a, b in zip(left, values)]
    for position, total in zip(positions, left):
        axes.text(
            total + max(left) * 0.01, position, str(total), va="center", fontsize=8, fontfamily=FONT
        )
    axes.set_yticks(positions, [_unit_label(row.unit) for row in rows])
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.set_xlim(0, max(left) * 1.08 + 1)
    axes.set_xlabel(text["backlog_x"], fontfamily=FONT)
    figure.legend(
        loc="outside lower center", ncols=min(len(years), 8), prop={"family": FONT, "size": 9}
    )
    _style(axes)
    return figure


def signing_months(tasks: Any) -> dict[str, date]:
    """``task id → first day of the month it was signed`` for an export or tasks.

    ``tasks`` is an ``Export``/``LoadResult`` (anything with ``.tasks``), an iterable of tasks,
    or a mapping of task id to a date.
    """
    if isinstance(tasks, dict):
        items = tasks.items()
    else:
        inner = getattr(tasks, "tasks", tasks)
        if isinstance(inner, (str, bytes)) or not hasattr(inner, "__iter__"):
            raise PlotError(
                "findings charts need the tasks (the loaded export) to know each task's "
                f"signing date; got {type(tasks).__name__}"
            )
        items = []
        for position, task in enumerate(inner):
            if not hasattr(task, "id") or not hasattr(task, "signed_on"):
                raise PlotError(f"tasks[{position}] is not a task (got {type(task).__name__})")
            items.append((task.id, task.signed_on))
    months = {}
    for task_id, signed in items:
        if isinstance(signed, date):
            months[str(task_id)] = date(signed.year, signed.month, 1)
    return months


def findings_by_month_chart(findings: Findings, tasks: Any, *, lang: str | None = None) -> Figure:
    """Findings per code per month of the task's signing date, as stacked areas."""
    lang = lang or getattr(findings, "lang", "vi")
    text = _text(lang)
    months = signing_months(tasks)
    counts: Counter[tuple[date, str]] = Counter()
    missing = 0
    for finding in findings:
        month = months.get(str(finding.task))
        if month is None:
            missing += 1
            continue
        counts[(month, finding.code)] += 1
    figure = _figure(14, width=11.0)
    axes = figure.add_subplot()
    subtitle = ""
    if getattr(findings, "as_of", None) is not None:
        from .dates import fmt_date

        subtitle = text["as_of"].format(as_of=fmt_date(findings.as_of))
    if missing:
        subtitle += ("\n" if subtitle else "") + text["missing"].format(n=missing)
    _titles(figure, axes, text["months_title"], subtitle)
    if not counts:
        return _empty(figure, axes, lang)
    first = min(month for month, _ in counts)
    last = max(month for month, _ in counts)
    axis = []
    month = first
    while month <= last:
        axis.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    codes = sorted({code for _, code in counts})
    from matplotlib import colormaps

    palette = colormaps["tab10"]
    series = [[counts.get((month, code), 0) for month in axis] for code in codes]
    names = {f.code: f.title or f.name for f in findings}
    labels = [f"{code} {names.get(code, '')}".strip() for code in codes]
    axes.stackplot(
        axis, series, labels=labels, colors=[palette(i % 10) for i in range(len(codes))], alpha=0.85
    )
    axes.set_xlim(axis[0], axis[-1])
    axes.set_xlabel(text["months_x"], fontfamily=FONT)
    axes.set_ylabel(text["months_y"], fontfamily=FONT)
    axes.legend(loc="upper left", fontsize=8, ncols=2, prop={"family": FONT, "size": 8})
    import matplotlib.dates as mdates

    axes.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 7)))
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%m/%Y"))
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    _style(axes, integer_x=False)
    return figure


def findings_by_code_chart(findings: Findings, *, lang: str | None = None) -> Figure:
    """Findings per code as horizontal bars coloured by severity."""
    lang = lang or getattr(findings, "lang", "vi")
    text = _text(lang)
    counts = Counter(f.code for f in findings)
    severities = {f.code: f.severity for f in findings}
    names = {f.code: f.title or f.name for f in findings}
    codes = sorted(counts, key=lambda code: (counts[code], code))
    figure = _figure(max(len(codes), 4), width=9.0)
    axes = figure.add_subplot()
    subtitle = ""
    if getattr(findings, "as_of", None) is not None:
        from .dates import fmt_date

        subtitle = text["as_of"].format(as_of=fmt_date(findings.as_of))
    _titles(figure, axes, text["codes_title"], subtitle)
    if not codes:
        return _empty(figure, axes, lang)
    positions = list(range(len(codes)))
    values = [counts[code] for code in codes]
    axes.barh(
        positions,
        values,
        height=0.7,
        color=[_SEVERITY_COLOURS.get(severities[code], "#999999") for code in codes],
    )
    axes.set_yticks(positions, [f"{code} {names[code]}" for code in codes])
    for position, value in zip(positions, values):
        axes.text(
            value + max(values) * 0.01,
            position,
            str(value),
            va="center",
            fontsize=8,
            fontfamily=FONT,
        )
    axes.set_xlim(0, max(values) * 1.1 + 1)
    axes.set_xlabel(text["codes_x"], fontfamily=FONT)
    _style(axes)
    return figure
