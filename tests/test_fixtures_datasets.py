"""The labelled development sets and the synthetic export generator."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from tdnv_rules.text import normalize

ROOT = Path(__file__).resolve().parents[1]
CLASSIFY = ROOT / "fixtures" / "classify" / "subjects.jsonl"
MATCHING = ROOT / "fixtures" / "matching" / "pairs.jsonl"
SAMPLE = ROOT / "fixtures" / "sample" / "export.jsonl"
CLASSIFY_LABELS = {"extension_request", "opinion_request", "progress_report", "final_report", "other"}
DOC_TYPES = {"Công văn", "Báo cáo", "Tờ trình", "Giấy mời", "Kế hoạch", "Quyết định", None}


def load_module(path: Path, name: str):
    """Import a script that is not part of the package."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


make_sample = load_module(ROOT / "scripts" / "make_sample.py", "make_sample")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# ---- classification set ------------------------------------------------------------------

def test_classify_rows_parse_with_valid_fields():
    """Every subject row has the documented fields with allowed values."""
    rows = read_jsonl(CLASSIFY)
    bad = [r["id"] for r in rows
           if set(r) != {"id", "doc_type", "symbol", "subject", "label", "family", "note"}
           or r["label"] not in CLASSIFY_LABELS or r["doc_type"] not in DOC_TYPES
           or not r["subject"].strip() or not r["family"]]
    assert [] == bad


def test_classify_ids_unique_and_count_reaches_minimum():
    """At least 360 rows, ids unique."""
    ids = [r["id"] for r in read_jsonl(CLASSIFY)]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 360


def test_classify_each_label_has_many_rows_and_families():
    """Each label has at least 40 rows and 5 phrasing families."""
    rows = read_jsonl(CLASSIFY)
    families = defaultdict(set)
    for r in rows:
        families[r["label"]].add(r["family"])
    counts = Counter(r["label"] for r in rows)
    assert CLASSIFY_LABELS == {label for label in CLASSIFY_LABELS if counts[label] >= 40}
    assert CLASSIFY_LABELS == {label for label, fams in families.items() if len(fams) >= 5}


def test_classify_covers_messy_forms_and_seed_subjects():
    """NFD, unaccented, capitalised and old-tone subjects are present, and the seed's results too."""
    rows = read_jsonl(CLASSIFY)
    subjects = [r["subject"] for r in rows]
    assert sum(not unicodedata.is_normalized("NFC", s) for s in subjects) >= 10
    assert sum(s.isascii() for s in subjects) >= 25
    assert sum(s.isupper() for s in subjects) >= 20
    assert sum("Hoá" in s or "Thuỷ" in s or "hoá" in s for s in subjects) >= 10
    by_symbol = {r["symbol"]: r["label"] for r in rows}
    assert {"849/SGTVT-KHTC": "extension_request", "1497/SGTVT-KHTC": "final_report",
            "2536/ STNMT - BHD": "opinion_request", "556/UBND-TNMT": "extension_request"} == {
        k: by_symbol.get(k) for k in ("849/SGTVT-KHTC", "1497/SGTVT-KHTC", "2536/ STNMT - BHD", "556/UBND-TNMT")}


def test_classify_builder_reproduces_committed_file():
    """Running the seeded builder gives exactly the committed rows."""
    builder = load_module(ROOT / "fixtures" / "classify" / "build.py", "classify_build")
    assert read_jsonl(CLASSIFY) == builder.build()


# ---- matching set ----------------------------------------------------------------------------

def test_matching_rows_parse_with_valid_fields():
    """Every pair has a directive, a result, a valid label and a family."""
    rows = read_jsonl(MATCHING)
    bad = [r["id"] for r in rows
           if r["label"] not in {"linked", "mislinked"} or not r["family"]
           or not all(r["directive"].get(k) for k in ("symbol", "subject", "content"))
           or not r["result"].get("subject") or "text" not in r["result"]]
    assert [] == bad


