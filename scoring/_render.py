"""The result as an HTML fragment for the page, built with ``xml.etree`` so all text is escaped.

The browser inserts this fragment as it is; nothing read from a link or from storage reaches it
other than answers that ``normalize`` has already reduced to the answer scale.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

from ._chart import radar
from ._report import ANSWER_LABELS, level_text, number, percent
from ._score import Assessment, Fired, Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    Href = Callable[[str], str]
    Downloads = dict[str, list[dict[str, str]]]

#: What a download is called after its title, by the end of its URL.
FILE_KINDS = {".docx": "Word", ".xlsx": "Excel"}


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def result_html(result: Result, href: Href, date: str = "", detailed: bool = False,
                downloads: Downloads | None = None) -> str:
    """The result; ``detailed`` (the consultant's view) adds a heading, ids and opens every section.

    ``downloads`` maps a recommendation id to the templates it offers (``[{title, url}]``, from
    ``sjablonen/``); each gets a download link under the recommendation.
    """
    downloads = downloads or {}
    q = result.questionnaire
    a = result.overall
    root = ET.Element("div", {"class": "zt-result"})
    if detailed:
        _el(root, "h2", f"{q.title} (versie {q.version})", id=f"resultaat-{q.id}")
    _el(root, "p", f"{q.title}, versie {q.version}" + (f" · resultaat van {date}" if date else ""),
        class_="zt-print-meta")
    head = _el(root, "div", class_="zt-level" + (" zt-level--none" if a.level is None else ""))
    _el(head, "p", level_text(result), class_="zt-level-title")
    if a.level is not None:
        _el(head, "p", q.level(a.level).description, class_="zt-level-description")
        _el(head, "p", f"Gemiddelde score {_fmt(a.score)} op de schaal van 1 tot 5 ({_fmt(a.percent, 0)}% van de weg "
                       f"van overal 1 naar overal 5); {result.answered} van {len(q.statements)} stellingen "
                       "beantwoord.", class_="zt-level-meta")
    else:
        _el(head, "p", "Beantwoord meer stellingen; 'weet ik niet' telt niet mee als antwoord.",
            class_="zt-level-description")
    if a.capped_by:
        _cap_note(head, result, a, "Je niveau")
    _unknown_note(root, result)

    sfx = f"-{q.id}" if detailed else ""  # several results on one page need distinct ids
    _el(root, "h2", "Volgende stappen", id=f"volgende-stappen{sfx}")
    if result.next_steps:
        steps = _el(root, "ol", class_="zt-steps")
        for fired in result.next_steps:
            _recommendation(steps, fired, href, downloads)
    else:
        _el(root, "p", "Bij deze antwoorden zijn er geen aanbevelingen. Houd vast wat werkt.")

    _el(root, "h2", "Niveau per thema", id=f"niveau-per-thema{sfx}")
    figure = _el(root, "figure", class_="zt-chart")
    figure.append(radar([(t.title, t.assessment.level) for t in result.themes], f"Niveau per thema: {q.title}",
                        f"radar-{q.id}"))
    _el(figure, "figcaption", "De tabel hieronder geeft dezelfde niveaus.")
    _theme_table(root, result)

    rest = result.recommendations[len(result.next_steps):]
    if rest:
        more = _el(root, "details", class_="zt-more", **({"open": "open"} if detailed else {}))
        _el(more, "summary", f"Meer aanbevelingen bij jouw antwoorden ({len(rest)})")
        rec_list = _el(more, "ol", class_="zt-steps", start=str(len(result.next_steps) + 1))
        for fired in rest:
            _recommendation(rec_list, fired, href, downloads)

    why = _el(root, "details", class_="zt-why", **({"open": "open"} if detailed else {}))
    _el(why, "summary", "Waarom deze score?")
    _el(why, "p", "Per thema de stellingen met je antwoord en hun gewicht. Een basisstelling begrenst het "
                  "niveau: het niveau komt hooguit één boven het laagste antwoord op een basisstelling.")
    for t in result.themes:
        _el(why, "h3", t.title)
        if t.assessment.capped_by:
            _cap_note(why, result, t.assessment, "Dit thema")
        table = _el(why, "table")
        row = _el(_el(table, "thead"), "tr")
        for label in ("Stelling", "Antwoord", "Gewicht", "Basis"):
            _el(row, "th", label, scope="col")
        body = _el(table, "tbody")
        for s in t.statements:
            answer = result.answers.get(s.id)
            row = _el(body, "tr")
            _el(row, "td", f"{s.id}: {s.text}" if detailed else s.text)
            _el(row, "td", "nog niet beantwoord" if answer is None else ANSWER_LABELS[str(answer)])
            _el(row, "td", str(s.weight))
            _el(row, "td", "ja" if s.key else "")
    return ET.tostring(root, encoding="unicode", method="html")


def _cap_note(parent: ET.Element, result: Result, a: Assessment, subject: str) -> None:
    q = result.questionnaire
    note = _el(parent, "div", class_="zt-cap")
    _el(note, "p", f"{subject} is begrensd tot niveau {a.level} (zonder begrenzing {a.uncapped_level}), "
                   f"omdat een basis nog ontbreekt:")
    items = _el(note, "ul")
    for sid in a.capped_by:
        answer = result.answers.get(sid)
        _el(items, "li", f"{q.statement(sid).text} (je antwoord: {ANSWER_LABELS[str(answer)].lower()})")


def _recommendation(parent: ET.Element, fired: Fired, href: Href, downloads: Downloads) -> None:
    rec = fired.recommendation
    item = _el(parent, "li", id=f"advies-{rec.id}")
    _el(item, "strong", rec.title)
    if fired.lifts_cap:
        _el(item, "span", "haalt de begrenzing weg", class_="zt-badge")
    _el(item, "p", rec.text)
    link = _el(item, "a", "Lees hoe je dit aanpakt", href=href(rec.link))
    _el(link, "span", f": {rec.title}", class_="zt-sr-only")  # a distinct name for screen readers
    for template in downloads.get(rec.id, ()):
        url = template["url"]
        kind = next((k for end, k in FILE_KINDS.items() if url.endswith(end)), "bestand")
        _el(_el(item, "p", class_="zt-download"), "a", f"Download: {template['title']} ({kind})",
            href=href(url), download="")


def _theme_table(parent: ET.Element, result: Result) -> None:
    table = _el(parent, "table")
    _el(table, "caption", "Score, niveau en dekking per thema")
    row = _el(_el(table, "thead"), "tr")
    for label in ("Thema", "Score (1–5)", "Niveau", "Dekking"):
        _el(row, "th", label, scope="col")
    body = _el(table, "tbody")
    for t in result.themes:
        ta = t.assessment
        row = _el(body, "tr")
        _el(row, "th", t.title, scope="row")
        _el(row, "td", "–" if ta.score is None else _fmt(ta.score))
        _el(row, "td", "te weinig antwoorden" if ta.level is None else f"{ta.level}")
        _el(row, "td", percent(ta.coverage))


def _fmt(value, digits: int = 1) -> str:
    shown = number(value, digits)
    return "–" if shown is None else f"{shown:.{digits}f}".replace(".", ",")


def _unknown_note(root: ET.Element, result: Result) -> None:
    """The statements answered "Weet ik niet": they count for nothing, so they are worth finding out."""
    unknown = [s for s in result.questionnaire.statements if result.answers.get(s.id) == "?"]
    if not unknown:
        return
    box = _el(root, "div", class_="zt-unknown")
    many = len(unknown) != 1
    _el(box, "p", f"{len(unknown)} stelling{'en' if many else ''} weet je niet: zoek {'ze' if many else 'het'} uit. "
                  "'Weet ik niet' telt niet mee in je score en verlaagt de dekking; met een antwoord wordt je "
                  "niveau preciezer.", class_="zt-unknown-title")
    items = _el(box, "ul")
    for s in unknown:
        _el(_el(items, "li"), "a", f"{s.id}: {s.text}", href=f"#{s.id}")


_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")
_MOMENT = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]00:00)?)?")


def dutch_moment(iso: str, offset: int = 0) -> str:
    """``2026-12-01T19:53:25.758Z`` as ``1 december 2026, 20:53`` in the reader's time (``offset``: minutes
    ahead of UTC, as the browser knows it); a date without a time stays a date; anything else as it is."""
    m = _MOMENT.fullmatch(iso)
    if not m:
        return iso
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    if m[4] is None:
        return f"{d} {_MONTHS[mo - 1]} {y}"
    y -= mo <= 2  # days since 1970-01-01 (Howard Hinnant's days_from_civil), then back through gmtime
    era, yoe = divmod(y, 400)
    days = era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + (153 * (mo + (-3 if mo > 2 else 9)) + 2) // 5 + d - 1 - 719468
    t = time.gmtime(((days * 24 + int(m[4])) * 60 + int(m[5]) + (offset if m[6] else 0)) * 60)
    return f"{t.tm_mday} {_MONTHS[t.tm_mon - 1]} {t.tm_year}, {t.tm_hour:02d}:{t.tm_min:02d}"


def history_html(rows: list[tuple[str, Result]], current: Result | None, offset: int = 0) -> str:
    """Earlier measurements, newest first, with the level per theme and the change since then; dates in
    Dutch in the reader's time (``offset``, minutes ahead of UTC)."""
    root = ET.Element("div", {"class": "zt-history" + ("" if rows else " zt-history--empty")})
    if not rows:
        _el(root, "p", "Nog geen eerdere metingen bewaard. Met 'Bewaar als meting' leg je je huidige "
                       "resultaat vast, zodat je later ziet wat er veranderd is.")
        return ET.tostring(root, encoding="unicode", method="html")
    themes = rows[0][1].themes
    table = _el(root, "table")
    _el(table, "caption", "Eerdere metingen (nieuwste eerst)")
    head = _el(_el(table, "thead"), "tr")
    for label in ("Datum", "Niveau", *(t.title for t in themes)):
        _el(head, "th", label, scope="col")
    body = _el(table, "tbody")
    for date, r in rows:
        row = _el(body, "tr")
        _el(row, "th", dutch_moment(date, offset), scope="row")
        _el(row, "td", "–" if r.overall.level is None else str(r.overall.level))
        for t in r.themes:
            _el(row, "td", "–" if t.assessment.level is None else str(t.assessment.level))
    if current is not None and current.overall.level is not None and rows[0][1].overall.level is not None:
        delta = current.overall.level - rows[0][1].overall.level
        change = "gelijk gebleven" if delta == 0 else (f"{delta} hoger" if delta > 0 else f"{-delta} lager")
        _el(root, "p", f"Sinds de meting van {dutch_moment(rows[0][0], offset)} is je niveau {change}: nu {current.overall.level}.")
    return ET.tostring(root, encoding="unicode", method="html")
