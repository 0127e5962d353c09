"""The result as an HTML fragment for the page, built with ``xml.etree`` so all text is escaped.

The browser inserts this fragment as it is; nothing read from a link or from storage reaches it
other than answers that ``normalize`` has already reduced to the answer scale, and the few print details
(site, organisation, who filled it in, when) that ``_print.context`` has reduced to short plain text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from . import _dates, _print
from ._chart import figures
from ._html import cell, el, html, table
from ._model import UNKNOWN
from ._movement import words
from ._render_history import Since, moved
from ._report import ANSWER_LABELS, answers_line, decimal, level_text, percent
from ._score import MIN_COVERAGE, Assessment, Fired, Result, ThemeResult

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from ._html import Href

    Downloads = dict[str, list[dict[str, str]]]

#: What a download is called after its title, by the end of its URL.
FILE_KINDS: Final = {".docx": "Word", ".xlsx": "Excel"}
#: Where a role questionnaire's own page lives; the page the questionnaire links to there is its role page.
ROLE_PAGES: Final = "rollen/"
HOLD_LEVEL_5: Final = ("Niveau 5 is het hoogste niveau. Houd het vast: meet elk halfjaar opnieuw en na elke grote "
                       "wijziging, zoals een nieuwe leverancier of een nieuw contract, en vergelijk met de eerdere "
                       "metingen.")


def result_html(result: Result, href: Href, date: str = "", detailed: bool = False,
                downloads: Downloads | None = None, *, site: Any = None, about: Any = None, changed: Any = "",
                offset: Any = 0, shared: Any = False, targets: Any = None, plan: Any = None,
                since: Since | None = None, benchmark: dict[str, Any] | None = None) -> str:
    """The result; ``detailed`` (the consultant's view) adds a heading, ids and opens every section.

    ``downloads`` maps a recommendation id to the templates it offers (``[{title, url}]``, from
    ``sjablonen/``); each gets a download link under the recommendation.

    For the printout: ``site`` is ``{"name", "url"}`` (the site's name and absolute address: links then print
    their full URL), ``about`` is ``{"organisation", "by"}`` as the reader typed them, ``changed`` the ISO
    moment the answers last changed (shown in Dutch in the reader's time, ``offset`` minutes ahead of UTC;
    without it ``date`` is shown), and ``shared`` says the viewer is not the one who answered (as in
    ``detailed``), so the wording speaks about "dit resultaat". Anything of the wrong type is left out.

    ``since`` (``_render_history.since``): the earlier measurement to compare with, shown as "Wat er veranderd is".
    ``benchmark``: this questionnaire's comparison with other organisations (``{}``: the site has none; None:
    the section is left out), see ``_render_comparison``.
    """
    downloads = downloads or {}
    printout = _print.context(site, about, changed, offset, date)
    viewer = shared is True or detailed
    q = result.questionnaire
    a = result.overall
    root = ET.Element("div", {"class": "zt-result"})
    if detailed:
        el(root, "h2", q.title, id=f"resultaat-{q.id}")
    _print.header(root, result, printout, viewer)

    head = el(root, "div", class_="zt-level" + (" zt-level--none" if a.level is None else ""))
    el(head, "p", level_text(result), class_="zt-level-title")
    el(head, "p", answers_line(result), class_="zt-level-meta")
    if a.level is not None:
        _ladder(head, result, viewer)
        el(head, "p", f"Kenmerkend voor niveau {a.level}: {q.level(a.level).description}",
           class_="zt-level-description")
        _not_yet(head, result, viewer)
        weakest = _weakest(result)
        if weakest is not None:
            wa = weakest.assessment
            el(head, "p", f"{'Zwakste' if viewer else 'Je zwakste'} thema: {weakest.title} (niveau {wa.level}, "
                           f"gemiddeld antwoord {decimal(wa.score)}).", class_="zt-level-weakest")
        _next_level(head, result, href, printout)
    else:
        el(head, "p", f"Voor een niveau is een antwoord van 1 tot 5 nodig op minstens {percent(MIN_COVERAGE)} van de "
                       "stellingen (naar gewicht); 'weet ik niet' telt daarbij niet mee."
                       + ("" if viewer else " Beantwoord meer stellingen."), class_="zt-level-description")
    if a.capped_by:
        _cap_note(head, result, a, "Het niveau" if viewer else "Je niveau", viewer)
    _unknown_note(root, result, viewer)
    if since is not None:
        moved(root, since, result, _dates.offset(offset) or 0, f"-{q.id}" if detailed else "")

    sfx = f"-{q.id}" if detailed else ""  # several results on one page need distinct ids
    el(root, "h2", "Volgende stappen", id=f"volgende-stappen{sfx}")
    if result.next_steps:
        steps = el(root, "ol", class_="zt-steps")
        for fired in result.next_steps:
            _recommendation(steps, fired, href, downloads, printout)
    else:
        el(root, "p", "Bij deze antwoorden zijn er geen aanbevelingen. Houd vast wat werkt.")

    el(root, "h2", "Niveau per thema", id=f"niveau-per-thema{sfx}")
    figures(root, [(t.title, t.assessment.level) for t in result.themes],
            [(t.title, t.assessment.level, None) for t in result.themes], f"Niveau per thema: {q.title}",
            f"radar-{q.id}", caption="De tabel hieronder geeft dezelfde niveaus.")
    _themetable(root, result)
    if benchmark is not None:
        from ._render_comparison import comparison

        comparison(root, result, benchmark, href, sfx, viewer)

    rest = result.recommendations[len(result.next_steps):]
    if rest:
        more = el(root, "details", class_="zt-more", **({"open": "open"} if detailed else {}))
        whose = "deze antwoorden" if viewer else "je antwoorden"
        el(more, "summary", f"Andere aanbevelingen die bij {whose} passen ({len(rest)})")
        el(more, "p", f"Ook deze aanbevelingen gelden bij {whose}, na de drie volgende stappen hierboven.")
        rec_list = el(more, "ol", class_="zt-steps", start=str(len(result.next_steps) + 1))
        for fired in rest:
            _recommendation(rec_list, fired, href, downloads, printout)

    from ._render_plan import goal_and_plan  # the target, the route and the plan (``targets``, ``plan``: any shape)

    goal_and_plan(root, result, targets, plan, editable=not viewer, sfx=sfx)
    _why(root, result, detailed, viewer)
    _answerstable(root, result, sfx)
    return html(root)


# --- the level: ladder, what is typical, the weakest theme and the next level ---------------------------


def _ladder(parent: ET.Element, result: Result, viewer: bool) -> None:
    """The five levels as a list, the result's own marked (``aria-current``) and named in the text too."""
    a = result.overall
    ladder = el(parent, "ol", class_="zt-ladder", aria_label="De vijf niveaus")
    for lv in result.questionnaire.levels:
        here = lv.number == a.level
        item = el(ladder, "li", class_="zt-ladder-step zt-ladder-current" if here else "zt-ladder-step",
                   **({"aria-current": "step"} if here else {}))
        el(item, "span", str(lv.number), class_="zt-ladder-number")
        el(item, "span", lv.name, class_="zt-ladder-name").tail = " "
        if here:
            el(item, "strong", "(dit resultaat)" if viewer else "(je niveau)", class_="zt-ladder-mark")
        elif a.capped_by and lv.number == a.uncapped_level:
            el(item, "span", "(zonder de begrenzing)", class_="zt-ladder-uncapped")
        item[0].tail = " "


