"""The deadline a directive's content states in words ("… trước ngày 25/02/2024")."""

from __future__ import annotations

import re
from datetime import date

from ..dates import DateError, parse_date
from ..text import fold

__all__ = ["content_deadline"]

# Works on the folded key: "truoc ngay 25 02 2024", "cham nhat ngay 15 4 2024", "truoc 15 4 2024".
_STATED = re.compile(
    r"\b(?:truoc|cham nhat(?: la)?|han chot|khong muon hon|hoan thanh truoc)\s+(?:ngay\s+)?"
    r"(\d{1,2}) (\d{1,2}) (\d{4})\b"
)
# A content without a written date needs no folding at all (most contents have none).
_ANY_DATE = re.compile(r"\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}")


def content_deadline(content: str | None) -> date | None:
    """The last date the content asks the work to be done by, or None when it states none."""
    if not content or not _ANY_DATE.search(content):
        return None
    found: date | None = None
    for day, month, year in _STATED.findall(fold(content)):
        try:
            stated = parse_date(f"{day}/{month}/{year}")
        except DateError:
            continue
        found = stated if found is None or stated > found else found
    return found
