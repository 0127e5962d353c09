"""The improvement plan as files: CSV that Excel opens in Dutch, and iCalendar (RFC 5545) with one all-day event
per deadline. Written without a library: the ``csv`` and ``datetime`` modules are not in the trimmed stdlib the
browser downloads, and a calendar library would bring time-zone data into Pyodide for a file of a few lines."""

from __future__ import annotations

import re

from ._movement import movement
from ._plan import KIND_NAMES, month_days

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

    from ._model import Questionnaire

_STAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")


def next_day(iso: str) -> str:
    y, mo, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    d += 1
    if d > month_days(y, mo):
        d, mo = 1, mo + 1
        if mo > 12:
            mo, y = 1, y + 1
    return f"{y:04d}-{mo:02d}-{d:02d}"


CSV_COLUMNS: Final = ("Onderdeel", "Soort", "Stellingen", "Eigenaar", "Deadline", "Status", "Notitie",
                      "Beweging sinds het plan", "Toegevoegd op")


def dutch_day(iso: str) -> str:
    """``2026-12-31`` as ``31-12-2026`` (dd-mm-jjjj, which Excel in Dutch reads as a date); "" stays ""."""
    return f"{iso[8:10]}-{iso[5:7]}-{iso[:4]}" if iso else ""


def _csv_field(value: str) -> str:
    if value[:1] in ("=", "+", "-", "@"):  # Excel would read it as a formula
        value = "'" + value
    if any(c in value for c in ';"\r\n') or value != value.strip():
        return '"' + value.replace('"', '""') + '"'
    return value


def csv_text(q: Questionnaire, plan: list[dict[str, Any]], answers: Mapping[str, Any]) -> str:
    """The plan as CSV that Excel opens in Dutch: UTF-8 with a BOM, ``;`` between fields, CRLF, dd-mm-jjjj."""
    rows = [CSV_COLUMNS]
    for item in plan:
        rows.append((item["title"], KIND_NAMES[item["kind"]], ", ".join(item["statements"]), item["owner"],
                     dutch_day(item["due"]), item["status"], item["note"], movement(q, item, answers)[1],
                     dutch_day(item["made"])))
    return "\ufeff" + "".join(";".join(_csv_field(v) for v in row) + "\r\n" for row in rows)


def _ics_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """One content line, folded so no line is longer than 75 octets (RFC 5545, 3.1), never inside a character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def _stamp(date: str) -> str:
    m = _STAMP.match(date)
    if not m:
        return "19700101T000000Z"
    return f"{m[1]}{m[2]}{m[3]}T{m[4] or '00'}{m[5] or '00'}{m[6] or '00'}Z"


def ics_text(q: Questionnaire, plan: list[dict[str, Any]], answers: Mapping[str, Any], date: str) -> str:
    """Every item with a due date as an all-day event on that day; UID stable per item."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Grip op uitbesteding//Verbeterplan//NL",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_escape(f'Verbeterplan {q.title}')}"]
    stamp = _stamp(date)
    for item in plan:
        if not item["due"]:
            continue
        details = [f"Vragenlijst: {q.title}", f"Status: {item['status']}"]
        if item["owner"]:
            details.append(f"Eigenaar: {item['owner']}")
        if item["note"]:
            details.append(f"Notitie: {item['note']}")
        if item["statements"]:
            details.append(f"Stellingen: {', '.join(item['statements'])}")
        details.append(f"Sinds het plan: {movement(q, item, answers)[1]}")
        lines += ["BEGIN:VEVENT", f"UID:{item['id']}.{q.id}@grip-op-uitbesteding", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{item['due'].replace('-', '')}",
                  f"DTEND;VALUE=DATE:{next_day(item['due']).replace('-', '')}",
                  f"SUMMARY:{_ics_escape(item['title'])}", f"DESCRIPTION:{_ics_escape(chr(10).join(details))}",
                  "TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