def test_matching_ids_unique_count_and_balance():
    """At least 180 pairs, ids unique, linked between 50 % and 70 %."""
    rows = read_jsonl(MATCHING)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert len(rows) >= 180
    linked = sum(r["label"] == "linked" for r in rows) / len(rows)
    assert 0.5 <= linked <= 0.7


def test_matching_each_label_has_five_families():
    """Linked and mis-linked pairs each come in at least 5 phrasing families."""
    families = defaultdict(set)
    for r in read_jsonl(MATCHING):
        families[r["label"]].add(r["family"])
    assert {"linked", "mislinked"} == {label for label, fams in families.items() if len(fams) >= 5}


def test_matching_has_copied_subject_with_foreign_text():
    """The seed's hard case exists: subject equal to the directive's, label mislinked, text present."""
    rows = [r for r in read_jsonl(MATCHING) if r["family"] == "subject_copied_text_differs"]
    assert rows
    assert all(r["label"] == "mislinked" and r["result"]["text"] for r in rows)
    assert all(r["result"]["subject"] == r["directive"]["subject"].rstrip(".") for r in rows)


def test_matching_builder_reproduces_committed_file():
    """Running the seeded builder gives exactly the committed pairs."""
    builder = load_module(ROOT / "fixtures" / "matching" / "build.py", "matching_build")
    assert read_jsonl(MATCHING) == builder.build()


# ---- synthetic export generator --------------------------------------------------------------

def generated(count: int, seed: int, fmt: str = "jsonl") -> str:
    out = io.StringIO()
    make_sample.write(out, count, seed, fmt)
    return out.getvalue()


def time_order_problems(task: dict, kinds: list[str] | None) -> list[str]:
    """The time-order rules an exported task must obey; returns what is broken."""
    problems = []
    signed = date.fromisoformat(task["signed_on"])
    created = datetime.fromisoformat(task["created_at"])
    if created.date() < signed:
        problems.append("created before signing")
    results = [datetime.fromisoformat(x["updated_at"]) for x in task["results"]]
    if any(t <= created for t in results) or results != sorted(results):
        problems.append("result before creation or out of order")
    closures = [datetime.fromisoformat(x["at"]) for x in task["closures"]]
    reopenings = [datetime.fromisoformat(x["at"]) for x in task["reopenings"]]
    if len(reopenings) not in (len(closures), len(closures) - 1):
        problems.append("reopenings do not pair with closures")
    for i, c in enumerate(closures):
        if not any(t < c for t in results):
            problems.append("closure without a result before it")
        if i < len(reopenings) and not reopenings[i] > c:
            problems.append("reopening before the closure it undoes")
        if i > 0 and not closures[i] > reopenings[i - 1]:
            problems.append("closure before the previous reopening")
    if task["deadline"]:
        gap = (date.fromisoformat(task["deadline"]) - signed).days
        if not 5 <= gap <= 60:
            problems.append("deadline outside 5-60 days")
    current = date.fromisoformat(task["deadline"]) if task["deadline"] else date.min
    for ext in task["extensions"]:
        at = datetime.fromisoformat(ext["at"])
        requests = [t for t, k in zip(results, kinds or []) if k == "extension"]
        if kinds is not None and not any(t < at for t in requests):
            problems.append("extension without an earlier request")
        new = date.fromisoformat(ext["new_deadline"])
        if not new > current:
            problems.append("extension does not move the deadline later")
        current = new
    if any(datetime.fromisoformat(x) > make_sample.AS_OF for x in
           [task["created_at"]] + [r["updated_at"] for r in task["results"]]
           + [c["at"] for c in task["closures"] + task["reopenings"] + task["extensions"]]):
        problems.append("event after the export time")
    return problems


def test_generator_same_seed_same_bytes():
    """Two runs with the same seed and count write identical bytes."""
    assert generated(60, 11) == generated(60, 11)


