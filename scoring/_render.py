"""The result as an HTML fragment for the page, built with ``xml.etree`` so all text is escaped.

The browser inserts this fragment as it is; nothing read from a link or from storage reaches it
other than answers that ``normalize`` has already reduced to the answer scale, and the few print details
(site, organisation, who filled it in, when) that ``_print_context`` has reduced to short plain text.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET

from ._chart import radar
from ._model import UNKNOWN
from ._report import ANSWER_LABELS, answers_line, decimal, level_text, percent
from ._score import MIN_COVERAGE, Assessment, Fired, Result, ThemeResult

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Href = Callable[[str], str]
    Downloads = dict[str, list[dict[str, str]]]

#: What a download is called after its title, by the end of its URL.
FILE_KINDS = {".docx": "Word", ".xlsx": "Excel"}
#: The longest text a reader may put on the printout (organisation, who filled it in) or a page may send.
MAX_TEXT = 120
#: A statement in the printed table of all answers is cut to about this many characters.
SHORT_STATEMENT = 90
#: Where a role questionnaire's own page lives; the page the questionnaire links to there is its role page.
ROLE_PAGES = "rollen/"
HOLD_LEVEL_5 = ("Niveau 5 is het hoogste niveau. Houd het vast: meet elk halfjaar opnieuw en na elke grote wijziging, "
                "zoals een nieuwe leverancier of een nieuw contract, en vergelijk met de eerdere metingen.")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_URL = re.compile(r"https?://[^\s<>\"']+")
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d)(?:\.\d{1,9})?)?(?:Z|[+-]00:00)?)?")


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def result_html(result: Result, href: Href, date: str = "", detailed: bool = False,
                downloads: Downloads | None = None, *, site: Any = None, about: Any = None, changed: Any = "",
                offset: Any = 0, shared: Any = False, targets: Any = None, plan: Any = None) -> str:
    """The result; ``detailed`` (the consultant's view) adds a heading, ids and opens every section.

    ``downloads`` maps a recommendation id to the templates it offers (``[{title, url}]``, from
    ``sjablonen/``); each gets a download link under the recommendation.

    For the printout: ``site`` is ``{"name", "url"}`` (the site's name and absolute address: links then print
    their full URL), ``about`` is ``{"organisation", "by"}`` as the reader typed them, ``changed`` the ISO
    moment the answers last changed (shown in Dutch in the reader's time, ``offset`` minutes ahead of UTC;
    without it ``date`` is shown), and ``shared`` says the viewer is not the one who answered (as in
    ``detailed``), so the wording speaks about "dit resultaat". Anything of the wrong type is left out.
    """
    downloads = downloads or {}
    ctx = _print_context(site, about, changed, offset, date)
    viewer = shared is True or detailed
    q = result.questionnaire
    a = result.overall
    root = ET.Element("div", {"class": "zt-result"})
    if detailed:
        _el(root, "h2", q.title, id=f"resultaat-{q.id}")
    _print_header(root, result, ctx, viewer)

    head = _el(root, "div", class_="zt-level" + (" zt-level--none" if a.level is None else ""))
    _el(head, "p", level_text(result), class_="zt-level-title")
    _el(head, "p", answers_line(result), class_="zt-level-meta")
    if a.level is not None:
        _ladder(head, result, viewer)
        _el(head, "p", f"Typisch voor niveau {a.level}: {q.level(a.level).description}", class_="zt-level-description")
        weakest = _weakest(result)
        if weakest is not None:
            wa = weakest.assessment
            _el(head, "p", f"{'Zwakste' if viewer else 'Je zwakste'} thema: {weakest.title} (niveau {wa.level}, "
                           f"gemiddeld antwoord {decimal(wa.score)}).", class_="zt-level-weakest")
        _next_level(head, result, href, ctx)
    else:
        _el(head, "p", f"Voor een niveau is een antwoord van 1 tot 5 nodig op minstens {percent(MIN_COVERAGE)} van de "
                       "stellingen (naar gewicht); 'weet ik niet' telt daarbij niet mee."
                       + ("" if viewer else " Beantwoord meer stellingen."), class_="zt-level-description")
    if a.capped_by:
        _cap_note(head, result, a, "Het niveau" if viewer else "Je niveau", viewer)
    _unknown_note(root, result, viewer)

    sfx = f"-{q.id}" if detailed else ""  # several results on one page need distinct ids
    _el(root, "h2", "Volgende stappen", id=f"volgende-stappen{sfx}")
    if result.next_steps:
        steps = _el(root, "ol", class_="zt-steps")
        for fired in result.next_steps:
            _recommendation(steps, fired, href, downloads, ctx)
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
        whose = "deze antwoorden" if viewer else "je antwoorden"
        _el(more, "summary", f"Andere aanbevelingen die bij {whose} passen ({len(rest)})")
        _el(more, "p", f"Ook deze aanbevelingen gelden bij {whose}, na de drie volgende stappen hierboven.")
        rec_list = _el(more, "ol", class_="zt-steps", start=str(len(result.next_steps) + 1))
        for fired in rest:
            _recommendation(rec_list, fired, href, downloads, ctx)

    from ._render_plan import goal_and_plan  # the target, the route and the plan (``targets``, ``plan``: any shape)

    goal_and_plan(root, result, targets, plan, editable=not viewer, sfx=sfx)
    _why(root, result, detailed, viewer)
    _answers_table(root, result, sfx)
    return ET.tostring(root, encoding="unicode", method="html")


# --- what the reader may add for the printout, never trusted --------------------------------------------


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    """Short plain text from outside: text only, no control characters, spaces collapsed, at most ``limit``."""
    if not isinstance(value, str):
        return ""
    return " ".join(_CONTROL.sub(" ", value[: limit * 4]).split())[:limit].strip()


def _field(mapping: Any, name: str, limit: int = MAX_TEXT) -> str:
    return _text(mapping.get(name), limit) if isinstance(mapping, dict) else ""


def _moment(changed: Any, offset: Any) -> str:
    """``changed`` (an ISO moment) in Dutch in the reader's time, or "" when it is no real moment."""
    if not isinstance(changed, str) or len(changed) > 40:
        return ""
    m = _ISO.fullmatch(changed.strip())
    if not m:
        return ""
    year, month, day = int(m[1]), int(m[2]), int(m[3])
    hour, minute, second = (int(v) if v else 0 for v in (m[4], m[5], m[6]))
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not (1970 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= _DAYS[month - 1] + (month == 2 and leap)
            and hour < 24 and minute < 60 and second < 60):
        return ""
    if isinstance(offset, bool) or not isinstance(offset, int) or not -1440 <= offset <= 1440:
        offset = 0
    try:
        shown = dutch_moment(changed.strip(), offset)
    except (ValueError, OverflowError, OSError, IndexError):
        return ""
    return "" if shown == changed.strip() else shown  # never an ISO moment on the page


def _print_context(site: Any, about: Any, changed: Any, offset: Any, date: Any) -> dict[str, str]:
    url = _field(site, "url", 300)
    return {
        "site": _field(site, "name"),
        "url": url if _URL.fullmatch(url) else "",
        "organisation": _field(about, "organisation"),
        "by": _field(about, "by"),
        "changed": _moment(changed, offset),
        "date": _text(date, 60),
    }


def _absolute(ctx: dict[str, str], link: str) -> str:
    """The full address of a link ``href`` made, for the printout: the site's URL and the path from its root
    (a page's links start with the way up to the root, "../../"); "" without a site URL or for an in-page link."""
    if not ctx["url"] or not link or link.startswith("#"):
        return ""
    if _URL.match(link):
        return link
    path = link
    while path.startswith(("./", "../", "/")):
        path = path[1:] if path.startswith("/") else path.partition("/")[2]
    return ctx["url"].rstrip("/") + "/" + path


def _print_url(parent: ET.Element, link: ET.Element, ctx: dict[str, str]) -> None:
    """After ``link``, its full address, shown only on paper (class ``zt-print-url``)."""
    url = _absolute(ctx, link.get("href", ""))
    if url:
        link.tail = " "
        span = ET.Element("span", {"class": "zt-print-url"})
        span.text = url
        parent.insert(list(parent).index(link) + 1, span)


def _print_header(root: ET.Element, result: Result, ctx: dict[str, str], viewer: bool) -> None:
    """Who, what and when, at the top of the printout (hidden on screen)."""
    meta = _el(root, "div", class_="zt-print-meta")
    if ctx["site"] or ctx["url"]:
        _el(meta, "p", " · ".join(v for v in (ctx["site"], ctx["url"]) if v), class_="zt-print-site")
    if ctx["changed"]:
        when = f"Antwoorden laatst gewijzigd op {ctx['changed']}"
    elif ctx["date"]:
        when = f"Datum van invullen onbekend; bekeken op {ctx['date']}" if viewer else f"Resultaat van {ctx['date']}"
    else:
        when = ""
    _el(meta, "p", " · ".join(v for v in (f"Vragenlijst: {result.questionnaire.title}", when) if v))
    labels = (("Organisatie / contract", "organisation"), ("Ingevuld door", "by"))
    who = [f"{label}: {ctx[key]}" for label, key in labels if ctx[key]]
    if who:
        _el(meta, "p", " · ".join(who))


# --- the level: ladder, what is typical, the weakest theme and the next level ---------------------------


def _ladder(parent: ET.Element, result: Result, viewer: bool) -> None:
    """The five levels as a list, the result's own marked (``aria-current``) and named in the text too."""
    a = result.overall
    ladder = _el(parent, "ol", class_="zt-ladder", aria_label="De vijf niveaus")
    for lv in result.questionnaire.levels:
        here = lv.number == a.level
        item = _el(ladder, "li", class_="zt-ladder-step zt-ladder-current" if here else "zt-ladder-step",
                   **({"aria-current": "step"} if here else {}))
        _el(item, "span", str(lv.number), class_="zt-ladder-number")
        _el(item, "span", lv.name, class_="zt-ladder-name").tail = " "
        if here:
            _el(item, "strong", "(dit resultaat)" if viewer else "(je niveau)", class_="zt-ladder-mark")
        elif a.capped_by and lv.number == a.uncapped_level:
            _el(item, "span", "(zonder de begrenzing)", class_="zt-ladder-uncapped")
        item[0].tail = " "


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


def _next_level(parent: ET.Element, result: Result, href: Href, ctx: dict[str, str]) -> None:
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
    line = _el(parent, "p", text, class_="zt-level-next")
    page = role_page(q)
    if page:
        line.text += " "
        link = _el(line, "a", "Zo zien de niveaus eruit voor deze rol", href=href(page))
        _print_url(line, link, ctx)


def _cap_note(parent: ET.Element, result: Result, a: Assessment, subject: str, viewer: bool = False) -> None:
    q = result.questionnaire
    note = _el(parent, "div", class_="zt-cap")
    _el(note, "p", f"{subject} is begrensd tot niveau {a.level} (zonder begrenzing {a.uncapped_level}), "
                   f"omdat een basis nog ontbreekt:")
    items = _el(note, "ul")
    for sid in a.capped_by:
        answer = result.answers.get(sid)
        _el(items, "li", f"{q.statement(sid).text} ({'antwoord' if viewer else 'je antwoord'}: "
                         f"{ANSWER_LABELS[str(answer)].lower()})")


# --- recommendations and tables -------------------------------------------------------------------------


def _recommendation(parent: ET.Element, fired: Fired, href: Href, downloads: Downloads,
                    ctx: dict[str, str] | None = None) -> None:
    rec = fired.recommendation
    item = _el(parent, "li", id=f"advies-{rec.id}")
    _el(item, "strong", rec.title)
    if fired.lifts_cap:
        _el(item, "span", "haalt de begrenzing weg", class_="zt-badge")
    _el(item, "p", rec.text)
    link = _el(item, "a", "Lees hoe je dit aanpakt", href=href(rec.link))
    _el(link, "span", f": {rec.title}", class_="zt-sr-only")  # a distinct name for screen readers
    if ctx:
        _print_url(item, link, ctx)
    for template in downloads.get(rec.id, ()):
        url = template["url"]
        kind = next((k for end, k in FILE_KINDS.items() if url.endswith(end)), "bestand")
        _el(_el(item, "p", class_="zt-download"), "a", f"Download: {template['title']} ({kind})",
            href=href(url), download="")


def _table(parent: ET.Element, headers: tuple[str, ...], caption: str | None = None) -> ET.Element:
    """A table with a header row; returns its body. Each cell gets its column's header as ``data-label``."""
    table = _el(parent, "table")
    if caption:
        _el(table, "caption", caption)
    row = _el(_el(table, "thead"), "tr")
    for label in headers:
        _el(row, "th", label, scope="col")
    return _el(table, "tbody")


def _cell(row: ET.Element, label: str, text: str, **attrs: str) -> ET.Element:
    return _el(row, "td", text, data_label=label, **attrs)


def _theme_table(parent: ET.Element, result: Result) -> None:
    _el(parent, "p", f"Dekking: welk deel van de stellingen in het thema (naar gewicht) een antwoord van 1 tot 5 "
                     f"heeft. 'Weet ik niet' en open stellingen verlagen de dekking, 'niet van toepassing' telt niet "
                     f"mee. Onder {percent(MIN_COVERAGE)} krijgt een thema geen niveau.", class_="zt-table-note")
    body = _table(parent, ("Thema", "Niveau", "Gemiddeld antwoord", "Dekking"),
                  "Niveau, gemiddeld antwoord en dekking per thema")
    for t in result.themes:
        ta = t.assessment
        row = _el(body, "tr")
        _el(row, "th", t.title, scope="row")
        _cell(row, "Niveau", "te weinig antwoorden" if ta.level is None else f"{ta.level}")
        _cell(row, "Gemiddeld antwoord", decimal(ta.score))
        _cell(row, "Dekking", percent(ta.coverage))


def _why(root: ET.Element, result: Result, detailed: bool, viewer: bool) -> None:
    why = _el(root, "details", class_="zt-why", **({"open": "open"} if detailed else {}))
    _el(why, "summary", "Waarom deze score?")
    _el(why, "p", f"Per thema de stellingen met {'het' if viewer else 'je'} antwoord. Gewicht: hoe zwaar een stelling "
                  "meetelt in het gemiddelde (een stelling met gewicht 3 telt drie keer). Basis: een voorwaarde "
                  "voor een hoger niveau. Het niveau komt hooguit één boven het laagste antwoord op een "
                  "basisstelling; 'weet ik niet' op een basisstelling houdt het op hooguit 2.", class_="zt-table-note")
    for t in result.themes:
        _el(why, "h3", t.title)
        if t.assessment.capped_by:
            _cap_note(why, result, t.assessment, "Dit thema", viewer)
        body = _table(why, ("Stelling", "Antwoord", "Gewicht", "Basis"))
        for s in t.statements:
            answer = result.answers.get(s.id)
            row = _el(body, "tr")
            _cell(row, "Stelling", f"{s.id}: {s.text}" if detailed else s.text)
            _cell(row, "Antwoord", "nog niet beantwoord" if answer is None else ANSWER_LABELS[str(answer)])
            _cell(row, "Gewicht", str(s.weight))
            _cell(row, "Basis", "ja" if s.key else "nee")


def _short(text: str, limit: int = SHORT_STATEMENT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _answers_table(root: ET.Element, result: Result, sfx: str) -> None:
    """Every answer in one compact table, for the printout (class ``zt-print-answers``: shown only when chosen)."""
    box = _el(root, "div", class_="zt-print-answers")
    _el(box, "h2", "Alle antwoorden", id=f"alle-antwoorden{sfx}")
    body = _table(box, ("Thema", "Stelling", "Antwoord"))
    for t in result.themes:
        for s in t.statements:
            answer = result.answers.get(s.id)
            row = _el(body, "tr")
            _cell(row, "Thema", t.title)
            _cell(row, "Stelling", f"{s.id}: {_short(s.text)}")
            if answer == UNKNOWN:
                _el(_cell(row, "Antwoord", None, class_="zt-answer-unknown"), "strong", "Weet ik niet (uitzoeken)")
            else:
                _cell(row, "Antwoord", "nog niet beantwoord" if answer is None else ANSWER_LABELS[str(answer)])


def _unknown_note(root: ET.Element, result: Result, viewer: bool = False) -> None:
    """The statements answered "Weet ik niet": they count for nothing, so they are worth finding out."""
    unknown = [s for s in result.questionnaire.statements if result.answers.get(s.id) == UNKNOWN]
    if not unknown:
        return
    box = _el(root, "div", class_="zt-unknown")
    many = len(unknown) != 1
    n = f"{len(unknown)} stelling{'en' if many else ''}"
    if viewer:
        title = (f"{n} {'zijn' if many else 'is'} beantwoord met 'weet ik niet': de moeite waard om uit te zoeken. "
                 "'Weet ik niet' telt niet mee in de score en verlaagt de dekking.")
    else:
        title = (f"{n} weet je niet: zoek {'ze' if many else 'het'} uit. 'Weet ik niet' telt niet mee in je score en "
                 "verlaagt de dekking; met een antwoord wordt je niveau preciezer.")
    _el(box, "p", title, class_="zt-unknown-title")
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
