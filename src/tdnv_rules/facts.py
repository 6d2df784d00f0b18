"""The named facts of a task at a moment: the rules' whole vocabulary.

Two vocabularies: gate facts describe a closure asked for at moment ``at`` (the history up to
it, the closures before it); audit facts describe the data as of a day. Every fact is a
``str``, ``int`` or ``bool`` and is never ``None``: an absent value is a companion flag
(``has_deadline``) or a sentinel (``"none"``, ``-1``, ``""``). Readers supply what documents
say; this module turns it into facts and decides nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .dates import fmt_date, local_date, moment
from .readers.classify import classify_result
from .readers.deadline import content_deadline
from .readers.match import match_result
from .symbols import find_symbols, parse_symbol, same_document
from .text import normalize
from .units import Registry, looks_like_person

if TYPE_CHECKING:
    from .model import ResultDocument, Task

__all__ = [
    "GATE_FACTS",
    "AUDIT_FACTS",
    "FACT_DOCS",
    "CONTEXT_KEYS",
    "FactContext",
    "gate_facts",
    "audit_facts",
    "context_values",
]

_DECLARED: dict[str, tuple[type, str, tuple[str, ...]]] = {}


def _fact(name: str, kind: type, doc: str, *scopes: str) -> None:
    _DECLARED[name] = (kind, doc, scopes)


G, A = "gate", "audit"
_fact("result_count", int, "result documents posted up to the moment", G, A)
_fact("latest_result_index", int, "position of the latest result in `results` (-1: none)", G, A)
_fact("latest_result_kind", str, "kind of the latest result: extension_request, "
      "opinion_request, progress_report, final_report, other; none without results", G, A)
_fact("latest_result_evidence", str, "what decided the latest result's kind", G, A)
_fact("latest_result_symbol", str, "number of the latest result (Số KH)", G, A)
_fact("latest_result_date", str, "day the latest result was posted, dd/mm/yyyy", G, A)
_fact("latest_result_subject", str, "subject of the latest result", G)
_fact("latest_result_subject_score", int, "0–100 similarity of the latest result to the "
      "directive (subject, and attachment text when read)", G)
_fact("latest_result_cites_other", bool, "the latest result cites a directive that is "
      "neither this task's nor one of its extension approvals", G)
_fact("latest_result_cites_task", bool, "the latest result cites this task's directive or "
      "one of its extension approvals", G)
_fact("latest_result_cited_other", str, "the other directive numbers it cites", G)
_fact("attachment_status", str, "latest result's attachment: not_checked (no folder "
      "given), none (no PDF attached), read, unreadable", G)
_fact("attachment_name", str, "file name of the attachment read", G)
_fact("attachment_reason", str, "why the attachment could not be read", G)
_fact("attachment_text_score", int, "0–100 similarity of the attachment's text to the "
      "directive (-1: not read)", G)
_fact("attachment_cites_task", bool, "the attachment's text cites this task's directive", G)
_fact("attachment_symbol", str, "the number printed after 'Số:' in the attachment", G)
_fact("attachment_symbol_mismatch", bool, "the attachment's number differs from the "
      "result's", G)
_fact("reopenings_before", int, "times the Office reopened the task before the moment", G)
_fact("closures_before", int, "closures pressed before the moment", G)
_fact("has_deadline", bool, "an effective deadline exists", G, A)
_fact("days_to_deadline", int, "days from the moment's day to the effective deadline "
      "(negative: past; 0 without deadline)", G, A)
_fact("days_overdue", int, "days past the effective deadline (0 when not past)", G, A)
_fact("effective_deadline", str, "effective deadline, dd/mm/yyyy ('' without)", G, A)
_fact("is_closed", bool, "the task stands closed as of the day", A)
_fact("closed_on", str, "day of the standing closure, dd/mm/yyyy", A)
_fact("days_late", int, "days the standing closure came after the effective deadline "
      "(0 when on time, open, or without deadline)", A)
_fact("closing_result_count", int, "results posted before the standing closure", A)
_fact("closing_latest_result_kind", str, "kind of the latest result at the standing "
      "closure (none: no result; '' when open)", A)
_fact("days_since_signed", int, "days from signing to the audit day", A)
_fact("assigned_year", int, "year the directive was signed", A)
_fact("latest_result_is_final", bool, "the latest result is a final report", A)
_fact("days_since_latest_result", int, "days from the latest result to the audit day "
      "(-1: none)", A)
_fact("assignee_match", str, "how the assigned unit's name resolved: exact, alias, "
      "fuzzy, none", A)
_fact("assignee_unit", str, "the assigned unit's registered name (its written name, "
      "normalised, when it did not resolve)", A)
_fact("assignee_suggestion", str, "the closest registered unit when it did not resolve", A)
_fact("person_result_units", int, "results whose unit is a person's name", A)
_fact("person_result_unit", str, "the first such name", A)
_fact("person_result_index", int, "its position in `results` (-1: none)", A)
_fact("malformed_symbols", int, "document numbers that could not be read", A)
_fact("malformed_symbol", str, "the first such number", A)
_fact("malformed_symbol_path", str, "where it is, e.g. symbol or results.1.symbol", A)
_fact("content_deadline", str, "deadline stated in the content, dd/mm/yyyy ('' none)", A)
_fact("content_deadline_mismatch", bool, "the content's date differs from the deadline "
      "field", A)
_fact("deadline", str, "the deadline field, dd/mm/yyyy ('' without)", A)
_fact("extensions_not_later", int, "extensions whose new deadline is not after the one "
      "they replace", A)
_fact("extension_not_later_index", int, "the first such extension (-1: none)", A)
_fact("extensions_without_approval", int, "extensions whose reason cites no approving "
      "document", A)
_fact("extension_without_approval_index", int, "the first such extension (-1: none)", A)
_fact("results_before_directive", int, "results dated before the directive was signed", A)
_fact("result_before_directive_index", int, "the first such result (-1: none)", A)
_fact("duplicate_id", bool, "another task with the same id came earlier in the data", A)

GATE_FACTS: Mapping[str, type] = {n: k for n, (k, _, s) in _DECLARED.items() if G in s}
AUDIT_FACTS: Mapping[str, type] = {n: k for n, (k, _, s) in _DECLARED.items() if A in s}
FACT_DOCS: Mapping[str, str] = {n: d for n, (_, d, _) in _DECLARED.items()}
CONTEXT_KEYS: tuple[str, ...] = ("task_id", "task_symbol", "unit", "subject", "at", "as_of")


@dataclass(frozen=True)
class FactContext:
    """What facts are computed with: the unit registry and where attachments are."""

    registry: Registry | None = None
    base_dir: Path | None = None


def context_values(task: Task, when: datetime | date) -> dict[str, Any]:
    """Values every message may use beside the facts."""
    day = local_date(when) if isinstance(when, datetime) else when
    return {
        "task_id": task.id,
        "task_symbol": task.symbol,
        "unit": task.assignee,
        "subject": task.subject,
        "at": fmt_date(day),
        "as_of": fmt_date(day),
    }


def _latest(results: tuple[ResultDocument, ...]) -> ResultDocument | None:
    """The result posted last (of several at the same moment, the one listed last)."""
    if not results:
        return None
    return results[max(range(len(results)), key=lambda i: (results[i].updated_at, i))]


def _kind(result: ResultDocument | None, text: str | None = None) -> tuple[str, str]:
    if result is None:
        return "none", ""
    found = classify_result(
        doc_type=result.doc_type, symbol=result.symbol, subject=result.subject or "", text=text
    )
    return found.kind, "; ".join(found.evidence)


def _index_in(task: Task, result: ResultDocument) -> int:
    for index, candidate in enumerate(task.results):
        if candidate is result:
            return index
    return -1


def _deadline_facts(deadline: date | None, day: date) -> dict[str, Any]:
    return {
        "has_deadline": deadline is not None,
        "days_to_deadline": (deadline - day).days if deadline else 0,
        "days_overdue": max(0, (day - deadline).days) if deadline else 0,
        "effective_deadline": fmt_date(deadline),
    }


def _attachment_facts(
    task: Task, result: ResultDocument | None, base_dir: Path | None
) -> tuple[dict[str, Any], str | None]:
    facts: dict[str, Any] = {
        "attachment_status": "not_checked",
        "attachment_name": "",
        "attachment_reason": "",
        "attachment_text_score": -1,
        "attachment_cites_task": False,
        "attachment_symbol": "",
        "attachment_symbol_mismatch": False,
    }
    if base_dir is None or result is None:
        return facts, None
    pdfs = [a for a in result.attachments if (a.path or a.name or "").lower().endswith(".pdf")]
    if not pdfs:
        facts["attachment_status"] = "none"
        return facts, None
    from .readers.pdf import read_attachment  # pypdf is imported only when PDFs are read

    attachment = pdfs[0]
    reading = read_attachment(base_dir, attachment.path or attachment.name)
    facts["attachment_name"] = attachment.name or attachment.path or ""
    if reading.status != "read":
        facts["attachment_status"] = "unreadable"
        facts["attachment_reason"] = reading.message_vi or reading.reason or ""
        return facts, None
    facts["attachment_status"] = "read"
    match = match_result(task, result, text=reading.text)
    facts["attachment_text_score"] = int(round(match.text_score or 0))
    facts["attachment_cites_task"] = bool(match.text_cites_task)
    header = reading.header
    if header is not None and header.symbol and header.symbol_valid:
        facts["attachment_symbol"] = header.symbol
        if result.symbol and parse_symbol(result.symbol).valid:
            facts["attachment_symbol_mismatch"] = not same_document(header.symbol, result.symbol)
    return facts, reading.text


def gate_facts(task: Task, at: object, context: FactContext | None = None) -> dict[str, Any]:
    """Facts of a closure of ``task`` asked for at ``at``.

    The history up to ``at`` counts: results, extensions and reopenings at or before it, and
    only the closures strictly before it.
    """
    context = context or FactContext()
    when = moment(at, end_of_day=True)
    state = task.state(when)
    latest = _latest(state.results)
    index = _index_in(task, latest) if latest is not None else -1
    attachment, text = _attachment_facts(task, latest, context.base_dir)
    kind, evidence = _kind(latest, text)
    facts: dict[str, Any] = {
        "result_count": len(state.results),
        "latest_result_index": index,
        "latest_result_kind": kind,
        "latest_result_evidence": evidence,
        "latest_result_symbol": (latest.symbol or "") if latest else "",
        "latest_result_date": fmt_date(latest.updated_at) if latest else "",
        "latest_result_subject": (latest.subject or "") if latest else "",
        "latest_result_subject_score": 0,
        "latest_result_cites_other": False,
        "latest_result_cites_task": False,
        "latest_result_cited_other": "",
        "reopenings_before": sum(1 for r in task.reopenings if r.at < when),
        "closures_before": sum(1 for c in task.closures if c.at < when),
        **_deadline_facts(state.effective_deadline, local_date(when)),
        **attachment,
    }
    if latest is not None:
        match = match_result(task, latest)
        facts["latest_result_subject_score"] = int(round(match.score))
        facts["latest_result_cites_other"] = bool(match.cites_other)
        facts["latest_result_cites_task"] = bool(match.cites_task or match.cites_extension)
        facts["latest_result_cited_other"] = ", ".join(match.cites_other)
    return facts


def audit_facts(
    task: Task,
    as_of: object,
    context: FactContext | None = None,
    *,
    duplicate_id: bool = False,
) -> dict[str, Any]:
    """Facts of ``task`` as of the end of day ``as_of``."""
    context = context or FactContext()
    when = moment(as_of, end_of_day=True)
    day = local_date(when)
    state = task.state(when)
    latest = _latest(state.results)
    index = _index_in(task, latest) if latest is not None else -1
    kind, evidence = _kind(latest)

    closing_count, closing_kind = 0, ""
    if state.closed and state.completed_at is not None:
        closed_at = state.completed_at  # the results of task.state(closed_at), without the rest
        closing = tuple(r for r in state.results if r.updated_at <= closed_at)
        closing_count = len(closing)
        closing_kind = _kind(_latest(closing))[0]
    days_late = 0
    if state.closed and state.effective_deadline is not None and state.completed_on:
        days_late = max(0, (state.completed_on - state.effective_deadline).days)

    stated = content_deadline(task.content)
    facts: dict[str, Any] = {
        "is_closed": state.closed,
        "closed_on": fmt_date(state.completed_at),
        "days_late": days_late,
        "closing_result_count": closing_count,
        "closing_latest_result_kind": closing_kind,
        "days_since_signed": (day - task.signed_on).days,
        "assigned_year": task.signed_on.year,
        "result_count": len(state.results),
        "latest_result_index": index,
        "latest_result_kind": kind,
        "latest_result_evidence": evidence,
        "latest_result_symbol": (latest.symbol or "") if latest else "",
        "latest_result_date": fmt_date(latest.updated_at) if latest else "",
        "latest_result_is_final": kind == "final_report",
        "days_since_latest_result": (day - local_date(latest.updated_at)).days if latest else -1,
        "content_deadline": fmt_date(stated),
        "content_deadline_mismatch": bool(stated and task.deadline and stated != task.deadline),
        "deadline": fmt_date(task.deadline),
        "duplicate_id": duplicate_id,
        **_deadline_facts(state.effective_deadline, day),
        **_unit_facts(task, context.registry),
        **_symbol_facts(task),
        **_extension_facts(task),
        **_result_date_facts(task),
    }
    return facts


def _unit_facts(task: Task, registry: Registry | None) -> dict[str, Any]:
    registry = registry or Registry.default()
    found = registry.resolve(task.assignee, at=task.signed_on)
    suggestion = ""
    if found is None:
        near = registry.suggest(task.assignee)
        suggestion = near.unit.name if near is not None else ""
    persons = [
        (i, r.unit) for i, r in enumerate(task.results) if r.unit and looks_like_person(r.unit)
    ]
    return {
        "assignee_match": found.method if found is not None else "none",
        "assignee_unit": found.unit.name if found is not None else normalize(task.assignee),
        "assignee_suggestion": suggestion,
        "person_result_units": len(persons),
        "person_result_unit": persons[0][1] if persons else "",
        "person_result_index": persons[0][0] if persons else -1,
    }


def _symbol_facts(task: Task) -> dict[str, Any]:
    bad: list[tuple[str, str]] = []
    if not parse_symbol(task.symbol).valid:
        bad.append(("symbol", task.symbol))
    for i, result in enumerate(task.results):
        if result.symbol and not parse_symbol(result.symbol).valid:
            bad.append((f"results.{i}.symbol", result.symbol))
    return {
        "malformed_symbols": len(bad),
        "malformed_symbol": bad[0][1] if bad else "",
        "malformed_symbol_path": bad[0][0] if bad else "",
    }


def _extension_facts(task: Task) -> dict[str, Any]:
    not_later: list[int] = []
    unapproved: list[int] = []
    in_force = task.deadline
    for i, extension in sorted(enumerate(task.extensions), key=lambda p: p[1].at):
        if in_force is not None and extension.new_deadline <= in_force:
            not_later.append(i)
        if not find_symbols(extension.reason or ""):
            unapproved.append(i)
        in_force = extension.new_deadline
    return {
        "extensions_not_later": len(not_later),
        "extension_not_later_index": min(not_later, default=-1),
        "extensions_without_approval": len(unapproved),
        "extension_without_approval_index": min(unapproved, default=-1),
    }


def _result_date_facts(task: Task) -> dict[str, Any]:
    early = [i for i, r in enumerate(task.results) if local_date(r.updated_at) < task.signed_on]
    return {
        "results_before_directive": len(early),
        "result_before_directive_index": early[0] if early else -1,
    }