def test_generator_other_seed_other_data_and_prefix_stable():
    """Another seed changes the data; a smaller count is a prefix of a larger one."""
    assert generated(30, 11) != generated(30, 12)
    assert generated(100, 5).startswith(generated(40, 5))


def test_generator_json_envelope_parses():
    """The json format is one object with format, version, units and all tasks."""
    doc = json.loads(generated(25, 3, "json"))
    assert ("tdnv-export", 1, [], 25) == (doc["format"], doc["version"], doc["units"], len(doc["tasks"]))


def test_generator_units_are_the_46_table_units():
    """The unit list holds the 46 table units with the corrected Hoằng Hóa name."""
    assert 46 == len(make_sample.UNIT_NAMES) == len(set(make_sample.UNIT_NAMES))
    assert "UBND huyện Hoằng Hóa" in make_sample.UNIT_NAMES
    assert "UBND huyện Hoàng Hoá" not in make_sample.UNIT_NAMES


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), count=st.integers(min_value=1, max_value=25))
def test_generator_time_order_holds_for_any_seed(seed, count):
    """For any seed, every generated task obeys the time-order rules and ids are unique."""
    pairs = list(make_sample.iter_tasks(count, seed))
    assert [] == [(t["id"], p) for t, k in pairs for p in time_order_problems(t, k)]
    assert count == len({t["id"] for t, _ in pairs})


def test_sample_file_is_the_documented_run_and_consistent():
    """The committed sample equals seed 2024 × 3000 and every task in it is consistent."""
    committed = read_jsonl(SAMPLE)
    pairs = list(make_sample.iter_tasks(3000, 2024))
    assert [t for t, _ in pairs] == committed
    assert [] == [(t["id"], p) for t, k in pairs for p in time_order_problems(t, k)]
    assert 3000 == len({t["id"] for t in committed})


def test_sample_distribution_is_realistic():
    """About 87 % with deadlines, most closed, all table units present, messy cases present."""
    tasks = read_jsonl(SAMPLE)
    with_deadline = sum(t["deadline"] is not None for t in tasks) / len(tasks)
    closed = sum(len(t["closures"]) > len(t["reopenings"]) for t in tasks) / len(tasks)
    units = {normalize(t["assignee"]) for t in tasks}
    assert 0.84 <= with_deadline <= 0.90
    assert 0.65 <= closed <= 0.85
    assert {normalize(u) for u in make_sample.UNIT_NAMES} == units
    reasons = Counter(r["reason"] for t in tasks for r in t["reopenings"])
    assert reasons[make_sample.REOPEN_EXTENSION] >= 10
    assert reasons[make_sample.REOPEN_OPINION] >= 5
    assert sum(" " in r["symbol"] for t in tasks for r in t["results"]) >= 10
    assert sum(r["unit"] in make_sample.PERSON_AS_UNIT for t in tasks for r in t["results"]) >= 10


def test_sample_cli_writes_file_and_rejects_negative_count(tmp_path, capsys):
    """The command line writes the requested count and refuses a negative one with a message."""
    out = tmp_path / "x.jsonl"
    assert 0 == make_sample.main(["--count", "7", "--seed", "1", "--out", str(out)])
    assert 7 == len(read_jsonl(out))
    with pytest.raises(SystemExit) as stop:
        make_sample.main(["--count", "-1"])
    assert 2 == stop.value.code
    assert "--count" in capsys.readouterr().err


def test_time_order_check_catches_a_closure_before_its_result():
    """The consistency check used above reports a task closed before any result."""
    task, kinds = next(t for t in make_sample.iter_tasks(200, 9) if t[0]["closures"])
    broken = json.loads(json.dumps(task))
    broken["closures"][0]["at"] = broken["created_at"]
    assert [] == time_order_problems(task, kinds)
    assert "closure without a result before it" in time_order_problems(broken, kinds)
