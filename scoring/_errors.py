"""Errors that say where: a questionnaire problem names its field path (and line, when known)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a questionnaire, at a field path such as ``statements[3].weight``."""

    path: str
    message: str
    line: int | None = None

    def located(self, source: str) -> str:
        where = f"{source}:{self.line}" if self.line else source
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


@dataclass
class QuestionnaireError(ValueError):
    """Every problem found in one questionnaire file, reported at once."""

    source: str
    problems: list[Problem] = field(default_factory=list)

    def __str__(self) -> str:
        count = len(self.problems)
        head = f"{self.source}: {count} problem{'s' if count != 1 else ''} in questionnaire"
        return "\n".join([head, *("  " + p.located(self.source) for p in self.problems)])


class LinkError(ValueError):
    """A share link or saved answer set that cannot be read; the message is Dutch, for the reader."""
