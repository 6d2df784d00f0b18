"""The closure gate: may this unit close this task now?"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .dates import VN_TZ, moment
from .facts import FactContext, context_values, gate_facts
from .findings import Decision, severity_rank
from .model import Task
from .rulebook import Rulebook, default_rulebook

__all__ = ["check_closure", "check_export_task", "warm_up", "TaskNotFound"]

_DECISION = {3: "block", 2: "warn"}


def check_closure(
    task: Task,
    at: object = None,
    *,
    base_dir: str | Path | None = None,
    rulebook: Rulebook | None = None,
) -> Decision:
    """Judge a closure of ``task`` asked for at ``at`` (default: now).

    The history up to ``at`` counts (results, extensions and reopenings at or before it, the
    closures strictly before it). Attachments are read only when ``base_dir`` — the folder
    the attachment paths are relative to — is given. The decision is ``block`` when a
    blocking finding stands, ``warn`` when a warning does, else ``allow``.
    """
    rulebook = rulebook or default_rulebook()
    when = datetime.now(VN_TZ) if at is None else moment(at, end_of_day=True)
    context = FactContext(base_dir=Path(base_dir) if base_dir is not None else None)
    facts = gate_facts(task, when, context)
    fired = rulebook.fired("gate", facts)
    values = {**facts, **context_values(task, when)}
    findings = tuple(rulebook.finding(rule, task, values) for rule in fired)
    worst = max((severity_rank(f.severity) for f in findings), default=0)
    return Decision(
        task=task.id,
        at=when,
        decision=_DECISION.get(worst, "allow"),
        findings=findings,
        facts=facts,
    )


class TaskNotFound(LookupError):
    """The export holds no task with the id asked for."""


def check_export_task(
    path: str | Path,
    task_id: str,
    at: object = None,
    *,
    base_dir: str | Path | None = None,
    rulebook: Rulebook | None = None,
) -> Decision:
    """Judge a closure of one task of an export file; attachments are read from the file's
    folder unless ``base_dir`` says otherwise."""
    from .io import iter_records

    for record in iter_records(path):
        if isinstance(record, Task) and record.id == task_id:
            export = Path(path).resolve()
            folder = Path(base_dir) if base_dir else export if export.is_dir() else export.parent
            return check_closure(record, at, base_dir=folder, rulebook=rulebook)
    raise TaskNotFound(f"{path}: no task with id {task_id!r}")


_WARM_TASK = {
    "id": "warm-up", "symbol": "1/UBND-NN", "signed_on": "2024-01-02", "deadline": "2024-02-01",
    "assignee": "Sở Tài nguyên và Môi trường", "subject": "V/v rà soát quy hoạch",
    "content": "Giao rà soát quy hoạch; báo cáo trước ngày 25/01/2024",
    "results": [{"updated_at": "2024-01-20", "symbol": "12/STNMT-QH", "doc_type": "Công văn",
                 "subject": "V/v xin gia hạn thời gian báo cáo rà soát quy hoạch"}],
}


def warm_up(rulebook: Rulebook | None = None) -> Rulebook:
    """Compile the rulebook's engine and load every lexicon before the first real closure.

    A web system calls this once at start-up (then, optionally, ``gc.freeze()`` so that the
    collector never scans the long-lived rule and lexicon objects: p99 drops by about a
    quarter; see docs/performance.md). Returns the rulebook to pass to ``check_closure``.
    """
    rulebook = rulebook or default_rulebook()
    check_closure(Task.model_validate(_WARM_TASK), "2024-01-21T09:00:00+07:00", rulebook=rulebook)
    return rulebook
