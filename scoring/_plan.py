"""The reader's targets and improvement plan (issue 16): cleaned whenever they are read, changed one action at
a time (the api op ``plan``), and exported as CSV (Excel in Dutch) and as iCalendar (RFC 5545).

Both live in the stored entry beside the answers, as keys the rest of ``_saved`` keeps as they are:

- ``targets``: ``{"overall": 1-5, theme id: 1-5}``. A missing one is the default: one level up from the current
  level, at most 5, and none while there is no level.
- ``plan``: items ``{"id", "kind": "step"|"recommendation", "ref", "title", "statements", "owner", "due",
  "status", "note", "made", "baseline"}``; ``baseline`` holds the answers of the item's statements when it was
  added, so a later measurement shows what moved.

Whatever is read is cleaned (types, lengths, real dates); a junk item is dropped, nothing raises. An item whose
statements a later version of the questionnaire no longer asks is kept: it shows "vervallen stelling".
"""

from __future__ import annotations

import re

from ._errors import LinkError
from ._model import NOT_APPLICABLE, UNKNOWN, Questionnaire
from ._score import _addresses, score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

KINDS: Final = ("step", "recommendation")
STATUSES: Final = ("gepland", "bezig", "klaar")
FIELDS: Final = ("owner", "due", "status", "note")
FIELD_NAMES: Final = {"owner": "De eigenaar", "due": "De deadline", "status": "De status", "note": "De notitie"}
KIND_NAMES: Final = {"step": "Stap", "recommendation": "Aanbeveling"}
#: The longest text kept in a plan item.
MAX_TEXT: Final = 200
#: A plan longer than this is cut (no questionnaire has this many statements and recommendations).
MAX_ITEMS: Final = 100
MAX_STATEMENTS: Final = 60
OVERALL: Final = "overall"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_STAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# --- cleaning what is read -------------------------------------------------------------------------------

def text(value: object, limit: int = MAX_TEXT) -> str:
    """Plain text of at most ``limit`` characters, one line, no control characters; "" for anything else."""
    if not isinstance(value, str):
        return ""
    return " ".join(_CONTROL.sub(" ", value[: limit * 4]).split())[:limit].strip()


def ident(value: object) -> str:
    return value if isinstance(value, str) and len(value) <= 60 and _ID.fullmatch(value) else ""


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _month_days(year: int, month: int) -> int:
    return _DAYS[month - 1] + (month == 2 and _leap(year))


def day(value: object) -> str:
    """A real calendar day as ``YYYY-MM-DD`` (years 1970-9999), else ""."""
    if not isinstance(value, str):
        return ""
    m = _DAY.fullmatch(value.strip())
    if not m:
        return ""
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1970 <= y <= 9999 and 1 <= mo <= 12 and 1 <= d <= _month_days(y, mo) else ""


def next_day(iso: str) -> str:
    y, mo, d = int(iso[:4]), int(iso[5:7]), int(iso[8:10])
    d += 1
    if d > _month_days(y, mo):
        d, mo = 1, mo + 1
        if mo > 12:
            mo, y = 1, y + 1
    return f"{y:04d}-{mo:02d}-{d:02d}"


def level(value: object) -> int | None:
    """A level 1-5 (a whole number or its digit as text, as a <select> sends it), else None."""
    if isinstance(value, str) and value.strip() in ("1", "2", "3", "4", "5"):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        return None
    return value


def _answer(value: object) -> int | str | None:
    if value in (UNKNOWN, NOT_APPLICABLE):
        return value  # type: ignore[return-value]
    return level(value)


def default_target(current: int | None) -> int | None:
    """One level up from the current level, at most 5; none without a level."""
    return None if current is None else min(current + 1, 5)


def clean_targets(q: Questionnaire, raw: object) -> dict[str, int]:
    """``overall`` and the questionnaire's theme ids, each a level 1-5; everything else left out."""
    if not isinstance(raw, dict):
        return {}
    scopes = [OVERALL, *(t.id for t in q.themes)]
    return {scope: level(raw[scope]) for scope in scopes if scope in raw and level(raw[scope]) is not None}


