"""The shortest route to a target level: the fewest one-point raises on answered statements, exact.

A step is one point up on one statement answered 1-4. The route never touches "-" (niet van toepassing)
and never raises "?" (weet ik niet) or an open statement. Among the routes with the fewest steps it
takes, in this order: the fewest statements changed; the most steps on weight-3 statements, then on
weight-2 ones ("highest weight"); then the steps as early in the file as possible (the vector of raises in
file order, lexicographically largest).

Why this is exact. Raising answers never changes coverage, so level >= target holds exactly when
(1) every answered basisstelling is at least target - 1 (the staged cap; a basisstelling on "?" caps at 2
and cannot be lifted by a raise) and (2) the weighted sum reaches ceil(threshold * answered weight).
(1) forces a fixed number of raises on the basisstellingen below target - 1; every route contains them.
What is left is a number of weighted points ``need``, to be bought with extra steps, each worth the weight
(1, 2 or 3) of its statement. Only how many extra steps go to each weight class (n1, n2, n3) decides the
gain, so every triple is tried. For a triple, the fewest statements changed is the forced ones plus, per
class, the fewest other statements that hold the class's steps (largest room first, after the room left
on forced statements, which is free). The best triple under (steps, statements, n3, n2) is then spread
per class in file order, each statement taking the most it can while the rest still fits; the classes do
not interact, so this is the lexicographically largest vector among the best. At most (2N+1)^2 triples.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._answers import normalize
from ._errors import LinkError
from ._model import NOT_APPLICABLE, UNKNOWN, Questionnaire, Statement
from ._report import percent
from ._score import MIN_COVERAGE, THRESHOLDS, UNKNOWN_KEY_CAP, assess

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any


@dataclass(frozen=True)
class Route:
    questionnaire: str
    target: int
    theme: str | None
    reachable: bool
    reason: str
    level_before: int | None
    level_after: int | None
    total_steps: int
    #: (statement id, from, to), in file order
    steps: tuple[tuple[str, int, int], ...] = ()
    #: statements to answer before there is a level (coverage too low), in file order
    answer_first: tuple[str, ...] = ()


def route(questionnaire: Questionnaire, answers: Mapping[str, object], target: object,
          theme: str | None = None) -> Route:
    """The shortest route to ``target`` overall or for one theme; ``LinkError`` (Dutch) for bad input."""
    clean = normalize(questionnaire, answers)
    level = _target(target)
    if theme is None:
        members = questionnaire.statements
        subject = "Deze vragenlijst"
    else:
        if not isinstance(theme, str) or not any(t.id == theme for t in questionnaire.themes):
            shown = f" {theme[:80]!r}" if isinstance(theme, str) else ""
            raise LinkError(f"Onbekend thema{shown} in '{questionnaire.title}'.")
        members = tuple(s for s in questionnaire.statements if s.theme == theme)
        subject = f"Het thema '{questionnaire.theme(theme).title}'"
    before = assess(members, clean)

    def no(reason: str, answer_first: tuple[str, ...] = ()) -> Route:
        return Route(questionnaire.id, level, theme, False, reason, before.level, before.level, 0, (), answer_first)

    if not 1 <= level <= 5:
        return no(f"Niveau {level} bestaat niet: kies een doel van 1 tot en met 5.")
    if before.level is None:
        first = _answer_first(members, clean)
        if not first:
            return no(f"{subject} heeft alleen stellingen die niet van toepassing zijn: daar hoort geen niveau bij.")
        return no(f"Te weinig antwoorden voor een niveau ({percent(before.coverage)} beantwoord, minimaal "
                  f"{percent(MIN_COVERAGE)}). Beantwoord eerst {_ids(questionnaire, first)}; dan volgt de route.",
                  first)
    if before.level >= level:
        return Route(questionnaire.id, level, theme, True, "", before.level, before.level, 0)
    blocked = tuple(s.id for s in members if s.key and clean.get(s.id) == UNKNOWN)
    if blocked and level > UNKNOWN_KEY_CAP:
        one = len(blocked) == 1
        return no(f"{'Basisstelling' if one else 'Basisstellingen'} {_ids(questionnaire, blocked)} "
                  f"{'staat' if one else 'staan'} "
                  f"op 'weet ik niet'; dan is niveau {UNKNOWN_KEY_CAP} het hoogste. Zoek {'die' if one else 'ze'} "
                  f"eerst uit: de route verhoogt geen 'weet ik niet'.")
    raises = _raises(members, clean, level)
    steps = tuple((s.id, clean[s.id], clean[s.id] + raises[s.id]) for s in members if raises.get(s.id))
    after = assess(members, {**clean, **{sid: new for sid, _, new in steps}})
    return Route(questionnaire.id, level, theme, True, "", before.level, after.level,
                 sum(raises.values()), steps)


def _target(target: object) -> int:
    """A whole number (or its digits, as a form sends them); one outside 1-5 is refused by ``route``."""
    if isinstance(target, str) and target.strip().isascii() and target.strip().isdigit() and len(target) < 6:
        return int(target)
    if isinstance(target, bool) or not isinstance(target, int) or abs(target) > 99:
        raise LinkError("Het doel is geen niveau: kies een heel getal van 1 tot en met 5.")
    return target


def _ids(questionnaire: Questionnaire, ids: tuple[str, ...]) -> str:
    """The statements in words: "'Er is een mandaat'", "'A', 'B' en 'C'"."""
    texts = [f"'{questionnaire.statement(sid).text.rstrip('.')}'" for sid in ids]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " en " + texts[-1]


def _answer_first(members: tuple[Statement, ...], answers: Mapping[str, object]) -> tuple[str, ...]:
    """The fewest open or "?" statements, heaviest first, whose answers bring coverage to the minimum."""
    total = sum(s.weight for s in members if answers.get(s.id) != NOT_APPLICABLE)
    answered = sum(s.weight for s in members if isinstance(answers.get(s.id), int))
    open_ = sorted((i for i, s in enumerate(members) if answers.get(s.id) in (None, UNKNOWN)),
                   key=lambda i: (-members[i].weight, i))
    chosen = []
    for i in open_:
        if total and answered >= MIN_COVERAGE * total:
            break
        chosen.append(i)
        answered += members[i].weight
    return tuple(members[i].id for i in sorted(chosen)) if total else ()


def _raises(members: tuple[Statement, ...], answers: Mapping[str, Any], target: int) -> dict[str, int]:
    """Statement id -> points up, for the best route (see the module docstring)."""
    numeric = [(s.id, s.weight, answers[s.id], s.key) for s in members if isinstance(answers.get(s.id), int)]
    forced = {sid: max(0, target - 1 - a) if key else 0 for sid, _, a, key in numeric}
    answered = sum(w for _, w, _, _ in numeric)
    reached = sum(w * (a + forced[sid]) for sid, w, a, _ in numeric)
    bound = THRESHOLDS[target - 2] * answered if target >= 2 else 0
    need = -(-bound.numerator // bound.denominator) - reached if target >= 2 else 0
    # per weight class, in file order: (id, room left after the forced raise, forced?)
    classes = {w: [(sid, 5 - a - forced[sid], forced[sid] > 0) for sid, cw, a, _ in numeric if cw == w]
               for w in (1, 2, 3)}
    room = {w: sum(r for _, r, _ in items) for w, items in classes.items()}
    fewest = {w: _fewest_new(items) for w, items in classes.items()}
    best = None
    for n3 in range(room[3] + 1):
        for n2 in range(room[2] + 1):
            n1 = max(0, need - 3 * n3 - 2 * n2)
            if n1 > room[1]:
                continue
            key = (n1 + n2 + n3, fewest[1][n1] + fewest[2][n2] + fewest[3][n3], -n3, -n2)
            if best is None or key < best[0]:
                best = (key, {1: n1, 2: n2, 3: n3})
    assert best is not None  # all answers at 5 score 5, above every threshold
    raises = dict(forced)
    for w, items in classes.items():
        n = best[1][w]
        for sid, extra in _spread(items, n, fewest[w][n]).items():
            raises[sid] += extra
    return raises


def _fewest_new(items: list[tuple[str, int, bool]]) -> list[int]:
    """For n = 0..room: the fewest not yet changed statements needed to hold n steps in this class."""
    free = sum(r for _, r, old in items if old)
    others = sorted((r for _, r, old in items if not old and r), reverse=True)
    out, count, held = [], 0, free
    for n in range(free + sum(others) + 1):
        while held < n:
            held += others[count]
            count += 1
        out.append(count)
    return out


def _spread(items: list[tuple[str, int, bool]], n: int, new: int) -> dict[str, int]:
    """n steps over the class's statements with at most ``new`` fresh ones, earliest statements first."""
    out = {}
    for p, (sid, r, old) in enumerate(items):
        rest = items[p + 1:]
        for e in range(min(r, n), -1, -1):
            left = new - (1 if e and not old else 0)
            if left < 0:
                continue
            others = sorted((x for _, x, o in rest if not o), reverse=True)[:left]
            if sum(x for _, x, o in rest if o) + sum(others) >= n - e:
                break
        if e:
            out[sid] = e
        n, new = n - e, left
    return out


