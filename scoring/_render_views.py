"""The views across questionnaires and people: the overview of the questionnaires and the team comparison.

Built with ``xml.etree`` like the result (``_render``), so all text is escaped.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ._chart import bars, figures, legend, radar
from ._html import el, html
from ._model import UNKNOWN
from ._report import ANSWER_LABELS, answered, level_text, spread_text
from ._score import Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ._html import Href
    from ._model import Questionnaire

    Entry = tuple[Questionnaire, str, "Result | None"]  # a questionnaire, its page, the reader's result

#: Why a questionnaire has no level, in the overview.
NOT_STARTED = "nog niet ingevuld"
TOO_FEW = "te weinig antwoorden"


def _lv(level: int | None) -> dict[str, str]:
    """The class that colours a cell by level (``zt-lv-1`` to ``zt-lv-5``); the number stays as its text."""
    return {} if level is None else {"class_": f"zt-lv-{level}"}


def _why(r: Result | None) -> str:
    return NOT_STARTED if r is None else TOO_FEW


# --- The overview ----------------------------------------------------------------------------------

def overview_html(roles: list[Entry], themes: list[Entry] = (), goals: dict[str, int | None] | None = None,
                  nxt: list[tuple[str, str, str]] | None = None) -> str:
    """"Je volgende stap" (``nxt``: lines ``(text, link text, href)``, the link optional), then the three roles:
    with three or more measured in one radar, with fewer as bars (a radar of one or two would be a line); then a
    table of the measured roles and one of the measured theme questionnaires. A questionnaire not started has no
    row: its card says so already.

    A role without a level is not drawn (it would sit at the centre, as if lowest); a sentence says so. With
    ``goals`` (questionnaire id: target level or None), the chart shows the target too, and the roles table a
    column "Doel"."""
    root = ET.Element("div", {"class": "zt-overview"})
    if nxt:
        box = el(root, "div", class_="zt-next")
        el(box, "h2", "Je volgende stap", id="je-volgende-stap")
        items = el(box, "ul", class_="zt-next-steps")
        for line, label, href in nxt:
            li = el(items, "li", line)
            if href:
                li.text += " "
                el(li, "a", label, href=href)
    measured = [(q, url, r) for q, url, r in roles if r is not None]
    if roles:
        axes = [(q.title, r.overall.level if r else None, _why(r)) for q, _, r in roles]
        rated = sum(1 for _, level, _ in axes if level is not None)
        rows = [(q.title, level, (goals or {}).get(q.id)) for (q, _, _), (_, level, _) in zip(roles, axes, strict=True)]
        caption = "De tabel hieronder geeft dezelfde niveaus." if measured else None
        if rated < 3:  # a radar of one or two roles would be a line or a dot
            figure = el(root, "figure", class_="zt-chart")
            figure.append(bars(rows, "Niveau en doel per rol", "rollen"))
            if caption:
                el(figure, "figcaption", caption)
        elif goals is None:
            figures(root, axes, rows, "Niveau per rol", "rollen", caption=caption)
        else:
            series = [("Nu", [level for _, level, _ in axes]), ("Doel", [goals.get(q.id) for q, _, _ in roles])]
            figures(root, axes, rows, "Niveau en doel per rol", "rollen", series=series, caption=caption)
        missing = [f"{q.title} ({_why(r)})" for q, _, r in roles if r is None or r.overall.level is None]
        if missing and rated >= 3:
            el(root, "p", f"Nog niet in de grafiek: {', '.join(missing)}. Een rol zonder niveau staat er niet in; "
                           "dat is dus geen lage score.", class_="zt-chart-note")
        elif missing:
            el(root, "p", f"Zonder staaf: {', '.join(missing)}. Een rol zonder niveau heeft geen staaf; dat is dus "
                           "geen lage score.", class_="zt-chart-note")
        if measured:
            _levels_table(root, "Niveau per rol" if goals is None else "Niveau en doel per rol", "Rol", measured,
                          goals)
    done = [(q, url, r) for q, url, r in themes if r is not None]
    if done:
        el(root, "h3", "Vragenlijsten over één onderwerp", id="themavragenlijsten")
        _levels_table(root, "Niveau per vragenlijst", "Vragenlijst", done)
    return html(root)


def _levels_table(parent: ET.Element, caption: str, first: str, entries: list[Entry],
                  goals: dict[str, int | None] | None = None) -> None:
    table = el(parent, "table")
    el(table, "caption", caption)
    row = el(el(table, "thead"), "tr")
    for label in (first, "Niveau", *(() if goals is None else ("Doel",)), "Beantwoord"):
        el(row, "th", label, scope="col")
    body = el(table, "tbody")
    for q, url, r in entries:
        row = el(body, "tr")
        el(el(row, "th", scope="row"), "a", q.title, href=url)
        if r is None:
            el(row, "td", NOT_STARTED, data_label="Niveau")
        else:
            el(row, "td", level_text(r), data_label="Niveau", **_lv(r.overall.level))
        if goals is not None:
            goal = goals.get(q.id)
            el(row, "td", "–" if goal is None else f"niveau {goal}", data_label="Doel")
        el(row, "td", "–" if r is None else f"{r.answered} van {len(q.statements)}", data_label="Beantwoord")


def card_html(q: Questionnaire, url: str, r: Result | None, error: str = "") -> str:
    """A questionnaire card's status: a progress bar, the count, the level, and where to go next: the first
    open statement ("Verder invullen") or, when every statement has an answer, the result. Without a
    result, the ``error`` that kept the saved answers from being read."""
    total = len(q.statements)
    root = ET.Element("span", {"class": "zt-card-progress"})
    if r is None:
        el(root, "span", error, class_="zt-card-count")
        return html(root)
    counted = answered(r.answered, total)
    el(root, "progress", counted, max=str(total), value=str(r.answered), aria_label=counted)
    unknown = sum(1 for s in q.statements if r.answers.get(s.id) == UNKNOWN)
    shown = counted + (f" ({unknown} weet ik niet)" if unknown else "")
    el(root, "span", f"{shown} · {level_text(r)}", class_="zt-card-count")
    first_open = next((s for t in r.themes for s in t.statements if s.id not in r.answers), None)
    if first_open is None:
        link = el(root, "a", "Bekijk je resultaat", href=f"{url}#resultaat", class_="zt-card-next")
    else:
        link = el(root, "a", "Verder invullen", href=f"{url}#{first_open.id}", class_="zt-card-next")
    el(link, "span", f": {q.title}", class_="zt-sr-only")  # a distinct name on a page of cards
    return html(root)


# --- The team comparison -----------------------------------------------------------------------------

def _spread(row, progress: bool) -> str:
    if progress:
        before, after = row.levels[0], row.levels[-1]
        if before is None or after is None:
            return "–"
        return "gelijk" if after == before else f"{after - before:+d}"
    return spread_text(row.spread)


def _given(answer) -> str:
    """One person's answer to a statement, with its number so it matches "verschil 2" and "tegenover 5"."""
    if answer is None:
        return "niet beantwoord"
    label = ANSWER_LABELS[str(answer)].lower()
    return f"{answer} ({label})" if isinstance(answer, int) else label


