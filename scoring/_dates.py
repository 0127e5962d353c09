"""Dates and moments for the reader: parsed, and written in Dutch."""

from __future__ import annotations

import re
import time

_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
_MOMENT = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]00:00)?)?")


def dutch_moment(iso: str, offset: int = 0) -> str:
    """``2026-12-01T19:53:25.758Z`` as ``1 december 2026, 20:53`` in the reader's time (``offset``: minutes
    ahead of UTC, as the browser knows it); a date without a time stays a date; anything else as it is."""
    m = _MOMENT.fullmatch(iso)
    if not m:
        return iso
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if m[4] is None:
        return f"{d} {_MONTHS[mo - 1]} {y}"
    y -= mo <= 2  # days since 1970-01-01 (Howard Hinnant's days_from_civil), then back through gmtime
    era, yoe = divmod(y, 400)
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + (153 * (mo + (-3 if mo > 2 else 9)) + 2) // 5 + d - 1 - 719468
    t = time.gmtime(((days * 24 + int(m[4])) * 60 + int(m[5]) + (offset if m[6] else 0)) * 60)
    return f"{t.tm_mday} {_MONTHS[t.tm_mon - 1]} {t.tm_year}, {t.tm_hour:02d}:{t.tm_min:02d}"
