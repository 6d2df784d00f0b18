"""The held-out labelled sets in fixtures/heldout/: shape, labels, shares and noise."""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tdnv_rules.text import normalize

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"

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
# Intended share of each label (out of 200 in the brief for the set), with the slack allowed.
CLASSIFY_SHARES = {
    "extension_request": 40 / 200,
    "opinion_request": 35 / 200,
    "progress_report": 30 / 200,
    "final_report": 60 / 200,
    "other": 35 / 200,
}
SHARE_SLACK = 0.05


def _read_jsonl(name: str) -> list[dict]:
    path = HELDOUT / name
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        assert line.strip(), f"{name} line {number} is blank"
        rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def classify() -> list[dict]:
    """The rows of classify.jsonl."""
    return _read_jsonl("classify.jsonl")


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    """The rows of pairs.jsonl."""
    return _read_jsonl("pairs.jsonl")


def _is_capitals(text: str) -> bool:
    return not text.isascii() and text == text.upper()


def _has_letters_only_ascii(text: str) -> bool:
    return text.isascii() and any(ch.isalpha() for ch in text)


# ---------------------------------------------------------------- classify.jsonl


def test_classify_rows_have_the_documented_fields(classify):
    """Every classification row has exactly the documented keys with the right types."""
    expected = {"id", "doc_type", "symbol", "subject", "label", "note"}
    for row in classify:
        assert expected == set(row), row.get("id")
        assert isinstance(row["subject"], str) and row["subject"].strip(), row["id"]
        assert row["symbol"] is None or isinstance(row["symbol"], str), row["id"]
        assert isinstance(row["note"], str), row["id"]


def test_classify_ids_unique_and_well_formed(classify):
    """Ids are h0001-style and unique."""
    ids = [row["id"] for row in classify]
    assert len(ids) == len(set(ids))
    assert [] == [i for i in ids if not re.fullmatch(r"h\d{4}", i)]


def test_classify_labels_and_doc_types_valid(classify):
    """Labels and document types come from the documented sets."""
    assert set() == {row["label"] for row in classify} - CLASSIFY_LABELS
    assert set() == {row["doc_type"] for row in classify} - DOC_TYPES


def test_classify_has_at_least_200_rows(classify):
    """The set holds at least 200 labelled documents."""
    assert len(classify) >= 200


@pytest.mark.parametrize("label", sorted(CLASSIFY_SHARES))
def test_classify_label_share(classify, label):
    """Each label is present with roughly its intended share."""
    share = Counter(row["label"] for row in classify)[label] / len(classify)
    assert abs(share - CLASSIFY_SHARES[label]) <= SHARE_SLACK, (label, round(share, 3))


def test_classify_subjects_not_duplicated(classify):
    """No subject line appears twice (after normalisation)."""
    keys = Counter(normalize(row["subject"]).lower() for row in classify)
    assert [] == [key for key, count in keys.items() if count > 1]


def test_classify_has_rows_without_diacritics(classify):
    """About a tenth of the subjects are typed without diacritics."""
    count = sum(_has_letters_only_ascii(row["subject"]) for row in classify)
    assert count / len(classify) >= 0.08, count


def test_classify_has_rows_in_capitals(classify):
    """About 8% of the subjects are in capitals."""
    count = sum(_is_capitals(row["subject"]) for row in classify)
    assert count / len(classify) >= 0.06, count


def test_classify_has_nfd_rows(classify):
    """About 5% of the subjects are NFD-encoded (decomposed, not composed)."""
    nfd = [
        row["id"]
        for row in classify
        if not unicodedata.is_normalized("NFC", row["subject"])
    ]
    assert len(nfd) / len(classify) >= 0.04, nfd
    for row in classify:
        if row["id"] in nfd:
            assert unicodedata.is_normalized("NFD", row["subject"]), row["id"]


def test_classify_has_old_tone_placement(classify):
    """Some composed subjects use the old tone placement (hoá, thuỷ), which normalize moves."""
    old = [
        row["id"]
        for row in classify
        if unicodedata.is_normalized("NFC", row["subject"])
        and normalize(row["subject"]) != " ".join(row["subject"].split())
    ]
    assert len(old) >= 5, old


def test_classify_subject_prefix_variety(classify):
    """Subjects open with "V/v", "V/V", "Về việc" or no prefix at all."""
    openings = Counter()
    for row in classify:
        subject = row["subject"]
        if subject.startswith("V/v"):
            openings["V/v"] += 1
        elif subject.startswith("V/V"):
            openings["V/V"] += 1
        elif normalize(subject).lower().startswith("về việc"):
            openings["Về việc"] += 1
        else:
            openings["none"] += 1
    assert {"V/v", "V/V", "Về việc", "none"} == set(openings)


