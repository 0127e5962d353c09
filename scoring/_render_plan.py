"""The target per theme, the shortest route to it and the improvement plan, as HTML in the result (issue 16).

Built with ``xml.etree`` (``_el``) like the rest of the result, so all text is escaped. The page only moves
data: a control with ``data-zt-plan`` (a <select> or <input>) sends that JSON plus its ``value`` on "change",
a button with ``data-zt-plan-click`` sends its JSON on "click", each as ``{op: "plan", ...}``; every control
has a stable ``id`` so the page can put the focus back after it renders the reply. In the shared view and
the consultant's view (``editable`` false) the route shows, as plain text, without any control.

Classes for the CSS: ``zt-goal`` (the section; its table's first row ``zt-goal-total``, its selects
``zt-goal-select``), ``zt-route`` with ``zt-route-lead``, ``zt-route-steps``, ``zt-route-text`` (a statement's
text after its id), ``zt-route-first`` (statements to answer first), ``zt-route-recs-title`` and ``zt-route-recs``;
``zt-route-themes`` (the per-theme routes, a <details>, open once a theme has a target of its own); ``zt-plan`` (the
plan section; ``zt-plan--empty`` with only ``zt-plan-empty``, a sentence), ``zt-plan-title`` and ``zt-plan-meta``
in a row's header cell, ``zt-plan-moved`` (a cell whose statements moved), ``zt-plan-add`` (a "Zet op je plan"
button), ``zt-plan-remove``, ``zt-route-why`` (why a step is on the route), ``zt-route-skip`` (the shortest
route passes the weakest theme by), ``zt-goal-notice`` (under the targets: the page writes the plan op's notice
of a changed target there, ``data-zt-goal-notice``), ``zt-plan-export`` (the download buttons' paragraph, also
``zt-buttons``);
``zt-plan-control`` is on every select, input and button (hidden on paper), ``zt-print-only`` on the value shown
beside a control on paper (hidden on screen).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from . import _dates
from ._html import cell, el, table
from ._movement import item_title, movement, statements_words, words
from ._plan import KIND_NAMES, OVERALL, STATUSES, clean_plan, clean_targets, effective_targets
from ._route import Route, route
from ._score import addresses

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._model import Questionnaire
    from ._score import Result

CHOOSE = ("Kies per thema en voor de hele vragenlijst welk niveau je wilt halen; standaard is dat één niveau hoger "
          "dan nu.")
SHOWN = ("Als doel staat hier per thema en voor de hele vragenlijst het gekozen niveau, of anders één niveau hoger "
         "dan nu.")
ROUTE = ("De kortste weg is het kleinste aantal stappen van één punt omhoog op stellingen met een antwoord van 1 "
         "tot 5, met de gewichten en de basisstellingen meegerekend. 'Weet ik niet', 'niet van toepassing' en open "
         "stellingen blijven zoals ze zijn.")
EMPTY = ("Je plan is nog leeg. Zet hierboven een stap of een aanbeveling op je plan met 'Zet op je plan'. Daarna "
         "geef je elk onderdeel een eigenaar, een deadline en een status; bij een volgende meting zie je hier wat er "
         "sinds het plan veranderd is.")


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def goal_and_plan(root: ET.Element, result: Result, targets: Any = None, plan: Any = None, *, editable: bool = True,
                  sfx: str = "") -> None:
    """Append the sections "Je doel en de kortste weg" and "Je verbeterplan" to the result ``root``.

    ``targets`` and ``plan`` are read from the stored entry as they are (cleaned here; junk is left out).
    ``sfx`` makes ids distinct when several results share a page (the consultant's view)."""
    q = result.questionnaire
    items = clean_plan(plan)
    wanted = effective_targets(q, clean_targets(q, targets), result)
    on_plan = {(item["kind"], item["ref"]) for item in items}
    ctx = {"q": q, "result": result, "editable": editable, "on_plan": on_plan, "sfx": sfx}
    _goal(root, ctx, wanted, clean_targets(q, targets))
    _plan(root, ctx, items)


# --- the target and the route -------------------------------------------------------------------------

def _route_for(q: Questionnaire, answers, goal: int | None, theme: str | None) -> Route:
    """The route to ``goal``; without a goal (no level yet) the route to level 2 (which only asks for answers)."""
    return route(q, answers, goal or 2, theme)


def _steps_word(n: int) -> str:
    return f"{n} {'stap' if n == 1 else 'stappen'}"


def _short_status(r: Route, goal: int | None) -> str:
    if goal is None or (not r.reachable and r.answer_first):
        return "eerst meer beantwoorden"
    if not r.reachable:
        return "niet haalbaar"
    return "al gehaald" if not r.steps else _steps_word(r.total_steps)


def _lead(r: Route, goal: int | None) -> str:
    if goal is None:
        return f"Voor een doel is eerst een niveau nodig. {r.reason}" if r.reason else "Nog geen niveau."
    if not r.reachable:
        return f"Geen route naar niveau {goal}. {r.reason}"
    if not r.steps:
        return f"Niveau {goal} is al gehaald (nu niveau {r.level_before}): geen stappen nodig."
    changed = len(r.steps)
    text = (f"Van niveau {r.level_before} naar niveau {goal}: {_steps_word(r.total_steps)}"
            f"{'' if changed == r.total_steps else f' op {changed} stelling' + ('' if changed == 1 else 'en')}.")
    if r.level_after != goal:
        text += f" Daarmee kom je op niveau {r.level_after}."
    return text


def _goal(root: ET.Element, ctx: dict[str, Any], wanted: dict[str, int | None], chosen: dict[str, int]) -> None:
    q, result, editable, sfx = ctx["q"], ctx["result"], ctx["editable"], ctx["sfx"]
    box = el(root, "div", class_="zt-goal")
    el(box, "h2", "Je doel en de kortste weg" if editable else "Doel en de kortste weg", id=f"doel{sfx}")
    el(box, "p", f"{CHOOSE if editable else SHOWN} {ROUTE}", class_="zt-table-note")
    routes = {OVERALL: _route_for(q, result.answers, wanted[OVERALL], None)}
    for t in result.themes:
        routes[t.id] = _route_for(q, result.answers, wanted[t.id], t.id)

    body = table(box, ("Onderdeel", "Nu", "Doel", "Kortste weg"), "Doel en kortste weg per thema")
    rows = [(OVERALL, "Hele vragenlijst", result.overall.level)]
    rows += [(t.id, t.title, t.assessment.level) for t in result.themes]
    for scope, title, now in rows:
        row = el(body, "tr", **({"class_": "zt-goal-total"} if scope == OVERALL else {}))
        el(row, "th", title, scope="row")
        cell(row, "Nu", "–" if now is None else str(now))
        target = cell(row, "Doel", None)
        goal = wanted[scope]
        if editable:
            _select(target, q, scope, title, goal, sfx)
            el(target, "span", "–" if goal is None else str(goal), class_="zt-print-only")
        else:
            target.text = "–" if goal is None else str(goal)
        cell(row, "Kortste weg", _short_status(routes[scope], goal))

    if editable:  # the confirmation of a changed target, right under the selects (the page fills it in)
        el(box, "p", "", class_="zt-note zt-goal-notice", role="status", hidden="hidden",
           **{"data-zt-goal-notice": ""})
    overall = routes[OVERALL]
    block = el(box, "div", class_="zt-route", data_zt_route_overall="")
    el(block, "p", _lead(overall, wanted[OVERALL]), class_="zt-route-lead")
    _route_body(block, ctx, overall, wanted[OVERALL], OVERALL, recommendations=True)
    skipped = _skipped_weakest(result, overall)
    if skipped is not None:
        _skip_note(block, ctx, skipped)

    themed = [t for t in result.themes if routes[t.id].steps or not routes[t.id].reachable]
    if themed:
        opened = skipped is not None or any(scope != OVERALL for scope in chosen)
        fold = el(box, "details", class_="zt-route-themes", **({"open": "open"} if opened else {}))
        el(fold, "summary", "De kortste weg per thema")
        for t in themed:
            r = routes[t.id]
            el(fold, "h3", f"{t.title}", id=f"route-{t.id}{sfx}")
            el(fold, "p", _lead(r, wanted[t.id]), class_="zt-route-lead")
            _route_body(fold, ctx, r, wanted[t.id], t.id, recommendations=False)


def _skipped_weakest(result: Result, r: Route):
    """The weakest theme (see ``_render._weakest``) when the overall route has steps and none of them is in it."""
    from ._render import _weakest

    weakest = _weakest(result)
    if weakest is None or not r.steps or weakest.assessment.level == 5:
        return None
    members = {s.id for s in weakest.statements}
    return None if any(sid in members for sid, _, _ in r.steps) else weakest


def _skip_note(parent: ET.Element, ctx: dict[str, Any], weakest) -> None:
    """The shortest route passes the weakest theme by: say so, and point to that theme's own route."""
    whose = "je zwakste thema" if ctx["editable"] else "het zwakste thema"
    p = el(parent, "p", f"Deze kortste weg gaat niet langs {whose}, {weakest.title} (niveau "
                        f"{weakest.assessment.level}): met stappen op andere stellingen stijgt het gemiddelde sneller. "
                        "Wil je eerst dat thema verbeteren? ", class_="zt-route-skip")
    el(p, "a", f"Bekijk de kortste weg voor {weakest.title}", href=f"#route-{weakest.id}{ctx['sfx']}",
       data_zt_route_theme=weakest.id).tail = "."


def _select(parent: ET.Element, q: Questionnaire, scope: str, title: str, goal: int | None, sfx: str) -> None:
    key = f"doel-{'totaal' if scope == OVERALL else 'thema-' + scope}{sfx}"
    select = el(parent, "select", id=key, name=key, class_="zt-plan-control zt-goal-select",
                 aria_label=f"Doel voor {title.lower() if scope == OVERALL else title}",
                 data_zt_plan=_json({"action": "target", "scope": scope}))
    if goal is None:
        el(select, "option", "kies", value="", selected="selected")
    for lv in q.levels:
        el(select, "option", f"{lv.number} · {lv.name}", value=str(lv.number),
            **({"selected": "selected"} if lv.number == goal else {}))


def _statement_ref(parent: ET.Element, ctx: dict[str, Any], sid: str) -> ET.Element:
    """The statement in full: a link to it on the questionnaire page (own view), plain text elsewhere."""
    words_ = ctx["q"].statement(sid).text.rstrip(".")
    if ctx["editable"]:
        return el(parent, "a", words_, href=f"#{sid}")
    return el(parent, "span", words_, class_="zt-route-statement")


def _why(ctx: dict[str, Any], r: Route, sid: str, before: int) -> str:
    """One line on why a step is on the route: its weight, whether it is a basisstelling, the cap it lifts."""
    s = ctx["q"].statement(sid)
    times = {1: "één keer", 2: "twee keer", 3: "drie keer"}.get(s.weight, f"{s.weight} keer")
    parts = [f"Telt {times} mee in het gemiddelde (gewicht {s.weight})."]
    if s.key:
        if before + 1 < r.target:
            parts.append(f"Basisstelling: zolang die op '{words(before)}' staat, blijft het niveau hooguit "
                         f"{before + 1}; deze stap haalt die begrenzing weg.")
        else:
            parts.append("Basisstelling: een voorwaarde voor een hoger niveau.")
    return " ".join(parts)


def _add_button(parent: ET.Element, ctx: dict[str, Any], kind: str, ref: str, where: str, name: str) -> None:
    if not ctx["editable"]:
        return
    there = (kind, ref) in ctx["on_plan"]
    button = el(parent, "button", "Staat op je plan" if there else "Zet op je plan", type="button",
                 id=f"plan-erbij-{where}-{ref}{ctx['sfx']}", class_="zt-plan-add zt-plan-control",
                 data_zt_plan_click=_json({"action": "add", "item": {"kind": kind, "ref": ref}}),
                 **({"disabled": "disabled"} if there else {}))
    el(button, "span", f": {name}", class_="zt-sr-only")


def _route_body(parent: ET.Element, ctx: dict[str, Any], r: Route, goal: int | None, where: str,
                recommendations: bool) -> None:
    q = ctx["q"]
    if r.answer_first and ctx["editable"]:
        el(parent, "p", "Naar de stellingen:", class_="zt-route-first")
        first = el(parent, "ul", class_="zt-route-first")
        for sid in r.answer_first:
            _statement_ref(el(first, "li"), ctx, sid)
    if not r.steps:
        return
    steps = el(parent, "ol", class_="zt-route-steps")
    for sid, before, after in r.steps:
        li = el(steps, "li")
        _statement_ref(li, ctx, sid).tail = ": van "
        el(li, "em", words(before)).tail = " naar "
        el(li, "em", words(after)).tail = ". "
        el(li, "span", _why(ctx, r, sid, before), class_="zt-route-why").tail = " "
        _add_button(li, ctx, "step", sid, where, f"{q.statement(sid).text.rstrip('.')}: van '{words(before)}' "
                                                 f"naar '{words(after)}'")
    if not recommendations:
        return
    raised = [sid for sid, _, _ in r.steps]
    fired = {f.recommendation.id for f in ctx["result"].recommendations}
    found = [(rec, [sid for sid in raised if sid in addresses(q, rec)]) for rec in q.recommendations]
    found = [(rec, about) for rec, about in found if about]
    if not found:
        return
    el(parent, "p", "Aanbevelingen bij deze stappen:", class_="zt-route-recs-title")
    recs = el(parent, "ul", class_="zt-route-recs")
    for rec, about in found:
        li = el(recs, "li")
        if ctx["editable"]:
            el(li, "a", rec.title, href=f"#advies-{rec.id}" if rec.id in fired else f"#{rec.id}")
        else:
            el(li, "strong", rec.title)
        n = len(about)
        el(li, "span", f" (bij {'1 stap' if n == 1 else f'{n} stappen'} hierboven)", class_="zt-route-text").tail = " "
        _add_button(li, ctx, "recommendation", rec.id, where, rec.title)


# --- the plan -------------------------------------------------------------------------------------------

def _plan(root: ET.Element, ctx: dict[str, Any], items: list[dict[str, Any]]) -> None:
    q, result, editable, sfx = ctx["q"], ctx["result"], ctx["editable"], ctx["sfx"]
    if not editable and not items:
        return
    box = el(root, "div", class_="zt-plan" + ("" if items else " zt-plan--empty"))
    el(box, "h2", "Je verbeterplan" if editable else "Verbeterplan", id=f"verbeterplan{sfx}")
    if editable:  # what the last change to the plan did, said here (the page fills it in)
        el(box, "p", "", class_="zt-note", role="status", hidden="hidden", **{"data-zt-plan-notice": ""})
    if not items:
        el(box, "p", EMPTY, class_="zt-plan-empty")
        return
    headers = ("Onderdeel", "Eigenaar", "Deadline", "Status", "Notitie", "Sinds het plan")
    body = table(box, headers + (("Weghalen",) if editable else ()),
                  f"{'Je verbeterplan' if editable else 'Verbeterplan'} ({len(items)} "
                  f"{'onderdeel' if len(items) == 1 else 'onderdelen'})")
    for item in items:
        row = el(body, "tr", id=f"plan-{item['id']}{sfx}", data_zt_plan_item=item["id"])
        head = el(row, "th", scope="row")
        title = item_title(q, item)
        el(head, "span", title, class_="zt-plan-title")
        meta = [KIND_NAMES[item["kind"]], statements_words(q, item) if item["kind"] != "step" else ""]
        if item["kind"] == "recommendation" and not any(r.id == item["ref"] for r in q.recommendations):
            meta.append("vervallen aanbeveling")
        if item["made"]:
            meta.append(f"op het plan sinds {_dates.dutch_day(item['made'])}")
        el(head, "span", " · ".join(m for m in meta if m), class_="zt-plan-meta")
        for field, label in (("owner", "Eigenaar"), ("due", "Deadline"), ("status", "Status"), ("note", "Notitie")):
            value = item[field]
            shown = _dates.dutch_day(value) if field == "due" and value else value
            place = cell(row, label, None)
            if not editable:
                place.text = shown or "–"
                continue
            _control(place, item, field, label, sfx, title)
            el(place, "span", shown or "–", class_="zt-print-only")
        moved, how = movement(q, item, result.answers)
        cell(row, "Sinds het plan", how, **({"class_": "zt-plan-moved"} if moved else {}))
        if editable:
            button = el(cell(row, "Weghalen", None), "button", "Van je plan af", type="button",
                         id=f"plan-{item['id']}-weg{sfx}", class_="zt-plan-control zt-plan-remove",
                         data_zt_plan_click=_json({"action": "remove", "id": item["id"]}))
            el(button, "span", f": {title}", class_="zt-sr-only")
    if editable:
        buttons = el(box, "p", class_="zt-buttons zt-plan-export")
        downloads = (("csv", "Download als Excel-bestand (CSV)"), ("ics", "Zet de deadlines in je agenda (.ics)"))
        for fmt, label in downloads:
            el(buttons, "button", label, type="button", id=f"plan-export-{fmt}{sfx}",
                class_="md-button zt-plan-control", data_zt_plan_click=_json({"action": "export", "format": fmt}))


def _control(parent: ET.Element, item: dict[str, Any], field: str, label: str, sfx: str, title: str) -> None:
    key = f"plan-{item['id']}-{field}{sfx}"
    attrs = {"id": key, "name": key, "class_": "zt-input zt-plan-control", "aria_label": f"{label}: {title}",
             "data_zt_plan": _json({"action": "update", "id": item["id"], "field": field})}
    if field == "status":
        select = el(parent, "select", **attrs)
        for status in STATUSES:
            el(select, "option", status, value=status, **({"selected": "selected"} if status == item[field] else {}))
    elif field == "due":
        el(parent, "input", type="date", value=item[field], min="2000-01-01", max=f"{_dates.LAST_YEAR}-12-31",
           **attrs)
    else:
        el(parent, "input", type="text", value=item[field], maxlength="200", autocomplete="off", **attrs)
