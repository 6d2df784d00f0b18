"""Differential tests of the two readers against their recorded answers.

``fixtures/readers-golden.jsonl`` holds, for every result of the sample export, every row of the
labelled sets and every sample result paired with the next task (a mis-link, with the result's
own task content as its attachment text), the inputs and the ``Classification`` / ``Match``
fields the readers gave when it was recorded. The readers are tuned for speed; these tests keep
every answer the same. Re-record (only when an answer is meant to change) with

    .venv/bin/python tests/test_readers_speedup.py --record
"""

from __future__ import annotations

import hashlib
import json
import sys
import unicodedata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))

from tdnv_rules.readers.classify import (
    KINDS,
    _default_lexicon,
    _match_parts,
    _Reading,
    classify_result,
)
from tdnv_rules.readers.match import (
    _TOKEN,
    _default_match_lexicon,
    _symbols_in,
    _tokens,
    expand_abbreviations,
    match_result,
)
from tdnv_rules.symbols import find_symbols
from tdnv_rules.text import fold

GOLDEN = ROOT / "fixtures" / "readers-golden.jsonl"
SAMPLE = ROOT / "fixtures" / "sample" / "export.jsonl"
CLASSIFY_SETS = (
    ROOT / "fixtures" / "classify" / "subjects.jsonl",
    ROOT / "fixtures" / "heldout" / "classify.jsonl",
    ROOT / "fixtures" / "heldout2" / "classify.jsonl",
    ROOT / "fixtures" / "heldout3" / "classify.jsonl",
)
MATCHING_SETS = (
    ROOT / "fixtures" / "matching" / "pairs.jsonl",
    ROOT / "fixtures" / "heldout" / "pairs.jsonl",
    ROOT / "fixtures" / "heldout2" / "pairs.jsonl",
    ROOT / "fixtures" / "heldout3" / "pairs.jsonl",
)


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _classify_input(doc_type: Any, symbol: Any, subject: Any, text: Any) -> dict[str, Any]:
    return {"doc_type": doc_type, "symbol": symbol, "subject": subject, "text": text}


def _match_input(task: dict[str, Any], result: dict[str, Any], text: Any) -> dict[str, Any]:
    return {
        "task": {
            "symbol": task.get("symbol"),
            "subject": task.get("subject"),
            "content": task.get("content"),
            "reasons": [e.get("reason") for e in task.get("extensions") or ()],
        },
        "result": {"symbol": result.get("symbol"), "subject": result.get("subject")},
        "text": text,
    }


def _source(path: Path, where: str) -> str:
    return f"{path.relative_to(ROOT).as_posix()}#{where}"


def golden_inputs() -> list[dict[str, Any]]:
    """Every recorded input as ``{"reader": "classify"|"match", "source": where it comes
    from, "input": …}``, sorted by reader and source."""
    inputs: list[dict[str, Any]] = []
    tasks = _rows(SAMPLE)
    for number, task in enumerate(tasks):
        following = tasks[(number + 1) % len(tasks)]
        for at, result in enumerate(task.get("results") or ()):
            where = _source(SAMPLE, f"{task['id']}/results/{at}")
            inputs.append({"reader": "classify", "source": where, "input": _classify_input(
                result.get("doc_type"), result.get("symbol"), result.get("subject"), None)})
            inputs.append({"reader": "match", "source": where, "input": _match_input(task, result, None)})
            inputs.append({"reader": "match", "source": f"{where} with {following['id']}",
                           "input": _match_input(following, result, task.get("content"))})
    for path in CLASSIFY_SETS:
        for line, row in enumerate(_rows(path) if path.exists() else (), start=1):
            inputs.append({"reader": "classify", "source": _source(path, str(line)), "input": _classify_input(
                row.get("doc_type"), row.get("symbol"), row.get("subject"), row.get("text"))})
    for path in MATCHING_SETS:
        for line, row in enumerate(_rows(path) if path.exists() else (), start=1):
            task = row.get("directive") or row["task"]
            result = row["result"]
            text = row.get("text")
            if text is None and isinstance(result, dict):
                text = result.get("text")
            inputs.append({"reader": "match", "source": _source(path, str(line)),
                           "input": _match_input(task, result, text)})
    return sorted(inputs, key=lambda one: (one["reader"], one["source"]))


