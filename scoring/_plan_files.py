"""The improvement plan as files: CSV that Excel opens in Dutch, and iCalendar (RFC 5545) with one all-day event
per deadline and a reminder a week before it. Written without a library: the ``csv`` and ``datetime`` modules are
not in the trimmed stdlib the browser downloads, and a calendar library would bring time-zone data into Pyodide for a
file of a few lines."""

from __future__ import annotations

from . import _dates
from ._movement import item_title, movement
from ._plan import KIND_NAMES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

    from ._model import Questionnaire


CSV_COLUMNS: Final = ("Onderdeel", "Soort", "Stellingen", "Eigenaar", "Deadline", "Status", "Notitie",
                      "Beweging sinds het plan", "Toegevoegd op")


#: The calendar's reminder: a week before the deadline (RFC 5545 ``dur-value``, before the start of the day).
REMINDER: Final = "-P7D"


def _statements(q: Questionnaire, item: Mapping[str, Any]) -> str:
    """The item's statements in full, one after the other; one this version no longer asks as "vervallen stelling"."""
    known = {s.id: s.text.rstrip(".") for s in q.statements}
    return "; ".join(known.get(sid, "vervallen stelling") for sid in item["statements"])


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
        rows.append((item_title(q, item), KIND_NAMES[item["kind"]], _statements(q, item), item["owner"],
                     _dates.numeric_day(item["due"]), item["status"], item["note"], movement(q, item, answers)[1],
                     _dates.numeric_day(item["made"])))
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


def ics_text(q: Questionnaire, plan: list[dict[str, Any]], answers: Mapping[str, Any], now: int) -> str:
    """Every item with a due date as an all-day event on that day; UID stable per item; ``DTSTAMP`` is ``now``
    (milliseconds since 1970 UTC), when the file was made."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Grip op uitbesteding//Verbeterplan//NL",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_escape(f'Verbeterplan {q.title}')}"]
    stamp = _dates.ics_stamp(now)
    for item in plan:
        if not item["due"]:
            continue
        title = item_title(q, item)
        details = [f"Vragenlijst: {q.title}", f"Status: {item['status']}"]
        if item["owner"]:
            details.append(f"Eigenaar: {item['owner']}")
        if item["note"]:
            details.append(f"Notitie: {item['note']}")
        if item["statements"]:
            details.append(f"Stellingen: {_statements(q, item)}")
        details.append(f"Sinds het plan: {movement(q, item, answers)[1]}")
        lines += ["BEGIN:VEVENT", f"UID:{item['id']}.{q.id}@grip-op-uitbesteding", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{_dates.ics_day(item['due'])}",
                  f"DTEND;VALUE=DATE:{_dates.ics_day(_dates.next_day(item['due']))}",
                  f"SUMMARY:{_ics_escape(title)}", f"DESCRIPTION:{_ics_escape(chr(10).join(details))}",
                  "TRANSP:TRANSPARENT",
                  "BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER:{REMINDER}",
                  f"DESCRIPTION:{_ics_escape(f'Over een week: {title}')}", "END:VALARM",
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
