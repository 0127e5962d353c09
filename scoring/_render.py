"""The result as an HTML fragment for the page, built with ``xml.etree`` so all text is escaped.

The browser inserts this fragment as it is; nothing read from a link or from storage reaches it
other than answers that ``normalize`` has already reduced to the answer scale.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ._chart import radar
from ._report import ANSWER_LABELS, level_text, number, percent
from ._score import Assessment, Fired, Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    Href = Callable[[str], str]


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def result_html(result: Result, href: Href, date: str = "") -> str:
    q = result.questionnaire
    a = result.overall
    root = ET.Element("div", {"class": "zt-result"})
    _el(root, "p", f"{q.title}, versie {q.version}" + (f" · resultaat van {date}" if date else ""),
        class_="zt-print-meta")
    head = _el(root, "div", class_="zt-level" + (" zt-level--none" if a.level is None else ""))
    _el(head, "p", level_text(result), class_="zt-level-title")
    if a.level is not None:
        _el(head, "p", q.level(a.level).description, class_="zt-level-description")
        _el(head, "p", f"Gemiddelde score {_fmt(a.score)} van 5 ({_fmt(a.percent, 0)}%); "
                       f"{result.answered} van {len(q.statements)} stellingen beantwoord.", class_="zt-level-meta")
    else:
        _el(head, "p", "Beantwoord meer stellingen; 'weet ik niet' telt niet mee als antwoord.",
            class_="zt-level-description")
    if a.capped_by:
        _cap_note(head, result, a, "Je niveau")

    _el(root, "h2", "Volgende stappen", id="volgende-stappen")
    if result.next_steps:
        steps = _el(root, "ol", class_="zt-steps")
        for fired in result.next_steps:
            _recommendation(steps, fired, href)
    else:
        _el(root, "p", "Bij deze antwoorden zijn er geen aanbevelingen. Houd vast wat werkt.")

    _el(root, "h2", "Niveau per thema", id="niveau-per-thema")
    figure = _el(root, "figure", class_="zt-chart")
    figure.append(radar([(t.title, t.assessment.level) for t in result.themes], f"Niveau per thema: {q.title}"))
    _el(figure, "figcaption", "De tabel hieronder geeft dezelfde niveaus.")
    _theme_table(root, result)

    rest = result.recommendations[len(result.next_steps):]
    if rest:
        more = _el(root, "details", class_="zt-more")
        _el(more, "summary", f"Alle aanbevelingen ({len(result.recommendations)})")
        rec_list = _el(more, "ol", class_="zt-steps", start=str(len(result.next_steps) + 1))
        for fired in rest:
            _recommendation(rec_list, fired, href)

    why = _el(root, "details", class_="zt-why")
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
            _el(row, "td", s.text)
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


def _recommendation(parent: ET.Element, fired: Fired, href: Href) -> None:
    rec = fired.recommendation
    item = _el(parent, "li", id=f"advies-{rec.id}")
    _el(item, "strong", rec.title)
    if fired.lifts_cap:
        _el(item, "span", "haalt de begrenzing weg", class_="zt-badge")
    _el(item, "p", rec.text)
    _el(item, "a", "Lees hoe je dit aanpakt", href=href(rec.link))


def _theme_table(parent: ET.Element, result: Result) -> None:
    table = _el(parent, "table")
    _el(table, "caption", "Score, niveau en dekking per thema")
    row = _el(_el(table, "thead"), "tr")
    for label in ("Thema", "Score (1–5)", "Niveau", "Beantwoord"):
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


def overview_html(roles: list[tuple[str, str, Result | None]]) -> str:
    """The three roles in one radar with a table alternative; ``roles`` is (title, url, result)."""
    root = ET.Element("div", {"class": "zt-overview"})
    axes = [(title, r.overall.level if r else None) for title, _, r in roles]
    figure = _el(root, "figure", class_="zt-chart")
    figure.append(radar(axes, "Niveau per rol", "rollen"))
    _el(figure, "figcaption", "De tabel hieronder geeft dezelfde niveaus.")
    table = _el(root, "table")
    _el(table, "caption", "Niveau per rol")
    row = _el(_el(table, "thead"), "tr")
    for label in ("Rol", "Niveau", "Beantwoord"):
        _el(row, "th", label, scope="col")
    body = _el(table, "tbody")
    for title, url, r in roles:
        row = _el(body, "tr")
        _el(_el(row, "th", scope="row"), "a", title, href=url)
        if r is None:
            _el(row, "td", "nog niet ingevuld")
            _el(row, "td", "–")
        else:
            _el(row, "td", level_text(r).rstrip("."))
            _el(row, "td", f"{r.answered} van {len(r.questionnaire.statements)}")
    return ET.tostring(root, encoding="unicode", method="html")


def history_html(rows: list[tuple[str, Result]], current: Result | None) -> str:
    """Earlier measurements, newest first, with the level per theme and the change since then."""
    root = ET.Element("div", {"class": "zt-history"})
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
        _el(row, "th", date, scope="row")
        _el(row, "td", "–" if r.overall.level is None else str(r.overall.level))
        for t in r.themes:
            _el(row, "td", "–" if t.assessment.level is None else str(t.assessment.level))
    if current is not None and current.overall.level is not None and rows[0][1].overall.level is not None:
        delta = current.overall.level - rows[0][1].overall.level
        change = "gelijk gebleven" if delta == 0 else (f"{delta} hoger" if delta > 0 else f"{-delta} lager")
        _el(root, "p", f"Sinds de meting van {rows[0][0]} is je niveau {change}: nu {current.overall.level}.")
    return ET.tostring(root, encoding="unicode", method="html")
