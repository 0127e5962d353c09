"""Earlier measurements: the history as an HTML table (newest first, each with its level and an arrow per theme
against the one before), and what moved since the latest measurement ("Wat er veranderd is" in the result).

Every cell carries its column's header (``data-label``): on a phone the table turns into cards. The words of
movement are ``_movement``'s."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from . import _dates
from ._html import cell, el, html, table
from ._movement import (
    NONE_CHANGED,
    Comparison,
    arrow,
    compare,
    figure,
    level_sentence,
    level_step,
    mean_step,
    statement_step,
)
from ._saved import measurements, skipped_notice
from ._score import score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._catalog import Catalog
    from ._model import Questionnaire
    from ._score import Result

EMPTY = ("Nog geen eerdere metingen bewaard. Met 'Bewaar als meting' leg je je huidige resultaat vast, zodat je "
         "later ziet wat er veranderd is.")


def _rows(catalog: Catalog, q: Questionnaire, entries: Any) -> tuple[list[tuple[str, Result]], list[str]]:
    """The readable measurements, newest first, each scored on the current version; and why others were not."""
    found, _, why = measurements(catalog, q, entries)
    rows = [(m["date"], score(q, catalog.migrate(q, m["version"], m["answers"]).answers))
            for m in sorted(found, key=lambda m: _dates.order(m["date"]), reverse=True)]
    return rows, why


@dataclass(frozen=True)
class Since:
    """What the result compares: the ``earlier`` measurement (its date and result) against the current answers,
    or, when the current answers are the newest measurement (``saved``: its date), that one against the one
    before it. Never a measurement against itself."""

    date: str
    earlier: Result
    saved: str = ""


def since(catalog: Catalog, q: Questionnaire, entries: Any, current: Result) -> Since | None:
    """The comparison the result shows, or None (no measurement yet, or only the one that is the answers now)."""
    rows, _ = _rows(catalog, q, entries)
    if not rows:
        return None
    (date, newest), older = rows[0], rows[1:]
    if newest.answers != current.answers:
        return Since(date, newest)
    if not older:
        return None
    return Since(older[0][0], older[0][1], saved=date)


def history(catalog: Catalog, q: Questionnaire, entries: Any, answers: Any, offset: int) -> dict[str, Any]:
    """The op ``history``: earlier measurements of one questionnaire (newest first) against the current answers.
    A measurement that cannot be read is left out and named in ``notice``; the others are shown."""
    rows, why = _rows(catalog, q, entries)
    current = score(q, answers) if answers else None
    return {"html": history_html(rows, current, offset), "count": len(rows), "notice": skipped_notice(why)}


#: The history table's caption (the dossier gives its own: a client's measurements are not "earlier" ones).
CAPTION = "Eerdere metingen (nieuwste eerst), met ↑ of ↓ tegenover de meting ervoor"


def history_html(rows: list[tuple[str, Result]], current: Result | None, offset: int = 0,
                 caption: str = CAPTION) -> str:
    """Earlier measurements, newest first: per measurement its level and each theme's, with an arrow against the
    measurement before it; then the change in level since the latest one (or, when the current answers are that
    measurement, since the one before it). Dates in Dutch in the reader's time (``offset``, minutes east of UTC)."""
    root = ET.Element("div", {"class": "zt-history" + ("" if rows else " zt-history--empty")})
    if not rows:
        el(root, "p", EMPTY)
        return html(root)
    themes = rows[0][1].themes
    body = table(root, ("Datum", "Niveau", *(t.title for t in themes)), caption)
    for n, (date, r) in enumerate(rows):
        before = rows[n + 1][1] if n + 1 < len(rows) else None
        row = el(body, "tr")
        el(row, "th", _dates.dutch(date, offset), scope="row", data_label="Datum")
        level = r.overall.level
        name = "" if level is None else f" · {r.questionnaire.level(level).name}"
        _moved_cell(row, "Niveau", level, before.overall.level if before else None, name)
        for i, t in enumerate(r.themes):
            _moved_cell(row, t.title, t.assessment.level, before.themes[i].assessment.level if before else None)
    if current is None:
        return html(root)
    newest_date, newest = rows[0]
    if newest.answers == current.answers:
        if len(rows) < 2:
            el(root, "p", f"Je meting van {_dates.dutch(newest_date, offset)} is je eerste: bij een volgende meting "
                          "zie je hier wat er veranderd is.", class_="zt-history-since")
            return html(root)
        date, earlier = rows[1]
    else:
        date, earlier = newest_date, newest
    el(root, "p", f"Sinds de meting van {_dates.dutch(date, offset)} is je niveau "
                  f"{level_sentence(earlier.overall.level, current.overall.level)}.", class_="zt-history-since")
    return html(root)


def _moved_cell(row: ET.Element, label: str, level: int | None, before: int | None, name: str = "") -> None:
    sign = arrow(before, level)
    td = cell(row, label, figure(level) + name, **({"class_": f"zt-lv-{level}"} if level else {}))
    if sign:
        mark = el(td, "span", f" {sign}", class_="zt-move zt-move--" + ("up" if sign == "↑" else "down"))
        el(mark, "span", f" ({'hoger' if sign == '↑' else 'lager'} dan de meting ervoor)", class_="zt-sr-only")


def moved(root: ET.Element, found: Since, current: Result, offset: int, sfx: str = "") -> None:
    """"Wat er veranderd is" in the result: per theme "3 → 4 ↑", the average, the level, and the statements
    whose answer changed, in words."""
    q = current.questionnaire
    found_cmp: Comparison = compare(found.earlier, current)
    box = el(root, "div", class_="zt-moved")
    el(box, "h2", "Wat er veranderd is", id=f"wat-er-veranderd{sfx}")
    then = _dates.dutch(found.date, offset)
    lead = (f"Je meting van {_dates.dutch(found.saved, offset)} tegenover die van {then}." if found.saved
            else f"Je antwoorden nu tegenover je meting van {then}.")
    el(box, "p", lead, class_="zt-moved-lead")
    el(box, "p", f"Je niveau is {level_sentence(found_cmp.level_before, found_cmp.level_after)}. Gemiddeld antwoord: "
                 f"{mean_step(found_cmp.mean_before, found_cmp.mean_after)}.", class_="zt-moved-level")
    body = table(box, ("Thema", "Niveau", "Gemiddeld antwoord"), f"Per thema: toen ({then}) → nu")
    for t in found_cmp.themes:
        row = el(body, "tr", **({"class_": "zt-moved-changed"} if arrow(t.before, t.after) else {}))
        el(row, "th", t.title, scope="row", data_label="Thema")
        cell(row, "Niveau", level_step(t.before, t.after))
        cell(row, "Gemiddeld antwoord", mean_step(t.mean_before, t.mean_after))
    if not found_cmp.changed:
        el(box, "p", NONE_CHANGED, class_="zt-moved-none")
        return
    count = len(found_cmp.statements)
    el(box, "p", f"{count} {'stelling' if count == 1 else 'stellingen'} met een ander antwoord:",
       class_="zt-moved-title")
    items = el(box, "ul", class_="zt-moved-statements")
    for sid, before, after in found_cmp.statements:
        el(items, "li", statement_step(q, sid, before, after))