def item_id(kind: str, ref: str) -> str:
    return f"{'stap' if kind == 'step' else 'advies'}-{ref}"


def clean_item(raw: object) -> dict[str, Any] | None:
    """One plan item, cleaned; None when it is junk (no known kind or no readable reference)."""
    if not isinstance(raw, dict):
        return None
    kind, ref = raw.get("kind"), ident(raw.get("ref"))
    if kind not in KINDS or not ref:
        return None
    statements = raw.get("statements")
    sids = [ident(s) for s in statements[:MAX_STATEMENTS]] if isinstance(statements, list) else []
    baseline = raw.get("baseline")
    kept = {}
    if isinstance(baseline, dict):
        for sid, value in list(baseline.items())[:MAX_STATEMENTS]:
            if ident(sid) and _answer(value) is not None:
                kept[sid] = _answer(value)
    status = raw.get("status")
    return {
        "id": ident(raw.get("id")) or item_id(kind, ref),
        "kind": kind,
        "ref": ref,
        "title": text(raw.get("title")) or ref,
        "statements": list(dict.fromkeys(s for s in sids if s)) or ([ref] if kind == "step" else []),
        "owner": text(raw.get("owner")),
        "due": day(raw.get("due")),
        "status": status if status in STATUSES else STATUSES[0],
        "note": text(raw.get("note")),
        "made": day(raw.get("made")),
        "baseline": kept,
    }


def clean_plan(raw: object) -> list[dict[str, Any]]:
    """The readable items, in order; a second item with the same id, or the same kind and reference, is dropped."""
    if not isinstance(raw, list):
        return []
    out, ids, refs = [], set(), set()
    for item in raw[: MAX_ITEMS * 2]:
        cleaned = clean_item(item)
        if cleaned is None or cleaned["id"] in ids or (cleaned["kind"], cleaned["ref"]) in refs:
            continue
        ids.add(cleaned["id"])
        refs.add((cleaned["kind"], cleaned["ref"]))
        out.append(cleaned)
    return out[:MAX_ITEMS]


