"""Loading exports: JSON, JSON Lines (optionally gzip), an XLSX workbook or a folder of CSV files.

``iter_records(path)`` streams ``Task`` and ``LoadError`` records in file order;
``load(path)`` collects them into a ``LoadResult`` (lazy: every problem reported, every valid
task kept) or, with ``strict=True``, raises ``ExportError`` listing every problem.
The format is described in docs/export-format.md.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from pathlib import Path

from ..model import ExportUnit, Task, TaskCore
from .errors import ExportError, Loaded, LoadError, LoadResult
from .jsonfile import iter_json, iter_jsonl, sniff_json_kind

__all__ = [
    "load",
    "iter_records",
    "LoadError",
    "LoadResult",
    "ExportError",
    "FORMATS",
    "detect_format",
]

FORMATS = ("json", "jsonl", "xlsx", "csv")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of an export, by its suffix and, when that says nothing, its first bytes."""
    path = Path(path)
    if path.is_dir():
        return "csv"
    suffixes = [suffix.lower() for suffix in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    last = suffixes[-1] if suffixes else ""
    if last in _JSONL_SUFFIXES:
        return "jsonl"
    if last == ".json":
        return "json"
    if last in (".xlsx", ".xlsm"):
        return "xlsx"
    if last == ".csv":
        return "csv"
    return sniff_json_kind(path)


def _records(
    path: Path, format: str, units_out: list[ExportUnit], model: type[TaskCore]
) -> Iterator[Loaded | LoadError]:
    if format == "jsonl":
        return iter_jsonl(path, model)
    if format == "json":
        return iter_json(path, units_out, model)
    from .sheets import iter_csv_folder, iter_workbook

    if format == "xlsx":
        return iter_workbook(path, model)
    return iter_csv_folder(path, model)


def _iter(
    path: str | os.PathLike[str],
    format: str | None,
    units_out: list[ExportUnit],
    model: type[TaskCore] = Task,
) -> Iterator[TaskCore | LoadError]:
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}; expected one of {', '.join(FORMATS)}")
    source = Path(path)
    file = str(path)
    if not source.exists():
        yield LoadError(file=file, message="cannot open: no such file or folder")
        return
    first_line: dict[str, int | None] = {}  # the only state that grows with the export
    for record in _records(source, format or detect_format(source), units_out, model):
        if isinstance(record, LoadError):
            yield record
            continue
        task = record.task
        if task.id not in first_line:
            first_line[task.id] = record.line
            yield task
            continue
        where = "row" if record.sheet is not None else "line"
        yield LoadError(
            file=file if record.sheet is None else _sheet_file(file, record.sheet),
            line=record.line,
            index=record.index,
            sheet=record.sheet,
            task=task.id,
            message=f"duplicate task id {task.id!r} (first at {where} {first_line[task.id]})",
        )


def _sheet_file(file: str, sheet: str) -> str:
    """The file an error in ``sheet`` is reported against: the CSV itself in a CSV folder."""
    folder = Path(file)
    return str(folder / sheet) if folder.is_dir() else file


def iter_records(
    path: str | os.PathLike[str], *, format: str | None = None, model: type[TaskCore] = Task
) -> Iterator[TaskCore | LoadError]:
    """Stream the tasks and the problems of an export, in file order.

    ``format`` is one of ``json``, ``jsonl``, ``xlsx``, ``csv`` (a folder of CSV files);
    None guesses it from the suffix (``.gz`` allowed) or the first bytes. ``model=TaskCore``
    reads only what the reports need (identity and timeline), several times faster.
    """
    return _iter(path, format, [], model)


def load(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    strict: bool = False,
    model: type[TaskCore] = Task,
) -> LoadResult:
    """Load a whole export; with ``strict=True`` raise ``ExportError`` if anything was wrong.

    The cyclic garbage collector is paused while the tasks accumulate (they hold no cycles, and
    re-scanning the growing heap would otherwise take more time than the loading itself).
    """
    tasks: list[Task] = []
    errors: list[LoadError] = []
    units: list[ExportUnit] = []
    collecting = gc.isenabled()
    gc.disable()
    try:
        for record in _iter(path, format, units, model):
            if isinstance(record, LoadError):
                errors.append(record)
            else:
                tasks.append(record)
    finally:
        if collecting:
            gc.enable()
    result = LoadResult(str(path), tasks, errors, units)
    if strict:
        result.raise_for_errors()
    return result
