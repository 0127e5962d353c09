"""What the dossier shows (``_dossier``): the clients at a glance, and per client the latest level per
questionnaire, every measurement over time with what moved between two in a row (``_movement``'s words, the
history table of ``_render_history``), and a team comparison when several people of the client sent results
(``_team``). As HTML for the page and as Markdown for the command line."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from . import _dates
from ._html import cell, el, html, table
from ._movement import NONE_CHANGED, Comparison, arrow, compare, level_sentence, level_step, mean_step, statement_step
from ._render_history import history_html
from ._score import score
from ._team import Member, Team

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ._catalog import Catalog
    from ._dossier import Dossier
    from ._html import Href
    from ._model import Questionnaire
    from ._score import Result

EMPTY = ("Je dossier is nog leeg. Plak een deellink, de tekst van een e-mail met deellinks of een exportbestand, en "
         "de uitslag komt bij de klant te staan.")
CAPTION = "Metingen (nieuwste eerst), met ↑ of ↓ tegenover de meting ervoor"
ONE = "Nog maar één meting: bij een volgende zie je hier wat er veranderd is."


@dataclass(frozen=True)
class Measured:
    """One result in the dossier: when, by whom ("" when unknown), and the result on the current version."""

    date: str
    by: str
    result: Result


@dataclass(frozen=True)
class Series:
    """The measurements of one questionnaire by one person (or by whoever did not say), oldest first."""

    questionnaire: Questionnaire
    by: str
    measured: tuple[Measured, ...]

    def moves(self) -> list[tuple[Measured, Measured, Comparison]]:
        """Each measurement against the one before it, the newest first."""
        pairs = zip(self.measured, self.measured[1:], strict=False)
        return [(a, b, compare(a.result, b.result)) for a, b in pairs][::-1]


@dataclass(frozen=True)
class ClientView:
    key: str
    name: str
    notes: str
    #: Per questionnaire (in the site's order) its newest measurement, whoever made it.
    latest: tuple[Measured, ...]
    series: tuple[Series, ...]
    #: Several people's newest answers side by side, when at least two named people sent results.
    team: Team | None
    people: tuple[str, ...]
    unreadable: int


def client_view(catalog: Catalog, dossier: Dossier, key: str) -> ClientView:
    from ._team import compare as team_compare

    client = dossier.client(key)
    by_q: dict[str, list[Measured]] = {}
    for r in client["results"]:
        q = catalog.get(r["questionnaire"])
        answers = catalog.migrate(q, r["version"], r["answers"]).answers
        by_q.setdefault(q.id, []).append(Measured(r["date"], r.get("by", ""), score(q, answers)))
    ordered = [q for q in catalog.ordered() if q.id in by_q]
    latest = tuple(max(by_q[q.id], key=lambda m: _dates.order(m.date)) for q in ordered)
    people = tuple(sorted({m.by for ms in by_q.values() for m in ms if m.by}, key=str.casefold))
    series = []
    for q in ordered:
        for person in dict.fromkeys(m.by for m in sorted(by_q[q.id], key=lambda m: m.by.casefold())):
            mine = sorted((m for m in by_q[q.id] if m.by == person), key=lambda m: _dates.order(m.date))
            series.append(Series(q, person, tuple(mine)))
    team = None
    if len(people) >= 2:
        members = []
        for person in people:
            newest = {}
            for q in ordered:
                mine = [m for m in by_q[q.id] if m.by == person]
                if mine:
                    newest[q.id] = max(mine, key=lambda m: _dates.order(m.date)).result.answers
            members.append(Member(person, newest))
        team = team_compare(catalog, members)
    return ClientView(key, client["name"], client.get("notes", ""), latest, tuple(series), team, people,
                      len(client.get("unreadable", [])))


# --- words shared by the page and the command line ---------------------------------------------------------


def summary(view: ClientView, offset: int) -> str:
    count = sum(len(s.measured) for s in view.series)
    qs = len(view.latest)
    text = (f"{count} {'meting' if count == 1 else 'metingen'} van {qs} "
            f"{'vragenlijst' if qs == 1 else 'vragenlijsten'}")
    if view.people:
        text += f", ingevuld door {_names(view.people)}"
    newest = max((m.date for m in view.latest), key=_dates.order)
    text += f"; de nieuwste van {_dates.dutch_date(newest, offset)}."
    if view.unreadable:
        text += (f" {view.unreadable} {'meting kan' if view.unreadable == 1 else 'metingen kunnen'} deze versie van de "
                 "site niet lezen; die blijven bewaard.")
    return text


def _names(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def move_head(a: Measured, b: Measured, found: Comparison, offset: int) -> str:
    """"Van 3 maart 2026 naar 2 september 2026: het niveau is gestegen van 2 naar 3 ↑; gemiddeld antwoord 2,4 →
    3,1 ↑."."""
    return (f"Van {_dates.dutch_date(a.date, offset)} naar {_dates.dutch_date(b.date, offset)}: het niveau is "
            f"{level_sentence(found.level_before, found.level_after)}; gemiddeld antwoord "
            f"{mean_step(found.mean_before, found.mean_after)}.")


