"""The audit of a JSON Lines export spread over worker processes.

The file is cut into byte ranges that end on a newline. Each worker process builds its own
rulebook from the configuration, reads its ranges line by line with the loader's own line
decoder, and audits every task; the parent hands the ranges out a few at a time and takes the
answers back in file order, so memory does not grow with the export and the findings, the
load errors and their order are those of the single-process run:

* line numbers and record indexes are counted from the start of each range by the worker and
  shifted by the parent, which knows how many lines and records came before;
* duplicate task ids are found by the parent, over the whole file, exactly as the loader does
  (the later task becomes a load error and is not audited);
* a line that is not UTF-8 ends the run at that line, as it does for the loader.

Other formats, gzip files and ``jobs <= 1`` take the single-process path.
"""

from __future__ import annotations

import io
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .audit import _day, audit_stream
from .config import Config
from .facts import FactContext
from .findings import Finding
from .io import LoadError, detect_format, iter_records
from .model import Task

__all__ = ["audit_file", "DEFAULT_CHUNK_LINES", "chunk_ranges", "plain_jsonl"]

DEFAULT_CHUNK_LINES = 20_000
_SAMPLE_BYTES = 1 << 20
_MIN_CHUNK_BYTES = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class _Checked:
    """One task a worker audited: where it was read and what it gave."""

    task: str
    line: int  # 1-based line within the range
    index: int  # 0-based record index within the range
    findings: list[Finding]


@dataclass(frozen=True, slots=True)
class _RangeResult:
    """What a worker found in one byte range, in file order."""

    items: list[_Checked | LoadError]
    lines: int  # lines read (every line, blank ones included)
    records: int  # records read (non-blank lines)
    stopped: bool  # reading stopped early (bytes that are not UTF-8, a read error)


# --------------------------------------------------------------------------- splitting


def chunk_ranges(path: str | os.PathLike[str], chunk_bytes: int) -> list[tuple[int, int]]:
    """Byte ranges ``[start, end)`` covering the file, each ending just after a newline (or at
    the end of the file), each at least ``chunk_bytes`` long except the last."""
    size = os.path.getsize(path)
    ranges: list[tuple[int, int]] = []
    start = 0
    with open(path, "rb") as stream:
        while start < size:
            target = start + max(chunk_bytes, 1)
            if target >= size:
                end = size
            else:
                stream.seek(target - 1)
                stream.readline()  # to the end of the line holding byte target-1
                end = stream.tell()
            ranges.append((start, end))
            start = end
    return ranges


def _chunk_bytes(path: Path, chunk_lines: int) -> int:
    """Bytes that hold about ``chunk_lines`` lines, judged from the file's first megabyte."""
    with open(path, "rb") as stream:
        head = stream.read(_SAMPLE_BYTES)
    lines = head.count(b"\n") or 1
    per_line = len(head) / lines
    return max(_MIN_CHUNK_BYTES, int(per_line * chunk_lines))


def plain_jsonl(path: Path) -> bool:
    """A plain (not gzip) JSON Lines file."""
    try:
        if not path.is_file() or detect_format(path) != "jsonl":
            return False
        with open(path, "rb") as stream:
            return stream.read(2) != _GZIP_MAGIC
    except OSError:
        return False


# --------------------------------------------------------------------------- the worker side

_worker: dict[str, Any] = {}


def _start_worker(config: Config, as_of: object, file: str) -> None:
    """Process initialiser: build this worker's rulebook and unit registry once."""
    _worker["rulebook"] = config.rulebook()
    _worker["context"] = FactContext(registry=config.unit_registry())
    _worker["day"] = _day(as_of)
    _worker["file"] = file


def _read_range(path: str, start: int, end: int, file: str, counts: list[Any]) -> Iterator[Any]:
    """The records of one byte range as the JSON Lines loader reads them: ``Loaded`` tasks and
    ``LoadError`` records, lines and indexes counted from the range's start; at the end,
    ``counts`` receives ``(lines, records, stopped)``."""
    from .io.jsonfile import jsonl_records

    with open(path, "rb") as stream:
        stream.seek(start)
        data = stream.read(end - start)
    yield from jsonl_records(io.BytesIO(data), file, starts_file=start == 0, tally=counts)


