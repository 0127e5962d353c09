"""Dates and moments: the one place where they are read, computed and written.

Read strictly, as ISO 8601 the way a browser writes it, and nothing else:

- a day: ``YYYY-MM-DD``, a real calendar day (no 31 February);
- a moment: ``YYYY-MM-DDTHH:MM[:SS[.fraction]]`` followed by ``Z`` or an offset ``+HH:MM``/``-HH:MM``; hours
  00-23, minutes and seconds 00-59, a fraction of 1 to 9 digits (kept to the millisecond).

Years run from 1970 to 9998, so every date made from one (the reader's local day, the day after a deadline, the
moment in UTC) still has four digits. A day is kept as its ``YYYY-MM-DD`` text, a moment as milliseconds since
1970-01-01 UTC, written back as ``YYYY-MM-DDTHH:MM:SS.mmmZ`` (what the browser's ``toISOString()`` gives).

The reader's clock (``Clock``) is a moment and the reader's offset from UTC in minutes, east positive (the page
sends ``-new Date().getTimezoneOffset()``): the day and time the reader sees come from the two. Written as Dutch
("1 december 2026", "1 december 2026, 19:53"), as dd-mm-jjjj (Excel in Dutch reads it as a date) and in the
iCalendar forms of RFC 5545 (``20261201T195325Z``; a whole day ``20261201``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._errors import LinkError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

MONTHS: Final = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
                 "november", "december")
FIRST_YEAR: Final = 1970
LAST_YEAR: Final = 9998
#: An offset from UTC is less than a day, either way (in minutes).
MAX_OFFSET: Final = 24 * 60 - 1
_DAYS_IN_MONTH: Final = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAY_MS: Final = 86_400_000
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_MOMENT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
                     r"(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))", re.ASCII)
#: Longer than any moment this module reads (35 characters): refused before a pattern looks at it.
_LONGEST: Final = 40


# --- the calendar ----------------------------------------------------------------------------------------

def leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def month_days(year: int, month: int) -> int:
    return _DAYS_IN_MONTH[month - 1] + (month == 2 and leap(year))


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 (Howard Hinnant's ``days_from_civil``, proleptic Gregorian)."""
    year -= month <= 2
    era, yoe = divmod(year, 400)
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """The day ``days`` after 1970-01-01 as (year, month, day): the inverse of ``days_from_civil``."""
    era, doe = divmod(days + 719468, 146097)
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return era * 400 + yoe + (month <= 2), month, day


