"""The one owner of how movement is worded: a statement "van 'In aanzet' naar 'Aanwezig'", a level "3 → 4 ↑",
what moved since a plan item was added (its ``baseline`` against now), and two results compared (``compare``):
the result's "Wat er veranderd is", the history's arrows and the plan's "Sinds het plan" all speak this way."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ._model import NOT_APPLICABLE, SCALE, UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from fractions import Fraction
    from typing import Any, Final

    from ._model import Questionnaire
    from ._score import Result

UP: Final = "↑"
DOWN: Final = "↓"
#: What a plan item's cell says when none of its statements changed since it went on the plan.
UNMOVED: Final = "nog geen verandering"
#: A statement a later version of the questionnaire no longer asks.
GONE: Final = "vervallen stelling"
#: Two results compared whose answers are all the same.
NONE_CHANGED: Final = "Geen enkel antwoord is veranderd."
_WORDS: Final = dict(SCALE)
#: How earlier pages titled a step on the plan: "dm-03 van 2 naar 4: <stelling>".
_OLD_STEP = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*) van ([1-5]) naar ([1-5]): .*")


def words(value: object) -> str:
    """An answer in the scale's words ("In aanzet", "Weet ik niet"); "nog niet beantwoord" for none."""
    return "nog niet beantwoord" if value is None else _WORDS.get(str(value), str(value))


def shown(value: object) -> str:
    """An answer in lower-case words, for inside a sentence ("weet ik niet", "n.v.t.", "open")."""
    if value is None:
        return "open"
    if value == UNKNOWN:
        return "weet ik niet"
    if value == NOT_APPLICABLE:
        return "n.v.t."
    return words(value)


def step(before: object, after: object) -> str:
    """"van 'In aanzet' naar 'Aanwezig, gemeten en verbeterd'"."""
    return f"van '{words(before)}' naar '{words(after)}'"


def statement_step(q: Questionnaire, sid: str, before: object, after: object) -> str:
    """A statement in full and how its answer moves: "<stelling>: van 'In aanzet' naar 'Aanwezig'"."""
    return f"{q.statement(sid).text.rstrip('.')}: {step(before, after)}"


def step_title(q: Questionnaire, sid: str, before: int | None = None, after: int | None = None) -> str:
    """A step's title on the plan: the statement in full, and the raise when a route asks for one."""
    if before is None or after is None:
        return q.statement(sid).text
    return statement_step(q, sid, before, after)


def item_title(q: Questionnaire, item: Mapping[str, Any]) -> str:
    """A plan item's title as shown: a step stored by an earlier page as "dm-03 van 2 naar 4: ..." in words."""
    old = _OLD_STEP.fullmatch(item["title"]) if item["kind"] == "step" else None
    if old is None or old[1] != item["ref"] or not any(s.id == old[1] for s in q.statements):
        return item["title"]
    return step_title(q, old[1], int(old[2]), int(old[3]))


def statements_words(q: Questionnaire, item: Mapping[str, Any]) -> str:
    """What an item is about, in words: "over 3 stellingen" (and how many this version no longer asks)."""
    known = {s.id for s in q.statements}
    here = sum(1 for sid in item["statements"] if sid in known)
    gone = len(item["statements"]) - here
    parts = [f"over {here} {'stelling' if here == 1 else 'stellingen'}"] if here else []
    if gone:
        parts.append(f"{gone} {GONE if gone == 1 else 'vervallen stellingen'}")
    return ", ".join(parts)


def arrow(before: int | None, after: int | None) -> str:
    """"↑", "↓" or "" (equal, or one of the two without a level)."""
    if before is None or after is None or before == after:
        return ""
    return UP if after > before else DOWN


def figure(value: int | None) -> str:
    return "–" if value is None else str(value)


def level_step(before: int | None, after: int | None) -> str:
    """"3 → 4 ↑", "2 → 2", "– → 3"."""
    return f"{figure(before)} → {figure(after)} {arrow(before, after)}".rstrip()


def mean_step(before: Fraction | None, after: Fraction | None) -> str:
    """"2,8 → 3,3 ↑": the average answer before and after, in Dutch decimals."""
    from ._report import decimal, number

    b, a = number(before, 1), number(after, 1)
    sign = "" if b is None or a is None or a == b else (UP if a > b else DOWN)
    return f"{decimal(before)} → {decimal(after)} {sign}".rstrip()


def level_sentence(before: int | None, after: int | None) -> str:
    """The overall level's change in words: "gestegen van 3 naar 4", "gedaald ...", "gelijk gebleven: 3". Only
    an equal level is ever "gelijk gebleven"."""
    if before is None or after is None:
        return f"nu {'zonder niveau' if after is None else f'niveau {after}'} (toen {figure(before)})"
    if after > before:
        return f"gestegen van {before} naar {after} {UP}"
    if after < before:
        return f"gedaald van {before} naar {after} {DOWN}"
    return f"gelijk gebleven: niveau {after}"


def movement(q: Questionnaire, item: Mapping[str, Any], answers: Mapping[str, Any]) -> tuple[bool, str]:
    """Whether the item's statements moved since it was added, and how: "<stelling>: van 'In aanzet' naar
    'Aanwezig'" or "nog geen verandering"; a statement this version no longer asks is a "vervallen stelling"."""
    known = {s.id for s in q.statements}
    moves, gone = [], []
    for sid in item["statements"]:
        if sid not in known:
            gone.append(f"{sid}: {GONE}")
            continue
        before, now = item["baseline"].get(sid), answers.get(sid)
        if before != now:
            moves.append(statement_step(q, sid, before, now))
    if not item["statements"]:
        return False, "gaat over het niveau als geheel"
    if moves:
        return True, "; ".join(moves + gone)
    if len(gone) == len(item["statements"]):
        return False, "; ".join(gone)
    return False, "; ".join([UNMOVED, *gone])


# --- two results compared -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeMove:
    title: str
    before: int | None
    after: int | None
    mean_before: Fraction | None
    mean_after: Fraction | None


@dataclass(frozen=True)
class Comparison:
    """An earlier result against a later one of the same questionnaire (both on the current version)."""

    level_before: int | None
    level_after: int | None
    mean_before: Fraction | None
    mean_after: Fraction | None
    themes: tuple[ThemeMove, ...]
    #: (statement id, answer before, answer after), in the questionnaire's order
    statements: tuple[tuple[str, Any, Any], ...]

    @property
    def changed(self) -> bool:
        return bool(self.statements)


def compare(before: Result, after: Result) -> Comparison:
    q = after.questionnaire
    moved = tuple((s.id, before.answers.get(s.id), after.answers.get(s.id)) for s in q.statements
                  if before.answers.get(s.id) != after.answers.get(s.id))
    themes = tuple(ThemeMove(t.title, b.assessment.level, t.assessment.level, b.assessment.score, t.assessment.score)
                   for b, t in zip(before.themes, after.themes, strict=True))
    return Comparison(before.overall.level, after.overall.level, before.overall.score, after.overall.score, themes,
                      moved)
