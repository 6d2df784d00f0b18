"""JSON and JSON Lines exports, read incrementally.

JSON Lines is read line by line. A JSON export (``{"format": "tdnv-export", ..., "tasks": [...]}``
or a bare array of tasks) is read through a sliding text buffer: the ``tasks`` array is located
and its elements are decoded one at a time with ``json.JSONDecoder.raw_decode``, so neither
form needs the whole file in memory. Both accept gzip-compressed files (by their magic bytes).

The readers yield ``Loaded`` tasks and ``LoadError`` records in file order; duplicate ids are
checked by the caller. JSON Lines recovers after a bad line; a JSON file stops at its first
syntax error (what follows cannot be located reliably).
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ..model import ExportUnit, Task, TaskCore
from .errors import (
    Loaded,
    LoadError,
    Problem,
    describe,
    shorten,
    task_id_of,
    validate_task,
    validation_problems,
)

__all__ = [
    "iter_jsonl", "iter_json", "jsonl_records", "sniff_json_kind", "open_binary",
    "decode_jsonl_line",
]

CHUNK = 1 << 20
_LOOKAHEAD = 64
_NEAR_END = 16  # an error this close to the end of the buffer may just need more text
_EXPORT_KEYS = ("format", "version", "units", "tasks")
_FIRST_KEY = re.compile(r'\{\s*"(\w+)"\s*:')
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_POSITION_IN_RECORD = re.compile(r" at line \d+ column \d+$")
_BOM = b"\xef\xbb\xbf"
_GZIP_MAGIC = b"\x1f\x8b"


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in JSON")


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def open_binary(path: Path) -> IO[bytes]:
    """Open a file for reading bytes; gzip files are decompressed on the fly."""
    with open(path, "rb") as probe:
        magic = probe.read(2)
    if magic == _GZIP_MAGIC:
        return gzip.open(path, "rb")
    return open(path, "rb")


def sniff_json_kind(path: Path) -> str:
    """'json' for an export object or an array of tasks, 'jsonl' for one task per line."""
    try:
        with open_binary(path) as stream:
            head = stream.read(65536)
    except (OSError, EOFError, zlib.error):
        return "jsonl"  # the reader reports the problem
    text = head.removeprefix(_BOM).decode("utf-8", errors="replace").lstrip()
    if text.startswith("["):
        return "json"
    match = _FIRST_KEY.match(text)
    if text.startswith("{") and (match is None or match.group(1) in _EXPORT_KEYS):
        return "json"
    return "jsonl"


def _not_utf8(byte: int, column: int) -> str:
    return (
        f"not UTF-8 text (byte 0x{byte:02X} at column {column}); the export must be saved as UTF-8"
    )


def _task_from_object(
    obj: Any, raw: str | None, model: type[TaskCore] = Task
) -> tuple[TaskCore | None, list[Problem]]:
    """Validate one decoded record; ``raw`` (its JSON text) is given when it holds surrogates."""
    if not isinstance(obj, dict):
        return None, [(None, f"expected a JSON object (a task), got {describe(obj)}")]
    if raw is not None:
        # The standard library accepts lone surrogate escapes and gives text that cannot be
        # written back as UTF-8; pydantic's JSON parser refuses them and keeps proper pairs.
        try:
            return model.model_validate_json(raw), []
        except ValidationError as exc:
            return None, [
                (field, _POSITION_IN_RECORD.sub("", message))
                for field, message in validation_problems(exc)
            ]
        except RecursionError:
            return None, [(None, "nested too deeply")]
    return validate_task(obj, model)


def decode_jsonl_line(
    text: str, model: type[TaskCore] = Task
) -> tuple[TaskCore | None, list[Problem], str | None]:
    """One JSON Lines record: the task, or its problems, and the id it claims.

    A good line is parsed and validated in one step by pydantic's JSON parser (the fast path);
    a line that fails there, or that holds the constants NaN/Infinity (which that parser would
    accept), is read again by the standard library to say precisely what is wrong.
    """
    if "NaN" not in text and "Infinity" not in text:
        try:
            return model.model_validate_json(text), [], None
        except (ValidationError, RecursionError):
            pass
    try:
        obj = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        return None, [(None, f"not valid JSON: {exc.msg} at column {exc.colno}")], None
    except RecursionError:
        return None, [(None, "not valid JSON: nested too deeply")], None
    except ValueError as exc:
        return None, [(None, shorten(f"not valid JSON: {exc}"))], None
    raw = text if _SURROGATE_ESCAPE.search(text) else None
    task, problems = _task_from_object(obj, raw, model)
    return task, problems, task_id_of(obj)


def jsonl_records(
    lines: Iterable[bytes],
    file: str,
    model: type[TaskCore] = Task,
    *,
    starts_file: bool = True,
    tally: list[tuple[int, int, bool]] | None = None,
) -> Iterator[Loaded | LoadError]:
    """Tasks and errors of raw JSON Lines, with lines and record indexes counted from 1 and 0.

    ``starts_file`` says the first line is the file's (a UTF-8 BOM is dropped from it). A read
    failure or a line that is not UTF-8 ends the reading with one error. At the end ``tally``
    (when given) receives ``(lines, records, stopped)``.
    """
    index = 0
    line_no = 0
    stopped = False
    iterator = iter(lines)
    while True:
        try:
            raw = next(iterator)
        except StopIteration:
            break
        except (OSError, EOFError, zlib.error) as exc:
            message = shorten(f"cannot read the file past this point: {exc}")
            yield LoadError(file=file, line=line_no + 1, message=message)
            stopped = True
            break
        line_no += 1
        if line_no == 1 and starts_file:
            raw = raw.removeprefix(_BOM)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = _not_utf8(raw[exc.start], exc.start + 1)
            yield LoadError(file=file, line=line_no, index=index, message=message)
            stopped = True
            break
        if not text.strip():
            continue
        task, problems, claimed = decode_jsonl_line(text, model)
        if task is not None:
            yield Loaded(task, line_no, index)
        for field, message in problems:
            yield LoadError(
                file=file, line=line_no, index=index, task=claimed, field=field, message=message
            )
        index += 1
    if tally is not None:
        tally.append((line_no, index, stopped))


def iter_jsonl(path: Path, model: type[TaskCore] = Task) -> Iterator[Loaded | LoadError]:
    """Tasks and errors of a JSON Lines file, one line at a time."""
    file = str(path)
    try:
        stream = open_binary(path)
    except OSError as exc:
        yield LoadError(file=file, message=f"cannot open the file: {exc.strerror or exc}")
        return
    with stream:
        yield from jsonl_records(iter(stream.readline, b""), file, model)


class _Syntax(Exception):
    """A JSON syntax problem at a buffer position."""

    def __init__(self, pos: int, message: str):
        super().__init__(message)
        self.pos = pos
        self.message = message


class _NotUtf8(Exception):
    """Bytes that are not UTF-8, found at a line."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _JsonText:
    """A sliding window of decoded text over a byte stream, with line and column tracking.

    Everything before ``pos`` has been consumed and may be dropped when more text is read.
    """

    def __init__(self, stream: IO[bytes]):
        self.stream = stream
        self._carry = b""  # the start of a character split between two reads
        self._at_start = True
        self._failure: _NotUtf8 | None = None
        self.buf = ""
        self.pos = 0
        self.eof = False
        self._line_pos = 0  # buffer index up to which lines have been counted
        self._line_no = 1  # line number at _line_pos
        self._base_col = 0  # 0-based column of buf[0] in its line

    def more(self, size: int = CHUNK) -> bool:
        """Read more text; False at the end of the stream.

        Text up to a byte that is not UTF-8 is still delivered; the next call raises.
        """
        if self._failure is not None:
            raise self._failure
        if self.eof:
            return False
        self._drop_consumed()
        data = self.stream.read(size)
        final = not data
        raw = self._carry + data
        if self._at_start and (len(raw) >= len(_BOM) or final):
            raw = raw.removeprefix(_BOM)
            self._at_start = False
        try:
            text = raw.decode("utf-8")
            self._carry = b""
        except UnicodeDecodeError as exc:
            text = raw[: exc.start].decode("utf-8")
            if not final and exc.reason == "unexpected end of data":
                self._carry = raw[exc.start :]  # a character split between two reads
            else:
                self.buf += text
                line = self.line_at(len(self.buf))
                self._failure = _NotUtf8(
                    line, _not_utf8(raw[exc.start], self.column_at(len(self.buf)))
                )
                return True
        self.buf += text
        if final:
            self.eof = True
        return not final

    def _drop_consumed(self) -> None:
        if self.pos == 0:
            return
        self.line_at(self.pos)
        dropped = self.buf[: self.pos]
        newline = dropped.rfind("\n")
        self._base_col = self.pos - newline - 1 if newline >= 0 else self._base_col + self.pos
        self.buf = self.buf[self.pos :]
        self._line_pos -= self.pos
        self.pos = 0

    def line_at(self, index: int) -> int:
        """1-based line of buffer index ``index`` (never before the last one asked)."""
        if index > self._line_pos:
            self._line_no += self.buf.count("\n", self._line_pos, index)
            self._line_pos = index
        return self._line_no

    def column_at(self, index: int) -> int:
        """1-based column of buffer index ``index``."""
        newline = self.buf.rfind("\n", 0, index)
        return index - newline if newline >= 0 else self._base_col + index + 1

    def peek(self) -> str:
        """The next non-blank character ('' at the end), with ``pos`` on it."""
        while True:
            self.pos = _WHITESPACE.match(self.buf, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def expect(self, char: str, what: str) -> None:
        """Consume ``char`` or fail naming what was expected."""
        if self.peek() != char:
            raise _Syntax(self.pos, f"Expecting {what}")
        self.pos += 1

    def value(self) -> tuple[Any, int, int]:
        """Decode the JSON value at ``pos``: (value, start, end); ``pos`` stays at start."""
        while True:
            if not self.eof and len(self.buf) - self.pos < _LOOKAHEAD:
                self.more()
                continue
            try:
                obj, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                incomplete = exc.pos >= len(self.buf) - _NEAR_END or exc.msg.startswith(
                    "Unterminated string"
                )
                if incomplete and not self.eof:
                    self.more(max(CHUNK, len(self.buf) - self.pos))
                    continue
                raise _Syntax(exc.pos, exc.msg) from None
            except RecursionError:
                raise _Syntax(self.pos, "nested too deeply") from None
            except ValueError as exc:
                raise _Syntax(self.pos, str(exc)) from None
            if end == len(self.buf) and not self.eof:
                self.more()  # a number might go on
                continue
            return obj, self.pos, end


def _syntax_words(text: _JsonText, exc: _Syntax) -> str:
    """A syntax problem in words, saying so when the file simply ends (a truncated export)."""
    column = text.column_at(exc.pos)
    message = exc.message.removesuffix(" at")
    if message.startswith("the file ends"):
        return f"{message} (truncated?)"
    if text.eof and message.startswith("Unterminated string"):
        return f"the file ends inside a string starting at column {column} (truncated?)"
    if text.eof and exc.pos >= len(text.buf) - 1:
        return f"{message} where the file ends (truncated?)"
    return f"{message} at column {column}"


def _units(file: str, line: int, value: Any, units_out: list[ExportUnit]) -> Iterator[LoadError]:
    if not isinstance(value, list):
        yield LoadError(
            file=file, line=line, field="units", message=f"expected a list, got {describe(value)}"
        )
        return
    for number, item in enumerate(value):
        try:
            units_out.append(ExportUnit.model_validate(item))
        except ValidationError as exc:
            for field, message in validation_problems(exc):
                path = f"units[{number}]" + (f".{field}" if field else "")
                yield LoadError(file=file, line=line, field=path, message=message)


def _header_value(file: str, line: int, key: str, value: Any) -> Iterator[LoadError]:
    if key == "format" and value != "tdnv-export":
        yield LoadError(
            file=file,
            line=line,
            field="format",
            message=f"not a tdnv export: format is {describe(value)}, expected 'tdnv-export'",
        )
    if key == "version" and (value != 1 or isinstance(value, bool)):
        yield LoadError(
            file=file,
            line=line,
            field="version",
            message=f"unsupported version {describe(value)}; this reader knows version 1",
        )


def _tasks_array(
    text: _JsonText, file: str, model: type[TaskCore] = Task
) -> Iterator[Loaded | LoadError]:
    text.expect("[", "'[' to open the tasks array")
    if text.peek() == "]":
        text.pos += 1
        return
    index = 0
    while True:
        if text.peek() == "":
            raise _Syntax(text.pos, "the file ends before the tasks array is closed")
        line = text.line_at(text.pos)
        obj, start, end = text.value()
        surrogates = _SURROGATE_ESCAPE.search(text.buf, start, end)
        task, problems = _task_from_object(
            obj, text.buf[start:end] if surrogates else None, model
        )
        if task is not None:
            yield Loaded(task, line, index)
        claimed = task_id_of(obj)
        for field, message in problems:
            yield LoadError(
                file=file, line=line, index=index, task=claimed, field=field, message=message
            )
        index += 1
        text.pos = end
        following = text.peek()
        if following == ",":
            text.pos += 1
        elif following == "]":
            text.pos += 1
            return
        elif following == "":
            raise _Syntax(text.pos, "the file ends before the tasks array is closed")
        else:
            raise _Syntax(text.pos, "Expecting ',' delimiter")


def _export_object(
    text: _JsonText, file: str, units_out: list[ExportUnit], model: type[TaskCore] = Task
) -> Iterator[Loaded | LoadError]:
    text.expect("{", "'{'")
    seen_tasks = False
    if text.peek() != "}":
        while True:
            if text.peek() != '"':
                raise _Syntax(text.pos, "Expecting property name enclosed in double quotes")
            key, _, end = text.value()
            text.pos = end
            text.expect(":", "':' delimiter")
            text.peek()
            line = text.line_at(text.pos)
            if key == "tasks":
                seen_tasks = True
                yield from _tasks_array(text, file, model)
            else:
                value, _, end = text.value()
                text.pos = end
                if key == "units":
                    yield from _units(file, line, value, units_out)
                else:
                    yield from _header_value(file, line, key, value)
            following = text.peek()
            if following == ",":
                text.pos += 1
            elif following == "}":
                break
            else:
                raise _Syntax(text.pos, "Expecting ',' delimiter")
    text.pos += 1
    if not seen_tasks:
        yield LoadError(
            file=file, line=text.line_at(text.pos), message="the export has no 'tasks' array"
        )


def iter_json(
    path: Path, units_out: list[ExportUnit] | None = None, model: type[TaskCore] = Task
) -> Iterator[Loaded | LoadError]:
    """Tasks and errors of a JSON export (object or bare array), decoded incrementally."""
    file = str(path)
    units = units_out if units_out is not None else []
    try:
        stream = open_binary(path)
    except OSError as exc:
        yield LoadError(file=file, message=f"cannot open the file: {exc.strerror or exc}")
        return
    with stream:
        text = _JsonText(stream)
        try:
            first = text.peek()
            if first == "[":
                yield from _tasks_array(text, file, model)
            elif first == "{":
                yield from _export_object(text, file, units, model)
            elif first == "":
                yield LoadError(file=file, line=text.line_at(text.pos), message="the file is empty")
                return
            else:
                raise _Syntax(text.pos, "Expecting '{' or '[' (a tdnv export or an array of tasks)")
            if text.peek() != "":
                raise _Syntax(text.pos, "Extra data after the end of the export")
        except _Syntax as exc:
            line = text.line_at(exc.pos)
            yield LoadError(
                file=file, line=line, message=shorten(f"not valid JSON: {_syntax_words(text, exc)}")
            )
        except _NotUtf8 as exc:
            yield LoadError(file=file, line=exc.line, message=exc.message)
        except (OSError, EOFError, zlib.error) as exc:
            line = text.line_at(len(text.buf))
            yield LoadError(
                file=file,
                line=line,
                message=shorten(f"cannot read the file past this point: {exc}"),
            )
