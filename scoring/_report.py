"""A result as plain data (the CLI's JSON and the browser's payload) and as Markdown."""

from __future__ import annotations

from fractions import Fraction

from ._model import NOT_APPLICABLE, SCALE, UNKNOWN
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


def answer_counts(result: Result) -> dict[str, int]:
    """How the statements were answered: ``scored`` (1-5), ``unknown`` ("?"), ``not_applicable`` ("-"), ``open``."""
    counts = {"scored": 0, "unknown": 0, "not_applicable": 0, "open": 0}
    for s in result.questionnaire.statements:
        answer = result.answers.get(s.id)
        kind = ("open" if answer is None else "unknown" if answer == UNKNOWN
                else "not_applicable" if answer == NOT_APPLICABLE else "scored")
        counts[kind] += 1
    return counts


def answered(count: int, total: int) -> str:
    """How far a questionnaire is filled in: "3 van 12 beantwoord", "Alle 12 beantwoord" (the card, the overview's
    status, and the page's progress line, to which the build hands every count)."""
    return f"Alle {total} beantwoord" if count == total else f"{count} van {total} beantwoord"


def decimal(value: Fraction | None, digits: int = 1) -> str:
    """A number as a Dutch reader writes it ("3,1"), or "–" for none."""
    shown = number(value, digits)
    return "–" if shown is None else f"{shown:.{digits}f}".replace(".", ",")


def answers_line(result: Result) -> str:
    """The plain score line: the mean answer and how every statement was answered, "weet ik niet" included."""
    c = answer_counts(result)
    total = len(result.questionnaire.statements)
    parts = [f"{c['scored']} van {total} stelling{'' if total == 1 else 'en'} beantwoord"]
    if c["unknown"]:
        parts.append(f"{c['unknown']} 'weet ik niet'")
    if c["not_applicable"]:
        parts.append(f"{c['not_applicable']} 'niet van toepassing'")
    if c["open"] and c["open"] != total:
        parts.append(f"{c['open']} nog open")
    counted = ", ".join(parts)
    score = result.overall.score
    if score is None:
        return counted[:1].upper() + counted[1:]
    return f"Gemiddeld antwoord {decimal(score)} (op een schaal van 1 tot 5) · {counted}"


def status_text(result: Result, shared: bool = False, arrival: bool = False) -> str:
    """The page's status line after scoring: says the result changed, without repeating the level's title; on
    ``arrival`` (the page just opened: nothing changed) only where the reader stands."""
    level = result.overall.level
    shown = "Te weinig antwoorden voor een niveau" if level is None else f"Niveau {level} van 5"
    if arrival and not shared:
        return f"{shown}."
    return f"{'Gedeeld resultaat' if shared else 'Resultaat bijgewerkt'}. {shown}."


def level_text(result: Result) -> str:
    """One Dutch sentence with the level, for a status line or an announcement."""
    a = result.overall
    if a.level is None:
        return (f"Te weinig antwoorden voor een niveau ({percent(a.coverage)} beantwoord, "
                f"minimaal {percent(MIN_COVERAGE)})")
    name = result.questionnaire.level(a.level).name
    return f"Niveau {a.level} van 5: {name}"


def percent(value: Fraction) -> str:
    return f"{number(value * 100, 0):.0f}%"


def spread_text(spread: tuple[int, int] | None) -> str:
    """The spread of a team's levels, written so nobody reads "3" as a gap of 3: "geen", "2–5" or "–"."""
    if spread is None:
        return "–"
    return "geen" if spread[0] == spread[1] else f"{spread[0]}–{spread[1]}"


def to_markdown(result: Result) -> str:
    q = result.questionnaire
    a = result.overall
    lines = [f"# {q.title} (versie {q.version})", "", f"**{level_text(result)}**", ""]
    lines += [f"{answers_line(result)}; dekking {percent(a.coverage)}.", ""]
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


def team_markdown(team, reports: list[str]) -> str:
    """The team comparison as Markdown, for an advice written in a document."""
    labels = [m.label for m in team.members]

    def table(first: str, rows) -> list[str]:
        out = [f"| {first} | " + " | ".join(labels) + " | Spreiding |", "|" + " --- |" * (len(labels) + 2)]
        for row in rows:
            shown = spread_text(row.spread)
            name = "**Totaal**" if row.theme is None and first == "Thema" else row.title
            out.append(f"| {name} | " + " | ".join("–" if lv is None else str(lv) for lv in row.levels)
                       + f" | {shown} |")
        return out

    lines = ["# Teamvergelijking", "", f"Deelnemers: {', '.join(labels)}.", ""]
    if reports:
        lines += ["Niet meegeteld:", "", *(f"- {r}" for r in reports), ""]
    if team.roles():
        lines += ["## Per rol", "", *table("Rol", team.roles()), ""]
    for q in dict.fromkeys(r.questionnaire for r in team.rows):
        lines += [f"## {q.title}", "", *table("Thema", [r for r in team.rows if r.questionnaire is q]), ""]
    lines += ["## Waar het team het meest verschilt", ""]
    shown = [d for d in team.disagreements if not d.small]  # 2 points or more, or "weet ik niet" against a score
    short = {None: "–", "?": "weet ik niet", "-": "n.v.t."}
    for i, d in enumerate(shown[:15], 1):
        given = "; ".join(f"{label}: {short.get(a, a)}" for label, a in zip(labels, d.answers, strict=True))
        recs = ", ".join(f"{r.id} ({r.title})" for r in d.recommendations)
        lines.append(f"{i}. **{d.statement.id}** {d.statement.text} ({d.questionnaire.title}, {d.gap_text}) "
                     f"— {given}" + (f". Aanbevelingen: {recs}" if recs else ""))
    if not team.disagreements:
        lines.append("Op geen enkele stelling lopen de antwoorden uiteen.")
    elif not shown:
        lines.append("Nergens lopen de antwoorden 2 punten of meer uiteen.")
    small = [d.statement.id for d in team.disagreements if d.small]
    if small:
        lines += ["", f"Verschillen van 1 punt ({len(small)}): {', '.join(small)}."]
    return "\n".join(lines).rstrip() + "\n"
