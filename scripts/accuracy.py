"""Measure the two readers on the labelled sets and write ``docs/accuracy.md``.

Run: ``.venv/bin/python scripts/accuracy.py [--skip NAME …]`` (names: development, heldout,
heldout2, heldout3; a skipped set is neither read nor measured). Four sets, each measured when
present:

- development: ``fixtures/classify/subjects.jsonl`` and ``fixtures/matching/pairs.jsonl``, the
  sets the readers were built on;
- held-out: ``fixtures/heldout/classify.jsonl`` and ``fixtures/heldout/pairs.jsonl``, written
  blind, then used once to find the phrasing families the readers missed;
- held-out 2: ``fixtures/heldout2/`` in the same formats, written blind, then used once (round 3)
  to find the phrasing families and structural signals the readers missed;
- held-out 3: ``fixtures/heldout3/`` in the same formats, written blind after round 3 and never
  used to tune: the unbiased estimate.

A classifier set holds one result a line (``doc_type``, ``symbol``, ``subject``, ``text``,
``label``); a matching set one task and result a line (``directive`` or ``task``, ``result``
with its ``text``) labelled linked or mis-linked. Deterministic: same sets, same page.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tdnv_rules.readers.classify import KINDS, classify_result  # noqa: E402
from tdnv_rules.readers.match import (  # noqa: E402
    LINK_THRESHOLD,
    TEXT_THRESHOLD,
    is_linked,
    match_result,
)

CLASSIFY_SET = ROOT / "fixtures" / "classify" / "subjects.jsonl"
MATCHING_SET = ROOT / "fixtures" / "matching" / "pairs.jsonl"
HELDOUT = ROOT / "fixtures" / "heldout"
HELDOUT2 = ROOT / "fixtures" / "heldout2"
HELDOUT3 = ROOT / "fixtures" / "heldout3"
# (slug, name, classifier set, matching set, what the set is to the readers)
SETS = (
    ("development", "development", CLASSIFY_SET, MATCHING_SET, "the sets the readers were built on"),
    (
        "heldout",
        "held-out",
        HELDOUT / "classify.jsonl",
        HELDOUT / "pairs.jsonl",
        "written blind; its errors were then studied once to add phrasing families, so its"
        " figures after that are no longer an unbiased estimate",
    ),
    (
        "heldout2",
        "held-out 2",
        HELDOUT2 / "classify.jsonl",
        HELDOUT2 / "pairs.jsonl",
        "written blind after the second round; its errors were then studied once (round 3) to"
        " add phrasing families and structural signals, so its figures after that are no"
        " longer an unbiased estimate",
    ),
    (
        "heldout3",
        "held-out 3",
        HELDOUT3 / "classify.jsonl",
        HELDOUT3 / "pairs.jsonl",
        "written blind after round 3; never used to tune the readers: the unbiased estimate",
    ),
)
# the held-out set as first measured, before its errors were studied
HELDOUT_BEFORE = (
    "classifier 84.4% (179/212), 20 requests taken for final_report;"
    " matcher F1 0.795 (P 0.892, R 0.717)"
)
# the second held-out set as first measured, before round 3
HELDOUT2_BEFORE = (
    "classifier 89.6% (199/222), 5 requests taken for final_report;"
    " matcher F1 0.821 (P 0.975, R 0.709)"
)
# the third held-out set as first measured, after round 3 (never tuned on)
HELDOUT3_FIRST = (
    "classifier 95.98% (239/249), 4 requests taken for final_report;"
    " matcher F1 0.975 (P 0.967, R 0.983)"
)
OUTPUT = ROOT / "docs" / "accuracy.md"
REQUESTS = ("extension_request", "opinion_request")
SWEEP = (35.0, 40.0, 45.0, 50.0, 55.0, 60.0, 65.0, 70.0, 75.0)
TEXT_SWEEP = (15.0, 25.0, 35.0, 45.0, 55.0)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The rows of a JSON-lines file; a bad line stops with its file and line number."""
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise SystemExit(f"{path}:{number}: not JSON ({error.msg})") from None
    return rows


