"""The rules: weighted means, coverage, levels with the staged cap, and ordered recommendations.

All arithmetic is exact (``Fraction``), so a mean of exactly 1.8 is level 2 on every Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ._answers import normalize
from ._model import NOT_APPLICABLE, UNKNOWN, Questionnaire, Recommendation, Statement

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Final

    Answer = int | str

#: Level boundaries: a mean below 1.8 is level 1, below 2.6 level 2, below 3.4 level 3, below 4.2 level 4.
THRESHOLDS: Final = (Fraction(9, 5), Fraction(13, 5), Fraction(17, 5), Fraction(21, 5))
#: Below this share of answered weight there is no level ("te weinig antwoorden").
MIN_COVERAGE: Final = Fraction(3, 5)
#: The first this many fired recommendations are the "volgende stappen".
NEXT_STEPS: Final = 3
#: A key statement answered "weet ik niet" caps the level here.
UNKNOWN_KEY_CAP: Final = 2


@dataclass(frozen=True)
class Assessment:
    """Score, coverage and level of a set of statements (a theme or the whole questionnaire)."""

    score: Fraction | None
    coverage: Fraction
    level: int | None
    uncapped_level: int | None
    cap: int | None
    capped_by: tuple[str, ...]

    @property
    def percent(self) -> Fraction | None:
        return None if self.score is None else (self.score - 1) / 4 * 100


@dataclass(frozen=True)
class ThemeResult:
    id: str
    title: str
    assessment: Assessment
    statements: tuple[Statement, ...]


@dataclass(frozen=True)
class Fired:
    """A recommendation whose conditions hold, with what it addresses and why it ranks where it does."""

    recommendation: Recommendation
    lifts_cap: bool
    gap: int
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    questionnaire: Questionnaire
    answers: dict[str, Answer]
    overall: Assessment
    themes: tuple[ThemeResult, ...]
    recommendations: tuple[Fired, ...]

    @property
    def next_steps(self) -> tuple[Fired, ...]:
        return self.recommendations[:NEXT_STEPS]

    @property
    def answered(self) -> int:
        return sum(1 for s in self.questionnaire.statements if s.id in self.answers)


def level_for(score: Fraction) -> int:
    """The level (1-5) of a weighted mean, exact at the boundaries."""
    return 1 + sum(1 for bound in THRESHOLDS if score >= bound)


def assess(statements: Iterable[Statement], answers: Mapping[str, Answer]) -> Assessment:
    """Apply the weighted mean, the coverage rule and the staged cap to some statements."""
    total = answered = weighted = 0
    caps: dict[str, int] = {}
    for s in statements:
        answer = answers.get(s.id)
        if answer == NOT_APPLICABLE:
            continue
        total += s.weight
        if isinstance(answer, int):
            answered += s.weight
            weighted += s.weight * answer
        if s.key and answer is not None:
            caps[s.id] = answer + 1 if isinstance(answer, int) else UNKNOWN_KEY_CAP
    score = Fraction(weighted, answered) if answered else None
    coverage = Fraction(answered, total) if total else Fraction(0)
    if score is None or coverage < MIN_COVERAGE:
        return Assessment(score, coverage, None, None, None, ())
    uncapped = level_for(score)
    cap = min(caps.values(), default=None)
    if cap is None or cap >= uncapped:
        return Assessment(score, coverage, uncapped, uncapped, cap, ())
    capped_by = tuple(sid for sid, c in caps.items() if c == cap)
    return Assessment(score, coverage, cap, uncapped, cap, capped_by)


def score(questionnaire: Questionnaire, answers: Mapping[str, object]) -> Result:
    """Score a set of answers: overall, per theme, and the recommendations in the order to act on them."""
    clean = normalize(questionnaire, answers)
    overall = assess(questionnaire.statements, clean)
    themes = tuple(
        ThemeResult(t.id, t.title, assess(members, clean), members)
        for t in questionnaire.themes
        for members in [tuple(s for s in questionnaire.statements if s.theme == t.id)]
    )
    by_theme = {t.id: t for t in themes}
    fired = []
    for index, rec in enumerate(questionnaire.recommendations):
        if not any(_holds(c, clean, by_theme, overall) for c in rec.when):
            continue
        works_on = addresses(questionnaire, rec)
        gap = sum(
            s.weight * (5 - clean[s.id])
            for s in questionnaire.statements
            if s.id in works_on and isinstance(clean.get(s.id), int)
        )
        lifts = any(sid in works_on for sid in overall.capped_by)
        fired.append((not lifts, -gap, index, Fired(rec, lifts, gap, works_on)))
    fired.sort(key=lambda item: item[:3])
    return Result(questionnaire, clean, overall, themes, tuple(item[3] for item in fired))


def _holds(condition, answers, themes, overall) -> bool:
    if condition.statement is not None:
        answer = answers.get(condition.statement)
        return answer == UNKNOWN or (isinstance(answer, int) and answer < condition.below)
    if condition.theme is not None:
        theme_score = themes[condition.theme].assessment.score
        return theme_score is not None and theme_score < condition.below
    return overall.level is not None and overall.level < condition.below


def addresses(questionnaire: Questionnaire, rec: Recommendation) -> tuple[str, ...]:
    """The statements a recommendation works on: those it names, and those of the themes it names."""
    ids = []
    for c in rec.when:
        if c.statement is not None:
            ids.append(c.statement)
        elif c.theme is not None:
            ids.extend(s.id for s in questionnaire.statements if s.theme == c.theme)
    return tuple(dict.fromkeys(ids))
