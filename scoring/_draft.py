"""A Tuesday answer drafted from a result: a Markdown post for ``docs/vraag-en-antwoord/posts/`` that the build
accepts unchanged. The front matter the blog reads (the next Tuesday, a slot for the author, the category and tags
of the questionnaires), a slot for the question, the result summarised, the weakest statements cited as the site
cites them (``[[id]]`` on a line of its own: ``grip_build.citations``), and links to the recommended practices.
How a consultant writes an answer is on ``vraag-en-antwoord/antwoord-toevoegen.md``."""

from __future__ import annotations

from . import _dates
from ._errors import LinkError
from ._model import UNKNOWN
from ._report import answers_line
from ._score import score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

    from ._catalog import Catalog
    from ._dates import Clock
    from ._score import Result

#: The categories and tags of an answer per questionnaire (those of ``antwoord-toevoegen.md`` and of the tags
#: plugin's ``tags_allowed`` in mkdocs.yml); a questionnaire not named here gives none.
CATEGORIES: Final = {"demand-management": "Demand management", "regie": "Regie", "systeemdenken": "Systeemdenken",
                     "contract-en-prikkels": "Contract en prikkels", "proactiviteit": "Systeemdenken",
                     "exit-gereedheid": "Exit", "beleving-en-vertrouwen": "Beleving"}
TAGS: Final = {"demand-management": ("demand management",), "regie": ("regie",), "systeemdenken": ("systeemdenken",),
               "contract-en-prikkels": ("contract", "prikkels"), "proactiviteit": ("leverancier",),
               "exit-gereedheid": ("exit",), "beleving-en-vertrouwen": ("beleving",)}
#: The weakest statements cited per questionnaire.
CITED: Final = 3
#: Where a post is, seen from the site's root (its links go up two folders).
UP: Final = "../../"
AUTHOR_SLOT: Final = ("# authors: [jouw-id]  <- zet hier je id uit docs/vraag-en-antwoord/.authors.yml en haal het "
                      "hekje weg")


def weakest(result: Result) -> list[str]:
    """The statements that hold the result back most, at most ``CITED``: the basis statements that cap the level,
    then the lowest answers (2 or lower; the heaviest first), then a basis statement answered "weet ik niet"."""
    q = result.questionnaire
    order = {s.id: i for i, s in enumerate(q.statements)}
    capped = list(result.overall.capped_by)
    low = sorted((s for s in q.statements if isinstance(result.answers.get(s.id), int) and result.answers[s.id] <= 2),
                 key=lambda s: (result.answers[s.id], -s.weight, order[s.id]))
    unknown = [s for s in q.statements if s.key and result.answers.get(s.id) == UNKNOWN]
    return list(dict.fromkeys([*capped, *(s.id for s in low), *(s.id for s in unknown)]))[:CITED]


def draft(catalog: Catalog, shared: Mapping[str, tuple[Mapping[str, Any], str, Any]], clock: Clock,
          author: str = "", offset: int = 0) -> dict[str, str]:
    """The post as a file to download: ``{name, type, text}``. ``shared``: per questionnaire id its answers (on the
    current version), when they last changed ("" when unknown) and for whom (never written in the post)."""
    results = [score(q, shared[q.id][0]) for q in catalog.ordered() if q.id in shared]
    if not results:
        raise LinkError("Er is geen uitslag om een antwoord bij te schrijven.")
    day = _dates.next_tuesday(clock.day)
    ids = [r.questionnaire.id for r in results]
    slug = f"concept-{ids[0]}-{day}"
    category = next((CATEGORIES[qid] for qid in ids if qid in CATEGORIES), "")
    tags = list(dict.fromkeys(tag for qid in ids for tag in TAGS.get(qid, ())))
    head = ["---", f"date: {day}", f"slug: {slug}", f"authors: [{author}]" if author else AUTHOR_SLOT]
    head += [f"categories: [{category}]"] if category else []
    head += [f"tags: [{', '.join(tags)}]"] if tags else []
    lines = [*head, "---", "", "# Zet hier de vraag van de lezer, kort en in gewone taal", "",
             '!!! warning "Concept"',
             "    Dit concept is gemaakt uit de gedeelde uitslag van een lezer. Vul de vraag en je antwoord in, zet je "
             "id bij de auteurs en haal dit blok weg voordat je het antwoord indient.", "",
             '> *"Vat hier de vraag van de lezer samen, in je eigen woorden en zonder naam of organisatie."* — '
             "functie en soort organisatie van de lezer", "", "<!-- more -->", "",
             "Dank je voor je vraag en voor de deellink. Hieronder staat wat ik in je uitslag lees.", "",
             "## Je uitslag", ""]
    dates = sorted({changed for _, changed, _ in shared.values() if _dates.moment(changed) is not None},
                   key=_dates.order)
    if dates:
        lines += [f"Je vulde de zelftest{'s' if len(results) > 1 else ''} in op "
                  f"{_dates.dutch_date(dates[-1], offset)}.", ""]
    for r in results:
        lines += _summary(r)
    lines += ["## Waar het knelt", ""]
    cited = [(r, weakest(r)) for r in results]
    if not any(ids_ for _, ids_ in cited):
        lines += ["Geen enkele stelling kreeg een 1 of een 2, en geen basisstelling houdt je niveau tegen.", ""]
    for r, ids_ in cited:
        if ids_:
            lines += [f"Bij {r.questionnaire.title} houden deze stellingen je het meest tegen:", ""]
            for sid in ids_:
                lines += [f"[[{sid}]]", ""]
    lines += ["## Waar je kunt beginnen", ""]
    steps = [(r, f) for r in results for f in r.next_steps]
    if not steps:
        lines += ["De zelftest geeft bij deze antwoorden geen aanbevelingen.", ""]
    for r, fired in steps:
        rec = fired.recommendation
        lifts = " Dit haalt de begrenzing van je niveau weg." if fired.lifts_cap else ""
        where = f", bij {r.questionnaire.title}" if len(results) > 1 else ""
        lines.append(f"- [{rec.title}]({UP}{rec.link}){where}.{lifts}")
    titles = " en ".join(r.questionnaire.title for r in results)
    lines += ["", f"*Bron: de rekenregels van de zelftest {titles} op deze site (niveaus, basisstellingen en "
                  "aanbevelingen).*"]
    return {"name": f"{slug}.md", "type": "text/markdown;charset=utf-8", "text": "\n".join(lines) + "\n"}


def _summary(r: Result) -> list[str]:
    """A questionnaire's result in a few lines: the level, the answers, each theme's level, and the cap."""
    a = r.overall
    level = ("Te weinig antwoorden voor een niveau." if a.level is None
             else f"Niveau {a.level} van 5: {r.questionnaire.level(a.level).name}.")
    lines = [f"### {r.questionnaire.title}", "", f"{level} {answers_line(r)}.", ""]
    for t in r.themes:
        lines.append(f"- **{t.title}**: " + ("geen niveau (te weinig antwoorden)" if t.assessment.level is None
                                               else f"niveau {t.assessment.level}"))
    lines.append("")
    if a.capped_by:
        lines += [f"Je gemiddelde antwoord is goed voor niveau {a.uncapped_level}, maar een basisstelling begrenst "
                  f"het tot {a.level}.", ""]
    return lines
