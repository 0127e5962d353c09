"""Answer once: a statement that several questionnaires ask (``- shared: <id>`` in their files) has one answer.

Each questionnaire keeps its own entry (one key per questionnaire in the browser), and every entry records when
each answer last changed (``changed``). ``newest(catalog, q, entry, others)`` brings the answers ``entry`` shares
with the other questionnaires' entries up to the newest of them: the answer given (or cleared) last, in
whichever questionnaire, counts in each. The op ``save`` applies it when a page opens or saves (so the form shows
the shared answer), the op ``overview`` when it counts and scores every questionnaire.
"""

from __future__ import annotations

from ._errors import LinkError
from ._saved import read_entry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Final

    from ._catalog import Catalog
    from ._model import Questionnaire
    from ._saved import Entry

_NEVER: Final = ""  # sorts before every moment: an answer without a date loses to one with a date


def notice(taken: int) -> str:
    """What the reader hears when answers came from another questionnaire."""
    if not taken:
        return ""
    what = "1 antwoord" if taken == 1 else f"{taken} antwoorden"
    return f"{what} overgenomen uit een andere vragenlijst die dezelfde stelling stelt."


def shared(q: Questionnaire, other: Questionnaire) -> set[str]:
    """The statements ``q`` and ``other`` both ask because one of them (or both) asks it with ``shared:``."""
    mine, theirs = {s.id: s.owner for s in q.statements}, {s.id: s.owner for s in other.statements}
    return {sid for sid in mine.keys() & theirs.keys() if mine[sid] or theirs[sid]}


def newest(catalog: Catalog, q: Questionnaire, entry: Entry, others: Mapping[str, object] | None) -> int:
    """Take into ``entry`` (of ``q``'s current version) each shared answer that another questionnaire's entry in
    ``others`` ({questionnaire id: entry as stored}) changed later; how many answers that changed. An unreadable
    entry, or one of an older version (its statements may differ), is left out."""
    if not others or entry.version != q.version:
        return 0
    taken = 0
    for other in catalog.ordered():
        raw = others.get(other.id)
        ids = shared(q, other)
        if other.id == q.id or not ids or not isinstance(raw, dict):
            continue
        try:
            theirs = read_entry(catalog, other, raw)
        except LinkError:
            continue
        if theirs.version != other.version:
            continue
        for sid in sorted(ids):
            when = theirs.changed.get(sid, _NEVER)
            unset = sid not in entry.answers and sid not in entry.changed
            if when <= entry.changed.get(sid, _NEVER) and not (unset and sid in theirs.answers):
                continue
            before = entry.answers.get(sid)
            if sid in theirs.answers:
                entry.answers[sid] = theirs.answers[sid]
            else:
                entry.answers.pop(sid, None)
            if when:
                entry.changed[sid] = when
            taken += entry.answers.get(sid) != before
    return taken
