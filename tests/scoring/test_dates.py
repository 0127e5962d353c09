"""One owner for dates (``scoring._dates``): strict ISO 8601 in, the reader's day and time from a moment and an
offset, Dutch and iCalendar out. The properties are checked with Hypothesis against Python's own ``datetime``
(which ``scoring`` does not use: it is not in the browser's trimmed stdlib)."""

from __future__ import annotations

import datetime as dt
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import _dates
from scoring._errors import LinkError

EXAMPLES = 500 if sys.platform != "emscripten" else 100
ISO_LIKE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:[0-9]{2}))?"
UTC = dt.UTC
FIRST = dt.datetime(1970, 1, 1, tzinfo=UTC)
#: Every moment the module accepts, as Python's datetime writes it (with an offset from UTC up to a day).
MOMENTS = st.datetimes(dt.datetime(1970, 1, 1), dt.datetime(9998, 12, 31, 23, 59, 59, 999999))
ZONES = st.integers(-_dates.MAX_OFFSET, _dates.MAX_OFFSET)
DAYS = st.dates(dt.date(1970, 1, 1), dt.date(9998, 12, 31))
DUTCH_DAY = re.compile(rf"([1-9]|[12][0-9]|3[01]) ({'|'.join(_dates.MONTHS)}) [0-9]{{4}}")


def millis(moment: dt.datetime) -> int:
    delta = moment - FIRST
    return (delta.days * 86_400 + delta.seconds) * 1000 + delta.microseconds // 1000


@pytest.mark.parametrize("text", [
    "2026-02-31", "2026-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "0999-01-01", "1969-12-31", "9999-12-31",
    "２０２６-01-01", "2026-01-01 ", " 2026-01-01", "2026-01-01T10:00:00Z", "", None, 20260101, ["2026-01-01"],
])
def test_a_day_is_a_real_calendar_day_in_four_digits_or_nothing(text):
    assert _dates.day(text) == ""


@pytest.mark.parametrize("text", ["2024-02-29", "1970-01-01", "9998-12-31", "2026-12-01"])
def test_real_days_are_read(text):
    assert _dates.day(text) == text


@pytest.mark.parametrize("text", [
    "2026-02-31T10:00:00Z", "2026-03-01T99:99Z", "2026-03-01T24:00:00Z", "2026-03-01T10:60:00Z",
    "2026-03-01T10:00:60Z", "2026-03-01T10:00:00", "2026-03-01T10:00:00+0500", "2026-03-01T10:00:00+24:00",
    "2026-03-01T10:00:00+05:60", "2026-03-01 10:00:00Z", "2026-03-01T10Z", "2026-03-01T10:00:00.Z",
    "2026-03-01T10:00:00.1234567890Z", "2026-03-01", "9999-12-31T23:59:59Z", "1969-12-31T23:59:59Z",
    "2026-03-01T10:00:00z", "2026-03-01T1０:00:00Z", "2026-03-01T10:00:00Z\n", "x" * 10_000, None, 1.5,
])
def test_a_moment_that_is_not_strict_iso_is_refused(text):
    assert _dates.moment(text) is None


@settings(max_examples=EXAMPLES, deadline=None)
@given(MOMENTS, ZONES, st.sampled_from(["seconds", "milliseconds", "microseconds", "minutes"]))
def test_every_accepted_moment_round_trips(moment, minutes, precision):
    zone = dt.timezone(dt.timedelta(minutes=minutes))
    local = moment.replace(tzinfo=UTC).astimezone(zone)
    if not 1970 <= local.year <= 9998:
        return
    text = local.isoformat(timespec=precision).replace("+00:00", "Z")
    found = _dates.moment(text)
    assert found is not None, text
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))  # what the text says, to the millisecond
    assert found == millis(parsed.replace(microsecond=parsed.microsecond // 1000 * 1000).astimezone(UTC)), text
    written = _dates.iso(found)
    assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z", written), written
    assert _dates.moment(written) == found  # written back as the browser writes it, and read again the same
    assert _dates.order(text) == _dates.order(written)


@settings(max_examples=EXAMPLES, deadline=None)
@given(MOMENTS, ZONES)
def test_the_readers_day_and_time_come_from_the_moment_and_the_offset(moment, minutes):
    utc = moment.replace(tzinfo=UTC, microsecond=0)
    local = utc.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))
    ms = millis(utc)
    assert _dates.day_of(ms, minutes) == local.date().isoformat()
    shown = _dates.dutch_moment(ms, minutes)
    assert shown == f"{local.day} {_dates.MONTHS[local.month - 1]} {local.year}, {local:%H:%M}"
    clock = _dates.clock(_dates.iso(ms), minutes)
    assert (clock.day, clock.today) == (local.date().isoformat(), shown.split(",")[0])
    assert _dates.ics_stamp(ms) == f"{utc:%Y%m%dT%H%M%SZ}"


