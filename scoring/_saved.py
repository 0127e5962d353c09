"""The reader's saved answers: one stored entry per questionnaire, and every rule that changes one.

A stored entry is ``{"version": int, "answers": {statement id: answer}, "history": [measurement, ...]}``,
a measurement ``{"date": ISO string, "version": int, "answers": {...}}``. Other keys (the page's
``"saved"`` and ``"changed"``, the reader's ``"targets"`` and ``"plan"``: see ``_plan``) pass through untouched;
an import also takes the file's targets and plan. The page only moves entries: it asks for the next
one (``next_entry``), or for one entry made of two copies (``merge``), and stores what it gets.

No answer is ever lost. Answers are measured before anything replaces them, and so are answers of an older
version before they are carried onto the current one (which drops what it no longer asks); the history is
a set (no measurement dropped, none twice); a measurement this site cannot read (a version published after this
page was loaded, a damaged date) is reported once, left out of the history and kept aside in
``"unreadable"``, where every later call tries it again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import _dates
from ._catalog import Catalog
from ._errors import LinkError
from ._answers import normalize
from ._model import Questionnaire
from ._text import NAME_MAX, line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any, Final

#: What the page may ask of ``next_entry``.
ACTIONS: Final = ("measure", "reset", "adopt", "import")
_OWN: Final = ("version", "answers", "history", "unreadable")


class _Unreadable(Exception):
    """A measurement that cannot be read; the message says why, to go between parentheses."""


@dataclass
class Entry:
    """A stored entry, checked: its answers belong to ``version`` and are on the scale."""

    version: int
    answers: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[Any] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    #: Why the measurements now in ``unreadable`` could not be read (only those found this time).
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out = {**self.extra, "version": self.version, "answers": self.answers, "history": union(self.history)}
        if self.unreadable:
            out["unreadable"] = self.unreadable
        return out

    def measure(self, date: str) -> bool:
        """Keep the answers as a measurement; say whether there were any."""
        if self.answers:  # the targets of that moment go with it (issue 16)
            targets = {"targets": self.extra["targets"]} if isinstance(self.extra.get("targets"), dict) and self.extra["targets"] else {}
            self.history = union(self.history, [{"date": date, "version": self.version, "answers": self.answers, **targets}])
        return bool(self.answers)


@dataclass(frozen=True)
class Step:
    """What ``next_entry`` gives: the entry to store and what to tell the reader."""

    entry: dict[str, Any]
    notice: str


def clean(catalog: Catalog, q: Questionnaire, version: int, answers: object) -> dict[str, Any]:
    """Answers given for ``version`` of ``q``, checked against that version's statements and the scale."""
    ids = catalog.statement_ids(q, version)  # refuses a version this site does not know
    if answers is None:
        return {}
    return normalize(q, answers, ids)


def current_answers(catalog: Catalog, q: Questionnaire, raw: object) -> dict[str, Any]:
    """The answers of a stored entry, checked and mapped onto the current version (``LinkError`` when they
    cannot be read)."""
    entry = read_entry(catalog, q, raw)
    return entry.answers if entry.version == q.version else catalog.migrate(q, entry.version, entry.answers).answers


def read_entry(catalog: Catalog, q: Questionnaire, raw: object) -> Entry:
    """A stored entry (or an exported or imported one), checked field by field; ``None`` is an empty one."""
    if raw is None:
        return Entry(q.version, {})
    if not isinstance(raw, dict):
        raise LinkError(f"De bewaarde antwoorden voor '{q.title}' zijn onleesbaar.")
    version = raw.get("version", q.version)
    if isinstance(version, bool) or not isinstance(version, int):
        raise LinkError(f"De versie van de antwoorden voor '{q.title}' is onleesbaar.")
    answers = clean(catalog, q, version, raw.get("answers"))
    history, unreadable, skipped = measurements(catalog, q, raw.get("history"))
    retried, still, _ = measurements(catalog, q, raw.get("unreadable"))  # reported when first set aside
    extra = {key: value for key, value in raw.items() if key not in _OWN}
    return Entry(version, answers, union(history, retried), distinct(unreadable + still), extra, skipped)


