"""tdnv-rules: stop bad task closures before they happen, and find them in exported data.

>>> import tdnv_rules as tr
>>> ex = tr.load("fixtures/sample/export.jsonl")
>>> tr.check_closure(ex.tasks[0], at="2024-03-01 09:00").decision
>>> f = tr.audit(ex, as_of="2024-05-31"); f.summary()
>>> tr.report.monthly(ex, start="2024-01-01", end="2024-05-31", as_of="2024-05-31")
"""

from __future__ import annotations

from . import report
from .audit import audit
from .config import Config, load_config
from .findings import Decision, Finding, Findings
from .gate import check_closure, warm_up
from .io import ExportError, LoadError, LoadResult, iter_records, load
from .model import (
    Attachment,
    Closure,
    Export,
    Extension,
    ProcessingNote,
    Reopening,
    ResultDocument,
    Task,
)
from .readers.classify import Classification, classify_result
from .readers.match import Match, match_result
from .readers.pdf import PdfReading, read_pdf
from .rulebook import Rulebook
from .symbols import Symbol, find_symbols, parse_symbol
from .text import fold, normalize
from .units import Registry, Unit

__version__ = "0.1.0"

__all__ = [
    "load",
    "iter_records",
    "check_closure",
    "warm_up",
    "audit",
    "report",
    "classify_result",
    "match_result",
    "read_pdf",
    "parse_symbol",
    "find_symbols",
    "normalize",
    "fold",
    "Rulebook",
    "Config",
    "load_config",
    "Registry",
    "Unit",
    "Task",
    "ResultDocument",
    "Extension",
    "Closure",
    "Reopening",
    "ProcessingNote",
    "Attachment",
    "Export",
    "Decision",
    "Finding",
    "Findings",
    "Classification",
    "Match",
    "PdfReading",
    "Symbol",
    "LoadError",
    "LoadResult",
    "ExportError",
]