def test_classify_hard_negatives_present(classify):
    """"gia hạn" appears in rows that are not extension requests (it is the subject matter)."""
    folded = [(normalize(row["subject"]).lower(), row["label"]) for row in classify]
    gia_han_labels = {label for subject, label in folded if "gia hạn" in subject}
    assert {"extension_request", "final_report", "opinion_request", "other"} <= gia_han_labels


def test_classify_has_missing_numbers_and_types(classify):
    """A few rows lack a document number or a document type, as real exports do."""
    assert any(row["symbol"] is None for row in classify)
    assert any(row["doc_type"] is None for row in classify)


# ---------------------------------------------------------------- pairs.jsonl


def test_pairs_rows_have_the_documented_fields(pairs):
    """Every pair has a directive and a result with the documented fields and types."""
    for row in pairs:
        assert {"id", "directive", "result", "label", "note"} == set(row), row.get("id")
        directive, result = row["directive"], row["result"]
        assert {"symbol", "subject", "content", "extensions"} == set(directive), row["id"]
        assert {"symbol", "doc_type", "subject", "text"} == set(result), row["id"]
        for key in ("symbol", "subject", "content"):
            assert isinstance(directive[key], str) and directive[key].strip(), row["id"]
        assert isinstance(result["subject"], str) and result["subject"].strip(), row["id"]
        assert result["doc_type"] in DOC_TYPES, row["id"]
        assert result["text"] is None or isinstance(result["text"], str), row["id"]
        for extension in directive["extensions"]:
            assert ["reason"] == list(extension), row["id"]
            assert "gia hạn" in extension["reason"], row["id"]


def test_pairs_ids_unique_and_well_formed(pairs):
    """Ids are hp001-style and unique."""
    ids = [row["id"] for row in pairs]
    assert len(ids) == len(set(ids))
    assert [] == [i for i in ids if not re.fullmatch(r"hp\d{3}", i)]


def test_pairs_labels_valid_and_shared(pairs):
    """Labels are linked/mislinked, at least 100 pairs, about 60% linked."""
    counts = Counter(row["label"] for row in pairs)
    assert {"linked", "mislinked"} == set(counts)
    assert len(pairs) >= 100
    assert 0.5 <= counts["linked"] / len(pairs) <= 0.7, counts


def test_pairs_cover_the_hard_cases(pairs):
    """Extensions, bland subjects with text, copied subjects and noisy subjects all occur."""
    with_extension = [row for row in pairs if row["directive"]["extensions"]]
    assert {"linked", "mislinked"} == {row["label"] for row in with_extension}
    copied = [
        row for row in pairs
        if normalize(row["result"]["subject"]) == normalize(row["directive"]["subject"])
    ]
    assert {"mislinked"} == {row["label"] for row in copied}
    assert any(row["result"]["text"] for row in pairs if row["label"] == "linked")
    assert any(row["result"]["text"] is None for row in pairs)
    subjects = [row["result"]["subject"] for row in pairs]
    assert any(not unicodedata.is_normalized("NFC", s) for s in subjects)
    assert any(_is_capitals(s) for s in subjects)
    assert any(_has_letters_only_ascii(s) for s in subjects)


def test_pairs_directive_is_never_its_own_result(pairs):
    """A result's number is never the directive's number."""
    assert [] == [row["id"] for row in pairs
                  if row["result"]["symbol"] == row["directive"]["symbol"]]


# ---------------------------------------------------------------- the builder


def test_builder_reproduces_the_committed_files():
    """fixtures/heldout/build.py regenerates both files byte for byte."""
    spec = importlib.util.spec_from_file_location("heldout_build", HELDOUT / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, rows in (("classify.jsonl", module.build_classify()),
                       ("pairs.jsonl", module.build_pairs())):
        expected = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        assert expected == (HELDOUT / name).read_text(encoding="utf-8"), name


def test_readme_counts_match_the_sets(classify, pairs):
    """The per-label counts in fixtures/heldout/README.md are those of the files."""
    readme = (HELDOUT / "README.md").read_text(encoding="utf-8")
    stated = {
        match.group(1): int(match.group(2))
        for match in re.finditer(r"^\| `(\w+)` \|.*\| (\d+) \|$", readme, re.MULTILINE)
    }
    actual = Counter(row["label"] for row in classify) + Counter(row["label"] for row in pairs)
    assert stated == dict(actual)