def _audit_range(path: str, start: int, end: int, file: str | None = None) -> _RangeResult:
    """Worker task: read and audit one byte range (errors name ``file``, by default the
    export the worker was started for)."""
    rulebook = _worker["rulebook"]
    context = _worker["context"]
    day = _worker["day"]
    items: list[_Checked | LoadError] = []
    where: list[tuple[int, int]] = []
    counts: list[tuple[int, int, bool]] = []

    def tasks() -> Iterator[Task | LoadError]:
        for record in _read_range(path, start, end, file or _worker["file"], counts):
            if isinstance(record, LoadError):
                yield record
            else:
                where.append((record.line, record.index))
                yield record.task

    # Duplicate ids are the parent's to find (over the whole file); a later task of an id
    # already seen in this range is audited here but dropped by the parent, as the loader
    # would have dropped it, so what it gives never shows.
    for task, findings in audit_stream(
        tasks(), day, rulebook=rulebook, context=context, on_error=items.append,
        find_duplicates=False,
    ):
        line, index = where[-1]
        items.append(_Checked(task.id, line, index, findings))
    lines, records, stopped = counts[0]
    return _RangeResult(items, lines, records, stopped)


# --------------------------------------------------------------------------- the parent side


def _shifted(error: LoadError, lines: int, records: int) -> LoadError:
    update: dict[str, int] = {}
    if error.line is not None:
        update["line"] = error.line + lines
    if error.index is not None:
        update["index"] = error.index + records
    return error.model_copy(update=update) if update else error


def _context() -> multiprocessing.context.BaseContext:
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def audit_file(
    path: str | os.PathLike[str],
    as_of: object,
    *,
    jobs: int,
    config: Config | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    on_error: Callable[[Any], None] | None = None,
    lang: str | None = None,
    chunk_lines: int = DEFAULT_CHUNK_LINES,
    chunk_bytes: int | None = None,
) -> Iterator[tuple[Task | None, list[Finding]]]:
    """Audit an export with ``jobs`` worker processes; yield ``(None, findings)`` per task
    checked, in file order, and pass load errors to ``on_error`` in file order.

    The findings and errors are those of ``audit_stream(iter_records(path), ...)`` with the
    rulebook ``config.rulebook(select=..., ignore=..., lang=...)`` (the arguments given win
    over the configuration) and the configuration's unit registry. ``chunk_lines`` (or
    ``chunk_bytes``) sets how much of the file one worker task reads. Exports that are not
    plain JSON Lines, and ``jobs <= 1``, are audited in this process and yield the tasks.
    """
    config = (config or Config()).narrowed(
        select=list(select) if select is not None else None,
        ignore=list(ignore) if ignore is not None else None,
        lang=lang,
    )
    source = Path(path)
    if jobs <= 1 or not plain_jsonl(source):
        yield from audit_stream(
            iter_records(path), as_of, rulebook=config.rulebook(),
            context=FactContext(registry=config.unit_registry()), on_error=on_error,
            find_duplicates=False,
        )
        return
    _day(as_of)  # a bad day fails here, not in every worker
    config.rulebook()  # so does a bad selection or parameter
    size = chunk_bytes or _chunk_bytes(source, chunk_lines)
    ranges = deque(chunk_ranges(source, size))
    first_line: dict[str, int] = {}  # as the loader keeps it: the only state that grows
    lines_before = 0
    records_before = 0
    report = on_error or (lambda error: None)
    executor = ProcessPoolExecutor(
        max_workers=jobs, mp_context=_context(), initializer=_start_worker,
        initargs=(config, as_of, str(source)),
    )
    pending: deque[Future[_RangeResult]] = deque()
    try:
        while ranges or pending:
            while ranges and len(pending) < 2 * jobs:
                start, end = ranges.popleft()
                pending.append(executor.submit(_audit_range, str(source), start, end))
            result = pending.popleft().result()
            for item in result.items:
                if isinstance(item, LoadError):
                    report(_shifted(item, lines_before, records_before))
                    continue
                line = item.line + lines_before
                if item.task in first_line:
                    report(LoadError(
                        file=str(path), line=line, index=item.index + records_before,
                        task=item.task,
                        message=f"duplicate task id {item.task!r} (first at line {first_line[item.task]})",
                    ))
                    continue
                first_line[item.task] = line
                yield None, item.findings
            lines_before += result.lines
            records_before += result.records
            if result.stopped:
                break
    finally:
        for future in pending:
            future.cancel()
        executor.shutdown(wait=True, cancel_futures=True)