# --- classifier -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassifierReport:
    """Figures of the classifier on its labelled set."""

    total: int
    correct: int
    confusion: dict[tuple[str, str], int]
    errors: list[tuple[dict[str, Any], Any]]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def requests_as_final(self) -> int:
        return sum(self.confusion.get((kind, "final_report"), 0) for kind in REQUESTS)

    def precision(self, kind: str) -> float:
        predicted = sum(n for (_, p), n in self.confusion.items() if p == kind)
        return self.confusion.get((kind, kind), 0) / predicted if predicted else 0.0

    def recall(self, kind: str) -> float:
        actual = sum(n for (a, _), n in self.confusion.items() if a == kind)
        return self.confusion.get((kind, kind), 0) / actual if actual else 0.0


def measure_classifier(rows: list[dict[str, Any]]) -> ClassifierReport:
    """Classify every row and compare with its label."""
    confusion: Counter[tuple[str, str]] = Counter()
    errors = []
    for row in rows:
        found = classify_result(
            doc_type=row.get("doc_type"),
            symbol=row.get("symbol"),
            subject=row.get("subject"),
            text=row.get("text"),
        )
        confusion[(row["label"], found.kind)] += 1
        if found.kind != row["label"]:
            errors.append((row, found))
    correct = sum(n for (a, p), n in confusion.items() if a == p)
    return ClassifierReport(len(rows), correct, dict(confusion), errors)


# --- matcher ----------------------------------------------------------------------------------


