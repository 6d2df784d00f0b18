"""The shape every report shares: columns with Vietnamese and English labels, frozen rows,
and the conveniences built on them (records, pandas, HTML for notebooks, Excel).

A report is a ``ReportTable``: its class declares ``COLUMNS`` (one ``Column`` each, in print
order); an instance holds ``rows`` (frozen dataclasses whose field names are the column keys)
and ``lang`` (``"vi"`` or ``"en"``, the labels' language). The renderers in ``render.py`` only
ever see this interface.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Iterator

from ..dates import DateError, fmt_date, parse_date
from ..text import normalize

__all__ = [
    "Column",
    "ReportError",
    "ReportTable",
    "LANGS",
    "check_lang",
    "report_day",
    "format_number",
    "default_registry",
    "UnitRows",
    "task_list",
    "task_error",
]

LANGS = ("vi", "en")


class ReportError(ValueError):
    """Input a report cannot be built from; the message names what and where."""


@dataclass(frozen=True, slots=True)
class Column:
    """One printed column: its JSON key, labels, optional group (upper header) and kind.

    ``kind`` is ``"text"``, ``"int"``, ``"pct"`` (a number, empty when ``None``) or ``"date"``
    (written dd/mm/yyyy).
    """

    key: str
    vi: str
    en: str
    kind: str = "int"
    group_vi: str | None = None
    group_en: str | None = None

    def label(self, lang: str) -> str:
        """The column's label in ``lang``."""
        return self.en if lang == "en" else self.vi

    def group(self, lang: str) -> str | None:
        """The upper-level header over this column, if any."""
        return self.group_en if lang == "en" else self.group_vi


