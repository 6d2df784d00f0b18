"""Dates and times in the forms the web system shows, and in ISO 8601.

Accepted: ``2024-01-05``, ``2024-01-08T11:21:00+07:00``, ``05/01/2024``, ``5/1/2024``,
``15/04/2024 21:02``, ``15/04/2024 21:02:33``, ``08/01/2024 11:21 SA`` (SA = sáng, a.m.) and
``11/04/2024 02:10 CH`` (CH = chiều, p.m.). Day first, always. A time without a zone is
Asia/Ho_Chi_Minh (UTC+7, no daylight saving). A date given where a moment is expected is
read as the start of that day; ``moment(d, end_of_day=True)`` reads it as its last instant.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

__all__ = ["VN_TZ", "DateError", "parse_date", "parse_datetime", "moment", "local_date", "fmt_date"]

VN_TZ = timezone(timedelta(hours=7), "ICT")
_END_OF_DAY = time(23, 59, 59, 999999)

_DMY = re.compile(
    r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})"
    r"(?:[ T,]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?(?:\s*([SsCc][Aa]|[SsCc][Hh]|[AaPp][Mm]))?)?\s*$"
)


class DateError(ValueError):
    """A value that is not a date or time in any accepted form."""


def _from_dmy(text: str) -> datetime | date | None:
    match = _DMY.match(text)
    if not match:
        return None
    day, month, year, hour, minute, second, half = match.groups()
    try:
        day_value = date(int(year), int(month), int(day))
    except ValueError as error:
        raise DateError(f"{text!r} is not a real date ({error})") from None
    if hour is None:
        return day_value
    h, m, s = int(hour), int(minute), int(second or 0)
    if half:
        marker = half.upper()
        if not 1 <= h <= 12:
            raise DateError(f"{text!r}: hour {h} does not go with {half}")
        if marker in ("CH", "PM") and h != 12:
            h += 12
        elif marker in ("SA", "AM") and h == 12:
            h = 0
    try:
        return datetime.combine(day_value, time(h, m, s), VN_TZ)
    except ValueError as error:
        raise DateError(f"{text!r} is not a real time ({error})") from None


def _iso_like(text: str) -> bool:
    return len(text) >= 10 and text[4] == "-" and text[:4].isdigit()


def parse_date(value: object) -> date:
    """Read a calendar date; a datetime gives its day in Vietnam."""
    if isinstance(value, datetime):
        return local_date(value)
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise DateError(f"expected a date, got {type(value).__name__} {value!r}")
    return _date_from_text(value)


@lru_cache(maxsize=65536)
def _date_from_text(value: str) -> date:
    text = value.strip()
    if _iso_like(text):
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            return local_date(datetime.fromisoformat(text))
        except ValueError:
            raise DateError(f"{value!r} is not a real date") from None
    parsed = _from_dmy(text)
    if parsed is None:
        raise DateError(f"{value!r} is not a date (expected dd/mm/yyyy or yyyy-mm-dd)")
    return parsed if not isinstance(parsed, datetime) else parsed.date()


def parse_datetime(value: object) -> datetime:
    """Read a moment; naive times are Vietnam time, a bare date is the start of that day."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=VN_TZ)
    if isinstance(value, date):
        return datetime.combine(value, time(0), VN_TZ)
    if not isinstance(value, str):
        raise DateError(f"expected a date and time, got {type(value).__name__} {value!r}")
    return _moment_from_text(value)


@lru_cache(maxsize=65536)
def _moment_from_text(value: str) -> datetime:
    text = value.strip()
    if _iso_like(text):
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise DateError(f"{value!r} is not a real date and time") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=VN_TZ)
    parsed = _from_dmy(text)
    if parsed is None:
        raise DateError(
            f"{value!r} is not a date and time (expected dd/mm/yyyy hh:mm [SA|CH] or ISO 8601)"
        )
    if isinstance(parsed, datetime):
        return parsed
    return datetime.combine(parsed, time(0), VN_TZ)


def moment(value: object, *, end_of_day: bool = False) -> datetime:
    """An aware moment from a date, datetime or string; dates at their start or end."""
    if isinstance(value, str):
        try:
            day = parse_date(value) if len(value.strip()) <= 10 else None
        except DateError:
            day = None
        if day is not None and end_of_day:
            return datetime.combine(day, _END_OF_DAY, VN_TZ)
        return parse_datetime(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime.combine(value, _END_OF_DAY if end_of_day else time(0), VN_TZ)
    return parse_datetime(value)


def local_date(value: datetime) -> date:
    """The calendar day of a moment in Vietnam."""
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(VN_TZ).date()


def fmt_date(value: date | datetime | None) -> str:
    """dd/mm/yyyy, as the web system prints dates; empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_date(value)
    return f"{value.day:02d}/{value.month:02d}/{value.year}"
