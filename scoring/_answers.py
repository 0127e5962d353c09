"""The answer scale's one rule: what counts as an answer, wherever answers come from (the form, storage, a share
link, an export file that Excel or pandas touched, the command line).

An answer is a whole number 1-5, ``"?"`` (weet ik niet) or ``"-"`` (niet van toepassing). Read leniently only
where a program wrote it differently: the digits ``"1"``-``"5"`` (as a form sends them) and a whole float
(``3.0``: Excel and pandas write numbers that way) become the number. Anything else (``3.5``, ``True``,
``"3.0"``, a list) is refused with a Dutch message that names the statement.
"""

from __future__ import annotations

from ._errors import LinkError
from ._model import NOT_APPLICABLE, UNKNOWN
from ._text import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Final

    from ._model import Questionnaire

    Answer = int | str

SCORES: Final = (1, 2, 3, 4, 5)
CODES: Final = (UNKNOWN, NOT_APPLICABLE)
_DIGITS: Final = {str(n): n for n in SCORES}


def level(value: object) -> int | None:
    """A whole number 1-5 (also as its digit, or as a whole float), else None: a score, or a level."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 1 <= value <= 5 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and 1 <= value <= 5 else None
    if isinstance(value, str):
        return _DIGITS.get(value.strip())
    return None


def answer(value: object) -> Answer | None:
    """One answer on the scale (see the module's docstring), else None."""
    if value in CODES and isinstance(value, str):
        return value
    return level(value)


def normalize(questionnaire: Questionnaire, answers: object, ids: Iterable[str] | None = None) -> dict[str, Answer]:
    """``{statement id: answer}`` checked against the statements (``ids``: those of an older version; default the
    current ones) and the scale; ``None`` stands for no answer. ``LinkError`` (Dutch) names the first bad one."""
    if not isinstance(answers, dict):
        raise LinkError(f"De antwoorden voor '{questionnaire.title}' zijn onleesbaar.")
    known = set(ids) if ids is not None else {s.id for s in questionnaire.statements}
    clean: dict[str, Answer] = {}
    for sid, value in answers.items():
        if sid not in known:
            raise LinkError(f"Onbekende stelling {quote(sid)} in de antwoorden voor '{questionnaire.title}'.")
        if value is None:
            continue
        found = answer(value)
        if found is None:
            raise LinkError(f"Ongeldig antwoord {_shown(value)}bij stelling {sid}: kies 1 t/m 5, '?' of '-'.")
        clean[sid] = found
    return clean


def _shown(value: object) -> str:
    """A refused answer as the message quotes it (with a space after), or "" when it cannot be shown briefly."""
    if isinstance(value, str):
        return quote(value) + " "
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e9:
        return f"{value} " if value == value else ""  # NaN is not shown
    return ""
