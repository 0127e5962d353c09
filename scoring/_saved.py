"""The reader's saved answers: one stored entry per questionnaire, read without trusting it.

A stored entry (the page keeps one per questionnaire; an export file holds one per questionnaire too)::

    {"version": 2,                                   the version of the questionnaire the answers belong to
     "answers": {"dm-01": 3, "dm-02": "?"},          statement id: 1-5, "?" (weet ik niet) or "-" (n.v.t.)
     "changed": {"dm-01": "2026-12-01T19:53:25.758Z"},   when each answer last changed (UTC)
     "history": [measurement, ...],                 earlier measurements, oldest first
     "unreadable": [...],                           measurements this site cannot read (yet), kept aside
     "about": {"organisation": "...", "by": "...", "share": false},   for the printout and (if shared) links
     "targets": {...}, "plan": [...],               the reader's targets and improvement plan (``_plan``)
     "saved": "2026-12-01T19:53:25.758Z"}           when it was last written

A measurement is ``{"date": day or moment, "version": int, "answers": {...}}``, with the ``targets`` of that
moment when there were any. Two measurements are one when they have the same moment (or day), version and
answers (``identity``): the history is a set, never a list that loses or doubles one. Keys this module does not
know are kept as they are; ``migrateFrom`` (written by earlier pages while answers waited to be carried onto
a new version) is read as "an entry of that older version" and never written again.

Every reader of an entry goes through ``read_entry``: the answers are checked against the entry's version and
the answer scale; a measurement that cannot be read (a version published after this page was loaded, a
damaged date) is reported once, left out of the history and kept aside in ``unreadable``, where every later
read tries it again. What changes an entry: ``_saved_actions`` (measure, reset, adopt, import) and ``_merge``
(the op ``save``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import _dates
from ._answers import normalize
from ._errors import LinkError
from ._plan import clean_plan, clean_targets
from ._text import NAME_MAX, line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, Final

    from ._catalog import Catalog, Migrated
    from ._model import Questionnaire

#: The keys this module reads and writes; any other key of an entry is kept as it is.
KEYS: Final = ("version", "answers", "changed", "history", "unreadable", "about", "targets", "plan", "saved")
#: The marker of earlier pages: read, never written.
MIGRATE_FROM: Final = "migrateFrom"
ABOUT_FIELDS: Final = ("organisation", "by")


class Unreadable(LinkError):
    """A measurement that cannot be read; the message says why, to go between parentheses."""


@dataclass
class Entry:
    """A stored entry, checked: its answers belong to ``version`` and are on the scale."""

    version: int
    answers: dict[str, Any] = field(default_factory=dict)
    changed: dict[str, str] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[Any] = field(default_factory=list)
    about: dict[str, Any] = field(default_factory=dict)
    targets: dict[str, int] = field(default_factory=dict)
    plan: list[dict[str, Any]] = field(default_factory=list)
    saved: str = ""
    #: Keys this module does not know, kept as they were.
    extra: dict[str, Any] = field(default_factory=dict)
    #: Why the measurements now in ``unreadable`` could not be read (only those found this time).
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {**self.extra, "version": self.version, "answers": self.answers,
                               "changed": self.changed, "history": union(self.history)}
        optional = {"unreadable": distinct(self.unreadable), "about": self.about, "targets": self.targets,
                    "plan": self.plan, "saved": self.saved}
        out.update({key: value for key, value in optional.items() if value})
        return out

    def measure(self, date: str) -> bool:
        """Keep the answers as a measurement dated ``date`` (with the targets of the moment); say whether there
        were any answers to keep."""
        if self.answers:
            targets = {"targets": dict(self.targets)} if self.targets else {}
            self.history = union(self.history, [{"date": date, "version": self.version, "answers": dict(self.answers),
                                                 **targets}])
        return bool(self.answers)


def read_entry(catalog: Catalog, q: Questionnaire, raw: object) -> Entry:
    """A stored, exported or imported entry, checked field by field; ``None`` is an empty one of the current
    version. ``LinkError`` (Dutch) when its version or answers cannot be read."""
    if raw is None:
        return Entry(q.version)
    if not isinstance(raw, dict):
        raise LinkError(f"De bewaarde antwoorden voor '{q.title}' zijn onleesbaar.")
    version = raw.get("version", q.version)
    if isinstance(version, bool) or not isinstance(version, int):
        raise LinkError(f"De versie van de antwoorden voor '{q.title}' is onleesbaar.")
    answers = clean(catalog, q, version, raw.get("answers"))
    history, unreadable, skipped = measurements(catalog, q, raw.get("history"))
    retried, still, _ = measurements(catalog, q, raw.get("unreadable"))  # reported when first set aside
    changed = raw.get("changed") if isinstance(raw.get("changed"), dict) else {}
    asked = set(catalog.statement_ids(q, version))
    return Entry(
        version, answers,
        changed={sid: _dates.iso(_dates.moment(t)) for sid, t in changed.items()
                 if sid in asked and _dates.moment(t) is not None},
        history=union(history, retried), unreadable=distinct(unreadable + still),
        about=about(raw.get("about")), targets=clean_targets(q, raw.get("targets")), plan=clean_plan(raw.get("plan")),
        saved=_dates.iso(_dates.moment(raw["saved"])) if _dates.moment(raw.get("saved")) is not None else "",
        extra={key: value for key, value in raw.items() if key not in KEYS and key != MIGRATE_FROM},
        skipped=skipped)


def clean(catalog: Catalog, q: Questionnaire, version: int, answers: object) -> dict[str, Any]:
    """Answers given for ``version`` of ``q``, checked against that version's statements and the scale."""
    ids = catalog.statement_ids(q, version)  # refuses a version this site does not know
    return {} if answers is None else normalize(q, answers, ids)