def digest(given: dict[str, Any]) -> str:
    """A short fingerprint of one input (the recording keeps it, not the input's text)."""
    data = json.dumps(given, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def answer(one: dict[str, Any]) -> dict[str, Any]:
    """The reader's answer to one recorded input, as JSON-ready fields."""
    given = one["input"]
    if one["reader"] == "classify":
        found = classify_result(**given)
        return {"kind": found.kind, "confidence": found.confidence, "evidence": list(found.evidence)}
    task = SimpleNamespace(
        symbol=given["task"]["symbol"],
        subject=given["task"]["subject"],
        content=given["task"]["content"],
        extensions=tuple(SimpleNamespace(reason=r) for r in given["task"]["reasons"]),
    )
    result = SimpleNamespace(**given["result"])
    match = match_result(task, result, text=given["text"])
    return {
        "score": match.score,
        "subject_score": match.subject_score,
        "text_score": match.text_score,
        "cited": list(match.cited),
        "cites_task": match.cites_task,
        "cites_extension": match.cites_extension,
        "cites_other": list(match.cites_other),
        "distinguishing": list(match.distinguishing),
        "text_cites_task": match.text_cites_task,
    }


def record() -> int:
    """Write ``fixtures/readers-golden.jsonl`` from the readers as they are."""
    lines = [
        json.dumps({"reader": one["reader"], "source": one["source"], "input": digest(one["input"]),
                    "output": answer(one)}, ensure_ascii=False, sort_keys=True)
        for one in golden_inputs()
    ]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


@pytest.fixture(scope="module")
def golden() -> list[dict[str, Any]]:
    """The recorded rows, each with its input rebuilt from the fixtures."""
    recorded = _rows(GOLDEN)
    inputs = golden_inputs()
    assert [(r["reader"], r["source"], r["input"]) for r in recorded] == [
        (one["reader"], one["source"], digest(one["input"])) for one in inputs
    ], "the fixtures changed since the answers were recorded"
    return [{**one, "output": row["output"]} for one, row in zip(inputs, recorded)]


def test_golden_covers_every_input(golden):
    """The recording holds exactly the inputs the fixtures give today, both readers' many."""
    counts = {reader: sum(row["reader"] == reader for row in golden) for reader in ("classify", "match")}
    assert (True, True) == (counts["classify"] > 4000, counts["match"] > 7000)


def test_classifications_equal_the_recorded_answers(golden):
    """Every classification (kind, confidence, evidence) is the one recorded."""
    rows = [row for row in golden if row["reader"] == "classify"]
    wrong = [(row["source"], row["output"], answer(row)) for row in rows if answer(row) != row["output"]]
    assert [] == wrong[:5]


def test_matches_equal_the_recorded_answers(golden):
    """Every match (scores to the Match's rounding, citations, differences) is the one recorded."""
    rows = [row for row in golden if row["reader"] == "match"]
    wrong = [(row["source"], row["output"], answer(row)) for row in rows if answer(row) != row["output"]]
    assert [] == wrong[:5]


def test_matches_are_the_same_when_asked_again(golden):
    """A second pass (directive side cached) gives the recorded answers in reverse order too."""
    rows = [row for row in golden if row["reader"] == "match"][::-7]
    assert [row["output"] for row in rows] == [answer(row) for row in rows]


def _old_tones(text: str) -> str:
    for new, old in (("óa", "oá"), ("òa", "oà"), ("ỏa", "oả"), ("õa", "oã"), ("ọa", "oạ"),
                     ("ủy", "uỷ"), ("úy", "uý"), ("ùy", "uỳ"), ("ũy", "uỹ"), ("ụy", "uỵ")):
        text = text.replace(new, old)
    return text


VARIANTS = (str.upper, str.lower, lambda s: unicodedata.normalize("NFD", s), _old_tones)


def _subjects() -> list[str]:
    return sorted({one["input"]["subject"] for one in golden_inputs()
                   if one["reader"] == "classify" and one["input"]["subject"]})


@settings(max_examples=80, deadline=None)
@given(subject=st.deferred(lambda: st.sampled_from(_subjects())), variant=st.sampled_from(VARIANTS),
       doc_type=st.sampled_from([None, "Công văn", "Báo cáo"]))
def test_classification_ignores_case_nfd_and_tone_placement(subject, variant, doc_type):
    """Case, NFD and the old tone placement of a subject do not change its kind or cues."""
    plain = classify_result(doc_type=doc_type, subject=subject)
    varied = classify_result(doc_type=doc_type, subject=variant(subject))
    assert (plain.kind, plain.evidence) == (varied.kind, varied.evidence)


def _expand_word_by_word(words: list[str]) -> tuple[list[str], list[int]]:
    """Abbreviations written out by trying every length at every word (the definition)."""
    lexicon = _default_match_lexicon()
    longest = max((len(k) for k in lexicon.abbreviations), default=1)
    out: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            long = lexicon.abbreviations.get(tuple(words[i : i + size]))
            if long:
                out.extend(long)
                origin.extend([i] * len(long))
                i += size
                break
        else:
            glued = lexicon.numbered.match(words[i]) if lexicon.numbered is not None else None
            long = (*lexicon.numbered_words[glued.group(1)], glued.group(2)) if glued else (words[i],)
            out.extend(long)
            origin.extend([i] * len(long))
            i += 1
    return out, origin


def _vocabulary() -> list[str]:
    lexicon = _default_match_lexicon()
    words = {w for key in lexicon.abbreviations for w in key}
    words |= {w for value in lexicon.abbreviations.values() for w in value}
    words |= {f"{short}{n}" for short in lexicon.numbered_words for n in ("1", "45", "12a")}
    return sorted(words | {"ql", "tp", "va", "du", "an", "|", "2024", "x"})


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.deferred(lambda: st.sampled_from(_vocabulary())), max_size=12))
def test_expand_abbreviations_tries_every_length(words):
    """Abbreviations are written out as trying every length at every word would."""
    assert _expand_word_by_word(words) == expand_abbreviations(list(words), _default_match_lexicon())


