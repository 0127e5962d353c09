"""A benchmark file (``benchmark/<questionnaire id>.json``): its format, checked field by field, and where a
reader's level stands in it. The build checks every file with ``problems`` before it publishes it; the result
page asks ``standing``. The files are written by ``python -m scoring benchmark`` (``_benchmark``).

The format (keys sorted, no other fields)::

    {"format": 1, "questionnaire": "regie", "version": 3, "period": {"from": "2026 Q3", "to": "2026 Q4"},
     "overall": {GROUP: CELL, ...}, "themes": {theme id: {GROUP: CELL, ...}, ...}}

    GROUP  "alle" (every organisation that counts) or a sector id of ``_sectors.SECTORS``
    CELL   {"n": organisations (at least MIN_ORGANISATIONS), "levels": {"1": count, ..., "5": count} (summing
            to n), "median": level, "quartiles": [first, third]} (levels 1-5, in steps of a quarter)

A group with fewer than ``MIN_ORGANISATIONS`` organisations is not in the file at all; a theme without any
group is left out. No name, organisation or date finer than a quarter is ever part of it.
"""

from __future__ import annotations

import re

from . import _sectors
from ._errors import Problem

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from ._catalog import Catalog
    from ._score import Result

FORMAT: Final = 1
#: The fewest organisations a group (cell) of a benchmark may describe.
MIN_ORGANISATIONS: Final = 5
ALL: Final = "alle"
LEVELS: Final = ("1", "2", "3", "4", "5")
#: The page that says where the comparison's numbers come from (a docs path, as questionnaires write links).
PAGE: Final = "vergelijking.md"
NONE_YET: Final = "Nog geen vergelijking beschikbaar"
_QUARTER = re.compile(r"^(\d{4}) Q([1-4])$")
_KEYS: Final = {"format", "questionnaire", "version", "period", "overall", "themes"}
_CELL_KEYS: Final = {"n", "levels", "median", "quartiles"}


def quarter(text: object) -> tuple[int, int] | None:
    """``"2026 Q3"`` as ``(2026, 3)``; None for anything else."""
    found = _QUARTER.match(text) if isinstance(text, str) else None
    return (int(found[1]), int(found[2])) if found else None


def period_text(period: dict[str, str]) -> str:
    """``2026 Q3–Q4``, ``2025 Q4–2026 Q1`` or ``2026 Q3``: the period as the page writes it."""
    start, end = period["from"], period["to"]
    if start == end:
        return start
    return f"{start}–Q{end[-1]}" if start[:4] == end[:4] else f"{start}–{end}"


def problems(data: object, catalog: Catalog) -> list[Problem]:
    """Everything wrong with a benchmark file, each naming its field (``themes.keten.alle.n``); ``[]`` when sound."""
    if not isinstance(data, dict):
        return [Problem("", "verwacht een JSON-object")]
    found = [Problem(key, "onbekend veld") for key in sorted(set(data) - _KEYS)]
    found += [Problem(key, "ontbreekt") for key in sorted(_KEYS - set(data))]
    if data.get("format") != FORMAT or isinstance(data.get("format"), bool):
        found.append(Problem("format", f"moet {FORMAT} zijn"))
    qid = data.get("questionnaire")
    q = catalog.questionnaires.get(qid) if isinstance(qid, str) else None
    if q is None:
        found.append(Problem("questionnaire", f"{qid!r} is geen vragenlijst van deze site"))
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or (q is not None and not 1 <= version <= q.version):
        found.append(Problem("version", "moet een versie van de vragenlijst zijn (een geheel getal)"))
    found += _period(data.get("period"))
    found += _groups("overall", data.get("overall"))
    themes = data.get("themes")
    if not isinstance(themes, dict):
        found.append(Problem("themes", "verwacht een object met een thema-id per veld"))
    else:
        known = {t.id for t in q.themes} if q is not None else set(themes)
        for tid in sorted(themes):
            if tid not in known:
                found.append(Problem(f"themes.{tid}", "is geen thema van deze vragenlijst"))
            else:
                found += _groups(f"themes.{tid}", themes[tid])
    return found


