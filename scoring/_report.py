"""A result as plain data (the CLI's JSON and the browser's payload) and as Markdown."""

from __future__ import annotations

from fractions import Fraction

from ._model import SCALE
from ._score import MIN_COVERAGE, Assessment, Result

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

ANSWER_LABELS = dict(SCALE)


def number(value: Fraction | None, digits: int) -> float | None:
    """Round an exact value for display: half away from zero, the same on every Python."""
    if value is None:
        return None
    scaled = value * 10**digits
    whole = int(abs(scaled) + Fraction(1, 2)) * (1 if scaled >= 0 else -1)
    return whole / 10**digits


def _assessment(a: Assessment) -> dict[str, Any]:
    return {
        "score": number(a.score, 2),
        "percent": number(a.percent, 1),
        "coverage": number(a.coverage, 4),
        "level": a.level,
        "uncapped_level": a.uncapped_level,
        "capped_by": list(a.capped_by),
    }


def to_dict(result: Result) -> dict[str, Any]:
    q = result.questionnaire
    return {
        "questionnaire": q.id,
        "version": q.version,
        **_assessment(result.overall),
        "answered": result.answered,
        "statements": len(q.statements),
        "themes": [
            {"id": t.id, "title": t.title, **_assessment(t.assessment)} for t in result.themes
        ],
        "recommendations": [
            {"id": f.recommendation.id, "title": f.recommendation.title, "link": f.recommendation.link,
             "lifts_cap": f.lifts_cap, "gap": f.gap}
            for f in result.recommendations
        ],
        "next_steps": [f.recommendation.id for f in result.next_steps],
    }


def level_text(result: Result) -> str:
    """One Dutch sentence with the level, for a status line or an announcement."""
    a = result.overall
    if a.level is None:
        return f"Te weinig antwoorden voor een niveau ({percent(a.coverage)} beantwoord, minimaal {percent(MIN_COVERAGE)})."
    name = result.questionnaire.level(a.level).name
    return f"Niveau {a.level} van 5: {name}."


def percent(value: Fraction) -> str:
    return f"{number(value * 100, 0):.0f}%"


def to_markdown(result: Result) -> str:
    q = result.questionnaire
    a = result.overall
    lines = [f"# {q.title} (versie {q.version})", "", f"**{level_text(result)}**", ""]
    if a.score is not None:
        lines.append(f"Gemiddelde score {number(a.score, 2)} ({number(a.percent, 1)}%), "
                     f"dekking {percent(a.coverage)}.")
        lines.append("")
    if a.capped_by:
        names = ", ".join(f"{sid} ({q.statement(sid).text})" for sid in a.capped_by)
        lines += [f"Begrensd van niveau {a.uncapped_level} tot {a.level} door: {names}.", ""]
    lines += ["| Thema | Score | Niveau | Dekking |", "| --- | --- | --- | --- |"]
    for t in result.themes:
        ta = t.assessment
        score = "–" if ta.score is None else f"{number(ta.score, 2)}"
        level = "–" if ta.level is None else str(ta.level)
        lines.append(f"| {t.title} | {score} | {level} | {percent(ta.coverage)} |")
    lines += ["", "## Volgende stappen", ""]
    for i, f in enumerate(result.next_steps, 1):
        lines.append(f"{i}. **{f.recommendation.title}** — {f.recommendation.text} ({f.recommendation.link})")
    if not result.next_steps:
        lines.append("Geen aanbevelingen bij deze antwoorden.")
    rest = result.recommendations[len(result.next_steps):]
    if rest:
        lines += ["", "## Overige aanbevelingen", ""]
        lines += [f"- **{f.recommendation.title}** ({f.recommendation.link})" for f in rest]
    lines += ["", "## Waarom deze score?", ""]
    for t in result.themes:
        lines += [f"### {t.title}", "", "| Stelling | Antwoord | Gewicht | Basis |", "| --- | --- | --- | --- |"]
        for s in t.statements:
            answer = result.answers.get(s.id)
            shown = "–" if answer is None else ANSWER_LABELS[str(answer)]
            lines.append(f"| {s.id}: {s.text} | {shown} | {s.weight} | {'ja' if s.key else ''} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
