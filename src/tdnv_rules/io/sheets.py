"""Workbook (XLSX) and CSV-folder exports: one sheet of tasks and one sheet per kind of child row.

Child rows (results, extensions, closures, reopenings, processing notes) are keyed by the task id
and grouped in memory before the tasks sheet is read, so a sheet export is not read in constant
memory; JSON Lines is the format for big exports. Column headers are the web system's labels
(see ``columns.py``). Cells may be real dates/datetimes or text in any accepted form; attachment
cells hold ``name`` or ``name|path``, several separated by ``;``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any, BinaryIO

from ..model import Task, TaskCore
from ..text import fold
from .columns import (
    ATTACHMENT_FIELDS,
    IGNORED_COLUMNS,
    TABLES,
    TASK_ID,
    Table,
    column_map,
    table_for,
)
from .errors import Loaded, LoadError, shorten, validate_task

__all__ = ["iter_workbook", "iter_csv_folder", "parse_attachments"]

_BOM = b"\xef\xbb\xbf"
_CHILD_PATH = re.compile(r"^(\w+)\[(\d+)\]")
_IGNORED = frozenset(fold(name) for name in IGNORED_COLUMNS)
_KNOWN = ", ".join(f"{table.title} ({table.file_name})" for table in TABLES)

Row = tuple[int, Sequence[Any]]  # (1-based row number, cell values)
Origin = tuple[str, int]  # (sheet, row)


class _NotUtf8(Exception):
    """A CSV line that is not UTF-8."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_attachments(value: Any) -> list[dict[str, str | None]]:
    """An attachment cell: ``name`` or ``name|path``, several separated by ``;``."""
    found = []
    for piece in str(value).split(";"):
        name, _, path = piece.partition("|")
        name, path = name.strip(), path.strip()
        if name or path:
            found.append({"name": name or None, "path": path or None})
    return found


def _cell(value: Any) -> Any:
    """A cell's value with blanks as None and whole floats (Excel numbers) as ints."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        return text or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Sheet:
    """One table's rows, read through its header."""

    def __init__(self, table: Table, name: str, file: str, rows: Iterator[Row | LoadError]):
        self.table = table
        self.name = name
        self.file = file
        self.rows = rows

    def error(self, message: str, line: int | None = None, **where: Any) -> LoadError:
        return LoadError(
            file=self.file, sheet=self.name, line=line, message=shorten(message), **where
        )

    def records(self) -> Iterator[tuple[int, dict[str, Any]] | LoadError]:
        """(row number, field → value) for each non-blank row below the header."""
        fields: list[str | None] | None = None
        for row in self.rows:
            if isinstance(row, LoadError):
                yield row
                continue
            number, values = row
            cells = [_cell(value) for value in values]
            if all(cell is None for cell in cells):
                continue
            if fields is None:
                fields, problems = self._header(cells, number)
                yield from problems
                if fields is None:
                    return
                continue
            record: dict[str, Any] = {}
            for position, cell in enumerate(cells):
                name = fields[position] if position < len(fields) else f"column {position + 1}"
                if cell is None or name is None:
                    continue
                record[name] = parse_attachments(cell) if name in ATTACHMENT_FIELDS else cell
            yield number, record

    def _header(
        self, cells: list[Any], number: int
    ) -> tuple[list[str | None] | None, list[LoadError]]:
        mapping = column_map(self.table)
        fields: list[str | None] = []
        problems = []
        for cell in cells:
            label = "" if cell is None else str(cell)
            key = fold(label)
            name = None if not key or key in _IGNORED else mapping.get(key, label)
            if name is not None and name in fields:
                problems.append(
                    self.error(f"column {label!r} repeats an earlier column; ignored", number)
                )
                name = None
            fields.append(name)
        missing = [name for name in self.table.required if name not in fields]
        if missing:
            labels = ", ".join(self.table.columns[name][0] for name in missing)
            problems.append(self.error(f"no {labels} column in the header; sheet ignored", number))
            return None, problems
        return fields, problems