def measurements(catalog: Catalog, q: Questionnaire, items: object) -> tuple[list, list, list[str]]:
    """The readable measurements (answers checked), the others as they were, and why each could not be read."""
    if items is None:
        items = []
    good, bad, why = [], [], []
    for item in items if isinstance(items, list) else [items]:
        try:
            good.append(_measurement(catalog, q, item))
        except _Unreadable as reason:
            bad.append(item)
            why.append(str(reason))
    return good, bad, why


def _measurement(catalog: Catalog, q: Questionnaire, item: object) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise _Unreadable("onleesbaar")
    date, version = item.get("date"), item.get("version")
    if date is None or date == "":
        raise _Unreadable("datum ontbreekt")
    if _dates.order(date) is None:
        raise _Unreadable("datum onleesbaar")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _Unreadable("versie ontbreekt" if version is None else "versie onleesbaar")
    try:
        catalog.statement_ids(q, version)
    except LinkError:
        raise _Unreadable(f"versie {version} bestaat niet") from None
    try:
        answers = clean(catalog, q, version, item["answers"])
    except (KeyError, LinkError):
        raise _Unreadable("antwoorden onleesbaar") from None
    return {**item, "date": date, "version": version, "answers": answers}


def skipped_notice(why: list[str]) -> str:
    """``1 eerdere meting kon niet worden gelezen (versie 9 bestaat niet) en is overgeslagen.``"""
    if not why:
        return ""
    reasons = "; ".join(dict.fromkeys(why))
    if len(why) == 1:
        return f"1 eerdere meting kon niet worden gelezen ({reasons}) en is overgeslagen."
    return f"{len(why)} eerdere metingen konden niet worden gelezen ({reasons}) en zijn overgeslagen."


def identity(m: dict[str, Any]) -> str:
    """What makes two readable measurements one: the same moment (or day), version and answers."""
    return json.dumps([_dates.order(m["date"]), m["version"], m["answers"]], sort_keys=True)