#: "Bij jou nog niet" names at most this many statements, then how many more.
NOT_YET_SHOWN: Final = 3


def _not_yet(parent: ET.Element, result: Result, viewer: bool) -> None:
    """The statements answered below the level the result has (a 2 at level 3): what is typical for the level
    is not yet so there. The lowest answers first, then the heaviest, then in the questionnaire's order."""
    level = result.overall.level
    below = [s for s in result.questionnaire.statements
             if isinstance(result.answers.get(s.id), int) and result.answers[s.id] < level]
    if not below:
        return
    below.sort(key=lambda s: (result.answers[s.id], -s.weight))
    shown = [f"{s.text.rstrip('.')} ('{words(result.answers[s.id])}')" for s in below[:NOT_YET_SHOWN]]
    more = len(below) - len(shown)
    text = "; ".join(shown) + (f"; en {more} {'andere stelling' if more == 1 else 'andere stellingen'}" if more else "")
    el(parent, "p", f"{'Hier' if viewer else 'Bij jou'} nog niet: {text}.", class_="zt-level-notyet")


def _weakest(result: Result) -> ThemeResult | None:
    """The theme with the lowest level (then the lowest mean, then the first), when two or more have a level
    and they are not all alike."""
    rated = [t for t in result.themes if t.assessment.level is not None]
    if len({(t.assessment.level, t.assessment.score) for t in rated}) < 2:
        return None
    return min(rated, key=lambda t: (t.assessment.level, t.assessment.score))


