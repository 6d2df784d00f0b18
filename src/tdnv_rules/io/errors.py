"""Error records of the loaders: what went wrong, where, in plain words.

``LoadError`` names one problem: the file, the line (or sheet row), the record index, the sheet,
the task id when known, the dotted field path and a message. ``LoadResult`` holds what a load
produced; ``ExportError`` is raised by strict loading and lists every problem.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, ValidationError

from ..model import ExportUnit, Task, TaskCore

__all__ = [
    "LoadError",
    "LoadResult",
    "ExportError",
    "Problem",
    "Loaded",
    "validate_task",
    "validation_problems",
    "task_id_of",
    "shorten",
    "describe",
]

Problem = tuple[str | None, str]  # (dotted field path or None, plain message)


class Loaded(NamedTuple):
    """A task a reader produced, with where it was read (before duplicate ids are checked)."""

    task: Task
    line: int | None
    index: int
    sheet: str | None = None


MAX_MESSAGE = 300
MAX_LISTED = 50


class LoadError(BaseModel):
    """One problem found while loading an export."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int | None = None  # 1-based line of the JSON/JSONL text, or the sheet row
    index: int | None = None  # 0-based index of the record
    sheet: str | None = None  # sheet title or CSV file name
    task: str | None = None  # the task's id, when known
    field: str | None = None  # dotted path such as results[1].updated_at; None: whole record
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None and Path(self.file).name != self.sheet:
            where = f"{where}[{self.sheet}]"
        if self.line is not None:
            where = f"{where}:{self.line}"
        parts = [where]
        if self.task is not None:
            parts.append(f"task {self.task}")
        if self.field is not None:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class ExportError(ValueError):
    """An export with problems, raised by strict loading; ``errors`` holds every one."""

    def __init__(self, path: str, errors: Sequence[LoadError]):
        self.path = path
        self.errors = list(errors)
        count = len(self.errors)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {path}:"]
        lines.extend(str(error) for error in self.errors[:MAX_LISTED])
        if count > MAX_LISTED:
            lines.append(f"and {count - MAX_LISTED} more")
        super().__init__("\n".join(lines))


class LoadResult:
    """The tasks and the problems of one export, in file order."""

    def __init__(
        self,
        path: str,
        tasks: list[Task],
        errors: list[LoadError],
        units: Sequence[ExportUnit] = (),
    ):
        self.path = path
        self.tasks = tasks
        self.errors = errors
        self.units = tuple(units)

    @property
    def ok(self) -> bool:
        """True when the export had no problem at all."""
        return not self.errors

    def raise_for_errors(self) -> None:
        """Raise ``ExportError`` listing every problem, if there is one."""
        if self.errors:
            raise ExportError(self.path, self.errors)

    def __len__(self) -> int:
        return len(self.tasks)

    def __iter__(self) -> Iterator[Task]:
        return iter(self.tasks)

    def __repr__(self) -> str:
        return f"LoadResult({self.path!r}, tasks={len(self.tasks)}, errors={len(self.errors)})"


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """Cut a long message in the middle so its start and its end stay readable."""
    if len(text) <= limit:
        return text
    head = limit * 2 // 3
    tail = limit - head - 1
    return f"{text[:head]}…{text[-tail:]}"


def describe(value: Any) -> str:
    """A value in plain words: 'a list', 'the number 5', "text 'abc'"."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"the number {shorten(repr(value), 40)}"
    if isinstance(value, str):
        return f"text {shorten(repr(value[:100]), 60)}"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _dotted(loc: Sequence[str | int]) -> str | None:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or None


def _plain(error: Any) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        return "missing required field"
    if kind == "string_type":
        return f"expected text, got {describe(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("tuple_type", "list_type", "iterable_type"):
        return f"expected a list, got {describe(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected an object, got {describe(value)}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"expected a whole number, got {describe(value)}"
    if kind == "json_invalid":
        detail = str((error.get("ctx") or {}).get("error", error["msg"]))
        return f"not valid JSON: {detail}"
    if kind == "recursion_loop":
        return "nested too deeply"
    message = str(error["msg"])
    if kind == "value_error" and message.startswith("Value error, "):
        return message[len("Value error, ") :]
    return message[:1].lower() + message[1:]


def validation_problems(exc: ValidationError) -> list[Problem]:
    """Pydantic's errors as (dotted field path, plain message), one per bad field."""
    problems = []
    for error in exc.errors(include_url=False):
        field = _dotted(error["loc"])
        message = _plain(error)
        if field is None and error["type"] == "model_type":
            message = f"expected a JSON object (a task), got {describe(error.get('input'))}"
        problems.append((field, shorten(message)))
    return problems


def validate_task(
    record: Any, model: type[TaskCore] = Task
) -> tuple[TaskCore | None, list[Problem]]:
    """A task from one decoded record, or the problems that keep it from being one."""
    try:
        return model.model_validate(record), []
    except ValidationError as exc:
        return None, validation_problems(exc)
    except RecursionError:
        return None, [(None, "nested too deeply")]
    except Exception as exc:  # noqa: BLE001 - hostile input must become an error record
        return None, [(None, shorten(f"could not be read ({type(exc).__name__}: {exc})"))]


def task_id_of(record: Any) -> str | None:
    """The id a raw record claims, as text, when it has a usable one."""
    if not isinstance(record, dict):
        return None
    value = record.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return shorten(text, 80) if text else None
