"""The op ``plan``: one change to the reader's targets or improvement plan (set a target, add, update or remove
an item), or a download of the plan; each answered with the next entry and a Dutch notice."""

from __future__ import annotations

from . import _dates
from ._errors import LinkError
from ._plan import (
    FIELD_NAMES,
    FIELDS,
    KINDS,
    MAX_ITEMS,
    OVERALL,
    STATUSES,
    clean_item,
    clean_plan,
    effective_targets,
    item_id,
    items_word,
    level,
    text,
)
from ._plan_files import csv_text, ics_text
from ._score import addresses, score
from ._text import PLAN_TEXT_MAX

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ._catalog import Catalog
    from ._dates import Clock
    from ._model import Questionnaire


def act(catalog: Catalog, q: Questionnaire, message: Mapping[str, Any], clock: Clock) -> dict[str, Any]:
    """``{op: "plan", questionnaire, entry, action, ...}``: the next entry, a Dutch notice, and for ``export`` a
    ``download`` ``{name, type, text}`` (the entry then as it was). An item added is dated the reader's day."""
    from ._saved import read_entry

    entry = read_entry(catalog, q, message.get("entry"))
    answers = entry.answers if entry.version == q.version else catalog.migrate(q, entry.version, entry.answers).answers
    targets, plan = entry.targets, entry.plan
    action = message.get("action")
    reply: dict[str, Any] = {}
    if action == "target":
        notice = _set_target(q, targets, message.get("scope"), message.get("value"))
    elif action == "add":
        notice = _add(q, plan, targets, answers, message.get("item"), clock.day)
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
                                 "text": ics_text(q, plan, answers, clock.millis)}
            left = len(plan) - len(dated_items)
            notice = (f"{items_word(len(dated_items)).capitalize()} met een deadline "
                      f"{'staat' if len(dated_items) == 1 else 'staan'} in het agendabestand."
                      + (f" {items_word(left).capitalize()} zonder deadline "
                         f"{'staat' if left == 1 else 'staan'} er niet in."
                         if left else ""))
    else:
        raise LinkError("Deze handeling met je verbeterplan kent de rekenmodule niet.")
    entry.plan = clean_plan(plan)  # in the plan's one order
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



def _step_title(q: Questionnaire, targets: Mapping[str, int], answers: Mapping[str, Any], sid: str) -> str:
    """"<stelling>: van 'In aanzet' naar 'Aanwezig'" when a route to a target raises it, else the statement."""
    from ._movement import step_title
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
                return text(step_title(q, sid, before, after))
    return text(step_title(q, sid))


def _add(q: Questionnaire, plan: list[dict[str, Any]], targets: Mapping[str, int], answers: Mapping[str, Any],
         item: object, today: str) -> str:
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
        title, statements = text(rec.title), list(addresses(q, rec))
    new = clean_item({"id": item_id(kind, ref), "kind": kind, "ref": ref, "title": title, "statements": statements,
                      "made": today, "baseline": {sid: answers[sid] for sid in statements if sid in answers}})
    assert new is not None
    plan.append(new)
    return f"Op je plan gezet: {new['title']}"[:PLAN_TEXT_MAX + 20].rstrip(".") + "."


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
        if value.strip() and not _dates.day(value):
            raise LinkError("Deze datum is onleesbaar: kies een bestaande dag, zoals 31-12-2026.")
        value = _dates.day(value)
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
    return f"Van je plan gehaald: {found['title']}"[:PLAN_TEXT_MAX + 20].rstrip(".") + "."