@settings(max_examples=EXAMPLES, deadline=None)
@given(DAYS)
def test_every_printed_date_is_dutch_and_the_calendar_is_right(day):
    text = day.isoformat()
    assert DUTCH_DAY.fullmatch(_dates.dutch_day(text))
    assert _dates.dutch(text) == _dates.dutch_day(text) == f"{day.day} {_dates.MONTHS[day.month - 1]} {day.year}"
    assert _dates.numeric_day(text) == f"{day:%d-%m-%Y}"
    assert _dates.next_day(text) == (day + dt.timedelta(days=1)).isoformat()
    assert _dates.days_from_civil(day.year, day.month, day.day) == (day - dt.date(1970, 1, 1)).days
    assert _dates.civil_from_days((day - dt.date(1970, 1, 1)).days) == (day.year, day.month, day.day)
    assert _dates.month_days(day.year, day.month) == ((day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                                                       - dt.timedelta(days=1)).day


def test_the_day_after_the_last_accepted_day_still_has_four_digits():
    assert _dates.next_day("9998-12-31") == "9999-01-01"
    assert _dates.ics_day(_dates.next_day("9998-12-31")) == "99990101"
    assert _dates.day_of(_dates.moment("9998-12-31T23:59:59Z"), _dates.MAX_OFFSET)[:4] == "9999"
    assert _dates.day_of(_dates.moment("1970-01-01T00:00:00Z"), -_dates.MAX_OFFSET)[:4] == "1969"


def test_an_offset_in_the_moment_is_honoured_everywhere():
    """``+05:00`` once printed the raw ISO moment in the history and shifted DTSTAMP by five hours."""
    five = _dates.moment("2026-03-01T15:00:00+05:00")
    assert five == _dates.moment("2026-03-01T10:00:00.000Z")
    assert _dates.dutch("2026-03-01T15:00:00+05:00", 60) == "1 maart 2026, 11:00"
    assert _dates.ics_stamp(five) == "20260301T100000Z"


def test_half_past_midnight_on_new_years_day_reads_1_januari():
    clock = _dates.clock("2026-12-31T23:30:00.000Z", 60)
    assert clock.day == "2027-01-01" and clock.today == "1 januari 2027"
    assert _dates.dutch(clock.iso, clock.offset) == "1 januari 2027, 00:30"
    assert _dates.clock("2026-12-31T23:30:00.000Z").today == "31 december 2026"  # without an offset: UTC


@pytest.mark.parametrize(("now", "offset"), [
    (None, 0), ("", 0), ("morgen", 0), ("2026-02-31T10:00:00Z", 0), (1_700_000_000_000, 0),
    ("2026-03-01T10:00:00Z", "60"), ("2026-03-01T10:00:00Z", 1440), ("2026-03-01T10:00:00Z", True),
    ("2026-03-01T10:00:00Z", 1.5), ("2026-03-01T10:00:00Z", [60]),
])
def test_a_clock_that_cannot_be_read_is_refused_in_dutch(now, offset):
    with pytest.raises(LinkError) as refused:
        _dates.clock(now, offset)
    assert str(refused.value).startswith("De t") and str(refused.value).endswith("Laad de pagina opnieuw.")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=40) | st.from_regex(ISO_LIKE, fullmatch=True))
def test_anything_read_is_a_real_moment_or_day_and_nothing_else_is(text):
    found, day = _dates.moment(text), _dates.day(text)
    if found is not None:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        assert found == millis(parsed.astimezone(UTC)) and 1970 <= parsed.year <= 9998
    if day:
        assert dt.date.fromisoformat(text).isoformat() == text
    if found is None and not day:
        assert _dates.order(text) is None and _dates.dutch(text) == ""
