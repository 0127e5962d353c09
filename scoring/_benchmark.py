"""The comparison (benchmark) built from the share links readers sent with consent: which results count and
what a benchmark file says about them (its format: ``_comparison``). Command line only
(``python -m scoring benchmark``); the site only reads the files.

Which results count:

- only links whose reader ticked "Mijn resultaat mag anoniem meetellen in de vergelijking" (link format 3,
  ``_links``); older links, export files and links without a date are not counted;
- one result per organisation and questionnaire per quarter: the newest; and in the benchmark each organisation
  counts once per questionnaire, with the result of its latest quarter. An organisation is the one the link
  names, else the input it came from (one file is one sender, a mail say; a link given on the command line is
  one organisation of its own). When in doubt two results count as one organisation, never one as two: a
  group then never seems larger than it is.

What is written, per questionnaire, for the whole questionnaire and each theme: for every organisation that
counts ("alle") and per sector the readers gave, the number of organisations, how many are at each level, the
median and the quartiles, and the period in quarters. A group of fewer than ``MIN_ORGANISATIONS`` is left out
entirely, and so is a sector whose absence could be worked out by subtraction: what "alle" holds beyond the
sectors shown is never 1 to 4 organisations. No name, organisation or date finer than a quarter is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from . import _dates, _links, _sectors
from ._catalog import Catalog
from ._comparison import ALL, FORMAT, LEVELS, MIN_ORGANISATIONS, period_text, problems
from ._errors import LinkError
from ._score import score
from ._team import parse_lines, read_export

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: What "alle" may hold beyond the sectors shown: none, or at least this many (else one more sector is left out).
_REST_MIN = MIN_ORGANISATIONS


@dataclass(frozen=True)
class Counted:
    """One consented result: ``organisation`` is a key for grouping only, never written anywhere."""

    organisation: str
    questionnaire: str
    quarter: tuple[int, int]
    changed: str
    sector: str
    answers: dict[str, Any]
    link: str


def quarter_of(changed: str) -> tuple[int, int] | None:
    """The quarter (UTC) of an ISO moment: ``(2026, 3)``."""
    found = _dates.moment(changed)
    if found is None:
        return None
    day = _dates.day_of(found)
    return int(day[:4]), (int(day[5:7]) - 1) // 3 + 1


def quarter_text(quarter: tuple[int, int]) -> str:
    return f"{quarter[0]} Q{quarter[1]}"


def _organisation(name: str) -> str:
    return " ".join(name.casefold().split())


def read_inputs(catalog: Catalog, inputs: list[tuple[str, str]]) -> tuple[list[Counted], list[str]]:
    """``(source, text)`` pairs (a file's name and text, or ``("", link)``) as the results that may count, with a
    line per link or file that does not (for the operator; it never names an organisation or a person). Text is
    read as the team comparison reads it: one link per line, optionally ``name: link``, so a mail's text works;
    lines without a link are the mail's own words and are passed over."""
    counted: list[Counted] = []
    reports: list[str] = []
    marker = f"{_links.PARAM}="
    for index, (source, text) in enumerate(inputs, 1):
        where = source or f"link {index}"
        if text.strip().startswith("{"):
            try:
                read_export(catalog, text.strip())
            except LinkError as error:
                reports.append(f"{where}: niet meegeteld. {error}")
                continue
            reports.append(f"{where}: niet meegeteld: een exportbestand draagt geen toestemming om mee te tellen.")
            continue
        lines = [link for _, link in parse_lines(text) if marker in link] if source else [text.strip()]
        if not lines:
            reports.append(f"{where}: geen deellink gevonden.")
        for number, link in enumerate(lines, 1):
            at = f"{where}, link {number}" if source else where
            try:
                decoded = _links.decode(catalog, link)
            except LinkError as error:
                reports.append(f"{at}: niet meegeteld. {error}")
                continue
            for qid, shared in sorted(decoded.items()):
                title = catalog.get(qid).title
                if not shared.consent:
                    reports.append(f"{at} ({title}): niet meegeteld: zonder toestemming om mee te tellen.")
                    continue
                found = quarter_of(shared.changed)
                if found is None:
                    reports.append(f"{at} ({title}): niet meegeteld: de link zegt niet wanneer hij is ingevuld.")
                    continue
                named = _organisation(shared.about.get("organisation", ""))
                key = f"organisatie:{named}" if named else f"bron:{where}"
                counted.append(Counted(key, qid, found, shared.changed, shared.sector, dict(shared.answers),
                                       _links.payload(link)))
    return counted, reports


def select(counted: list[Counted]) -> list[Counted]:
    """One result per organisation and questionnaire per quarter (the newest), then per organisation and
    questionnaire the one of its latest quarter; the same choice whatever order the inputs came in."""
    newest: dict[tuple[str, str], Counted] = {}
    for item in counted:
        key = (item.organisation, item.questionnaire)
        kept = newest.get(key)
        if kept is None or _order(item) > _order(kept):
            newest[key] = item
    return sorted(newest.values(), key=_order)


def _order(item: Counted) -> tuple[Any, ...]:
    moment = _dates.moment(item.changed) or 0
    return (item.quarter, moment, item.link)


def aggregate(catalog: Catalog, counted: list[Counted]) -> dict[str, dict[str, Any]]:
    """Per questionnaire with at least ``MIN_ORGANISATIONS`` organisations that have a level: its benchmark file
    as data (see ``_comparison``). Give it every result; it chooses (``select``)."""
    out = {}
    chosen = select(counted)
    for q in catalog.ordered():
        items = [item for item in chosen if item.questionnaire == q.id]
        results = [(item, score(q, item.answers)) for item in items]
        overall, used = _scope([(item, r.overall.level) for item, r in results])
        if ALL not in overall:
            continue
        themes = {}
        for i, theme in enumerate(q.themes):
            groups, more = _scope([(item, r.themes[i].assessment.level) for item, r in results])
            if groups:
                themes[theme.id] = groups
                used |= more
        quarters = sorted(item.quarter for item in items if item.link in used)
        out[q.id] = {"format": FORMAT, "questionnaire": q.id, "version": q.version,
                     "period": {"from": quarter_text(quarters[0]), "to": quarter_text(quarters[-1])},
                     "overall": overall, "themes": themes}
    return out


def _scope(levels: list[tuple[Counted, int | None]]) -> tuple[dict[str, Any], set[str]]:
    """The groups of one row (the questionnaire or a theme) and the links counted in them."""
    known = [(item, level) for item, level in levels if level is not None]
    if len(known) < MIN_ORGANISATIONS:
        return {}, set()
    sectors = {}
    for sector in _sectors.IDS:
        members = [level for item, level in known if item.sector == sector]
        if len(members) >= MIN_ORGANISATIONS:
            sectors[sector] = members
    # what "alle" holds beyond the sectors shown must not be 1-4 organisations: leave out the smallest sector
    while 0 < len(known) - sum(len(m) for m in sectors.values()) < _REST_MIN:
        smallest = min(sectors, key=lambda s: (len(sectors[s]), -_sectors.code(s)))
        del sectors[smallest]
    groups = {ALL: cell([level for _, level in known])}
    groups.update({sector: cell(members) for sector, members in sectors.items()})
    return groups, {item.link for item, _ in known}


def cell(levels: list[int]) -> dict[str, Any]:
    """n, the count per level, the median and the quartiles (linear between the two nearest, so in steps of a
    quarter level) of a group's levels."""
    ordered = sorted(levels)
    return {"n": len(ordered), "levels": {lv: ordered.count(int(lv)) for lv in LEVELS},
            "median": _quantile(ordered, 2), "quartiles": [_quantile(ordered, 1), _quantile(ordered, 3)]}


def _quantile(ordered: list[int], k: int) -> int | float:
    position = Fraction((len(ordered) - 1) * k, 4)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    value = ordered[low] + (ordered[high] - ordered[low]) * (position - low)
    return int(value) if value.denominator == 1 else float(value)


def to_json(data: dict[str, Any]) -> str:
    """A benchmark file's text: keys sorted, the same bytes for the same results."""
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def check(catalog: Catalog, data: dict[str, Any]) -> None:
    """Refuse to write a file that breaks the format, above all a group of fewer than ``MIN_ORGANISATIONS``."""
    found = problems(data, catalog)
    if found:
        raise ValueError("; ".join(p.located(data.get("questionnaire", "?")) for p in found))


def write(catalog: Catalog, inputs: list[tuple[str, str]], out: Path) -> tuple[list[str], list[str]]:
    """Read ``inputs``, write ``out/<questionnaire id>.json`` for each questionnaire with enough organisations;
    return what was written and what was not counted or not written (Dutch lines for the operator)."""
    counted, reports = read_inputs(catalog, inputs)
    files = aggregate(catalog, counted)
    for data in files.values():
        check(catalog, data)  # before anything is written: a bad file is never half a benchmark
    if files:
        out.mkdir(parents=True, exist_ok=True)
    written = []
    for qid, data in files.items():
        path = out / f"{qid}.json"
        path.write_text(to_json(data), encoding="utf-8")
        cell_all = data["overall"][ALL]
        written.append(f"{path}: {cell_all['n']} organisaties, {period_text(data['period'])}")
    chosen = {item.questionnaire for item in counted}
    for q in catalog.ordered():
        if q.id in chosen and q.id not in files:
            reports.append(f"{q.title}: niet geschreven: minder dan {MIN_ORGANISATIONS} organisaties met een niveau.")
        stale = out / f"{q.id}.json"
        if q.id not in files and stale.is_file():
            reports.append(f"{stale}: is van een eerdere keer en niet bijgewerkt; haal het weg als het niet klopt.")
    return written, reports

