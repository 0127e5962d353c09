"""The overview page (all questionnaires): from the reader's saved entries, a status line and a card per
questionnaire, and the three roles in one radar with their targets beside the theme questionnaires."""

from __future__ import annotations

from . import _dates
from ._errors import LinkError
from ._links import page_path
from ._movement import item_title
from ._plan import OVERALL, clean_plan, clean_targets, default_target
from ._render_views import card_html, overview_html
from ._report import answered, level_text
from ._saved import read_entry
from ._score import score
from ._shared import newest

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._catalog import Catalog
    from ._model import Questionnaire
    from ._score import Result


def _answers(catalog: Catalog, q: Questionnaire, saved: dict[str, Any]) -> dict[str, Any] | None:
    """The answers ``q`` counts: its stored entry on the current version, with the answers it shares with other
    questionnaires as the newest of them (``_shared``); None when nothing is answered or stored for it."""
    raw = saved.get(q.id) or None
    entry = read_entry(catalog, q, raw)
    if entry.version != q.version:
        return catalog.migrate(q, entry.version, entry.answers).answers
    newest(catalog, q, entry, saved)
    return entry.answers if raw is not None or entry.answers else None


def overview(catalog: Catalog, saved: Any, base: str, section: str) -> dict[str, Any]:
    """Per questionnaire a status line (``statuses``, text) and the card's status as HTML (``cards``: a progress
    bar and a link onward); ``html``: the three roles in one radar and the theme questionnaires (those that are
    not a role) in a table."""
    saved = saved if isinstance(saved, dict) else {}
    results: dict[str, Result] = {}
    statuses, cards = {}, {}
    for q in catalog.ordered():
        url = base + page_path(section, q.id)
        try:
            answers = _answers(catalog, q, saved)
            if answers is None:
                continue
            results[q.id] = score(q, answers)
        except LinkError as error:
            statuses[q.id] = str(error)
            cards[q.id] = card_html(q, url, None, str(error))
            continue
        r = results[q.id]
        statuses[q.id] = f"{answered(r.answered, len(q.statements))} · {level_text(r)}"
        cards[q.id] = card_html(q, url, r)
    entries = [(q, base + page_path(section, q.id), results.get(q.id)) for q in catalog.ordered()]
    roles = [e for e in entries if e[0].role]
    themes = [e for e in entries if not e[0].role]
    goals = {q.id: _goal(q, saved.get(q.id), r) for q, _, r in roles}  # the target per role: set, or one level up
    nxt = next_steps(catalog, saved, roles, goals, base, section)
    return {"statuses": statuses, "cards": cards,
            "html": overview_html(roles, themes, goals, nxt) if entries else ""}


def next_steps(catalog: Catalog, saved: dict[str, Any], roles: list, goals: dict[str, int | None], base: str,
               section: str) -> list[tuple[str, str, str]]:
    """"Je volgende stap": the first role not yet complete and how long it takes; the plans' open actions and the
    first deadline with its owner; the role furthest below its target. Lines ``(text, link text, href)``."""
    lines: list[tuple[str, str, str]] = []
    todo = next(((q, url, r) for q, url, r in roles if r is None or r.answered < len(q.statements)), None)
    if todo is not None:
        q, url, r = todo
        if r is None:
            lines.append((f"Vul de vragenlijst {q.title} in; dat kost ongeveer {q.minutes} minuten.",
                          f"Begin met {q.title}", url))
        else:
            left = len(q.statements) - r.answered
            lines.append((f"Maak {q.title} af: nog {left} {'stelling' if left == 1 else 'stellingen'} open.",
                          f"Verder met {q.title}", url))
    open_items = []
    for q in catalog.ordered():
        entry = saved.get(q.id)
        if isinstance(entry, dict):
            open_items += [(item, q) for item in clean_plan(entry.get("plan")) if item["status"] != "klaar"]
    if open_items:
        n = len(open_items)
        line = f"Je verbeterplannen hebben {n} open {'actie' if n == 1 else 'acties'}."
        dated = sorted((item["due"], item["title"], item["owner"], q) for item, q in open_items if item["due"])
        if dated:
            due, _, owner, q = dated[0]
            item = next(i for i, iq in open_items if iq is q and i["due"] == due)
            line += (f" De eerste deadline is {_dates.dutch_day(due)}: {item_title(q, item)} ({q.title}"
                     + (f", eigenaar {owner}" if owner else ", nog zonder eigenaar") + ").")
            lines.append((line, "Naar dat plan", f"{base}{page_path(section, q.id)}#verbeterplan"))
        else:
            lines.append((line + " Geen ervan heeft nog een deadline.", "", ""))
    behind = [(goals[q.id] - r.overall.level, q, url, r) for q, url, r in roles
              if r is not None and r.overall.level is not None and goals.get(q.id) is not None
              and goals[q.id] > r.overall.level]
    if behind:
        gap, q, url, r = max(behind, key=lambda b: (b[0], -b[3].overall.level))
        lines.append((f"Het verst van je doel: {q.title}, niveau {r.overall.level} met doel {goals[q.id]}.",
                      f"De kortste weg voor {q.title}", f"{url}#doel"))
    return lines


def _goal(q: Questionnaire, entry: Any, result: Result | None) -> int | None:
    chosen = clean_targets(q, entry.get("targets")).get(OVERALL) if isinstance(entry, dict) else None
    return chosen or (default_target(result.overall.level) if result is not None else None)