def _real(year: int, month: int, day: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12 and 1 <= day <= month_days(year, month)


# --- reading ---------------------------------------------------------------------------------------------

def day(value: object) -> str:
    """``value`` when it is a real day ``YYYY-MM-DD`` (years 1970-9998), else ""."""
    if not isinstance(value, str) or len(value) != 10:
        return ""
    m = _DAY.fullmatch(value)
    return value if m and _real(int(m[1]), int(m[2]), int(m[3])) else ""


def moment(value: object) -> int | None:
    """Milliseconds since 1970-01-01 UTC of an ISO moment with ``Z`` or an offset, or None."""
    if not isinstance(value, str) or len(value) > _LONGEST:
        return None
    m = _MOMENT.fullmatch(value)
    if not m:
        return None
    year, month, date, hour, minute = (int(m[i]) for i in range(1, 6))
    second = int(m[6] or 0)
    if not (_real(year, month, date) and hour < 24 and minute < 60 and second < 60):
        return None
    shift = 0
    if m[9]:
        hours, minutes = int(m[10]), int(m[11])
        if hours > 23 or minutes > 59:
            return None
        shift = (hours * 60 + minutes) * (1 if m[9] == "+" else -1)
    millis = int((m[7] or "0")[:3].ljust(3, "0"))
    seconds = ((days_from_civil(year, month, date) * 24 + hour) * 60 + minute - shift) * 60 + second
    return seconds * 1000 + millis


def offset(value: object) -> int | None:
    """Minutes east of UTC: a whole number less than a day either way, else None."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > MAX_OFFSET:
        return None
    return value


def order(value: object) -> tuple[int, int] | None:
    """How a day or a moment sorts (a day before the moments on it), and which texts mean the same; None for
    anything else. ``2026-03-01T11:00:00+01:00`` and ``2026-03-01T10:00:00.000Z`` are one moment."""
    found = moment(value)
    if found is not None:
        return found, 1
    if day(value):
        y, mo, d = (int(part) for part in str(value).split("-"))
        return days_from_civil(y, mo, d) * _DAY_MS, 0
    return None


# --- writing ---------------------------------------------------------------------------------------------

def _local(millis: int, minutes: int = 0) -> tuple[int, int, int, int, int, int, int]:
    days, rest = divmod(millis + minutes * 60_000, _DAY_MS)
    y, mo, d = civil_from_days(days)
    seconds, ms = divmod(rest, 1000)
    return y, mo, d, seconds // 3600, seconds // 60 % 60, seconds % 60, ms


def iso(millis: int) -> str:
    """A moment as ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    y, mo, d, h, mi, s, ms = _local(millis)
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{ms:03d}Z"


def day_of(millis: int, minutes: int = 0) -> str:
    """The day (``YYYY-MM-DD``) of a moment for a reader ``minutes`` east of UTC."""
    y, mo, d = _local(millis, minutes)[:3]
    return f"{y:04d}-{mo:02d}-{d:02d}"


def dutch_day(value: str) -> str:
    """``2026-12-01`` as ``1 december 2026``."""
    y, mo, d = (int(part) for part in value.split("-"))
    return f"{d} {MONTHS[mo - 1]} {y}"


def dutch_moment(millis: int, minutes: int = 0) -> str:
    """A moment as ``1 december 2026, 19:53`` for a reader ``minutes`` east of UTC."""
    y, mo, d, h, mi = _local(millis, minutes)[:5]
    return f"{d} {MONTHS[mo - 1]} {y}, {h:02d}:{mi:02d}"


def dutch(value: object, minutes: int = 0) -> str:
    """A day or a moment (as text) in Dutch, a moment in the reader's time; "" for anything else."""
    found = moment(value)
    if found is not None:
        return dutch_moment(found, minutes)
    return dutch_day(str(value)) if day(value) else ""


def dutch_date(value: object, minutes: int = 0) -> str:
    """The day of a day or a moment (as text) in Dutch, a moment's day in the reader's time: ``8 december 2026``;
    "" for anything else."""
    found = moment(value)
    if found is not None:
        return dutch_day(day_of(found, minutes))
    return dutch_day(str(value)) if day(value) else ""


def numeric_day(value: str) -> str:
    """``2026-12-31`` as ``31-12-2026``; "" stays ""."""
    return f"{value[8:10]}-{value[5:7]}-{value[:4]}" if value else ""


def next_day(value: str) -> str:
    """The day after a day, ``YYYY-MM-DD``."""
    y, mo, d = civil_from_days(days_from_civil(*(int(part) for part in value.split("-"))) + 1)
    return f"{y:04d}-{mo:02d}-{d:02d}"


def next_tuesday(value: str) -> str:
    """The first Tuesday after a day (``YYYY-MM-DD``; a Tuesday gives the one a week later): when Q&A Tuesday
    publishes the next answer."""
    days = days_from_civil(*(int(part) for part in value.split("-")))
    weekday = (days + 3) % 7  # Monday 0: 1970-01-01 was a Thursday
    y, mo, d = civil_from_days(days + ((1 - weekday) % 7 or 7))
    return f"{y:04d}-{mo:02d}-{d:02d}"


def ics_stamp(millis: int) -> str:
    """A moment in UTC as iCalendar writes it (``DTSTAMP``): ``20261201T195325Z``."""
    y, mo, d, h, mi, s = _local(millis)[:6]
    return f"{y:04d}{mo:02d}{d:02d}T{h:02d}{mi:02d}{s:02d}Z"


def ics_day(value: str) -> str:
    """A day as iCalendar writes a whole day (``VALUE=DATE``): ``20261201``."""
    return value.replace("-", "")


# --- the reader's clock ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Clock:
    """Now, as the reader's page knows it: a moment (milliseconds since 1970 UTC) and the reader's offset from
    UTC in minutes, east positive."""

    millis: int
    offset: int = 0

    @property
    def iso(self) -> str:
        """Now as ``YYYY-MM-DDTHH:MM:SS.mmmZ``: how a measurement or a change is dated."""
        return iso(self.millis)

    @property
    def day(self) -> str:
        """The reader's day today, ``YYYY-MM-DD``."""
        return day_of(self.millis, self.offset)

    @property
    def today(self) -> str:
        """The reader's day today in Dutch: ``1 januari 2027``."""
        return dutch_day(self.day)


NO_TIME: Final = "De tijd van je apparaat ontbreekt of is onleesbaar. Laad de pagina opnieuw."
NO_ZONE: Final = "De tijdzone van je apparaat is onleesbaar. Laad de pagina opnieuw."


def clock(now: object, minutes: object = None) -> Clock:
    """The reader's clock from the page's ``now`` (an ISO moment) and ``offset`` (minutes east of UTC, 0 when
    absent); ``LinkError`` (Dutch) when either is not as described."""
    found = moment(now)
    if found is None:
        raise LinkError(NO_TIME)
    shift = 0 if minutes is None else offset(minutes)
    if shift is None:
        raise LinkError(NO_ZONE)
    return Clock(found, shift)


def zone(minutes: object) -> int:
    """The page's ``offset`` alone (for an op that shows dates but stores none): 0 when absent."""
    shift = 0 if minutes is None else offset(minutes)
    if shift is None:
        raise LinkError(NO_ZONE)
    return shift