def move_themes(found: Comparison) -> list[str]:
    """The themes whose average moved: "Zicht op de keten: 2 → 3 ↑ (gemiddeld 2,0 → 3,0 ↑)"."""
    return [f"{t.title}: {level_step(t.before, t.after)} (gemiddeld {mean_step(t.mean_before, t.mean_after)})"
            for t in found.themes if t.mean_before != t.mean_after or t.before != t.after]


def move_statements(q: Questionnaire, found: Comparison) -> list[str]:
    return [statement_step(q, sid, before, after) for sid, before, after in found.statements]


def _level(r: Result) -> str:
    level = r.overall.level
    return "geen niveau (te weinig antwoorden)" if level is None else f"{level} · {r.questionnaire.level(level).name}"


def _series_title(s: Series, view: ClientView) -> str:
    if not view.people:
        return s.questionnaire.title
    return f"{s.questionnaire.title} · {s.by or 'zonder naam'}"


# --- HTML ------------------------------------------------------------------------------------------------------


def clients(dossier: Dossier) -> list[dict[str, Any]]:
    """The clients for the page's list, by name: key, name and how many results each holds."""
    return [{"key": key, "name": c["name"], "count": len(c["results"])}
            for key, c in sorted(dossier.clients.items(), key=lambda kv: kv[1]["name"].casefold())]


def overview_html(dossier: Dossier, offset: int) -> str:
    """Every client: how many measurements, of which questionnaires, and the newest one's day; each with a button
    that opens it (``data-client``: its key)."""
    root = ET.Element("div", {"class": "zt-dossier-overview"})
    if not dossier.clients:
        el(root, "p", EMPTY, class_="zt-dossier-empty")
        return html(root)
    body = table(root, ("Klant", "Metingen", "Nieuwste meting"), "De klanten in je dossier")
    for item in clients(dossier):
        results = dossier.clients[item["key"]]["results"]
        row = el(body, "tr")
        head = el(row, "th", scope="row", data_label="Klant")
        el(head, "button", item["name"], type="button", class_="zt-dossier-open", data_client=item["key"])
        cell(row, "Metingen", str(len(results)))
        newest = max((r["date"] for r in results), key=_dates.order, default="")
        cell(row, "Nieuwste meting", _dates.dutch_date(newest, offset) if newest else "–")
    return html(root)


