"""Reports on tasks: the monthly table, the no-deadline backlog, the due list, and their writers.

>>> report = monthly(tasks, start="2019-01-01", end="2024-05-31", as_of="2024-05-31")
>>> write(report, "xlsx", "thang-05-2024.xlsx")

Every report has ``rows`` (frozen dataclasses keyed like the JSON output), ``to_pandas()``,
``to_excel(path)``, ``render(fmt)`` and an HTML view for notebooks. ``REPORTS`` maps the CLI's
verbs to the functions that build them.
"""

from .backlog import BacklogReport, BacklogRow, backlog, backlog_sentence
from .due import DueReport, DueRow, due
from .monthly import MonthlyReport, MonthlyRow, monthly, pct_done, pct_on_time
from .render import FORMATS, render, write
from .table import ReportError, ReportTable

__all__ = [
    "monthly",
    "backlog",
    "due",
    "render",
    "write",
    "FORMATS",
    "REPORTS",
    "MonthlyReport",
    "MonthlyRow",
    "BacklogReport",
    "BacklogRow",
    "DueReport",
    "DueRow",
    "ReportError",
    "ReportTable",
    "backlog_sentence",
    "pct_done",
    "pct_on_time",
]

REPORTS = {"monthly": monthly, "backlog": backlog, "due": due}
