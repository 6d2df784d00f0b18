"""The notebook views: findings, their summary and gate decisions as HTML."""

from __future__ import annotations

from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tdnv_rules as tr
from tdnv_rules.dates import VN_TZ
from tdnv_rules.findings import Decision, Finding, Findings
from tdnv_rules.notebook_html import (
    MAX_ROWS,
    SUBJECT_CHARS,
    decision_html,
    findings_html,
    shorten,
    summary_html,
)

ROOT = Path(__file__).resolve().parent.parent
SEED_CASE = ROOT / "fixtures" / "seed-cases" / "246-UBND-CN.json"


class _Cells(HTMLParser):
    """Rows of (text, attributes) per cell of every table row, plus captions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str, dict[str, str]]]] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None
        self._attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._attrs = [], {k: v or "" for k, v in attrs}

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(("".join(self._cell), self._attrs))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def cells(markup: str) -> list[list[str]]:
    """The text of every cell, row by row."""
    parser = _Cells()
    parser.feed(markup)
    return [[text for text, _ in row] for row in parser.rows]


def parsed(markup: str) -> _Cells:
    parser = _Cells()
    parser.feed(markup)
    return parser


def finding(n: int = 0, **changes) -> Finding:
    values = dict(
        code="A002",
        severity="warn",
        name="overdue",
        loc=("deadline",),
        msg=f"Nhiệm vụ {n}/UBND-CN đã quá hạn xử lý 5 ngày (hạn 26/05/2024).",
        task=f"T{n:05d}",
        unit="Sở Xây dựng",
        symbol=f"{n}/UBND-CN",
        subject="V/v kiểm tra công trình",
    )
    values.update(changes)
    return Finding(**values)


def test_findings_table_has_vietnamese_headers_by_default():
    """The header row reads TT, Đơn vị, Số ký hiệu, Trích yếu, Mã, Mức độ, Nội dung."""
    rows = cells(findings_html(Findings([finding()])))
    assert ["TT", "Đơn vị", "Số ký hiệu", "Trích yếu", "Mã", "Mức độ", "Nội dung"] == rows[0]


def test_findings_table_in_english():
    """With lang="en" the headers and severity names are English."""
    rows = cells(findings_html(Findings([finding()], lang="en")))
    assert ["No.", "Unit", "Number", "Subject", "Code", "Severity", "Message"] == rows[0]
    assert "Warning" == rows[1][5]


def test_findings_row_holds_the_finding():
    """A row shows unit, number, subject, code, severity label and message."""
    item = finding(7)
    rows = cells(findings_html(Findings([item])))
    assert ["1", item.unit, item.symbol, item.subject, "A002", "Cảnh báo", item.msg] == rows[1]


@pytest.mark.parametrize(
    ("severity", "label", "colour"),
    [
        ("block", "Chặn", "#b71c1c"),
        ("warn", "Cảnh báo", "#8a5300"),
        ("info", "Thông tin", "#37474f"),
    ],
)
def test_severity_badges_are_coloured(severity, label, colour):
    """Block is red, warn amber, info grey-blue, each with its Vietnamese name."""
    markup = findings_html(Findings([finding(severity=severity)]))
    row = markup.split("<tbody>")[1]
    assert label in row
    assert f"color:{colour}" in row


def test_long_subject_is_shortened_with_whole_text_on_hover():
    """A long subject is cut with "…" and its whole text is the cell's title."""
    subject = "V/v " + " ".join(f"từ{i}" for i in range(60))
    parser = parsed(findings_html(Findings([finding(subject=subject)])))
    text, attrs = parser.rows[1][3]
    assert subject == attrs["title"]
    assert text.endswith("…")
    assert len(text) <= SUBJECT_CHARS


def test_at_most_max_rows_are_shown_with_a_note():
    """Past MAX_ROWS findings the table stops and says how many rows were left out."""
    items = [finding(n) for n in range(MAX_ROWS + 5)]
    rows = cells(findings_html(Findings(items)))
    assert MAX_ROWS + 2 == len(rows)  # header, MAX_ROWS findings, the note
    assert "và 5 dòng nữa" in rows[-1][0]


def test_no_findings_says_so():
    """An empty collection shows a one-line message instead of an empty table."""
    rows = cells(findings_html(Findings([], checked=3)))
    assert ["Không có phát hiện nào."] == rows[1]


def test_caption_names_the_day_and_load_errors():
    """The caption gives the count, the as-of day dd/mm/yyyy and the unreadable records."""
    markup = findings_html(Findings([finding()], as_of=date(2024, 5, 31), checked=10, errors=["x"]))
    assert "1 phát hiện trên 10 nhiệm vụ đã kiểm tra, tính đến hết ngày 31/05/2024" in markup
    assert "1 bản ghi không đọc được" in markup