def measurements(catalog: Catalog, q: Questionnaire, items: object) -> tuple[list, list, list[str]]:
    """The readable measurements (answers checked), the others as they were, and why each could not be read."""
    if items is None:
        items = []
    good, bad, why = [], [], []
    for item in items if isinstance(items, list) else [items]:
        try:
            good.append(measurement(catalog, q, item))
        except Unreadable as reason:
            bad.append(item)
            why.append(str(reason))
    return good, bad, why


def measurement(catalog: Catalog, q: Questionnaire, item: object) -> dict[str, Any]:
    """One measurement, checked (``Unreadable`` says why not)."""
    if not isinstance(item, dict):
        raise Unreadable("onleesbaar")
    date, version = item.get("date"), item.get("version")
    if date is None or date == "":
        raise Unreadable("datum ontbreekt")
    if _dates.order(date) is None:
        raise Unreadable("datum onleesbaar")
    if isinstance(version, bool) or not isinstance(version, int):
        raise Unreadable("versie ontbreekt" if version is None else "versie onleesbaar")
    try:
        catalog.statement_ids(q, version)
    except LinkError:
        raise Unreadable(f"versie {version} bestaat niet") from None
    try:
        answers = clean(catalog, q, version, item["answers"])
    except (KeyError, LinkError):
        raise Unreadable("antwoorden onleesbaar") from None
    targets = clean_targets(q, item.get("targets"))
    return {"date": date, "version": version, "answers": answers, **({"targets": targets} if targets else {})}


def identity(item: Any) -> str:
    """What makes two measurements one: the same moment (or day), version and answers. A measurement that
    cannot be read is one with another when they are the same JSON."""
    when = _dates.order(item.get("date")) if isinstance(item, dict) else None
    if when is None or not isinstance(item.get("answers"), dict):
        return json.dumps(item, sort_keys=True)
    return json.dumps([when, item.get("version"), item["answers"]], sort_keys=True)


def union(*histories: Iterable[dict[str, Any]], key: Callable[[Any], str] = identity) -> list[dict[str, Any]]:
    """Measurements as a set (see ``identity``, or ``key`` for what else is dated so: the dossier's results; the
    first of two that are one is kept), oldest first."""
    kept: dict[str, dict[str, Any]] = {}
    for history in histories:
        for m in history:
            kept.setdefault(key(m), m)
    return sorted(kept.values(), key=lambda m: (_dates.order(m["date"]), key(m)))


def distinct(items: Iterable[Any]) -> list[Any]:
    """Unreadable measurements as a set (in the order of their identity, so no order of arrival shows)."""
    kept: dict[str, Any] = {}
    for item in items:
        kept.setdefault(identity(item), item)
    return [kept[key] for key in sorted(kept)]


def skipped_notice(why: list[str]) -> str:
    """``1 eerdere meting kon niet worden gelezen (versie 9 bestaat niet) en is overgeslagen.``"""
    if not why:
        return ""
    reasons = "; ".join(dict.fromkeys(why))
    if len(why) == 1:
        return f"1 eerdere meting kon niet worden gelezen ({reasons}) en is overgeslagen."
    return f"{len(why)} eerdere metingen konden niet worden gelezen ({reasons}) en zijn overgeslagen."


def about(raw: object) -> dict[str, Any]:
    """The reader's "Organisatie / contract" and "Ingevuld door" (one line of at most 120 characters each, left
    out when empty) and whether a share link may carry them (``share``, true or false); anything else is dropped."""
    if not isinstance(raw, dict):
        return {}
    out: dict[str, Any] = {key: line(raw.get(key), NAME_MAX) for key in ABOUT_FIELDS}
    out = {key: value for key, value in out.items() if value}
    if isinstance(raw.get("share"), bool):
        out["share"] = raw["share"]
    return out


def carry_over(catalog: Catalog, q: Questionnaire, entry: Entry, date: str) -> Migrated | None:
    """An entry of an older version onto the current one: its answers first kept whole as a measurement dated
    ``date`` (answers to statements the current version no longer asks stay there), then mapped; None when the
    entry is of the current version already."""
    if entry.version == q.version:
        return None
    migrated = catalog.migrate(q, entry.version, entry.answers)
    if date:
        entry.measure(date)
    entry.answers, entry.version = migrated.answers, q.version
    entry.changed = {sid: t for sid, t in entry.changed.items() if any(s.id == sid for s in q.statements)}
    return migrated


def carried_notice(q: Questionnaire, migrated: Migrated, measured: bool) -> str:
    """What the reader hears after ``carry_over``: what changed, and that the old answers are kept."""
    notice = migrated.notice(q.version)
    if measured:
        notice += f" Je antwoorden van versie {migrated.from_version} staan bij de eerdere metingen."
    return notice


def current_answers(catalog: Catalog, q: Questionnaire, raw: object) -> dict[str, Any]:
    """The answers of a stored entry mapped onto the current version (``LinkError`` when unreadable)."""
    entry = read_entry(catalog, q, raw)
    return entry.answers if entry.version == q.version else catalog.migrate(q, entry.version, entry.answers).answers
