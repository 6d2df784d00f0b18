"""Charts of the monthly table, the backlog and the findings, rendered to PNG."""

from __future__ import annotations

import io
from datetime import date
from itertools import islice
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

import tdnv_rules as tr  # noqa: E402
from tdnv_rules.findings import Finding, Findings  # noqa: E402
from tdnv_rules.plots import PlotError, signing_months  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "fixtures" / "sample" / "export.jsonl"
PNG = b"\x89PNG\r\n\x1a\n"
AS_OF = "2024-05-31"


@pytest.fixture(scope="module")
def tasks():
    return list(islice((r for r in tr.iter_records(SAMPLE) if isinstance(r, tr.Task)), 800))


@pytest.fixture(scope="module")
def monthly(tasks):
    return tr.report.monthly(tasks, start="2019-01-01", end=AS_OF, as_of=AS_OF)


@pytest.fixture(scope="module")
def backlog(tasks):
    return tr.report.backlog(tasks, as_of=AS_OF)


@pytest.fixture(scope="module")
def findings(tasks):
    return tr.audit(tasks, as_of=AS_OF)


def png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    return buffer.getvalue()


def bars(figure):
    """The (y, left, width) of every bar of the figure's axes."""
    axes = figure.axes[0]
    return [(round(p.get_y() + p.get_height() / 2), p.get_x(), p.get_width()) for p in axes.patches]


def test_every_chart_renders_to_png(monthly, backlog, findings, tasks):
    """Each chart saves as a real, non-trivial PNG."""
    figures = [
        monthly.plot(kind="on_time"),
        monthly.plot(kind="open"),
        backlog.plot(),
        findings.plot(tasks),
        findings.plot(kind="codes"),
    ]
    for figure in figures:
        data = png(figure)
        assert PNG == data[:8]
        assert len(data) > 10_000


def test_notebooks_get_a_png_view(monthly):
    """The figure a cell returns shows itself as a PNG."""
    assert PNG == monthly.plot()._repr_png_()[:8]


def test_on_time_chart_is_sorted_with_a_100_line(monthly):
    """One bar per unit with a rate, lowest at the top, and a line at 100 %."""
    figure = monthly.plot(kind="on_time")
    widths = [width for _, _, width in sorted(bars(figure))]  # bottom to top
    rated = sorted(float(r.pct_on_time) for r in monthly.unit_rows if r.pct_on_time is not None)
    assert sorted(rated, reverse=True) == widths
    lines = [tuple(line.get_xdata()) for line in figure.axes[0].lines]
    assert (100, 100) in lines
    assert (float(monthly.total.pct_on_time),) * 2 in lines


def test_on_time_chart_has_vietnamese_title_and_axis(monthly):
    """Titles and axis labels are Vietnamese by default."""
    axes = monthly.plot(kind="on_time").axes[0]
    assert "Tỷ lệ thực hiện đúng hạn theo đơn vị" == axes.get_title(loc="left")
    assert "Đã thực hiện đúng hạn (%) — cột 15" == axes.get_xlabel()


def test_english_report_gives_english_chart(tasks):
    """A report built with lang="en" is charted in English."""
    report = tr.report.monthly(tasks, start="2024-01-01", end=AS_OF, as_of=AS_OF, lang="en")
    assert "Tasks in progress by unit" == report.plot(kind="open").axes[0].get_title(loc="left")


def test_open_chart_stacks_columns_11_to_13(monthly):
    """Per unit the three segments are within deadline, overdue and without deadline."""
    figure = monthly.plot(kind="open")
    labels = [label.get_text() for label in figure.axes[0].get_yticklabels()]
    per_row: dict[int, list[float]] = {}
    for y, _, width in bars(figure):
        per_row.setdefault(y, []).append(width)
    shown = {labels[y]: segments for y, segments in per_row.items()}
    expected = {
        row.unit: [row.open_in_deadline, row.open_overdue, row.open_no_deadline]
        for row in monthly.unit_rows
        if row.open_total
    }
    assert expected == shown


def test_backlog_chart_adds_up_to_the_report(backlog):
    """The stacked bars add up to the backlog's total, year by year."""
    figure = backlog.plot()
    assert backlog.total.total == sum(width for _, _, width in bars(figure))
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert [f"Năm {year}" for year, count in backlog.total.by_year if count] == legend


def test_findings_by_month_counts_by_signing_month(findings, tasks):
    """The stacked areas' top edge is the number of findings per month signed."""
    figure = findings.plot(tasks)
    months = signing_months(tasks)
    per_month: dict[date, int] = {}
    for item in findings:
        per_month[months[item.task]] = per_month.get(months[item.task], 0) + 1
    top = figure.axes[0].collections[-1].get_paths()[0].vertices[:, 1].max()
    assert max(per_month.values()) == pytest.approx(top)


def test_findings_whose_task_is_missing_are_noted(findings, tasks):
    """Findings of tasks not given are left out and the subtitle says how many."""
    figure = findings.plot(tasks[:100])
    missing = sum(1 for f in findings if f.task not in {t.id for t in tasks[:100]})
    notes = [text.get_text() for text in figure.axes[0].texts]
    assert any(f"{missing} phát hiện không tìm thấy nhiệm vụ" in note for note in notes)


def test_signing_months_are_first_days(tasks):
    """signing_months maps each task id to the first day of its signing month."""
    months = signing_months(tasks[:5])
    assert {t.id: date(t.signed_on.year, t.signed_on.month, 1) for t in tasks[:5]} == months


def test_empty_inputs_still_draw(tasks):
    """No findings, or a report with nothing to show, gives a figure that says so."""
    figure = Findings([]).plot(kind="codes")
    assert ["Không có số liệu"] == [text.get_text() for text in figure.axes[0].texts]
    report = tr.report.backlog(tasks[:0], as_of=AS_OF)
    assert PNG == png(report.plot())[:8]


def test_bad_arguments_are_clear_errors(monthly, findings):
    """Unknown kinds, missing tasks and non-task inputs raise PlotError naming the problem."""
    with pytest.raises(PlotError, match="on_time"):
        monthly.plot(kind="pie")
    with pytest.raises(PlotError, match="needs the tasks"):
        findings.plot(kind="months")
    with pytest.raises(PlotError, match="signing date"):
        findings.plot(42)
    with pytest.raises(PlotError, match=r"tasks\[0\]"):
        findings.plot(["not a task"])
    one = Finding(code="A002", severity="warn", name="overdue", loc=(), msg="m", task="T1")
    with pytest.raises(PlotError, match="kind must be"):
        Findings([one]).plot(kind="pie")