def _period(period: object) -> list[Problem]:
    if not isinstance(period, dict) or set(period) != {"from", "to"}:
        return [Problem("period", 'verwacht {"from": "2026 Q3", "to": "2026 Q4"}')]
    start, end = quarter(period["from"]), quarter(period["to"])
    found = [Problem(f"period.{key}", 'verwacht een kwartaal zoals "2026 Q3"')
             for key, value in (("from", start), ("to", end)) if value is None]
    if not found and start > end:
        found.append(Problem("period", "begint na het einde"))
    return found


def _groups(path: str, groups: object) -> list[Problem]:
    if not isinstance(groups, dict) or not groups:
        return [Problem(path, f'verwacht een object met "{ALL}" en eventueel sectoren')]
    found = []
    if ALL not in groups:
        found.append(Problem(f"{path}.{ALL}", "ontbreekt"))
    for group in sorted(groups):
        if group != ALL and group not in _sectors.IDS:
            found.append(Problem(f"{path}.{group}", "is geen sector van de lijst"))
        else:
            found += _cell(f"{path}.{group}", groups[group])
    return found


def _cell(path: str, cell: object) -> list[Problem]:
    if not isinstance(cell, dict) or set(cell) != _CELL_KEYS:
        return [Problem(path, "verwacht n, levels, median en quartiles")]
    n, levels = cell["n"], cell["levels"]
    found = []
    if isinstance(n, bool) or not isinstance(n, int) or n < MIN_ORGANISATIONS:
        found.append(Problem(f"{path}.n", f"moet een geheel getal van minstens {MIN_ORGANISATIONS} zijn: een "
                                          f"kleinere groep hoort niet in de vergelijking"))
    if (not isinstance(levels, dict) or set(levels) != set(LEVELS)
            or any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in levels.values())):
        found.append(Problem(f"{path}.levels", 'verwacht een aantal (0 of meer) voor elk niveau "1" tot en met "5"'))
    elif not found and sum(levels.values()) != n:
        found.append(Problem(f"{path}.levels", f"telt op tot {sum(levels.values())}, niet tot n ({n})"))
    quartiles = cell["quartiles"]
    if not _level(cell["median"]):
        found.append(Problem(f"{path}.median", "moet een niveau van 1 tot en met 5 zijn"))
    if not (isinstance(quartiles, list) and len(quartiles) == 2 and all(_level(v) for v in quartiles)
            and quartiles[0] <= quartiles[1]):
        found.append(Problem(f"{path}.quartiles", "verwacht [eerste kwartiel, derde kwartiel], niveaus van 1 tot 5"))
    elif _level(cell["median"]) and not quartiles[0] <= cell["median"] <= quartiles[1]:
        found.append(Problem(f"{path}.median", "ligt niet tussen de kwartielen"))
    return found


def _level(value: object) -> bool:
    return (not isinstance(value, bool) and isinstance(value, (int, float)) and 1 <= value <= 5
            and float(value) * 4 == int(float(value) * 4))


def place(cell: dict[str, Any], level: int) -> str:
    """Where ``level`` stands among the cell's organisations: below the first quartile, above the third, or between."""
    low, high = cell["quartiles"]
    if level < low:
        return "bij het laagste kwart"
    if level > high:
        return "bij het hoogste kwart"
    return "bij de middelste helft"


def standing(benchmark: dict[str, Any] | None, result: Result) -> list[tuple[str, int | None, str]]:
    """Per row (the whole questionnaire, then each theme): ``(title, level, sentence)``, the sentence either
    "bij de middelste helft van 23 organisaties, 2026 Q3–Q4" or ``NONE_YET`` (no benchmark, a group left out, or
    no level of the reader's own to place)."""
    rows = [(result.questionnaire.title, result.overall.level, (benchmark or {}).get("overall", {}))]
    themes = (benchmark or {}).get("themes", {})
    rows += [(t.title, t.assessment.level, themes.get(t.id, {})) for t in result.themes]
    period = period_text(benchmark["period"]) if benchmark else ""
    out = []
    for title, level, groups in rows:
        cell = groups.get(ALL)
        if cell is None or level is None:
            out.append((title, level, NONE_YET))
        else:
            out.append((title, level, f"{place(cell, level)} van {cell['n']} organisaties, {period}"))
    return out