def _reference_scan(pattern: Any, words: list[str]) -> list[tuple[int, int, int, tuple[str, ...]]]:
    """Phrase matches found by trying every phrase at every word (the definition)."""
    found = []
    i = 0
    while i < len(words):
        end = -1
        for index, parts, *_ in pattern._by_first.get(words[i], ()):
            chosen: list[str] = []
            end = _match_parts(words, i, parts, chosen)
            if end >= 0:
                found.append((i, end, index, tuple(chosen)))
                break
        i = end if end > i else i + 1
    return found


def _patterns() -> list[Any]:
    cues = _default_lexicon().cues.values()
    return [p for c in cues for p in (c.positive, c.negative, c.weak, c.openings) if p is not None]


def _lexicon_words() -> list[str]:
    words: set[str] = set()
    for spec in _default_lexicon().files.values():
        for text in (*spec.phrases, *spec.negative, *spec.weak, *spec.openings,
                     *(m for members in spec.families.values() for m in members)):
            words.update(fold(text.replace("…", " ")).split())
    return sorted(words | {"|", "ubnd", "tinh", "2024"})


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.deferred(lambda: st.sampled_from(_lexicon_words())), max_size=25))
def test_phrase_scans_find_what_trying_every_phrase_finds(words):
    """Every compiled phrase pattern finds the matches of trying every phrase at every word."""
    patterns = _patterns()
    assert [_reference_scan(p, words) for p in patterns] == [p._scan(list(words)) for p in patterns]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.deferred(lambda: st.sampled_from(_lexicon_words())), max_size=25))
def test_a_reading_answers_as_the_lexicon(words):
    """One reading of a key gives each kind's hits, first cue, weak hits and opening as the
    lexicon's own methods do."""
    lexicon, key = _default_lexicon(), " ".join(words)
    reading = _Reading(lexicon, key)
    expected = [(lexicon.hits(k, key), lexicon.first(k, key), lexicon.weak_hits(k, key),
                 lexicon.opening(k, key)) for k in KINDS]
    assert expected == [(reading.hits(k), reading.first(k), reading.weak_hits(k), reading.opening(k))
                        for k in KINDS]


_PIECES = [*"aAđĐóỏ_-–/.,&:;19 \t\n", "\u0300", "\u0301", "UBND", "Công văn", "BC", "2024", "/ "]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), _TEXT))
def test_tokens_are_those_of_the_token_pattern(text):
    """The entity reader's tokens are exactly the token pattern's matches."""
    assert _TOKEN.findall(text) == _tokens(text)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=60), _TEXT))
def test_symbols_are_looked_for_only_where_one_can_be(text):
    """Skipping texts without a slash before a letter loses no document number."""
    assert tuple(find_symbols(text)) == _symbols_in(text)


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        raise SystemExit("usage: python tests/test_readers_speedup.py --record")
    print(f"{record()} answers written to {GOLDEN.relative_to(ROOT)}")
