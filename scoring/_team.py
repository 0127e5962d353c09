"""Compare several people's answers (a team, or one organisation at two moments).

Per questionnaire the overall level and the level per theme of every member side by side, with the
spread (lowest-highest); per role the same; and the statements where the team disagrees most: a gap in
score, or "weet ik niet" against a score.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import _export, _links
from ._answers import normalize
from ._catalog import Catalog
from ._errors import LinkError
from ._model import UNKNOWN, Questionnaire, Recommendation, Statement
from ._score import Result, score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    Answer = int | str

@dataclass(frozen=True)
class Member:
    label: str
    answers: dict[str, dict[str, Answer]]  # questionnaire id -> answers on its current version


@dataclass(frozen=True)
class Row:
    """One line of the comparison: a questionnaire overall (``theme`` None) or one of its themes."""

    questionnaire: Questionnaire
    theme: str | None
    title: str
    levels: tuple[int | None, ...]

    @property
    def spread(self) -> tuple[int, int] | None:
        known = [lv for lv in self.levels if lv is not None]
        return (min(known), max(known)) if len(known) >= 2 else None


@dataclass(frozen=True)
class Disagreement:
    """A statement on which the answers differ: in score, or "weet ik niet" against a score."""

    questionnaire: Questionnaire
    statement: Statement
    answers: tuple[Answer | None, ...]
    recommendations: tuple[Recommendation, ...]

    @property
    def scores(self) -> list[int]:
        return sorted({a for a in self.answers if isinstance(a, int)})

    @property
    def spread(self) -> int:
        """The gap between the highest and the lowest score (0 with fewer than two scores)."""
        scores = self.scores
        return scores[-1] - scores[0] if scores else 0

    @property
    def unknown(self) -> bool:
        """Someone answered "weet ik niet" where someone else gave a score."""
        return UNKNOWN in self.answers and bool(self.scores)

    @property
    def small(self) -> bool:
        """A 1-point gap and nothing else: shown only on request."""
        return self.spread <= 1 and not self.unknown

    @property
    def gap_text(self) -> str:
        """"verschil 2", "weet ik niet tegenover 5", or both: the same words on the page and in the CLI."""
        parts = [f"verschil {self.spread}"] if self.spread else []
        if self.unknown:
            parts.append("weet ik niet tegenover " + " en ".join(str(s) for s in self.scores))
        return ", ".join(parts)


@dataclass(frozen=True)
class Team:
    members: tuple[Member, ...]
    rows: tuple[Row, ...]
    disagreements: tuple[Disagreement, ...]

    def roles(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.theme is None and r.questionnaire.role)


def read_member(catalog: Catalog, text: str) -> dict[str, dict[str, Answer]]:
    """Answers from a share link or the text of an export file, mapped onto the current versions."""
    stripped = (text or "").strip()
    if stripped.startswith("{"):
        return read_export(catalog, stripped)
    return {qid: m.answers for qid, m in _links.decode(catalog, stripped).items()}


def read_shared(catalog: Catalog, text: str) -> dict[str, tuple[dict[str, Answer], str, dict[str, str]]]:
    """What a consultant is shown: per questionnaire in a share link or an export file, its answers on the current
    version, when they last changed and for whom (``changed`` and ``about``, from a link only)."""
    stripped = text.strip()
    if stripped.startswith("{"):
        return {qid: (answers, "", {}) for qid, answers in read_export(catalog, stripped).items()}
    return {qid: (m.answers, m.changed, m.about) for qid, m in _links.decode(catalog, stripped).items()}


def read_export(catalog: Catalog, text: str) -> dict[str, dict[str, Answer]]:
    return {q.id: normalize(q, m.answers) for q, m, _ in _export.read(catalog, text).found}


def parse_lines(text: str) -> list[tuple[str, str]]:
    """Pasted lines, one link each, optionally preceded by a name and a colon: ``Anna: https://…``."""
    entries = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        label, sep, rest = line.partition(": ")
        named = sep and "delen=" not in label and "/" not in label
        entries.append((label.strip(), rest.strip()) if named else ("", line))
    return entries


def _letters(n: int) -> str:
    """1 -> "A", 26 -> "Z", 27 -> "AA": an unnamed member by letter, so "Deelnemer 3" never reads as a level."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(65 + rest) + out
    return out


def read_members(catalog: Catalog, entries: list[tuple[str, str]]) -> tuple[list[Member], list[str]]:
    """Read ``(label, link or export text)`` pairs; report damaged and duplicate ones one by one."""
    members: list[Member] = []
    reports: list[str] = []
    for index, (label, text) in enumerate(entries, 1):
        name = label.strip() or f"Deelnemer {_letters(index)}"
        try:
            answers = read_member(catalog, text)
        except LinkError as error:
            reports.append(f"{name}: niet meegeteld. {error}")
            continue
        twin = next((m for m in members if m.answers == answers), None)
        if twin is not None:
            reports.append(f"{name}: niet meegeteld, want dezelfde antwoorden als {twin.label}.")
            continue
        members.append(Member(name, answers))
    return members, reports


def compare(catalog: Catalog, members: list[Member]) -> Team:
    rows: list[Row] = []
    disagreements: list[tuple[Any, Disagreement]] = []
    for q in catalog.ordered():
        results: list[Result | None] = [score(q, m.answers[q.id]) if q.id in m.answers else None for m in members]
        if all(r is None for r in results):
            continue
        rows.append(Row(q, None, q.title, tuple(r.overall.level if r else None for r in results)))
        for i, theme in enumerate(q.themes):
            rows.append(Row(q, theme.id, theme.title,
                            tuple(r.themes[i].assessment.level if r else None for r in results)))
        for index, s in enumerate(q.statements):
            answers = tuple(r.answers.get(s.id) if r else None for r in results)
            d = Disagreement(q, s, answers, ())
            if not (d.spread or d.unknown):
                continue
            recs = tuple(r for r in q.recommendations
                         if any(c.statement == s.id or c.theme == s.theme for c in r.when))
            # the larger gaps first, then "weet ik niet" against a score, the 1-point gaps last
            disagreements.append(((d.small, -d.spread, q.code, index), Disagreement(q, s, answers, recs)))
    disagreements.sort(key=lambda item: item[0])
    return Team(tuple(members), tuple(rows), tuple(d for _, d in disagreements))
