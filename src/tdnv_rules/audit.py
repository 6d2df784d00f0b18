"""The audit: every rule of the audit and data scopes over every task, as of a day."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .dates import VN_TZ, parse_date
from .facts import FactContext, audit_facts, context_values
from .findings import Finding, Findings
from .model import Task
from .rulebook import Rulebook, default_rulebook

__all__ = ["audit", "audit_stream", "AuditItem"]

AuditItem = tuple[Task, list[Finding]]


def _day(as_of: object) -> date:
    if as_of is None:
        return datetime.now(VN_TZ).date()
    return parse_date(as_of)


def audit_stream(
    records: Iterable[Any],
    as_of: object = None,
    *,
    rulebook: Rulebook | None = None,
    context: FactContext | None = None,
    on_error: Callable[[Any], None] | None = None,
    find_duplicates: bool = True,
) -> Iterator[AuditItem]:
    """Audit tasks one at a time, in order; load errors go to ``on_error``.

    ``records`` yields tasks, or load errors (anything that is not a ``Task``) which are
    passed on and do not stop the run. ``find_duplicates=False`` skips the duplicate-id rule's
    bookkeeping, for records from the loaders, which already report repeated ids as errors.
    """
    rulebook = rulebook or default_rulebook()
    context = context or FactContext()
    day = _day(as_of)
    seen: set[str] = set()
    for record in records:
        if not isinstance(record, Task):
            if on_error is not None:
                on_error(record)
            continue
        duplicate = False
        if find_duplicates:
            duplicate = record.id in seen
            seen.add(record.id)
        facts = audit_facts(record, day, context, duplicate_id=duplicate)
        fired = rulebook.fired("audit", facts)
        if not fired:
            yield record, []
            continue
        values = {**facts, **context_values(record, day)}
        yield record, [rulebook.finding(rule, record, values) for rule in fired]


def audit(
    data: Any,
    as_of: object = None,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    params: dict[str, dict[str, Any]] | None = None,
    registry: Any = None,
    rulebook: Rulebook | None = None,
    lang: str = "vi",
) -> Findings:
    """Audit an export (a path, a ``LoadResult`` or tasks) as of ``as_of`` (default: today).

    Every finding is collected (nothing stops at the first); records that could not be read
    are kept in ``Findings.errors`` and every other task is still checked.
    """
    if rulebook is None:
        if select is None and ignore is None and params is None:
            rulebook = default_rulebook(lang)
        else:
            rulebook = Rulebook(select=select, ignore=ignore, params=params, lang=lang)
    errors: list[Any] = []
    records: Iterable[Any]
    loaded = True  # the loaders report repeated ids themselves
    if isinstance(data, (str, Path)):
        from .io import iter_records

        records = iter_records(data)
    elif hasattr(data, "tasks") and hasattr(data, "errors"):
        errors.extend(data.errors)
        records = data.tasks
    else:
        records, loaded = data, False
    day = _day(as_of)
    found: list[Finding] = []
    checked = 0
    for _, findings in audit_stream(
        records, day, rulebook=rulebook, context=FactContext(registry=registry),
        on_error=errors.append, find_duplicates=not loaded,
    ):
        checked += 1
        found.extend(findings)
    return Findings(found, as_of=day, errors=errors, checked=checked, lang=lang)