def _namespace(value: Any) -> Any:
    if isinstance(value, dict):
        return SimpleNamespace(**{k: _namespace(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_namespace(v) for v in value)
    return value


def is_mislink_label(row: dict[str, Any]) -> bool:
    """Whether a labelled pair is a mis-link (``label`` "mislinked"/"linked", or ``linked``)."""
    if "linked" in row and isinstance(row["linked"], bool):
        return not row["linked"]
    if "mislinked" in row and isinstance(row["mislinked"], bool):
        return row["mislinked"]
    label = str(row.get("label", "")).replace("-", "").replace("_", "").lower()
    if label in ("mislinked", "mislink", "wrong", "unrelated"):
        return True
    if label in ("linked", "link", "related", "ok"):
        return False
    raise SystemExit(f"pair {row.get('id')!r} has no linked/mis-linked label")


@dataclass(frozen=True)
class MatcherReport:
    """Figures of mis-link detection on the labelled pairs."""

    rows: list[tuple[dict[str, Any], Any, bool]]  # row, match, labelled mis-link

    def counts(self, threshold: float, text_threshold: float) -> tuple[int, int, int, int]:
        tp = fp = fn = tn = 0
        for _, match, mislinked in self.rows:
            flagged = not is_linked(match, threshold, text_threshold=text_threshold)
            tp += flagged and mislinked
            fp += flagged and not mislinked
            fn += (not flagged) and mislinked
            tn += (not flagged) and not mislinked
        return tp, fp, fn, tn

    def scores(self, threshold: float, text_threshold: float) -> tuple[float, float, float]:
        tp, fp, fn, _ = self.counts(threshold, text_threshold)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def errors(self, threshold: float, text_threshold: float) -> list[tuple[dict, Any, bool]]:
        return [
            (row, match, mislinked)
            for row, match, mislinked in self.rows
            if mislinked == is_linked(match, threshold, text_threshold=text_threshold)
        ]


def measure_matcher(rows: list[dict[str, Any]]) -> MatcherReport:
    """Match every labelled pair."""
    out = []
    for row in rows:
        task = _namespace(row.get("directive") or row["task"])
        result = _namespace(row["result"])
        for name in ("content", "extensions"):
            if not hasattr(task, name):
                setattr(task, name, None if name == "content" else ())
        text = row.get("text")
        if text is None and isinstance(row["result"], dict):
            text = row["result"].get("text")
        out.append((row, match_result(task, result, text=text), is_mislink_label(row)))
    return MatcherReport(out)


# --- page -------------------------------------------------------------------------------------


def _notes() -> dict[str, str]:
    path = ROOT / "fixtures" / "accuracy-notes.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {} if path.exists() else {}


NOTES = _notes()


def _cell(value: object) -> str:
    return str(value if value is not None else "").replace("|", "\\|").replace("\n", " ")


def classifier_section(report: ClassifierReport, path: Path, target: float) -> list[str]:
    lines = [
        "### Result kind (`readers.classify`)",
        "",
        f"Set: `{path.relative_to(ROOT)}`, {report.total} subjects.",
        "",
        f"- accuracy: **{report.accuracy:.2%}** ({report.correct}/{report.total});"
        f" target ≥ {target:.0%}",
        f"- extension/opinion requests taken for final_report: **{report.requests_as_final}**"
        " (target 0)",
        "",
        "| kind | precision | recall | support |",
        "|---|---:|---:|---:|",
    ]
    for kind in KINDS:
        support = sum(n for (a, _), n in report.confusion.items() if a == kind)
        lines.append(
            f"| {kind} | {report.precision(kind):.3f} | {report.recall(kind):.3f} | {support} |"
        )
    lines += ["", "Confusion matrix (rows: label, columns: classifier):", ""]
    lines.append("| label \\ found | " + " | ".join(KINDS) + " |")
    lines.append("|---|" + "---:|" * len(KINDS))
    for actual in KINDS:
        cells = " | ".join(str(report.confusion.get((actual, p), 0)) for p in KINDS)
        lines.append(f"| {actual} | {cells} |")
    lines += ["", f"Errors ({len(report.errors)}):", ""]
    lines.append("| id | label | found | doc_type | symbol | subject | evidence | explanation |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for row, found in report.errors:
        lines.append(
            f"| {_cell(row.get('id'))} | {row['label']} | {found.kind} | {_cell(row.get('doc_type'))}"
            f" | {_cell(row.get('symbol'))} | {_cell(row.get('subject'))}"
            f" | {_cell('; '.join(found.evidence))} | {_cell(NOTES.get(row.get('id'), ''))} |"
        )
    return lines


def matcher_section(report: MatcherReport, path: Path) -> list[str]:
    precision, recall, f1 = report.scores(LINK_THRESHOLD, TEXT_THRESHOLD)
    tp, fp, fn, tn = report.counts(LINK_THRESHOLD, TEXT_THRESHOLD)
    lines = [
        "### Result vs directive (`readers.match`)",
        "",
        f"Set: `{path.relative_to(ROOT)}`, {len(report.rows)} pairs,"
        f" {sum(m for _, _, m in report.rows)} labelled mis-linked.",
        "",
        f"Mis-link detection at `LINK_THRESHOLD` = {LINK_THRESHOLD:g},"
        f" `TEXT_THRESHOLD` = {TEXT_THRESHOLD:g}:",
        "",
        f"- precision **{precision:.3f}**, recall **{recall:.3f}**, F1 **{f1:.3f}**"
        " (target F1 ≥ 0.9)",
        f"- flagged and mis-linked {tp}, flagged but linked {fp},"
        f" missed mis-links {fn}, linked and passed {tn}",
        "",
        "Threshold sweep (`TEXT_THRESHOLD` fixed):",
        "",
        "| LINK_THRESHOLD | precision | recall | F1 |",
        "|---:|---:|---:|---:|",
    ]
    for threshold in SWEEP:
        p, r, f = report.scores(threshold, TEXT_THRESHOLD)
        lines.append(f"| {threshold:g} | {p:.3f} | {r:.3f} | {f:.3f} |")
    lines += [
        "",
        "`TEXT_THRESHOLD` sweep (`LINK_THRESHOLD` fixed):",
        "",
        "| TEXT_THRESHOLD | precision | recall | F1 |",
        "|---:|---:|---:|---:|",
    ]
    for text_threshold in TEXT_SWEEP:
        p, r, f = report.scores(LINK_THRESHOLD, text_threshold)
        lines.append(f"| {text_threshold:g} | {p:.3f} | {r:.3f} | {f:.3f} |")
    errors = report.errors(LINK_THRESHOLD, TEXT_THRESHOLD)
    lines += ["", f"Errors ({len(errors)}):", ""]
    lines.append(
        "| id | label | score | subject | text | cites task/ext/other | distinguishing"
        " | result subject | explanation |"
    )
    lines.append("|---|---|---:|---:|---:|---|---|---|---|")
    for row, match, mislinked in errors:
        cites = (
            f"{'T' if match.cites_task else '-'}{'E' if match.cites_extension else '-'}"
            f" {', '.join(match.cites_other)}"
        )
        result = row["result"] if isinstance(row["result"], dict) else {}
        lines.append(
            f"| {_cell(row.get('id'))} | {'mis-linked' if mislinked else 'linked'}"
            f" | {match.score:g} | {match.subject_score:g}"
            f" | {'' if match.text_score is None else f'{match.text_score:g}'}"
            f" | {_cell(cites)} | {_cell('; '.join(match.distinguishing))}"
            f" | {_cell(result.get('subject'))} | {_cell(NOTES.get(row.get('id'), ''))} |"
        )
    return lines


def measure_set(
    name: str, classify_path: Path, pairs_path: Path
) -> tuple[list[str], list[str], dict[str, Any]]:
    """Page lines, printed summary and figures of one labelled set (parts absent are noted)."""
    lines: list[str] = []
    summary: list[str] = []
    figures: dict[str, Any] = {}
    if classify_path.exists():
        report = measure_classifier(read_jsonl(classify_path))
        target = 0.97
        lines += classifier_section(report, classify_path, target) + [""]
        figures["classifier"] = report
        summary.append(
            f"{name} classifier: accuracy {report.accuracy:.2%} ({report.correct}/{report.total}),"
            f" requests taken for final_report: {report.requests_as_final}"
        )
        for kind in KINDS:
            summary.append(
                f"  {kind:<18} precision {report.precision(kind):.3f}"
                f"  recall {report.recall(kind):.3f}"
            )
    else:
        summary.append(f"{name} classifier: {classify_path.relative_to(ROOT)} is missing")
    if pairs_path.exists():
        report_m = measure_matcher(read_jsonl(pairs_path))
        lines += matcher_section(report_m, pairs_path) + [""]
        figures["matcher"] = report_m
        p, r, f = report_m.scores(LINK_THRESHOLD, TEXT_THRESHOLD)
        summary.append(
            f"{name} matcher (LINK_THRESHOLD {LINK_THRESHOLD:g}, TEXT_THRESHOLD"
            f" {TEXT_THRESHOLD:g}): mis-link precision {p:.3f} recall {r:.3f} F1 {f:.3f}"
        )
    else:
        summary.append(f"{name} matcher: {pairs_path.relative_to(ROOT)} is missing")
    return lines, summary, figures


def _figures_line(figures: dict[str, Any]) -> str:
    parts = []
    if "classifier" in figures:
        c = figures["classifier"]
        parts.append(
            f"classifier {c.accuracy:.1%} ({c.correct}/{c.total}),"
            f" {c.requests_as_final} requests taken for final_report"
        )
    if "matcher" in figures:
        p, r, f = figures["matcher"].scores(LINK_THRESHOLD, TEXT_THRESHOLD)
        parts.append(f"matcher F1 {f:.3f} (P {p:.3f}, R {r:.3f})")
    return "; ".join(parts) or "not measured"


def history_section(measured: dict[str, dict[str, Any]]) -> list[str]:
    """What the held-out set showed before and after its errors were studied."""
    return [
        "## History",
        "",
        f"- held-out before tuning: {HELDOUT_BEFORE}.",
        "- The readers were then extended by phrasing families and structure (word families"
        " in the lexicon: a request word near a time word, addressees asked for opinions,"
        " cut-offs and parts of the year, internal assignments; abbreviations and more kinds of"
        " distinguishing names in the matcher), not by the held-out sentences.",
        f"- held-out now: {_figures_line(measured.get('held-out', {}))}.",
        f"- development now: {_figures_line(measured.get('development', {}))}.",
        "- Honest reading: the held-out errors were studied to find those families, so the"
        " held-out figures after tuning are no longer an unbiased estimate of accuracy on new"
        " letters. After that round the second blind set (`fixtures/heldout2/`) gave the"
        " unbiased estimate (its \"before round 3\" figures below).",
        f"- held-out 2 before round 3: {HELDOUT2_BEFORE}; after:"
        f" {_figures_line(measured.get('held-out 2', {}))}.",
        "- Round 3 added, by family and structure rather than by sentence: in the classifier,"
        " openings that make a subject the unit's own instruction (\"Hướng dẫn các đơn vị …\","
        " \"V/v tăng cường …\", \"Giao Chi cục …\") read before the request cues; requests to"
        " answer or report later (\"… trả lời sau\", \"… báo cáo sau ngày\"), to extend the"
        " unit's own deliverable (\"đề nghị … gia hạn nộp báo cáo\", \"gia hạn đến/sang\"),"
        " \"khất\", and putting off read only in forms that fold to no other word (\"dời\""
        " folds like \"đối\", \"hoãn\" like \"hoàn\"); opinion requests with \"xin\","
        " \"phối hợp\", \"phản biện\" and drafts sent out for comment; progress by school"
        " terms and months, early stages or batches (\"bước 1\", \"đợt 1\", \"lần 1\"),"
        " updates, provisional and first-response words, results up to a cut-off, promises of"
        " more; \"tiến độ\" as the topic of a check or a finished work is not progress. In the"
        " matcher: numbered things (storm, term of office with Roman numerals), more kinds of"
        " named places (ports, junctions, hydropower plants, lakes, rivers — one-word markers"
        " only with their diacritics and in lower case), names that run through lower-case"
        " words (\"Xi măng Long Sơn\"), a person called by the given name, the ends of a route"
        " after \"nối\", and closed vocabularies (beneficiary, levy, disease, disaster, kind of"
        " site, waters, utility) where two documents naming different terms differ.",
        "- Conventions, where the sets could disagree: a report that also asks for time is an"
        " extension request; a year-end or whole-school-year report is final, a month, quarter,"
        " half-year or first term while the work goes on is progress; a bare \"Báo cáo\" is"
        " final; the unit's own instruction to its staff or subordinates is other even when it"
        " mentions an extension (it is not a request to the UBND); \"tiến độ\" as the topic of"
        " an inspection or a finished work is final. The development and first held-out labels"
        " agree with these (all three sets score 100% under them); where a rule was in doubt,"
        " the choice was the one that never lets a request through as a final report.",
        "- Honest reading: held-out 2 was studied in round 3 too, so its figures after round 3"
        " are biased like the first held-out set's. The unbiased estimate is the third blind"
        " set (`fixtures/heldout3/`), measured below and never used to tune.",
        f"- held-out 3, measured once after round 3: {HELDOUT3_FIRST}. Its errors are listed"
        " below with their explanations and were not tuned on. One of them (qp038) showed a"
        " logic slip, not a missing phrase: an attachment citing the task's extension approval"
        " did not count as citing the task. That was corrected; the figures below include the"
        " correction, and the classifier's are unchanged.",
        "- Reading the trend: each blind set, met for the first time, scored higher than the one"
        " before (84.4%, 89.6%, 96.0% for the classifier; 20, 5, 4 requests taken for final"
        " reports): the families generalise, but a new letter may still be phrased in a way no"
        " family covers. The gate's answer to that is the Office's override, and the set of"
        " explained errors is the list of families to add next.",
        "",
    ]


def build_page(skipped: set[str]) -> tuple[str, list[str]]:
    """The text of docs/accuracy.md and the summary lines printed, leaving out ``skipped``."""
    lines = [
        "# Accuracy of the readers",
        "",
        "Generated by `scripts/accuracy.py` from the labelled sets; do not edit by hand.",
        "The explanation of each error comes from `fixtures/accuracy-notes.yaml`.",
        "",
    ]
    body: list[str] = []
    summary: list[str] = []
    measured: dict[str, dict[str, Any]] = {}
    for slug, name, classify_path, pairs_path, about in SETS:
        if slug in skipped:
            summary.append(f"{name}: skipped (--skip {slug})")
            body += [f"## {name.capitalize()} set", "", f"Skipped in this run ({about}).", ""]
            continue
        if not classify_path.exists() and not pairs_path.exists():
            summary.append(f"{name}: no set ({classify_path.parent.relative_to(ROOT)} absent)")
            body += [f"## {name.capitalize()} set", "", f"Not present ({about}).", ""]
            continue
        set_lines, set_summary, figures = measure_set(name, classify_path, pairs_path)
        measured[name] = figures
        body += [f"## {name.capitalize()} set", "", f"{about.capitalize()}.", ""] + set_lines
        summary += set_summary
    lines += history_section(measured) + body
    return "\n".join(lines).rstrip() + "\n", summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Measure the readers on the labelled sets.")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=[slug for slug, *_ in SETS],
        help="a set not to read or measure (repeatable), e.g. --skip heldout3",
    )
    skipped = set(parser.parse_args(argv).skip)
    page, summary = build_page(skipped)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(page, encoding="utf-8")
    print("\n".join(summary))
    print(f"written {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