def client_html(view: ClientView, href: Href, offset: int) -> str:
    """One client: the summary, the latest level per questionnaire, the measurements over time with what moved,
    and the team comparison (see the module's docstring)."""
    from ._render_views import team_html

    root = ET.Element("div", {"class": "zt-dossier-client"})
    el(root, "h2", view.name, id="klant")
    el(root, "p", summary(view, offset), class_="zt-dossier-summary")
    el(root, "h3", "Laatste niveau per vragenlijst", id="laatste-niveau")
    body = table(root, ("Vragenlijst", "Niveau", "Datum", "Ingevuld door"), f"{view.name}: het nieuwste niveau per "
                 "vragenlijst")
    for m in view.latest:
        row = el(body, "tr")
        el(row, "th", m.result.questionnaire.title, scope="row", data_label="Vragenlijst")
        level = m.result.overall.level
        cell(row, "Niveau", _level(m.result), **({"class_": f"zt-lv-{level}"} if level else {}))
        cell(row, "Datum", _dates.dutch_date(m.date, offset))
        cell(row, "Ingevuld door", m.by or "–")
    el(root, "h3", "Metingen in de tijd", id="metingen")
    for n, s in enumerate(view.series, 1):
        box = el(root, "section", class_="zt-dossier-series")
        el(box, "h4", _series_title(s, view), id=f"reeks-{n}")
        rows = [(m.date, m.result) for m in reversed(s.measured)]
        box.append(ET.fromstring(history_html(rows, None, offset, CAPTION)))
        moves = s.moves()
        if not moves:
            el(box, "p", ONE, class_="zt-dossier-one")
            continue
        items = el(box, "ul", class_="zt-dossier-moves")
        for a, b, found in moves:
            li = el(items, "li")
            el(li, "p", move_head(a, b, found, offset), class_="zt-dossier-move")
            lines = move_themes(found) + (move_statements(s.questionnaire, found) or [NONE_CHANGED])
            sub = el(li, "ul")
            for text in lines:
                el(sub, "li", text)
    if view.team is None:
        return html(root)
    el(root, "h3", "Teamvergelijking", id="team")
    el(root, "p", f"Het nieuwste resultaat van {_names(view.people)} naast elkaar.", class_="zt-dossier-team")
    markup = html(root)  # the comparison (with its chart) as team_html writes it, inside this client's block
    return markup[: -len("</div>")] + team_html(view.team, href) + "</div>"


# --- Markdown --------------------------------------------------------------------------------------------------


def markdown(catalog: Catalog, dossier: Dossier, offset: int = 0, only: str = "") -> str:
    """Every client (or the one with key ``only``) as Markdown, for an advice written in a document."""
    from ._report import team_markdown

    lines = ["# Dossier", ""]
    if not dossier.clients:
        return "\n".join([*lines, EMPTY]) + "\n"
    for item in clients(dossier):
        if only and item["key"] != only:
            continue
        view = client_view(catalog, dossier, item["key"])
        lines += [f"## {view.name}", "", summary(view, offset), "", "### Laatste niveau per vragenlijst", "",
                  "| Vragenlijst | Niveau | Datum | Ingevuld door |", "| --- | --- | --- | --- |"]
        lines += [f"| {m.result.questionnaire.title} | {_level(m.result)} | {_dates.dutch_date(m.date, offset)} "
                  f"| {m.by or '–'} |" for m in view.latest]
        lines += ["", "### Metingen in de tijd", ""]
        for s in view.series:
            themes = [t.title for t in s.measured[0].result.themes]
            lines += [f"#### {_series_title(s, view)}", "", "| Datum | Niveau | " + " | ".join(themes) + " |",
                      "|" + " --- |" * (len(themes) + 2)]
            for i in range(len(s.measured) - 1, -1, -1):
                m, before = s.measured[i], s.measured[i - 1] if i else None
                marks = [_marked(m.result.overall.level, before.result.overall.level if before else None)]
                marks += [_marked(t.assessment.level, before.result.themes[j].assessment.level if before else None)
                          for j, t in enumerate(m.result.themes)]
                lines.append(f"| {_dates.dutch_date(m.date, offset)} | " + " | ".join(marks) + " |")
            lines.append("")
            moves = s.moves()
            if not moves:
                lines += [ONE, ""]
            for a, b, found in moves:
                lines.append(f"- {move_head(a, b, found, offset)}")
                changed = move_statements(s.questionnaire, found) or [NONE_CHANGED]
                lines += [f"    - {text}" for text in move_themes(found) + changed]
            if moves:
                lines.append("")
        if view.team is not None:
            team = team_markdown(view.team, []).splitlines()
            lines += ["### Teamvergelijking", "", *(("##" + t if t.startswith("#") else t) for t in team[2:]), ""]
        if view.notes:
            lines += ["### Notities", "", view.notes, ""]
    return "\n".join(lines).rstrip() + "\n"


def _marked(level: int | None, before: int | None) -> str:
    sign = arrow(before, level)
    return ("–" if level is None else str(level)) + (f" {sign}" if sign else "")
