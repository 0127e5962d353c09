"""Earlier measurements as an HTML table (newest first), with the change in level since the latest."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import _dates
from ._html import el, html
from ._saved import measurements, skipped_notice
from ._score import score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._catalog import Catalog
    from ._model import Questionnaire
    from ._score import Result


def history(catalog: Catalog, q: Questionnaire, entries: Any, answers: Any, offset: int) -> dict[str, Any]:
    """The op ``history``: earlier measurements of one questionnaire (newest first) against the current answers.
    A measurement that cannot be read is left out and named in ``notice``; the others are shown."""
    found, _, why = measurements(catalog, q, entries)
    rows = [(m["date"], score(q, catalog.migrate(q, m["version"], m["answers"]).answers))
            for m in sorted(found, key=lambda m: _dates.order(m["date"]), reverse=True)]
    current = score(q, answers) if answers else None
    return {"html": history_html(rows, current, offset), "count": len(rows), "notice": skipped_notice(why)}


def history_html(rows: list[tuple[str, Result]], current: Result | None, offset: int = 0) -> str:
    """Earlier measurements, newest first, with the level per theme and the change since then; dates in
    Dutch in the reader's time (``offset``, minutes east of UTC)."""
    root = ET.Element("div", {"class": "zt-history" + ("" if rows else " zt-history--empty")})
    if not rows:
        el(root, "p", "Nog geen eerdere metingen bewaard. Met 'Bewaar als meting' leg je je huidige "
                      "resultaat vast, zodat je later ziet wat er veranderd is.")
        return html(root)
    themes = rows[0][1].themes
    table = el(root, "table")
    el(table, "caption", "Eerdere metingen (nieuwste eerst)")
    head = el(el(table, "thead"), "tr")
    for label in ("Datum", "Niveau", *(t.title for t in themes)):
        el(head, "th", label, scope="col")
    body = el(table, "tbody")
    for date, r in rows:
        row = el(body, "tr")
        el(row, "th", _dates.dutch(date, offset), scope="row")
        el(row, "td", "–" if r.overall.level is None else str(r.overall.level))
        for t in r.themes:
            el(row, "td", "–" if t.assessment.level is None else str(t.assessment.level))
    if current is not None and current.overall.level is not None and rows[0][1].overall.level is not None:
        delta = current.overall.level - rows[0][1].overall.level
        change = "gelijk gebleven" if delta == 0 else (f"{delta} hoger" if delta > 0 else f"{-delta} lager")
        el(root, "p", f"Sinds de meting van {_dates.dutch(rows[0][0], offset)} is je niveau {change}: "
                      f"nu {current.overall.level}.")
    return html(root)
