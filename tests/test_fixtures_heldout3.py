"""The third blind labelled set (fixtures/heldout3): shape, labels, counts, noise, reproducibility."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tdnv_rules.text import fold, normalize, subject_key

HERE = Path(__file__).resolve().parent.parent / "fixtures" / "heldout3"
CLASSIFY_LABELS = {
    "extension_request",
    "opinion_request",
    "progress_report",
    "final_report",
    "other",
}
DOC_TYPES = {
    "Công văn",
    "Báo cáo",
    "Tờ trình",
    "Giấy mời",
    "Kế hoạch",
    "Quyết định",
    "Thông báo",
    None,
}
PAIR_LABELS = {"linked", "mislinked"}
MINIMUM_PER_LABEL = {
    "extension_request": 40,
    "opinion_request": 35,
    "progress_report": 30,
    "final_report": 60,
    "other": 30,
}


def _read_jsonl(name: str) -> list[dict]:
    """Rows of one JSONL file; a bad line fails with its number."""
    rows = []
    for number, line in enumerate(
        (HERE / name).read_text(encoding="utf-8").splitlines(), start=1
    ):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:  # only on a broken file
            pytest.fail(f"{name}:{number}: not JSON ({error})")
    return rows


@pytest.fixture(scope="module")
def classify_rows() -> list[dict]:
    return _read_jsonl("classify.jsonl")


@pytest.fixture(scope="module")
def pair_rows() -> list[dict]:
    return _read_jsonl("pairs.jsonl")


def _has_combining(text: str) -> bool:
    return any(unicodedata.combining(ch) for ch in text)


def _is_capitals(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text == text.upper()


def test_classify_rows_have_exactly_the_documented_fields(classify_rows):
    """Every classify row has the six documented keys and nothing else."""
    expected = {"id", "doc_type", "symbol", "subject", "label", "note"}
    assert [] == [row["id"] for row in classify_rows if set(row) != expected]


def test_classify_values_are_valid(classify_rows):
    """Labels and document types come from the documented sets; subjects and notes are text."""
    bad = [
        row["id"]
        for row in classify_rows
        if row["label"] not in CLASSIFY_LABELS
        or row["doc_type"] not in DOC_TYPES
        or not isinstance(row["subject"], str)
        or not row["subject"].strip()
        or not (row["symbol"] is None or isinstance(row["symbol"], str))
        or not row["note"]
    ]
    assert [] == bad


def test_classify_ids_are_unique_and_numbered(classify_rows):
    """Ids are q0001, q0002, … without gaps or repeats."""
    expected = [f"q{i:04d}" for i in range(1, len(classify_rows) + 1)]
    assert expected == [row["id"] for row in classify_rows]


def test_classify_subjects_are_not_repeated(classify_rows):
    """No subject line is used twice (each row is its own case)."""
    counts = Counter(row["subject"] for row in classify_rows)
    assert [] == [subject for subject, count in counts.items() if count > 1]


def test_classify_has_enough_rows_per_label(classify_rows):
    """At least 220 rows, and each label reaches its minimum."""
    counts = Counter(row["label"] for row in classify_rows)
    assert len(classify_rows) >= 220
    short = {
        label: counts[label]
        for label, floor in MINIMUM_PER_LABEL.items()
        if counts[label] < floor
    }
    assert {} == short


def test_classify_carries_every_kind_of_noise(classify_rows):
    """Rows without diacritics, in capitals, in NFD and with old tone placement are all present."""
    subjects = [row["subject"] for row in classify_rows]
    total = len(subjects)
    no_diacritics = sum(1 for s in subjects if s.isascii())
    capitals = sum(1 for s in subjects if _is_capitals(s))
    decomposed = sum(1 for s in subjects if _has_combining(s))
    old_tones = sum(
        1
        for s in subjects
        if not _has_combining(s) and not s.isascii() and normalize(s) != s
    )
    assert no_diacritics >= 0.08 * total
    assert capitals >= 0.06 * total
    assert decomposed >= 0.04 * total
    assert old_tones >= 5


def test_classify_subject_prefixes_vary(classify_rows):
    """Subjects open with "V/v", "V/V", "Về việc" or no prefix, each at least five times."""
    openings = Counter()
    for row in classify_rows:
        subject = normalize(row["subject"])  # NFD rows compared in their composed form
        if subject.startswith(("V/v", "v/v")):
            openings["V/v"] += 1
        elif subject.startswith("V/V"):
            openings["V/V"] += 1
        elif re.match(r"(?i)về việc", subject):
            openings["Về việc"] += 1
        else:
            openings["none"] += 1
    assert {"V/v", "V/V", "Về việc", "none"} == {
        key for key, count in openings.items() if count >= 5
    }


def test_classify_keeps_hard_negatives(classify_rows):
    """Keywords of one label also appear under other labels ('gia hạn', 'ý kiến', 'tiến độ', 'chậm')."""
    folded = [(fold(row["subject"]), row["label"]) for row in classify_rows]
    gia_han_not_extension = sum(
        1 for key, label in folded if "gia han" in key and label != "extension_request"
    )
    y_kien_in_final = sum(
        1
        for key, label in folded
        if "y kien" in key and label in {"final_report", "other"}
    )
    tien_do_in_final = sum(
        1 for key, label in folded if "tien do" in key and label == "final_report"
    )
    cham_not_extension = sum(
        1
        for key, label in folded
        if re.search(r"\bcham\b", key) and label != "extension_request"
    )
    assert (True, True, True, True) == (
        gia_han_not_extension >= 5,
        y_kien_in_final >= 5,
        tien_do_in_final >= 3,
        cham_not_extension >= 3,
    )


def test_pair_rows_have_the_documented_shape(pair_rows):
    """Each pair has a directive (symbol, subject, content, extensions) and a result (symbol, type, subject, text)."""
    bad = []
    for row in pair_rows:
        directive, result = row.get("directive", {}), row.get("result", {})
        ok = (
            set(row) == {"id", "directive", "result", "label", "note"}
            and set(directive) == {"symbol", "subject", "content", "extensions"}
            and set(result) == {"symbol", "doc_type", "subject", "text"}
            and all(
                isinstance(directive[key], str) and directive[key]
                for key in ("symbol", "subject", "content")
            )
            and all(
                set(item) == {"reason"} and isinstance(item["reason"], str)
                for item in directive["extensions"]
            )
            and isinstance(result["subject"], str)
            and result["subject"]
            and result["doc_type"] in DOC_TYPES
            and (result["text"] is None or isinstance(result["text"], str))
            and row["label"] in PAIR_LABELS
            and row["note"]
        )
        if not ok:
            bad.append(row.get("id"))
    assert [] == bad


def test_pair_ids_are_unique_and_numbered(pair_rows):
    """Ids are qp001, qp002, … without gaps or repeats."""
    expected = [f"qp{i:03d}" for i in range(1, len(pair_rows) + 1)]
    assert expected == [row["id"] for row in pair_rows]


def test_pairs_have_enough_rows_and_a_balanced_share(pair_rows):
    """At least 120 pairs; linked between 50 % and 70 %."""
    linked = sum(1 for row in pair_rows if row["label"] == "linked")
    assert len(pair_rows) >= 120
    assert 0.5 <= linked / len(pair_rows) <= 0.7


def test_pairs_contain_copied_subjects_over_other_texts(pair_rows):
    """Some mis-linked results copy the directive's subject word for word (the text tells them apart)."""
    copied = [
        row["id"]
        for row in pair_rows
        if row["label"] == "mislinked"
        and subject_key(row["result"]["subject"])
        == subject_key(row["directive"]["subject"])
        and row["result"]["text"]
    ]
    assert len(copied) >= 3


def test_linked_pairs_cite_extension_approvals(pair_rows):
    """Some linked results cite only the extension approval, never the directive's own number."""
    citing_approval = []
    for row in pair_rows:
        if row["label"] != "linked":
            continue
        seen = fold(row["result"]["subject"] + " " + (row["result"]["text"] or ""))
        approvals = [
            fold(item["reason"]).split(" cong van so ")[-1].split()[:3]
            for item in row["directive"]["extensions"]
        ]
        if any(" ".join(words) in seen for words in approvals if words):
            citing_approval.append(row["id"])
    assert len(citing_approval) >= 3


def test_build_script_reproduces_both_files():
    """build.py renders byte for byte what the two files hold."""
    spec = importlib.util.spec_from_file_location("heldout3_build", HERE / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rendered = {path.name: text for path, text in module.render().items()}
    on_disk = {name: (HERE / name).read_text(encoding="utf-8") for name in rendered}
    assert on_disk == rendered