def test_everything_is_escaped():
    """Markup in the data is shown as text, never interpreted."""
    item = finding(
        unit="<script>alert(1)</script>",
        symbol='1/"UBND"',
        subject="a & b <i>",
        msg="<b>x</b>",
        task='T"><img src=x>',
    )
    markup = findings_html(Findings([item]))
    assert "<script>" not in markup
    assert "<img" not in markup
    assert "<b>x</b>" not in markup
    assert ["1", item.unit, item.symbol, item.subject, "A002", "Cảnh báo", item.msg] == cells(
        markup
    )[1]


_texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40)


@given(unit=_texts, msg=_texts, symbol=_texts)
@settings(max_examples=80, deadline=None)
def test_any_text_round_trips_through_the_table(unit, msg, symbol):
    """Whatever the data says, the parsed cell text is exactly that text."""
    rows = cells(findings_html(Findings([finding(unit=unit, msg=msg, symbol=symbol)])))
    assert (unit, symbol, msg) == (rows[1][1], rows[1][2], rows[1][6])


@given(st.text(max_size=300), st.integers(min_value=10, max_value=120))
@settings(max_examples=150, deadline=None)
def test_shorten_keeps_within_the_limit(text, limit):
    """shorten() never exceeds the limit, and an uncut text comes back whitespace-normalised."""
    short = shorten(text, limit)
    whole = " ".join(text.split())
    assert len(short) <= limit
    if len(whole) <= limit:
        assert whole == short
    else:
        assert short.endswith("…")


def test_summary_counts_by_unit_and_code():
    """The summary table has one row per unit (most findings first), one column per code."""
    items = [
        finding(1),
        finding(2),
        finding(3, code="A003", name="stale-no-deadline"),
        finding(4, unit="Sở Y tế"),
    ]
    rows = cells(summary_html(Findings(items, checked=9).summary()))
    assert ["Đơn vị", "A002", "A003", "Cộng"] == rows[0]
    assert ["Sở Xây dựng", "2", "1", "3"] == rows[1]
    assert ["Sở Y tế", "1", "", "1"] == rows[2]
    assert ["Cộng", "3", "1", "4"] == rows[3]


def test_summary_follows_the_findings_language():
    """A summary of English findings has English labels."""
    rows = cells(Findings([finding()], lang="en").summary()._repr_html_())
    assert ["Unit", "A002", "Total"] == rows[0]


def _decision(kind: str, findings: tuple[Finding, ...] = ()) -> Decision:
    return Decision(
        task="T1",
        at=datetime(2024, 2, 26, 8, 30, tzinfo=VN_TZ),
        decision=kind,
        findings=findings,
        facts={"result_count": 0, "has_deadline": False},
    )


@pytest.mark.parametrize(
    ("kind", "vi", "en"),
    [("allow", "CHO PHÉP", "ALLOW"), ("warn", "CẢNH BÁO", "WARNING"), ("block", "CHẶN", "BLOCK")],
)
def test_decision_badge(kind, vi, en):
    """The badge reads CHO PHÉP / CẢNH BÁO / CHẶN (English with lang="en")."""
    assert f">{vi}</span>" in decision_html(_decision(kind))
    assert f">{en}</span>" in decision_html(_decision(kind), lang="en")


def test_decision_on_the_seed_case_shows_finding_and_facts():
    """246/UBND-CN closed on 26/02/2024 is blocked by G001, with its latest result shown."""
    task = tr.load(SEED_CASE).tasks[0]
    markup = tr.check_closure(task, at="2024-02-26 08:30")._repr_html_()
    assert ">CHẶN</span>" in markup
    assert "26/02/2024 08:30" in markup
    assert ">G001</span>" in markup
    rows = {row[0]: row[1] for row in cells(markup) if len(row) == 2}
    assert "849/SGTVT-KHTC ngày 25/02/2024" == rows["Kết quả mới nhất"]
    assert "xin gia hạn" == rows["Loại kết quả"]
    assert "15/03/2024" == rows["Hạn xử lý hiện hành"]


def test_allowed_decision_says_there_is_nothing_against_it():
    """An allowed closure without findings says the unit may close."""
    assert "đơn vị được phép kết thúc nhiệm vụ" in decision_html(_decision("allow"))


def test_dataframe_views_match_the_counts():
    """to_pandas() of findings and of their summary agree with the findings."""
    items = [
        finding(1),
        finding(2, code="A003", name="stale-no-deadline"),
        finding(3, unit="Sở Y tế"),
    ]
    found = Findings(items)
    frame = found.to_pandas()
    assert [f.task for f in items] == list(frame["task"])
    table = found.summary().to_pandas()
    assert 2 == table.loc["Sở Xây dựng", "total"]
    assert 1 == table.loc["Sở Y tế", "A002"]
