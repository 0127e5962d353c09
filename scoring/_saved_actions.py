"""What a reader does to their saved answers of one questionnaire (the op ``entry``): keep them as a measurement,
clear them, take over a shared result, or take the answers of an export file. Each gives the next entry and what
to tell the reader; the page then stores that entry with the op ``save`` (``_merge``)."""

from __future__ import annotations

from dataclasses import dataclass

from ._answers import normalize
from ._errors import LinkError
from ._plan import items_word
from ._plan import union as plan_union
from ._saved import carry_over, distinct, read_entry, skipped_notice, union

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from ._catalog import Catalog
    from ._dates import Clock
    from ._model import Questionnaire

#: What the page may ask of ``next_entry``.
ACTIONS: Final = ("measure", "reset", "adopt", "import")


@dataclass(frozen=True)
class Step:
    """What ``next_entry`` gives: the entry to store and what to tell the reader."""

    entry: dict[str, Any]
    notice: str


def next_entry(catalog: Catalog, q: Questionnaire, action: object, stored: object, clock: Clock, *,
               shared: object = None, imported: object = None) -> Step:
    """The entry after ``action`` on ``stored`` (pass the entry as it is stored now):

    - ``measure`` keeps the answers as a measurement (answers of an older version are then carried over);
    - ``reset`` measures them and clears them;
    - ``adopt`` measures them and takes the ``shared`` answers (of the current version);
    - ``import`` measures them, takes the ``imported`` answers (a questionnaire of the op ``import``), adds its
      history and joins its targets (per scope) and plan (per item) to the reader's.

    A measurement is dated now (``clock``); the notice names the reader's day."""
    if action not in ACTIONS:
        raise LinkError("Deze handeling met je antwoorden kent de rekenmodule niet.")
    date = clock.iso
    entry = read_entry(catalog, q, stored)
    notes: list[str] = []
    if action == "measure":
        measured = entry.measure(date)
        notes.append(f"Je resultaat van {clock.today} is bewaard als meting." if measured
                     else "Er zijn nog geen antwoorden om als meting te bewaren.")
        migrated = carry_over(catalog, q, entry, "")  # measured just now, with the answers of its version
        notes.append(skipped_notice(entry.skipped))
        if migrated:
            notes.append(migrated.notice(q.version))
        return Step(entry.to_dict(), " ".join(n for n in notes if n))
    if action == "adopt":
        if not isinstance(shared, dict):
            raise LinkError("De gedeelde antwoorden zijn onleesbaar.")
        taken = normalize(q, shared)
        measured = entry.measure(date)
        entry.answers = taken
        notes.append("De gedeelde antwoorden zijn nu jouw antwoorden.")
        if measured:
            notes.append("Je eigen antwoorden staan bij de eerdere metingen.")
    elif action == "import":
        notes += _take_file(catalog, q, entry, imported, date)
    else:
        measured = entry.measure(date)
        entry.answers = {}
        notes.append("Je antwoorden zijn gewist. Wat je had ingevuld, staat bij de eerdere metingen." if measured
                     else "Er waren nog geen antwoorden om te wissen.")
    entry.version = q.version
    entry.changed = {sid: t for sid, t in entry.changed.items() if any(s.id == sid for s in q.statements)}
    notes.append(skipped_notice(entry.skipped))
    return Step(entry.to_dict(), " ".join(n for n in notes if n))


def _take_file(catalog: Catalog, q: Questionnaire, entry: Any, imported: object, date: str) -> list[str]:
    """``import``: the file's answers, history, organisation, targets and plan into ``entry``; the notes."""
    if imported is None:
        raise LinkError("Er zijn geen geïmporteerde antwoorden meegegeven.")
    other = read_entry(catalog, q, imported)
    migrated = carry_over(catalog, q, other, date)
    measured = entry.measure(date)
    before = len(entry.history)
    entry.history = union(entry.history, other.history)
    entry.unreadable = distinct(entry.unreadable + other.unreadable)
    entry.skipped += other.skipped
    entry.answers = other.answers
    notes = [f"De antwoorden uit het bestand zijn nu jouw antwoorden voor '{q.title}'."]
    if measured:
        notes.append("Je vorige antwoorden staan bij de eerdere metingen.")
    added = len(entry.history) - before
    if added:
        notes.append(f"{added} eerdere meting{'en' if added != 1 else ''} uit het bestand toegevoegd.")
    if isinstance(other.extra.get("notice"), str):  # what the op import said about this questionnaire
        notes.append(other.extra["notice"])
    elif migrated:
        notes.append(migrated.notice(q.version))
    if other.about:  # "Organisatie / contract" and "Ingevuld door" of the file
        entry.about = other.about
    entry.targets = {**entry.targets, **other.targets}  # the file's targets win per scope
    if other.plan:  # the file's plan items join the reader's (by id; the file's item wins)
        entry.plan = plan_union(entry.plan, other.plan)
        notes.append(f"Het verbeterplan uit het bestand ({items_word(len(other.plan))}) staat in je plan.")
    return notes