def team_html(team, href: Href, progress: bool = False) -> str:
    """The team comparison (or, with ``progress``, two moments of one organisation): one radar with every
    member, the levels in tables coloured by level with the spread as "geen" or "2–5", and the statements
    where people differ by 2 or more or where one did not know and another gave a score; the 1-point
    differences folded away below them."""
    root = ET.Element("div", {"class": "zt-team"})
    labels = [m.label for m in team.members]
    last = "Verandering" if progress else "Spreiding"
    ids = "voortgang-" if progress else ""  # both comparisons can be on one page

    def chart(parent, rows, title: str, chart_id: str) -> None:
        figure = el(parent, "figure", class_="zt-chart zt-chart--team")
        figure.append(radar([r.title for r in rows], title, f"{ids}{chart_id}",
                            series=[(label, [r.levels[i] for r in rows]) for i, label in enumerate(labels)]))
        figure.append(legend(labels))
        el(figure, "figcaption", "De tabel hieronder geeft dezelfde niveaus.")

    def table(parent, caption: str, first: str, rows, overall_bold: bool) -> None:
        t = el(parent, "table")
        el(t, "caption", caption)
        head = el(el(t, "thead"), "tr")
        for label in (first, *labels, last):
            el(head, "th", label, scope="col")
        body = el(t, "tbody")
        for row in rows:
            tr = el(body, "tr", class_="zt-team-total" if overall_bold and row.theme is None else "")
            el(tr, "th", "Totaal" if overall_bold and row.theme is None else row.title, scope="row")
            for label, level in zip(labels, row.levels, strict=True):
                el(tr, "td", "–" if level is None else str(level), data_label=label, **_lv(level))
            wide = not progress and row.spread is not None and row.spread[1] - row.spread[0] >= 2
            el(tr, "td", _spread(row, progress), data_label=last, **({"class_": "zt-spread-wide"} if wide else {}))

    roles = team.roles()
    role_chart = len(roles) >= 3
    if roles:
        el(root, "h2", "Per rol", id=f"{ids}per-rol")
        if role_chart:
            chart(root, roles, "Niveau per rol, per deelnemer", "team-rollen")
        table(root, "Niveau per rol", "Rol", roles, False)
    el(root, "h2", "Per vragenlijst en thema", id=f"{ids}per-thema")
    for q in dict.fromkeys(r.questionnaire for r in team.rows):
        rows = [r for r in team.rows if r.questionnaire is q]
        el(root, "h3", q.title, id=f"{ids}team-{q.id}")
        if not role_chart:
            chart(root, [r for r in rows if r.theme is not None], f"{q.title}: niveau per thema, per deelnemer",
                  f"team-radar-{q.id}")
        table(root, f"{q.title}: niveau per thema", "Thema", rows, True)
    if progress:
        return html(root)

    el(root, "h2", "Waar het team het meest verschilt", id="verschillen")
    main = [d for d in team.disagreements if not d.small]
    small = [d for d in team.disagreements if d.small]
    if not team.disagreements:
        el(root, "p", "Op geen enkele stelling lopen de antwoorden uiteen.")
        return html(root)
    el(root, "p", "De stellingen waarop de antwoorden 2 punten of meer uiteenlopen, en die waarop iemand 'weet ik "
                   "niet' antwoordde terwijl een ander een score gaf: daar loont het gesprek het meest."
        if main else "Nergens lopen de antwoorden 2 punten of meer uiteen, en niemand antwoordde 'weet ik niet' "
                     "waar een ander een score gaf.")
    if main:
        _disagreements(el(root, "ol", class_="zt-disagreements"), main, labels, href)
    if small:
        fold = el(root, "details", class_="zt-small-gaps")
        el(fold, "summary", f"Ook verschillen van 1 punt ({len(small)})")
        _disagreements(el(fold, "ol", class_="zt-disagreements"), small, labels, href)
    return html(root)


def _disagreements(items: ET.Element, found, labels: list[str], href: Href) -> None:
    for d in found:
        kind = "zt-small-gap" if d.small else ("zt-unknown-gap" if d.unknown else "")
        li = el(items, "li", **({"class_": kind} if kind else {}))
        el(li, "a", d.statement.text, href=href(f"{d.questionnaire.id}#{d.statement.id}"))
        el(li, "span", f" ({d.questionnaire.title}, {d.gap_text})", class_="zt-from")
        el(li, "p", "; ".join(f"{label}: {_given(a)}" for label, a in zip(labels, d.answers, strict=True)))
        if d.recommendations:
            p = el(li, "p", "Aanbevelingen: ")
            for i, rec in enumerate(d.recommendations):
                a = el(p, "a", rec.title, href=href(f"{d.questionnaire.id}#{rec.id}"))
                if i < len(d.recommendations) - 1:
                    a.tail = "; "