def check_lang(lang: str) -> str:
    """``lang`` if it is a supported label language, else a ``ReportError``."""
    if lang not in LANGS:
        raise ReportError(f"lang must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang


def report_day(value: object, name: str) -> date:
    """A report's date parameter (date, datetime or text) as a calendar day."""
    if value is None:
        raise ReportError(f"{name} is required (a date such as 31/05/2024 or 2024-05-31)")
    try:
        return parse_date(value)
    except DateError as error:
        raise ReportError(f"{name}: {error}") from None


def format_number(value: int | float | Decimal | None) -> str:
    """A number as the report prints it: integers plain, fractions without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    text = format(Decimal(str(value)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


class ReportTable:
    """Base of the report objects: ``rows`` plus labels, records and output conveniences."""

    COLUMNS: ClassVar[tuple[Column, ...]] = ()
    NUMBERED: ClassVar[bool] = False  # print a row of column numbers 1..n under the headers
    KIND: ClassVar[str] = "report"

    rows: tuple[Any, ...]
    lang: str

    # -- what subclasses describe -------------------------------------------------------
    def title(self) -> str:
        """The report's title line."""
        return self.KIND

    def subtitle(self) -> str:
        """A second line under the title (the period, the as-of day)."""
        return ""

    def parameters(self) -> dict[str, Any]:
        """The parameters the report was built with, JSON-ready."""
        return {}

    def is_total(self, row: Any) -> bool:
        """Whether ``row`` is a total row (printed bold)."""
        return False

    def columns(self) -> tuple[Column, ...]:
        """The printed columns, in order."""
        return self.COLUMNS

    # -- derived ------------------------------------------------------------------------
    def labels(self) -> list[str]:
        """Column labels in the report's language."""
        return [column.label(self.lang) for column in self.columns()]

    def has_groups(self) -> bool:
        """Whether the header has two levels."""
        return any(column.group_vi for column in self.columns())

    def value(self, row: Any, column: Column) -> Any:
        """The JSON value of one cell."""
        value = getattr(row, column.key)
        if column.kind == "date":
            return fmt_date(value) if value is not None else None
        return value

    def cell(self, row: Any, column: Column) -> str:
        """The printed text of one cell."""
        value = getattr(row, column.key)
        if value is None:
            return ""
        if column.kind == "date":
            return fmt_date(value)
        if column.kind in ("int", "pct"):
            return format_number(value)
        return str(value)

    def records(self) -> list[dict[str, Any]]:
        """The rows as JSON-ready dicts keyed by column key."""
        columns = self.columns()
        return [{c.key: self.value(row, c) for c in columns} for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """The whole report as one JSON-ready mapping."""
        return {
            "report": self.KIND,
            "title": self.title(),
            "parameters": self.parameters(),
            "columns": [c.key for c in self.columns()],
            "rows": self.records(),
        }

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    # -- outputs ------------------------------------------------------------------------
    def to_pandas(self, *, labels: bool = False):  # -> pandas.DataFrame
        """The rows as a DataFrame (column keys, or printed labels with ``labels=True``)."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "to_pandas() needs pandas: pip install 'tdnv-rules[pandas]'"
            ) from None
        columns = self.columns()
        frame = pandas.DataFrame.from_records(self.records(), columns=[c.key for c in columns])
        if labels:
            frame.columns = self.labels()
        return frame

    def _repr_html_(self) -> str:
        from .render import render

        return render(self, "html")

    def to_excel(self, path) -> None:
        """Write the report as a printable .xlsx sheet (needs openpyxl)."""
        from .render import write

        write(self, "xlsx", path)

    def render(self, fmt: str) -> str | bytes:
        """The report as csv, json, md, html (text) or xlsx (bytes)."""
        from .render import render

        return render(self, fmt)


def default_registry():
    """The unit registry shipped with the package (``tdnv_rules.units.Registry.default()``)."""
    try:
        from ..units import Registry
    except ImportError as error:
        raise ReportError(f"no unit registry available ({error}); pass registry=") from None
    return Registry.default()


def _resolver(registry, day: date | None):
    """``name → Resolution | None``: on ``day`` first when the registry knows periods."""
    if day is None or not hasattr(registry, "as_of"):
        return registry.resolve

    def resolve(name: str):
        return registry.resolve(name, day) or registry.resolve(name)

    return resolve


class UnitRows:
    """Assigns tasks to report rows by their unit.

    Rows are the registry's units in registry order (only those that exist on ``day`` when the
    registry's units have validity periods), then, first seen, the units a name resolved to
    that are not among them (a unit since merged away, say), then the names that did not
    resolve, each under its ``normalize``d form. ``unresolved`` keeps those names as written.
    Names are resolved on ``day`` first, then regardless of date.
    """

    __slots__ = ("names", "unresolved", "_resolve", "_by_unit", "_by_assignee", "_by_text")

    def __init__(self, registry, day: date | None = None) -> None:
        self.names: list[str] = []
        self.unresolved: list[str] = []
        self._by_unit: dict[object, int] = {}
        self._by_assignee: dict[str, int] = {}
        self._by_text: dict[str, int] = {}
        self._resolve = _resolver(registry, day)
        for unit in registry:
            valid_at = getattr(unit, "valid_at", None)
            if day is not None and valid_at is not None and not valid_at(day):
                continue
            self._by_unit[unit.id] = len(self.names)
            self.names.append(unit.name)

    def index(self, assignee: str) -> int:
        """The row of a task assigned to ``assignee`` (new rows are added as needed)."""
        row = self._by_assignee.get(assignee)
        if row is None:
            row = self._place(assignee)
            self._by_assignee[assignee] = row
        return row

    def _place(self, assignee: str) -> int:
        resolution = self._resolve(assignee)
        if resolution is not None and resolution.unit is not None:
            unit = resolution.unit
            row = self._by_unit.get(unit.id)
            if row is None:
                row = self._by_unit[unit.id] = len(self.names)
                self.names.append(unit.name)
            return row
        self.unresolved.append(assignee)
        key = normalize(assignee)
        row = self._by_text.get(key)
        if row is None:
            row = self._by_text[key] = len(self.names)
            self.names.append(key)
        return row


def task_list(tasks: object) -> object:
    """The tasks of ``tasks``: an ``Export`` gives its ``.tasks``; any iterable is taken as is."""
    inner = getattr(tasks, "tasks", None)
    if inner is not None and not callable(inner):
        return inner
    if isinstance(tasks, (str, bytes)) or not hasattr(tasks, "__iter__"):
        raise ReportError(
            f"tasks must be an iterable of Task (or an Export); got {type(tasks).__name__}"
        )
    return tasks


def task_error(position: int, item: object, error: Exception) -> ReportError:
    """The error for the item at ``position`` that a report could not read."""
    if not all(hasattr(item, name) for name in ("id", "signed_on", "assignee", "closures")):
        return ReportError(
            f"tasks[{position}] is not a Task (got {type(item).__name__}); "
            "load the export with tdnv_rules.io or build Task objects"
        )
    return ReportError(f"tasks[{position}] (id {getattr(item, 'id', '?')!r}): {error}")
