"""The overview page (all questionnaires): from the reader's saved entries, a status line and a card per
questionnaire, and the three roles in one radar with their targets beside the theme questionnaires."""

from __future__ import annotations

from ._errors import LinkError
from ._links import page_path
from ._plan import OVERALL, clean_targets, default_target
from ._render_views import card_html, overview_html
from ._report import level_text
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
        statuses[q.id] = f"{r.answered} van {len(q.statements)} beantwoord · {level_text(r)}"
        cards[q.id] = card_html(q, url, r)
    entries = [(q, base + page_path(section, q.id), results.get(q.id)) for q in catalog.ordered()]
    roles = [e for e in entries if e[0].role]
    themes = [e for e in entries if not e[0].role]
    goals = {q.id: _goal(q, saved.get(q.id), r) for q, _, r in roles}  # the target per role: set, or one level up
    return {"statuses": statuses, "cards": cards, "html": overview_html(roles, themes, goals) if entries else ""}


def _goal(q: Questionnaire, entry: Any, result: Result | None) -> int | None:
    chosen = clean_targets(q, entry.get("targets")).get(OVERALL) if isinstance(entry, dict) else None
    return chosen or (default_target(result.overall.level) if result is not None else None)
