"""The reader's targets and improvement plan (issue 16) as data: cleaned whenever they are read. What changes
them one action at a time is ``_plan_actions`` (the api op ``plan``); what moved since an item was added is
``_movement``; the CSV and iCalendar downloads are ``_plan_files``.

Both live in the stored entry beside the answers (see ``_saved``):

- ``targets``: ``{"overall": 1-5, theme id: 1-5}``. A missing one is the default: one level up from the current
  level, at most 5, and none while there is no level.
- ``plan``: items ``{"id", "kind": "step"|"recommendation", "ref", "title", "statements", "owner", "due",
  "status", "note", "made", "baseline"}``; ``baseline`` holds the answers of the item's statements when it was
  added, so a later measurement shows what moved. The plan has one order: by the day an item was added
  (``made``), then by id (recommendations, ``advies-…``, before steps, ``stap-…``), so two tabs that add items
  keep the same plan whichever saves first.

Whatever is read is cleaned (types, lengths, real dates); a junk item is dropped, nothing raises. An item whose
statements a later version of the questionnaire no longer asks is kept: it shows "vervallen stelling".
"""

from __future__ import annotations

import re

from . import _dates
from ._answers import answer, level
from ._model import Questionnaire
from ._text import PLAN_TEXT_MAX, line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

KINDS: Final = ("step", "recommendation")
STATUSES: Final = ("gepland", "bezig", "klaar")
FIELDS: Final = ("owner", "due", "status", "note")
FIELD_NAMES: Final = {"owner": "De eigenaar", "due": "De deadline", "status": "De status", "note": "De notitie"}
KIND_NAMES: Final = {"step": "Stap", "recommendation": "Aanbeveling"}
#: A plan longer than this is cut (no questionnaire has this many statements and recommendations).
MAX_ITEMS: Final = 100
MAX_STATEMENTS: Final = 60
OVERALL: Final = "overall"
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


# --- cleaning what is read -------------------------------------------------------------------------------

def text(value: object) -> str:
    """A plan item's title, owner or note: one line of at most ``PLAN_TEXT_MAX`` characters (see ``_text``)."""
    return line(value, PLAN_TEXT_MAX)


def ident(value: object) -> str:
    return value if isinstance(value, str) and len(value) <= 60 and _ID.fullmatch(value) else ""


def default_target(current: int | None) -> int | None:
    """One level up from the current level, at most 5; none without a level."""
    return None if current is None else min(current + 1, 5)


def clean_targets(q: Questionnaire, raw: object) -> dict[str, int]:
    """``overall`` and the questionnaire's theme ids, each a level 1-5; everything else left out."""
    if not isinstance(raw, dict):
        return {}
    scopes = [OVERALL, *(t.id for t in q.themes)]
    return {scope: level(raw[scope]) for scope in scopes if scope in raw and level(raw[scope]) is not None}


def item_id(kind: str, ref: str) -> str:
    return f"{'stap' if kind == 'step' else 'advies'}-{ref}"


def clean_item(raw: object) -> dict[str, Any] | None:
    """One plan item, cleaned; None when it is junk (no known kind or no readable reference)."""
    if not isinstance(raw, dict):
        return None
    kind, ref = raw.get("kind"), ident(raw.get("ref"))
    if kind not in KINDS or not ref:
        return None
    statements = raw.get("statements")
    sids = [ident(s) for s in statements[:MAX_STATEMENTS]] if isinstance(statements, list) else []
    baseline = raw.get("baseline")
    kept = {}
    if isinstance(baseline, dict):
        for sid, value in list(baseline.items())[:MAX_STATEMENTS]:
            if ident(sid) and answer(value) is not None:
                kept[sid] = answer(value)
    status = raw.get("status")
    return {
        "id": ident(raw.get("id")) or item_id(kind, ref),
        "kind": kind,
        "ref": ref,
        "title": text(raw.get("title")) or ref,
        "statements": list(dict.fromkeys(s for s in sids if s)) or ([ref] if kind == "step" else []),
        "owner": text(raw.get("owner")),
        "due": _dates.day(raw.get("due")),
        "status": status if status in STATUSES else STATUSES[0],
        "note": text(raw.get("note")),
        "made": _dates.day(raw.get("made")),
        "baseline": kept,
    }


def clean_plan(raw: object) -> list[dict[str, Any]]:
    """The readable items, in the plan's one order: by the day they were added, then by id (so two tabs that add
    items in either order keep the same plan); a second item with the same id, or the same kind and reference,
    is dropped."""
    if not isinstance(raw, list):
        return []
    out, ids, refs = [], set(), set()
    for item in raw[: MAX_ITEMS * 2]:
        cleaned = clean_item(item)
        if cleaned is None or cleaned["id"] in ids or (cleaned["kind"], cleaned["ref"]) in refs:
            continue
        ids.add(cleaned["id"])
        refs.add((cleaned["kind"], cleaned["ref"]))
        out.append(cleaned)
    return sorted(out[:MAX_ITEMS], key=lambda item: (item["made"], item["id"]))


def union(mine: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Both plans as one, by id: an item in ``theirs`` replaces the one with its id in ``mine``, in its place."""
    by_id = {item["id"]: item for item in theirs}
    merged = [by_id.pop(item["id"], item) for item in mine]
    return clean_plan(merged + [item for item in theirs if item["id"] in by_id])


def items_word(n: int) -> str:
    """"1 onderdeel", "3 onderdelen"."""
    return f"{n} onderdeel" if n == 1 else f"{n} onderdelen"


def effective_targets(q: Questionnaire, targets: Mapping[str, int], result) -> dict[str, int | None]:
    """Per scope (``overall`` and every theme) the target: the one set, else the default."""
    out = {OVERALL: targets.get(OVERALL) or default_target(result.overall.level)}
    for t in result.themes:
        out[t.id] = targets.get(t.id) or default_target(t.assessment.level)
    return out
