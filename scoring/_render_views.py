"""The views across questionnaires and people: the overview of the three roles and the team comparison.

Built with ``xml.etree`` like the result (``_render``), so all text is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ._chart import radar
from ._render import _el
from ._report import ANSWER_LABELS, level_text, spread_text
from ._score import Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._render import Href


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
            _el(row, "td", level_text(r))
            _el(row, "td", f"{r.answered} van {len(r.questionnaire.statements)}")
    return ET.tostring(root, encoding="unicode", method="html")


def _level(level: int | None) -> str:
    return "–" if level is None else str(level)


def _spread(row, progress: bool) -> str:
    if progress:
        before, after = row.levels[0], row.levels[-1]
        if before is None or after is None:
            return "–"
        return "gelijk" if after == before else f"{after - before:+d}"
    return spread_text(row.spread)


def team_html(team, href: Href, progress: bool = False) -> str:
    """The team comparison (or, with ``progress``, two moments of one organisation)."""
    root = ET.Element("div", {"class": "zt-team"})
    labels = [m.label for m in team.members]
    last = "Verandering" if progress else "Spreiding"

    def table(parent, caption: str, first: str, rows, overall_bold: bool) -> None:
        t = _el(parent, "table")
        _el(t, "caption", caption)
        head = _el(_el(t, "thead"), "tr")
        for label in (first, *labels, last):
            _el(head, "th", label, scope="col")
        body = _el(t, "tbody")
        for row in rows:
            tr = _el(body, "tr", class_="zt-team-total" if overall_bold and row.theme is None else "")
            _el(tr, "th", "Totaal" if overall_bold and row.theme is None else row.title, scope="row")
            for level in row.levels:
                _el(tr, "td", _level(level))
            _el(tr, "td", _spread(row, progress))

    roles = team.roles()
    if roles:
        _el(root, "h2", "Per rol", id="per-rol")
        table(root, "Niveau per rol", "Rol", roles, False)
    _el(root, "h2", "Per vragenlijst en thema", id="per-thema")
    for q in dict.fromkeys(r.questionnaire for r in team.rows):
        _el(root, "h3", q.title, id=f"team-{q.id}")
        table(root, f"{q.title}: niveau per thema", "Thema", [r for r in team.rows if r.questionnaire is q], True)
    if progress:
        return ET.tostring(root, encoding="unicode", method="html")
    _el(root, "h2", "Waar het team het meest verschilt", id="verschillen")
    if not team.disagreements:
        _el(root, "p", "Op geen enkele stelling lopen de antwoorden uiteen.")
    items = _el(root, "ol", class_="zt-disagreements")
    for d in team.disagreements[:15]:
        li = _el(items, "li")
        _el(li, "a", d.statement.text, href=href(f"{d.questionnaire.id}#{d.statement.id}"))
        _el(li, "span", f" ({d.questionnaire.title}, verschil {d.spread})", class_="zt-from")
        given = "; ".join(f"{label}: {'–' if a is None else ANSWER_LABELS[str(a)].lower()}"
                          for label, a in zip(labels, d.answers))
        _el(li, "p", given)
        if d.recommendations:
            p = _el(li, "p", "Aanbevelingen: ")
            for i, rec in enumerate(d.recommendations):
                a = _el(p, "a", rec.title, href=href(f"{d.questionnaire.id}#{rec.id}"))
                if i < len(d.recommendations) - 1:
                    a.tail = "; "
    return ET.tostring(root, encoding="unicode", method="html")
