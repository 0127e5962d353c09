"""What moved since a plan item was added: its statements' answers then (``baseline``) against now."""

from __future__ import annotations

from ._model import NOT_APPLICABLE, UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from ._model import Questionnaire


def shown(value: object) -> str:
    if value is None:
        return "open"
    if value == UNKNOWN:
        return "weet ik niet"
    if value == NOT_APPLICABLE:
        return "n.v.t."
    return str(value)


def movement(q: Questionnaire, item: Mapping[str, Any], answers: Mapping[str, Any]) -> tuple[bool, str]:
    """Whether the item's statements moved since it was added, and how: "dm-03 van 2 naar 3" or "nog niet
    bewogen"; a statement this version no longer asks is "vervallen stelling"."""
    known = {s.id for s in q.statements}
    moves, gone = [], []
    for sid in item["statements"]:
        if sid not in known:
            gone.append(f"{sid}: vervallen stelling")
            continue
        before, now = item["baseline"].get(sid), answers.get(sid)
        if before != now:
            moves.append(f"{sid} van {shown(before)} naar {shown(now)}")
    if not item["statements"]:
        return False, "gaat over het niveau als geheel"
    if moves:
        return True, ", ".join(moves + gone)
    if len(gone) == len(item["statements"]):
        return False, ", ".join(gone)
    return False, ", ".join(["nog niet bewogen", *gone])

