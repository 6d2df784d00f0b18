"""The audit API: collect every finding, count them, keep unreadable records."""

from __future__ import annotations

import json
from pathlib import Path

import tdnv_rules as tr
from tdnv_rules.finding_formats import render_findings

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed-cases"
NAMES = ("246-UBND-CN", "509-UBND-TD", "3126-UBND-NN", "4882-UBND-KTTC")


def _tasks() -> list[tr.Task]:
    return [tr.Task.model_validate(json.loads((SEED / f"{n}.json").read_text("utf-8"))["tasks"][0])
            for n in NAMES]


def test_audit_collects_all_findings():
    """Every finding of every task is collected, in task order."""
    found = tr.audit(_tasks(), as_of="2024-05-31")
    assert [("246-UBND-CN", "D002"), ("246-UBND-CN", "D004"), ("509-UBND-TD", "A002"),
            ("3126-UBND-NN", "A002")] == [(f.task, f.code) for f in found]


def test_audit_as_of_changes_the_picture():
    """As of 26/02/2024, 246/UBND-CN stands closed on its extension request (A005)."""
    found = tr.audit(_tasks()[:1], as_of="2024-02-26")
    assert ["A005", "D002", "D004"] == [f.code for f in found]


def test_summary_by_code_and_unit():
    """summary() counts by code and by registered unit name."""
    summary = tr.audit(_tasks(), as_of="2024-05-31").summary()
    assert ({"A002": 2, "D002": 1, "D004": 1},
            {"Sở Giao thông Vận tải": 2, "UBND huyện Hoằng Hóa": 1,
             "Sở Tài nguyên và Môi trường": 1}) == (summary.by_code, summary.by_unit)


def test_finding_is_structured_like_a_validation_error():
    """A finding has code, severity, loc into the task, msg, input and ctx."""
    finding = tr.audit(_tasks()[:1], as_of="2024-05-31").filter(code="D002")[0]
    assert (("results", 0, "unit"), "Phan Tố Nga", "Phan Tố Nga") == (
        finding.loc, finding.input, finding.ctx["person_result_unit"])


def test_filter_by_severity_and_unit():
    """filter() keeps findings at or above a severity, of one unit."""
    found = tr.audit(_tasks(), as_of="2024-05-31")
    assert ["A002"] == [f.code for f in found.filter(severity="warn", unit="UBND huyện Hoằng Hóa")]


def test_audit_of_a_path_keeps_unreadable_records(tmp_path):
    """A path is loaded lazily: a broken record is an error, the others are still checked."""
    export = tmp_path / "e.jsonl"
    lines = [json.dumps(t.model_dump(mode="json"), ensure_ascii=False) for t in _tasks()]
    export.write_text("\n".join(lines[:2] + ["{not json"] + lines[2:]) + "\n", encoding="utf-8")
    found = tr.audit(export, as_of="2024-05-31")
    assert (4, 1, 3) == (found.checked, len(found.errors), found.errors[0].line)


def test_select_and_params():
    """select narrows the rules; params override a rule's thresholds."""
    found = tr.audit(_tasks(), as_of="2024-02-20", select=["A001"], params={"A001": {"days": 30}})
    assert {"A001"} == {f.code for f in found}


def test_english_messages():
    """lang='en' renders the English templates."""
    found = tr.audit(_tasks()[1:2], as_of="2024-05-31", lang="en")
    assert found[0].msg.startswith("Task 509/UBND-TD is 64 days past its deadline (28/03/2024)")


def test_to_pandas_has_one_row_per_finding():
    """to_pandas() gives one row per finding with the task's symbol and the message."""
    frame = tr.audit(_tasks(), as_of="2024-05-31").to_pandas()
    assert (4, "246/UBND-CN") == (len(frame), frame.iloc[0]["symbol"])


def test_render_json_shape():
    """The json format has as_of, findings and errors."""
    body = json.loads(render_findings(tr.audit(_tasks(), as_of="2024-05-31"), "json"))
    assert ("2024-05-31", 4, []) == (body["as_of"], len(body["findings"]), body["errors"])
