"""Properties of dates.py: every accepted form reads back, impossible dates are refused."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tdnv_rules.dates import VN_TZ, DateError, fmt_date, parse_date, parse_datetime

days = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31))
clock = st.times().map(lambda t: t.replace(microsecond=0))


def day_forms(day: date) -> list[str]:
    """The date forms the web system and ISO 8601 write."""
    return [
        f"{day.day:02d}/{day.month:02d}/{day.year}",
        f"{day.day}/{day.month}/{day.year}",
        day.isoformat(),
    ]


def twelve_hour(moment: time) -> str:
    """hh:mm SA/CH as the web system prints it (SA before noon, CH from noon)."""
    hour = moment.hour % 12 or 12
    return f"{hour:02d}:{moment.minute:02d} {'SA' if moment.hour < 12 else 'CH'}"


@given(days)
def test_every_date_form_reads_back(day: date) -> None:
    """dd/mm/yyyy, d/m/yyyy and ISO all read back to the same day."""
    assert [day] * 3 == [parse_date(text) for text in day_forms(day)]
    assert day == parse_date(fmt_date(day))


@given(days, clock)
def test_every_datetime_form_reads_back(day: date, moment: time) -> None:
    """With hh:mm, hh:mm:ss, SA/CH or ISO, a moment reads back as that Vietnam time."""
    expected = datetime.combine(day, moment, VN_TZ)
    no_seconds = expected.replace(second=0)
    base = f"{day.day:02d}/{day.month:02d}/{day.year}"
    assert [no_seconds, expected, no_seconds, expected, expected] == [
        parse_datetime(f"{base} {moment:%H:%M}"),
        parse_datetime(f"{base} {moment:%H:%M:%S}"),
        parse_datetime(f"{base} {twelve_hour(moment)}"),
        parse_datetime(expected.isoformat()),
        parse_datetime(expected.replace(tzinfo=None).isoformat()),
    ]
    assert day == parse_date(f"{base} {twelve_hour(moment)}")


@given(days, st.integers(min_value=-12, max_value=14), clock)
def test_iso_with_offset_is_the_same_instant(day: date, hours: int, moment: time) -> None:
    """An ISO time with another offset is the same instant; its date is the day in Vietnam."""
    aware = datetime.combine(day, moment, timezone(timedelta(hours=hours)))
    assert aware == parse_datetime(aware.isoformat())
    assert aware.astimezone(VN_TZ).date() == parse_date(aware.isoformat())


@given(days)
def test_a_date_where_a_moment_is_expected_is_the_start_of_that_day(day: date) -> None:
    """A bare date read as a moment is midnight at the start of that day in Vietnam."""
    expected = datetime.combine(day, time(0), VN_TZ)
    assert [expected] * 3 == [parse_datetime(text) for text in day_forms(day)]


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2024",
        "29/02/2023",
        "30/02/2024",
        "31/04/2024",
        "00/01/2024",
        "2023-02-29",
        "15/13/2024",
        "31/02/2024 10:00",
        "12/01/2024 13:00 CH",
        "12/01/2024 00:30 SA",
        "12/01/2024 24:00",
    ],
)
def test_impossible_dates_and_times_are_refused(text: str) -> None:
    """Days that do not exist, and hours that do not fit, raise DateError."""
    with pytest.raises(DateError):
        parse_datetime(text)


def test_leap_day_and_noon_midnight() -> None:
    """29/02/2024 exists; 12:xx SA is just after midnight and 12:xx CH just after noon."""
    assert date(2024, 2, 29) == parse_date("29/02/2024")
    assert datetime(2024, 1, 12, 0, 30, tzinfo=VN_TZ) == parse_datetime("12/01/2024 12:30 SA")
    assert datetime(2024, 1, 12, 12, 30, tzinfo=VN_TZ) == parse_datetime("12/01/2024 12:30 CH")


@given(
    st.one_of(
        st.text(),
        st.text(alphabet="0123456789/-.: TSACHPM+Z"),
        st.integers(),
        st.floats(),
        st.none(),
        st.lists(st.integers()),
        st.binary(),
    )
)
def test_arbitrary_input_raises_nothing_but_date_error(value: object) -> None:
    """Any text or value either parses or raises DateError, never anything else."""
    for parse in (parse_date, parse_datetime):
        try:
            result = parse(value)
        except DateError:
            continue
        assert isinstance(result, date)
