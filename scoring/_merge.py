"""The op ``save``: what a page writes to storage, made in Python from what is stored now and what the page
changed. Two tabs (or a tab and a share link it adopted) never overwrite each other.

``save(catalog, q, stored, changes, clock)``: ``stored`` is the entry in storage now (or None); each change is
``{"base": the entry this tab last read or wrote (or None), "mine": the entry this tab wants}``. In order:

1. ``stored`` of a version newer than this site knows (a page of an older build, in a tab left open) is
   returned unchanged, and every ``mine`` goes aside (kept as a separate copy). ``stored`` that cannot be read
   at all goes aside too, and the changes apply onto an empty entry.
2. ``stored`` of an older version is measured (dated now: the answers to statements the current version no
   longer asks stay in that measurement) and carried onto the current version.
3. Each change applies onto the result what differs between its ``base`` and its ``mine``: answers per
   statement (``changed[statement]`` becomes now), ``about`` per field, ``targets`` per scope, ``plan`` per
   item and per field (an item added or removed as a whole), any other key as a whole; ``history`` and
   ``unreadable`` are joined as sets (``_saved.identity``), so no measurement is ever dropped. Without a
   ``base`` every answer and field in ``mine`` applies and nothing is deleted. A ``mine`` that cannot be read
   goes aside.

4. The answers ``q`` shares with other questionnaires (``- shared:``) become the newest any of ``others`` holds
   (``_shared``): a statement is answered once, wherever the reader answered it last.

Disjoint changes give the same entry in either order, and a change applied twice gives what it gave once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._errors import LinkError
from ._plan import clean_plan
from ._saved import (
    MIGRATE_FROM,
    Entry,
    about,
    carried_notice,
    carry_over,
    distinct,
    read_entry,
    skipped_notice,
    union,
)
from ._shared import newest
from ._shared import notice as shared_notice

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

    from ._catalog import Catalog
    from ._dates import Clock
    from ._model import Questionnaire

NEWER: Final = ("Deze antwoorden zijn intussen bewaard door een nieuwere versie van de site. Laad de pagina "
                "opnieuw; wat je in dit venster veranderde, is apart bewaard.")
DAMAGED: Final = ("De bewaarde antwoorden waren onleesbaar. Ze zijn apart bewaard, zodat er niets verloren gaat; "
                  "je gaat verder met een lege lijst.")
MINE_DAMAGED: Final = "Een wijziging uit dit venster kon niet worden gelezen. Die is apart bewaard."
_ABSENT: Final = object()


@dataclass
class Saved:
    """What the page writes: ``entry`` under the questionnaire's key (when ``write``: False when nothing changed
    what is stored), each of ``aside`` as a separate copy."""

    entry: dict[str, Any]
    aside: list[Any] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    write: bool = True

    @property
    def notice(self) -> str:
        return " ".join(n for n in self.notices if n)


def save(catalog: Catalog, q: Questionnaire, stored: object, changes: list[Any], clock: Clock,
         others: Mapping[str, object] | None = None) -> Saved:
    """The entry to store after ``changes`` (see the module's docstring); ``others``, the other questionnaires'
    entries as stored, give the newest answer to each statement they share with ``q`` (``_shared``)."""
    now = clock.iso
    if _newer(q, stored):
        return Saved(stored, [c.get("mine") for c in changes if isinstance(c, dict) and "mine" in c], [NEWER])
    out = Saved({})
    pending = list(changes)
    if isinstance(stored, dict) and MIGRATE_FROM in stored:  # written by earlier pages
        outer = {key: value for key, value in stored.items() if key != MIGRATE_FROM}
        if isinstance(stored[MIGRATE_FROM], dict):  # the old entry first, then what was answered after it
            stored = stored[MIGRATE_FROM]
            pending.insert(0, {"base": None, "mine": outer})
        else:
            stored = outer
    try:
        entry = read_entry(catalog, q, stored)
    except LinkError:
        out.aside.append(stored)
        out.notices.append(DAMAGED)
        entry = Entry(q.version)
    touched = False
    if entry.version != q.version:
        measured = bool(entry.answers)
        migrated = carry_over(catalog, q, entry, now)
        out.notices.append(carried_notice(q, migrated, measured))
        touched = True
    skipped = list(entry.skipped)
    for change in pending:
        if not isinstance(change, dict) or change.get("mine") is None:
            raise LinkError("Een wijziging om te bewaren is onleesbaar.")
        try:
            mine = _opened(catalog, q, change["mine"], now)
        except LinkError:
            out.aside.append(change.get("mine"))
            out.notices.append(MINE_DAMAGED)
            continue
        try:
            base = _opened(catalog, q, change.get("base"), now)
        except LinkError:
            base = None  # as if this tab had read nothing: its answers apply, nothing is deleted
        assert mine is not None
        skipped += mine.skipped
        _apply(entry, base, mine, now)
        touched = True
    taken = newest(catalog, q, entry, others)
    out.notices.append(shared_notice(taken))
    if touched or taken:
        entry.saved = now
    out.write = touched or bool(taken) or bool(out.aside)
    out.notices.append(skipped_notice(skipped))
    out.entry = entry.to_dict()
    return out


def _newer(q: Questionnaire, stored: object) -> bool:
    version = stored.get("version") if isinstance(stored, dict) else None
    return isinstance(version, int) and not isinstance(version, bool) and version > q.version


def _opened(catalog: Catalog, q: Questionnaire, raw: object, now: str) -> Entry | None:
    """A change's ``base`` or ``mine`` on the current version (an older one carried over); None for none."""
    if raw is None:
        return None
    if isinstance(raw, dict) and MIGRATE_FROM in raw:
        raw = {key: value for key, value in raw.items() if key != MIGRATE_FROM}
    entry = read_entry(catalog, q, raw)
    if entry.version > q.version:
        raise LinkError(MINE_DAMAGED)
    carry_over(catalog, q, entry, now)
    return entry


def _apply(entry: Entry, base: Entry | None, mine: Entry, now: str) -> None:
    """What differs between ``base`` and ``mine``, onto ``entry``."""
    for sid in _differing(base.answers if base else None, mine.answers):
        if sid in mine.answers:
            if base is None and entry.answers.get(sid) == mine.answers[sid]:
                continue
            entry.answers[sid] = mine.answers[sid]
        else:
            entry.answers.pop(sid, None)
        entry.changed[sid] = now
    entry.about = about(_merged(entry.about, base.about if base else None, mine.about))
    entry.targets = _merged(entry.targets, base.targets if base else None, mine.targets)
    entry.plan = _plan_items(entry.plan, base.plan if base else None, mine.plan)
    entry.extra = _merged(entry.extra, base.extra if base else None, mine.extra)
    entry.history = union(entry.history, mine.history)
    entry.unreadable = distinct(entry.unreadable + mine.unreadable)


def _differing(base: dict[str, Any] | None, mine: dict[str, Any]) -> list[str]:
    """The keys whose value differs between ``base`` and ``mine`` (all of ``mine``'s without a base)."""
    if base is None:
        return list(mine)
    return [key for key in dict.fromkeys([*base, *mine]) if base.get(key, _ABSENT) != mine.get(key, _ABSENT)]


def _merged(stored: dict[str, Any], base: dict[str, Any] | None, mine: dict[str, Any]) -> dict[str, Any]:
    """``stored`` with what differs between ``base`` and ``mine`` applied per key."""
    out = dict(stored)
    for key in _differing(base, mine):
        if key in mine:
            out[key] = mine[key]
        else:
            out.pop(key, None)
    return out


def _plan_items(stored: list[dict[str, Any]], base: list[dict[str, Any]] | None,
                mine: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The plan per item (by id) and per field: an item added in ``mine`` is added, one removed is removed, a
    field changed is changed; an item another tab removed comes back whole when this tab changed it."""
    items = {item["id"]: item for item in stored}
    before = {item["id"]: item for item in base} if base is not None else None
    after = {item["id"]: item for item in mine}
    for key in _differing(before, after):
        if key not in after:
            items.pop(key, None)
        elif before is None:
            items[key] = {**items.get(key, {}), **after[key]}
        elif key not in before or key not in items:
            items[key] = after[key]
        else:
            items[key] = _merged(items[key], before[key], after[key])
    return clean_plan(list(items.values()))


# --- the consultant's dossier (``_dossier``): the same rule, per client --------------------------------------

DOSSIER_DAMAGED: Final = ("Het bewaarde dossier was onleesbaar. Het is apart bewaard, zodat er niets verloren gaat; "
                          "je gaat verder met een leeg dossier.")
DOSSIER_NEWER: Final = ("Dit dossier is intussen bewaard door een nieuwere versie van de site. Laad de pagina "
                        "opnieuw; wat je in dit venster veranderde, is apart bewaard.")


def save_dossier(catalog: Catalog, stored: object, changes: list[Any], clock: Clock) -> Saved:
    """The dossier to store after ``changes``, by the rule of ``save``: each change applies onto what is stored
    what differs between its ``base`` and its ``mine``, per client (``_clients``). A client's results are joined
    as a set (two tabs that filed links both keep them, and none is ever dropped), its name and notes per field; a
    client this tab removed is removed. A dossier of a newer site is returned unchanged, with every ``mine`` aside;
    one that cannot be read goes aside, and the changes apply onto an empty dossier."""
    from ._dossier import empty, newer, read

    if newer(stored):
        return Saved(stored, [c.get("mine") for c in changes if isinstance(c, dict) and "mine" in c],
                     [DOSSIER_NEWER])
    out = Saved({})
    try:
        dossier = read(catalog, stored)
    except LinkError:
        out.aside.append(stored)
        out.notices.append(DOSSIER_DAMAGED)
        dossier = empty()
    out.notices.extend(dossier.skipped)
    touched = False
    for change in changes:
        if not isinstance(change, dict) or change.get("mine") is None:
            raise LinkError("Een wijziging om te bewaren is onleesbaar.")
        try:
            mine = read(catalog, change["mine"])
        except LinkError:
            out.aside.append(change.get("mine"))
            out.notices.append(MINE_DAMAGED)
            continue
        try:
            base = read(catalog, change.get("base")) if change.get("base") is not None else None
        except LinkError:
            base = None  # as if this tab had read nothing: its clients apply, nothing is removed
        dossier.clients = _clients(dossier.clients, base.clients if base else None, mine.clients)
        touched = True
    if touched:
        dossier.saved = clock.iso
    out.write = touched or bool(out.aside)
    out.entry = dossier.to_dict()
    return out


def _clients(stored: dict[str, dict[str, Any]], base: dict[str, dict[str, Any]] | None,
             mine: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per client that differs between ``base`` and ``mine``: removed when ``mine`` removed it; else its results
    and set-aside results joined with those stored, its name and notes changed where ``mine`` changed them."""
    from ._dossier import join

    out = dict(stored)
    for key in _differing(base, mine):
        if key not in mine:
            out.pop(key, None)
            continue
        theirs = mine[key]
        kept = out.get(key)
        if kept is None:
            out[key] = join(None, theirs)
            continue
        before = _named(base[key]) if base is not None and key in base else None
        merged = _merged(_named(kept), before, _named(theirs))
        client = join(kept, theirs)  # the results of both, as a set
        client.pop("notes", None)
        client.update({"name": merged.get("name", kept["name"]), **({"notes": merged["notes"]} if "notes" in merged
                                                                    else {})})
        out[key] = client
    return out


def _named(client: dict[str, Any]) -> dict[str, str]:
    """A client's name and notes, those it has (an empty field is absent: without a base it deletes nothing)."""
    return {f: client[f] for f in ("name", "notes") if client.get(f)}