def _id_key(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    return text or None


def _assemble(
    file: str,
    sources: Iterable[tuple[str, Iterator[Row | LoadError]]],
    file_of: Callable[[str], str],
    model: type[TaskCore] = Task,
) -> Iterator[Loaded | LoadError]:
    sheets: dict[str, _Sheet] = {}
    for name, rows in sources:
        table = table_for(Path(name).stem if name.lower().endswith(".csv") else name)
        if table is None:
            yield LoadError(
                file=file_of(name),
                sheet=name,
                message=f"not a known sheet; ignored (known: {_KNOWN})",
            )
        elif table.key in sheets:
            message = f"a second {table.title} sheet (after {sheets[table.key].name!r}); ignored"
            yield LoadError(file=file_of(name), sheet=name, message=message)
        else:
            sheets[table.key] = _Sheet(table, name, file_of(name), rows)
    tasks = sheets.pop("tasks", None)
    if tasks is None:
        yield LoadError(
            file=file, message="no sheet of tasks (Nhiệm vụ, or nhiem-vu.csv in a folder)"
        )
        return

    children: dict[str, dict[str, list[tuple[dict[str, Any], _Sheet, int]]]] = {}
    for sheet in sheets.values():
        for item in sheet.records():
            if isinstance(item, LoadError):
                yield item
                continue
            number, record = item
            task_id = _id_key(record.pop(TASK_ID, None))
            if task_id is None:
                yield sheet.error("missing the task id (Mã nhiệm vụ)", number)
                continue
            children.setdefault(task_id, {}).setdefault(sheet.table.key, []).append(
                (record, sheet, number)
            )

    index = 0
    for item in tasks.records():
        if isinstance(item, LoadError):
            yield item
            continue
        number, record = item
        task_id = _id_key(record.get("id"))
        origins: dict[str, list[tuple[_Sheet, int]]] = {}
        for key, rows in (children.pop(task_id, {}) if task_id is not None else {}).items():
            record[key] = [row for row, _, _ in rows]
            origins[key] = [(sheet, row_number) for _, sheet, row_number in rows]
        task, problems = validate_task(record, model)
        if task is not None:
            yield Loaded(task, number, index, tasks.name)
        for field, message in problems:
            sheet, line = tasks, number
            child = _CHILD_PATH.match(field or "")
            if child and child.group(1) in origins:
                sheet, line = origins[child.group(1)][int(child.group(2))]
            yield sheet.error(message, line, index=index, task=task_id, field=field)
        index += 1

    for task_id, kinds in children.items():
        for rows in kinds.values():
            for _, sheet, number in rows:
                message = f"no task with id {task_id!r} in the {tasks.name!r} sheet"
                yield sheet.error(message, number, task=task_id)


def _workbook_rows(worksheet: Any, file: str) -> Iterator[Row | LoadError]:
    number = 0
    try:
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):  # noqa: B007
            yield number, values
    except Exception as exc:  # noqa: BLE001 - a damaged sheet must become an error record
        message = shorten(f"cannot read the sheet past this row ({type(exc).__name__}: {exc})")
        yield LoadError(file=file, sheet=worksheet.title, line=number + 1, message=message)


def iter_workbook(path: Path, model: type[TaskCore] = Task) -> Iterator[Loaded | LoadError]:
    """Tasks and errors of an XLSX workbook (needs openpyxl, the ``excel`` extra)."""
    try:
        import openpyxl
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "reading .xlsx workbooks needs openpyxl: pip install 'tdnv-rules[excel]'"
        ) from None
    file = str(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zip, XML and openpyxl errors alike
        yield LoadError(
            file=file,
            message=shorten(f"not a readable XLSX workbook ({type(exc).__name__}: {exc})"),
        )
        return
    try:
        sources = [(sheet.title, _workbook_rows(sheet, file)) for sheet in workbook.worksheets]
        yield from _assemble(file, sources, lambda _name: file, model)
    finally:
        workbook.close()


def _utf8_lines(stream: BinaryIO) -> Iterator[str]:
    for number, raw in enumerate(stream, start=1):
        if number == 1:
            raw = raw.removeprefix(_BOM)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = raw[exc.start]
            raise _NotUtf8(
                number,
                f"not UTF-8 text (byte 0x{byte:02X} at column {exc.start + 1}); "
                "the export must be saved as UTF-8",
            ) from None


def _delimiter(header: str) -> str:
    return max((",", ";", "\t"), key=header.count)


def _csv_rows(path: Path) -> Iterator[Row | LoadError]:
    file, name = str(path), path.name
    try:
        stream = open(path, "rb")
    except OSError as exc:
        yield LoadError(
            file=file, sheet=name, message=f"cannot open the file: {exc.strerror or exc}"
        )
        return
    with stream:
        lines = _utf8_lines(stream)
        try:
            first = next(lines, "")
            reader = csv.reader(chain([first], lines), delimiter=_delimiter(first))
            while True:
                start = reader.line_num + 1
                try:
                    values = next(reader)
                except StopIteration:
                    return
                except csv.Error as exc:
                    yield LoadError(
                        file=file,
                        sheet=name,
                        line=start,
                        message=shorten(f"not a readable CSV row: {exc}"),
                    )
                    if reader.line_num < start:
                        return
                    continue
                yield start, values
        except _NotUtf8 as exc:
            yield LoadError(file=file, sheet=name, line=exc.line, message=exc.message)
        except OSError as exc:
            yield LoadError(file=file, sheet=name, message=shorten(f"cannot read the file: {exc}"))


def iter_csv_folder(path: Path, model: type[TaskCore] = Task) -> Iterator[Loaded | LoadError]:
    """Tasks and errors of a folder of CSV files (or of one tasks CSV file)."""
    if path.is_dir():
        files = sorted(
            item for item in path.iterdir() if item.suffix.lower() == ".csv" and item.is_file()
        )
        folder = path
    else:
        files, folder = [path], path.parent
    sources = [(item.name, _csv_rows(item)) for item in files]
    yield from _assemble(str(path), sources, lambda name: str(folder / name), model)