def union(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Both plans as one, by id: an item in ``theirs`` replaces the one with its id in ``mine``, in its place."""
    by_id = {item["id"]: item for item in theirs}
    merged = [by_id.pop(item["id"], item) for item in mine]
    return clean_plan(merged + [item for item in theirs if item["id"] in by_id])


def take_imported(q: Questionnaire, extra: dict[str, Any], imported: Mapping[str, Any]) -> str:
    """The targets and plan of an imported entry into ``extra`` (the stored one): its targets win per scope,
    its plan items are added (by id; an imported item wins). Returns what to tell the reader, or ""."""
    notes = []
    if "targets" in imported:
        extra["targets"] = {**clean_targets(q, extra.get("targets")), **clean_targets(q, imported.get("targets"))}
    if "plan" in imported:
        mine = clean_plan(extra.get("plan"))
        theirs = clean_plan(imported.get("plan"))
        extra["plan"] = union(mine, theirs)
        if theirs:
            notes.append(f"Het verbeterplan uit het bestand ({_count(len(theirs))}) staat in je plan.")
    return " ".join(notes)


def _count(n: int) -> str:
    return f"{n} onderdeel" if n == 1 else f"{n} onderdelen"


# --- what moved since an item was added -----------------------------------------------------------------

def shown(value: object) -> str:
    if value is None:
        return "open"
    if value == UNKNOWN:
        return "weet ik niet"
    if value == NOT_APPLICABLE:
        return "n.v.t."
    return str(value)


def movement(q: Questionnaire, item: Mapping[str, Any], answers: Mapping[str, Any]) -> tuple[bool, str]:
    """Whether the item's statements moved since it was added, and how: "dm-03 van 2 naar 3" or "nog niet
    bewogen"; a statement this version no longer asks is "vervallen stelling"."""
    known = {s.id for s in q.statements}
    moves, gone = [], []
    for sid in item["statements"]:
        if sid not in known:
            gone.append(f"{sid}: vervallen stelling")
            continue
        before, now = item["baseline"].get(sid), answers.get(sid)
        if before != now:
            moves.append(f"{sid} van {shown(before)} naar {shown(now)}")
    if not item["statements"]:
        return False, "gaat over het niveau als geheel"
    if moves:
        return True, ", ".join(moves + gone)
    if len(gone) == len(item["statements"]):
        return False, ", ".join(gone)
    return False, ", ".join(["nog niet bewogen", *gone])


# --- the op: one action on the entry -------------------------------------------------------------------

def act(catalog, q: Questionnaire, message: Mapping[str, Any]) -> dict[str, Any]:
    """``{op: "plan", questionnaire, entry, action, ..., date}``: the next entry, a Dutch notice, and for
    ``export`` a ``download`` ``{name, type, text}`` (the entry then as it was)."""
    from ._saved import dated, read_entry

    entry = read_entry(catalog, q, message.get("entry"))
    answers = entry.answers if entry.version == q.version else catalog.migrate(q, entry.version, entry.answers).answers
    targets = clean_targets(q, entry.extra.get("targets"))
    plan = clean_plan(entry.extra.get("plan"))
    action = message.get("action")
    date = dated(message.get("date"))
    reply: dict[str, Any] = {}
    if action == "target":
        notice = _set_target(q, targets, message.get("scope"), message.get("value"))
    elif action == "add":
        notice = _add(q, plan, targets, answers, message.get("item"), date)
    elif action == "update":
        notice = _update(plan, message.get("id"), message.get("field"), message.get("value"))
    elif action == "remove":
        notice = _remove(plan, message.get("id"))
    elif action == "export":
        fmt = message.get("format")
        if fmt not in ("csv", "ics"):
            raise LinkError("Kies een bestand om te maken: CSV voor Excel of ICS voor je agenda.")
        if not plan:
            raise LinkError("Je verbeterplan is nog leeg: er is nog niets om te downloaden.")
        if fmt == "csv":
            reply["download"] = {"name": f"verbeterplan-{q.id}.csv", "type": "text/csv;charset=utf-8",
                                 "text": csv_text(q, plan, answers)}
            notice = "Je verbeterplan staat in het CSV-bestand; Excel opent het met de kolommen op hun plaats."
        else:
            dated_items = [item for item in plan if item["due"]]
            if not dated_items:
                raise LinkError("Geen onderdeel van je plan heeft een deadline. Geef er eerst een, dan kan het in je "
                                "agenda.")
            reply["download"] = {"name": f"verbeterplan-{q.id}.ics", "type": "text/calendar;charset=utf-8",
                                 "text": ics_text(q, plan, answers, date)}
            left = len(plan) - len(dated_items)
            notice = (f"{_count(len(dated_items)).capitalize()} met een deadline "
                      f"{'staat' if len(dated_items) == 1 else 'staan'} in het agendabestand."
                      + (f" {_count(left).capitalize()} zonder deadline {'staat' if left == 1 else 'staan'} er niet in."
                         if left else ""))
    else:
        raise LinkError("Deze handeling met je verbeterplan kent de rekenmodule niet.")
    entry.extra["targets"] = targets
    entry.extra["plan"] = plan
    return {"entry": entry.to_dict(), "notice": notice, **reply}


def _scope_name(q: Questionnaire, scope: str) -> str:
    return "de hele vragenlijst" if scope == OVERALL else f"het thema '{q.theme(scope).title}'"


def _set_target(q: Questionnaire, targets: dict[str, int], scope: object, value: object) -> str:
    if scope != OVERALL and not (isinstance(scope, str) and any(t.id == scope for t in q.themes)):
        raise LinkError("Dit doel hoort bij geen thema van deze vragenlijst.")
    if value is None or value == "":
        targets.pop(scope, None)
        return f"Je doel voor {_scope_name(q, scope)} is weer één niveau hoger dan nu."
    chosen = level(value)
    if chosen is None:
        raise LinkError("Het doel is geen niveau: kies een niveau van 1 tot en met 5.")
    targets[scope] = chosen
    return f"Je doel voor {_scope_name(q, scope)} is nu niveau {chosen}."


def effective_targets(q: Questionnaire, targets: Mapping[str, int], result) -> dict[str, int | None]:
    """Per scope (``overall`` and every theme) the target: the one set, else the default."""
    out = {OVERALL: targets.get(OVERALL) or default_target(result.overall.level)}
    for t in result.themes:
        out[t.id] = targets.get(t.id) or default_target(t.assessment.level)
    return out


def _step_title(q: Questionnaire, targets: Mapping[str, int], answers: Mapping[str, Any], sid: str) -> str:
    """"dm-03 van 2 naar 4: <statement>" when a route to a target raises it, else "dm-03: <statement>"."""
    from ._route import route

    statement = q.statement(sid)
    wanted = effective_targets(q, targets, score(q, answers))
    for scope in (OVERALL, statement.theme):
        goal = wanted.get(scope)
        if goal is None:
            continue
        found = route(q, answers, goal, None if scope == OVERALL else scope)
        for step, before, after in found.steps:
            if step == sid:
                return text(f"{sid} van {before} naar {after}: {statement.text}")
    return text(f"{sid}: {statement.text}")


def _add(q: Questionnaire, plan: list[dict[str, Any]], targets: Mapping[str, int], answers: Mapping[str, Any],
         item: object, date: str) -> str:
    if not isinstance(item, dict) or item.get("kind") not in KINDS or not isinstance(item.get("ref"), str):
        raise LinkError("Wat op het plan moet, is onleesbaar: kies een stap of een aanbeveling.")
    kind, ref = item["kind"], item["ref"]
    if any(p["kind"] == kind and p["ref"] == ref for p in plan):
        return "Dit staat al op je plan."
    if len(plan) >= MAX_ITEMS:
        raise LinkError(f"Je plan heeft al {MAX_ITEMS} onderdelen; haal er eerst een af.")
    if kind == "step":
        if not any(s.id == ref for s in q.statements):
            raise LinkError("Deze stelling staat niet (meer) in deze vragenlijst.")
        title, statements = _step_title(q, targets, answers, ref), [ref]
    else:
        rec = next((r for r in q.recommendations if r.id == ref), None)
        if rec is None:
            raise LinkError("Deze aanbeveling staat niet (meer) in deze vragenlijst.")
        title, statements = text(rec.title), list(_addresses(q, rec))
    new = clean_item({"id": item_id(kind, ref), "kind": kind, "ref": ref, "title": title, "statements": statements,
                      "made": date[:10], "baseline": {sid: answers[sid] for sid in statements if sid in answers}})
    assert new is not None
    plan.append(new)
    return f"Op je plan gezet: {new['title']}"[:MAX_TEXT + 20].rstrip(".") + "."


def _find(plan: list[dict[str, Any]], item: object) -> dict[str, Any] | None:
    return next((p for p in plan if p["id"] == item), None) if isinstance(item, str) else None


def _update(plan: list[dict[str, Any]], item: object, field: object, value: object) -> str:
    found = _find(plan, item)
    if found is None:
        raise LinkError("Dit onderdeel staat niet (meer) op je plan; misschien is het in een ander venster weggehaald.")
    if field not in FIELDS:
        raise LinkError("Dit veld van je verbeterplan kent de rekenmodule niet.")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise LinkError("Deze waarde is onleesbaar: vul tekst in.")
    if field == "due":
        if value.strip() and not day(value):
            raise LinkError("Deze datum is onleesbaar: kies een bestaande dag, zoals 31-12-2026.")
        value = day(value)
    elif field == "status":
        if value not in STATUSES:
            raise LinkError("Kies als status gepland, bezig of klaar.")
    else:
        value = text(value)
    found[field] = value
    return f"{FIELD_NAMES[field]} is bewaard."


def _remove(plan: list[dict[str, Any]], item: object) -> str:
    found = _find(plan, item)
    if found is None:
        return "Dit onderdeel stond al niet meer op je plan."
    plan.remove(found)
    return f"Van je plan gehaald: {found['title']}"[:MAX_TEXT + 20].rstrip(".") + "."


# --- export: CSV for Excel, iCalendar for the agenda ---------------------------------------------------

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