def to_dict(r: Route) -> dict[str, Any]:
    return {
        "questionnaire": r.questionnaire, "target": r.target, "theme": r.theme, "reachable": r.reachable,
        "reason": r.reason, "level_before": r.level_before, "level_after": r.level_after,
        "total_steps": r.total_steps, "steps": [{"statement": s, "from": a, "to": b} for s, a, b in r.steps],
        "answer_first": list(r.answer_first),
    }


def to_markdown(r: Route, questionnaire: Questionnaire | None = None) -> str:
    """A short Dutch text: "Van niveau 2 naar 3: 4 stappen. Er is een mandaat: van 'In aanzet' naar 'Aanwezig en
    gemeten'; ..." (statements in words when ``questionnaire`` is given, else by id)."""
    lead = ""
    if r.theme is not None:
        title = questionnaire.theme(r.theme).title if questionnaire is not None else r.theme
        lead = f"Thema {title}: "
    if not r.reachable:
        text = f"Geen route naar niveau {r.target}. {r.reason}"
    elif not r.steps:
        text = f"Niveau {r.target} is al gehaald (nu niveau {r.level_before}): geen stappen nodig."
    else:
        from ._movement import statement_step, step

        moves = "; ".join(statement_step(questionnaire, sid, a, b) if questionnaire is not None
                          else f"{sid} {step(a, b)}" for sid, a, b in r.steps)
        text = (f"Van niveau {r.level_before} naar {r.target}: {r.total_steps} "
                f"{'stap' if r.total_steps == 1 else 'stappen'}. {moves}.")
        if r.level_after != r.target:
            text += f" Daarmee kom je op niveau {r.level_after}."
    if lead:
        text = lead + text[0].lower() + text[1:]
    return text + "\n"