def union(*histories: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Measurements as a set (see ``identity``), oldest first."""
    kept: dict[str, dict[str, Any]] = {}
    for history in histories:
        for m in history:
            kept.setdefault(identity(m), m)
    return sorted(kept.values(), key=lambda m: (_dates.order(m["date"]), identity(m)))


def distinct(items: list[Any]) -> list[Any]:
    return list({json.dumps(item, sort_keys=True): item for item in items}.values())


def about(raw: object) -> dict[str, Any]:
    """The reader's "Organisatie / contract" and "Ingevuld door" (and whether a share link may carry them),
    cleaned: one line of at most 120 characters each; anything else is dropped."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Any] = {k: line(raw[k], NAME_MAX) for k in ("organisation", "by") if isinstance(raw.get(k), str)}
    if isinstance(raw.get("share"), bool):
        out["share"] = raw["share"]
    return out if any(out.get(k) for k in ("organisation", "by")) else {}


def next_entry(catalog: Catalog, q: Questionnaire, action: object, stored: object, clock: _dates.Clock, *,
               shared: object = None, imported: object = None) -> Step:
    """The entry after ``action``: ``measure`` keeps the answers as a measurement; ``reset`` measures and
    clears them; ``adopt`` measures them and takes the ``shared`` answers (of the current version);
    ``import`` measures them, takes the ``imported`` answers and adds the imported history. A measurement is
    dated ``clock`` (now), and the notice names the reader's day."""
    if action not in ACTIONS:
        raise LinkError("Deze handeling met je antwoorden kent de rekenmodule niet.")
    date = clock.iso
    entry = read_entry(catalog, q, stored)
    notes: list[str] = []
    migrated = None
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
        if imported is None:
            raise LinkError("Er zijn geen geïmporteerde antwoorden meegegeven.")
        other = read_entry(catalog, q, imported)
        if other.version != q.version:
            migrated = catalog.migrate(q, other.version, other.answers)
        measured = entry.measure(date)
        before = len(entry.history)
        entry.history = union(entry.history, other.history)
        entry.unreadable = distinct(entry.unreadable + other.unreadable)
        entry.skipped += other.skipped
        entry.answers = migrated.answers if migrated else other.answers
        notes.append(f"De antwoorden uit het bestand zijn nu jouw antwoorden voor '{q.title}'.")
        if measured:
            notes.append("Je vorige antwoorden staan bij de eerdere metingen.")
        added = len(entry.history) - before
        if added:
            notes.append(f"{added} eerdere meting{'en' if added != 1 else ''} uit het bestand toegevoegd.")
        if isinstance(other.extra.get("notice"), str):
            notes.append(other.extra["notice"])
        if about(other.extra.get("about")):  # "Organisatie / contract" and "Ingevuld door" of the file
            entry.extra["about"] = about(other.extra["about"])
        if "targets" in other.extra or "plan" in other.extra:  # the file's targets and plan join the reader's
            from ._plan import take_imported

            notes.append(take_imported(q, entry.extra, other.extra))
    elif action == "reset":
        measured = entry.measure(date)
        entry.answers = {}
        notes.append("Je antwoorden zijn gewist. Wat je had ingevuld, staat bij de eerdere metingen." if measured
                     else "Er waren nog geen antwoorden om te wissen.")
    else:
        measured = entry.measure(date)
        notes.append(f"Je resultaat van {clock.today} is bewaard als meting." if measured
                     else "Er zijn nog geen antwoorden om als meting te bewaren.")
        if entry.version != q.version and entry.answers:
            migrated = catalog.migrate(q, entry.version, entry.answers)
            entry.answers = migrated.answers
    entry.version = q.version
    notes.append(skipped_notice(entry.skipped))
    if migrated:
        notes.append(migrated.notice(q.version))
    return Step(entry.to_dict(), " ".join(n for n in notes if n))


def merge(catalog: Catalog, q: Questionnaire, stored: object, mine: object, date: str) -> tuple[dict, str]:
    """One entry from two copies of it (two tabs): the histories joined as a set, the answers per statement.

    With a ``changed`` map (``{statement id: ISO time}``) in both, each statement takes the side that changed
    it last, its answer or its absence (no time counts as earliest); on a tie, or without two maps, the
    answer in ``mine`` wins, else the one in ``stored``. A copy of an older version is first measured
    (dated ``date``) and carried onto the current version."""
    a, b = read_entry(catalog, q, stored), read_entry(catalog, q, mine)
    for side in (a, b):
        if side.version != q.version:
            side.measure(date)
            side.answers, side.version = catalog.migrate(q, side.version, side.answers).answers, q.version
    extra = {**a.extra, **b.extra}
    times_a, times_b = _times(a), _times(b)
    if times_a is None or times_b is None:
        answers = {**a.answers, **b.answers}
    else:
        answers = {}
        for sid in {*a.answers, *b.answers}:
            ta, tb = times_a.get(sid, ""), times_b.get(sid, "")
            winner = b if tb > ta or (tb == ta and sid in b.answers) else a
            if sid in winner.answers:
                answers[sid] = winner.answers[sid]
        extra["changed"] = {sid: max(t for t in (times_a.get(sid), times_b.get(sid)) if t)
                            for sid in sorted({*times_a, *times_b})}
    if _dates.moment(a.extra.get("saved")) is not None and _dates.moment(b.extra.get("saved")) is not None:
        extra["saved"] = max(a.extra["saved"], b.extra["saved"], key=_dates.moment)
    result = Entry(q.version, {s.id: answers[s.id] for s in q.statements if s.id in answers},
                   union(a.history, b.history), distinct(a.unreadable + b.unreadable), extra)
    return result.to_dict(), skipped_notice(a.skipped + b.skipped)


def _times(entry: Entry) -> dict[str, str] | None:
    changed = entry.extra.get("changed")
    if not isinstance(changed, dict):
        return None
    return {sid: t for sid, t in changed.items() if isinstance(t, str) and t}
