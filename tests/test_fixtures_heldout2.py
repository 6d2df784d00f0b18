"""The second blind held-out set: shape, counts, noise, and that its builder reproduces it."""

from __future__ import annotations

import importlib.util
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tdnv_rules.text import fold, normalize

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "fixtures" / "heldout2"
CLASSIFY = HERE / "classify.jsonl"
PAIRS = HERE / "pairs.jsonl"
LABELS = {"extension_request", "opinion_request", "progress_report", "final_report", "other"}
DOC_TYPES = {"Công văn", "Báo cáo", "Tờ trình", "Giấy mời", "Kế hoạch", "Quyết định", "Thông báo", None}
VIETNAMESE_LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"


def load_builder():
    """Import fixtures/heldout2/build.py, which is not part of the package."""
    spec = importlib.util.spec_from_file_location("heldout2_build", HERE / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["heldout2_build"] = module
    spec.loader.exec_module(module)
    return module


build = load_builder()


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def test_classify_rows_have_the_documented_fields():
    """Every classification row has exactly the documented keys with allowed values."""
    bad = [r.get("id") for r in read_jsonl(CLASSIFY)
           if set(r) != {"id", "doc_type", "symbol", "subject", "label", "note"}
           or r["label"] not in LABELS or r["doc_type"] not in DOC_TYPES
           or not (r["symbol"] is None or (isinstance(r["symbol"], str) and r["symbol"].strip()))
           or not r["subject"].strip() or not r["note"].strip()]
    assert [] == bad


def test_classify_ids_unique_and_counts_reach_minimums():
    """At least 200 rows with unique k-ids, and every label is well represented."""
    rows = read_jsonl(CLASSIFY)
    ids = [r["id"] for r in rows]
    counts = Counter(r["label"] for r in rows)
    minimum = {"extension_request": 35, "opinion_request": 30, "progress_report": 25,
               "final_report": 50, "other": 30}
    assert len(ids) == len(set(ids))
    assert all(i.startswith("k") and not i.startswith("kp") for i in ids)
    assert len(rows) >= 200
    assert {} == {label: counts[label] for label, low in minimum.items() if counts[label] < low}


def test_classify_has_each_kind_of_noise():
    """Unaccented, capitalised, NFD and old-tone subjects are all present in useful numbers."""
    subjects = [r["subject"] for r in read_jsonl(CLASSIFY)]
    unaccented = sum(s.isascii() for s in subjects)
    capitals = sum(s.isupper() for s in subjects)
    decomposed = sum(not unicodedata.is_normalized("NFC", s) for s in subjects)
    old_tone = sum(unicodedata.is_normalized("NFC", s) and normalize(s) != s for s in subjects)
    assert (True, True, True, True) == (unaccented >= 20, capitals >= 15, decomposed >= 10, old_tone >= 8)


def test_classify_subject_openings_vary():
    """Subjects open with V/v, V/V, Về việc and with no boilerplate at all."""
    openings = Counter()
    for r in read_jsonl(CLASSIFY):
        head = unicodedata.normalize("NFC", r["subject"])
        if head.startswith("V/v"):
            openings["V/v"] += 1
        elif head.startswith("V/V"):
            openings["V/V"] += 1
        elif fold(head).startswith("ve viec"):
            openings["Về việc"] += 1
        else:
            openings["none"] += 1
    assert {"V/v", "V/V", "Về việc", "none"} == {k for k, n in openings.items() if n >= 3}


def test_classify_has_very_short_subjects_per_label():
    """Every label has at least one subject of three words or fewer."""
    short = {r["label"] for r in read_jsonl(CLASSIFY) if len(r["subject"].split()) <= 3}
    assert LABELS == short


def test_pairs_have_the_documented_fields():
    """Every pair has a directive, a result, a valid label and a note, shaped as documented."""
    bad = []
    for p in read_jsonl(PAIRS):
        d, r = p.get("directive", {}), p.get("result", {})
        if (set(p) != {"id", "directive", "result", "label", "note"}
                or set(d) != {"symbol", "subject", "content", "extensions"}
                or set(r) != {"symbol", "doc_type", "subject", "text"}
                or p["label"] not in {"linked", "mislinked"}
                or not all(isinstance(x, str) and x.strip() for x in (d["symbol"], d["subject"], d["content"], r["subject"]))
                or r["doc_type"] not in DOC_TYPES
                or not (r["text"] is None or r["text"].strip())
                or not all(set(e) == {"reason"} and e["reason"].strip() for e in d["extensions"])):
            bad.append(p.get("id"))
    assert [] == bad


def test_pairs_ids_unique_counts_and_balance():
    """At least 100 pairs with unique kp-ids, between 50 and 70 % linked."""
    pairs = read_jsonl(PAIRS)
    ids = [p["id"] for p in pairs]
    linked = sum(p["label"] == "linked" for p in pairs)
    assert len(ids) == len(set(ids))
    assert all(i.startswith("kp") for i in ids)
    assert len(pairs) >= 100
    assert 0.5 <= linked / len(pairs) <= 0.7


def test_pairs_cover_the_hard_cases():
    """Copied subjects over unrelated text, extension citations, first-page texts and noise occur."""
    pairs = read_jsonl(PAIRS)
    copied_mislinked = sum(p["label"] == "mislinked" and p["result"]["subject"] == p["directive"]["subject"]
                           for p in pairs)
    with_extension = sum(bool(p["directive"]["extensions"]) for p in pairs)
    with_text = sum(p["result"]["text"] is not None for p in pairs)
    noisy = sum(p["result"]["subject"].isascii() or p["result"]["subject"].isupper()
                or not unicodedata.is_normalized("NFC", p["result"]["subject"]) for p in pairs)
    assert (True, True, True, True) == (copied_mislinked >= 3, with_extension >= 5, with_text >= 10, noisy >= 8)


def test_builder_reproduces_the_files_byte_for_byte():
    """Rebuilding in memory gives exactly the committed JSONL files."""
    assert CLASSIFY.read_text(encoding="utf-8") == build.render(build.classify_records())
    assert PAIRS.read_text(encoding="utf-8") == build.render(build.pair_records())


def test_builder_rejects_an_unknown_noise_mark():
    """A typo in a noise mark is an error naming the mark, not silent clean text."""
    try:
        build.apply_noise("Báo cáo", "X")
    except ValueError as err:
        assert "'X'" in str(err)
    else:
        raise AssertionError("apply_noise accepted an unknown mark")


@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " /-0123456789", max_size=40))
def test_unaccented_noise_is_ascii_and_keeps_the_fold_key(text):
    """Stripping diacritics yields ASCII whose matching key equals the original's."""
    bare = build.unaccented(text)
    assert (True, fold(text)) == (bare.isascii(), fold(bare))