def role_page(q) -> str | None:
    """The page about the role a role questionnaire measures: the ``rollen/`` page it links to most (statements'
    ``learn_more`` and recommendations' ``link``; the first on a tie), or None (a theme questionnaire)."""
    if not q.role:
        return None
    counts: dict[str, int] = {}
    for link in [s.learn_more for s in q.statements] + [r.link for r in q.recommendations]:
        page = link.partition("#")[0]
        if page.startswith(ROLE_PAGES) and page != f"{ROLE_PAGES}index.md":
            counts[page] = counts.get(page, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def _next_level(parent: ET.Element, result: Result, href: Href, printout: _print.Printout) -> None:
    """One line on what the next level takes (or how to hold level 5), with the role page when there is one."""
    q = result.questionnaire
    a = result.overall
    if a.level == 5:
        text = HOLD_LEVEL_5
    elif a.capped_by:
        text = (f"Naar niveau {a.level + 1}: breng eerst de basis op orde (zie hieronder). "
                "De andere antwoorden halen dat niveau al.")
    else:
        up = q.level(a.level + 1)
        text = f"Naar niveau {up.number}, {up.name}: {up.description}"
    line = el(parent, "p", text, class_="zt-level-next")
    page = role_page(q)
    if page:
        line.text += " "
        link = el(line, "a", "Zo zien de niveaus eruit voor deze rol", href=href(page))
        _print.link_address(line, link, printout)


def _cap_note(parent: ET.Element, result: Result, a: Assessment, subject: str, viewer: bool = False) -> None:
    q = result.questionnaire
    note = el(parent, "div", class_="zt-cap")
    el(note, "p", f"{subject} is begrensd tot niveau {a.level} (zonder begrenzing {a.uncapped_level}), "
                   f"omdat een basis nog ontbreekt:")
    items = el(note, "ul")
    for sid in a.capped_by:
        answer = result.answers.get(sid)
        el(items, "li", f"{q.statement(sid).text} ({'antwoord' if viewer else 'je antwoord'}: "
                         f"{ANSWER_LABELS[str(answer)].lower()})")


# --- recommendations and tables -------------------------------------------------------------------------


def _recommendation(parent: ET.Element, fired: Fired, href: Href, downloads: Downloads,
                    printout: _print.Printout | None = None) -> None:
    rec = fired.recommendation
    item = el(parent, "li", id=f"advies-{rec.id}")
    el(item, "strong", rec.title)
    if fired.lifts_cap:
        el(item, "span", "haalt de begrenzing weg", class_="zt-badge")
    el(item, "p", rec.text)
    link = el(item, "a", "Lees hoe je dit aanpakt", href=href(rec.link))
    el(link, "span", f": {rec.title}", class_="zt-sr-only")  # a distinct name for screen readers
    _print.link_address(item, link, printout)
    for template in downloads.get(rec.id, ()):
        url = template["url"]
        kind = next((k for end, k in FILE_KINDS.items() if url.endswith(end)), "bestand")
        el(el(item, "p", class_="zt-download"), "a", f"Download: {template['title']} ({kind})",
            href=href(url), download="")


def _themetable(parent: ET.Element, result: Result) -> None:
    el(parent, "p", f"Dekking: welk deel van de stellingen in het thema (naar gewicht) een antwoord van 1 tot 5 "
                     f"heeft. 'Weet ik niet' en open stellingen verlagen de dekking, 'niet van toepassing' telt niet "
                     f"mee. Onder {percent(MIN_COVERAGE)} krijgt een thema geen niveau.", class_="zt-table-note")
    body = table(parent, ("Thema", "Niveau", "Gemiddeld antwoord", "Dekking"),
                  "Niveau, gemiddeld antwoord en dekking per thema")
    for t in result.themes:
        ta = t.assessment
        row = el(body, "tr")
        el(row, "th", t.title, scope="row")
        cell(row, "Niveau", "te weinig antwoorden" if ta.level is None else f"{ta.level}")
        cell(row, "Gemiddeld antwoord", decimal(ta.score))
        cell(row, "Dekking", percent(ta.coverage))


def _why(root: ET.Element, result: Result, detailed: bool, viewer: bool) -> None:
    why = el(root, "details", class_="zt-why", **({"open": "open"} if detailed else {}))
    el(why, "summary", "Waarom deze score?")
    el(why, "p", f"Per thema de stellingen met {'het' if viewer else 'je'} antwoord. Gewicht: hoe zwaar een stelling "
                  "meetelt in het gemiddelde (een stelling met gewicht 3 telt drie keer). Basis: een voorwaarde "
                  "voor een hoger niveau. Het niveau komt hooguit één boven het laagste antwoord op een "
                  "basisstelling; 'weet ik niet' op een basisstelling houdt het op hooguit 2.", class_="zt-table-note")
    for t in result.themes:
        el(why, "h3", t.title)
        if t.assessment.capped_by:
            _cap_note(why, result, t.assessment, "Dit thema", viewer)
        body = table(why, ("Stelling", "Antwoord", "Gewicht", "Basis"))
        for s in t.statements:
            answer = result.answers.get(s.id)
            row = el(body, "tr")
            cell(row, "Stelling", f"{s.id}: {s.text}" if detailed else s.text)
            cell(row, "Antwoord", "nog niet beantwoord" if answer is None else ANSWER_LABELS[str(answer)])
            cell(row, "Gewicht", str(s.weight))
            cell(row, "Basis", "ja" if s.key else "nee")


def _answerstable(root: ET.Element, result: Result, sfx: str) -> None:
    """Every answer in one compact table, for the printout (class ``zt-print-answers``: shown only when chosen)."""
    box = el(root, "div", class_="zt-print-answers")
    el(box, "h2", "Alle antwoorden", id=f"alle-antwoorden{sfx}")
    body = table(box, ("Thema", "Stelling", "Antwoord"))
    for t in result.themes:
        for s in t.statements:
            answer = result.answers.get(s.id)
            row = el(body, "tr")
            cell(row, "Thema", t.title)
            cell(row, "Stelling", s.text)  # whole, without the id: a director reads statements, not codes
            if answer == UNKNOWN:
                el(cell(row, "Antwoord", None, class_="zt-answer-unknown"), "strong", "Weet ik niet (uitzoeken)")
            else:
                cell(row, "Antwoord", "nog niet beantwoord" if answer is None else ANSWER_LABELS[str(answer)])


def _unknown_note(root: ET.Element, result: Result, viewer: bool = False) -> None:
    """The statements answered "Weet ik niet": they count for nothing, so they are worth finding out."""
    unknown = [s for s in result.questionnaire.statements if result.answers.get(s.id) == UNKNOWN]
    if not unknown:
        return
    box = el(root, "div", class_="zt-unknown")
    many = len(unknown) != 1
    n = f"{len(unknown)} stelling{'en' if many else ''}"
    if viewer:
        title = (f"{n} {'zijn' if many else 'is'} beantwoord met 'weet ik niet': de moeite waard om uit te zoeken. "
                 "'Weet ik niet' telt niet mee in de score en verlaagt de dekking.")
    else:
        title = (f"{n} weet je niet: zoek {'ze' if many else 'het'} uit. 'Weet ik niet' telt niet mee in je score en "
                 "verlaagt de dekking; met een antwoord wordt je niveau preciezer.")
    el(box, "p", title, class_="zt-unknown-title")
    items = el(box, "ul")
    for s in unknown:
        el(el(items, "li"), "a", s.text, href=f"#{s.id}")  # the statement in words: its id means nothing to a reader
