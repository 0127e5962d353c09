"""All questionnaires of the site with the record of every published version's statements.

Statement ids are stable forever. Answers given (or links made) for an earlier version are mapped
onto the current one; a statement that was removed is reported, never silently dropped. A statement whose
meaning changed got a new id; the record names what replaced it (``"replaced"``), so the reader hears
which new statements to answer instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._errors import LinkError, Problem
from ._model import Questionnaire

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

#: ``{questionnaire id: {"code": int, "versions": {"1": [statement ids in order], ...},
#: "recommendations": [ids], "replaced": {old statement id: [the statement ids that replaced it]}}}``
#: (``"replaced"`` is optional and written by hand when a statement gets a new id).
History = dict


@dataclass(frozen=True)
class Migrated:
    """Answers mapped onto the current version, and what the reader should be told about it."""

    answers: dict[str, Any]
    from_version: int
    #: Answered statements that are no longer asked (the replaced ones among them).
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    #: The removed statements that were replaced: ``((old id, (current ids that replace it, ...)), ...)``.
    replaced: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)

    def notice(self, current: int) -> str:
        """What the reader is told when answers of an older version are carried onto version ``current``:
        which statements were replaced (and by which), which fell away, which are new; "" for the same version."""
        if self.from_version == current:
            return ""
        replaced = dict(self.replaced)
        notice = f"Deze antwoorden zijn gegeven bij versie {self.from_version}; de vragenlijst is nu versie {current}."
        if replaced:
            named = ", ".join(f"{old} door {' en '.join(new)}" for old, new in replaced.items())
            notice += (f" Vervangen stellingen: {named} (je antwoorden op de oude stellingen tellen niet meer mee; "
                       "beantwoord de nieuwe).")
        gone = [sid for sid in self.removed if sid not in replaced]
        if gone:
            notice += f" Vervallen stellingen: {', '.join(gone)} (die antwoorden tellen niet meer mee)."
        named_new = {sid for new in replaced.values() for sid in new}
        fresh = [sid for sid in self.added if sid not in named_new]
        if fresh:
            notice += f" {'Andere nieuwe' if replaced else 'Nieuwe'} stellingen: {', '.join(fresh)}."
        return notice

    def to_dict(self, current: int) -> dict[str, Any]:
        """The migration as the page reads it (ops ``migrate``, ``decode`` and ``import``)."""
        return {"answers": self.answers, "version": current, "from_version": self.from_version,
                "removed": list(self.removed), "added": list(self.added),
                "replaced": {old: list(new) for old, new in self.replaced}, "notice": self.notice(current)}


@dataclass
class Catalog:
    questionnaires: dict[str, Questionnaire]
    history: History = field(default_factory=dict)

    @classmethod
    def of(cls, questionnaires: Iterable[Questionnaire], history: History) -> Catalog:
        return cls({q.id: q for q in questionnaires}, history)

    def ordered(self) -> list[Questionnaire]:
        """The questionnaires in the order readers see them (by code: the three roles first)."""
        return sorted(self.questionnaires.values(), key=lambda q: q.code)

    def get(self, questionnaire_id: str) -> Questionnaire:
        try:
            return self.questionnaires[questionnaire_id]
        except KeyError:
            raise LinkError(f"Deze site kent geen vragenlijst '{questionnaire_id}'.") from None

    def by_code(self, code: int) -> Questionnaire:
        for q in self.questionnaires.values():
            if q.code == code:
                return q
        raise LinkError("De link bevat antwoorden voor een vragenlijst die deze site niet (meer) kent.")

    def statement_ids(self, questionnaire: Questionnaire, version: int) -> list[str]:
        """The statement ids of a published version, in their order then."""
        if version == questionnaire.version:
            return [s.id for s in questionnaire.statements]
        versions = self.history.get(questionnaire.id, {}).get("versions", {})
        if str(version) not in versions:
            raise LinkError(
                f"Deze antwoorden horen bij versie {version} van '{questionnaire.title}'; "
                f"die versie kent deze site niet."
            )
        return list(versions[str(version)])

    def migrate(self, questionnaire: Questionnaire, version: int, answers: Mapping[str, Any]) -> Migrated:
        """Map answers given for ``version`` onto the current version of the questionnaire."""
        old = self.statement_ids(questionnaire, version)
        current = [s.id for s in questionnaire.statements]
        kept = {sid: value for sid, value in answers.items() if sid in current and value is not None}
        removed = tuple(sid for sid in old if sid not in current and answers.get(sid) is not None)
        added = tuple(sid for sid in current if sid not in old) if version != questionnaire.version else ()
        replaced = tuple((sid, new) for sid in removed if (new := self.replacements(questionnaire, sid)))
        return Migrated(kept, version, removed, added, replaced)

    def replacements(self, questionnaire: Questionnaire, statement_id: str) -> tuple[str, ...]:
        """The current statements that replace a retired one, following replacements of replacements."""
        record = self.history.get(questionnaire.id, {}).get("replaced", {})
        current = {s.id for s in questionnaire.statements}
        found: list[str] = []
        seen = {statement_id}
        todo = list(record.get(statement_id, ()))
        while todo:
            sid = todo.pop(0)
            if sid in seen:
                continue
            seen.add(sid)
            if sid in current:
                found.append(sid)
            else:
                todo += record.get(sid, ())
        return tuple(s.id for s in questionnaire.statements if s.id in found)  # in the order they are asked


def check_history(questionnaire: Questionnaire, history: History) -> list[Problem]:
    """Problems with the version record: an unrecorded version, or statements changed without a bump."""
    record = history.get(questionnaire.id)
    ids = [s.id for s in questionnaire.statements]
    if record is None or str(questionnaire.version) not in record.get("versions", {}):
        return [Problem("version", f"version {questionnaire.version} is not recorded in the version history; "
                        "run `python -m scoring record` to record it")]
    problems = []
    if record.get("code") != questionnaire.code:
        problems.append(Problem("code", f"the code of a published questionnaire never changes "
                                f"(recorded: {record.get('code')}, now: {questionnaire.code})"))
    unrecorded = [r.id for r in questionnaire.recommendations if r.id not in record.get("recommendations", [])]
    if unrecorded:
        problems.append(Problem("recommendations", f"new recommendation ids {', '.join(unrecorded)} are not recorded "
                                "(their anchors must stay stable once published): run `python -m scoring record`"))
    published = {sid for version in record["versions"].values() for sid in version}
    replaced = record.get("replaced", {})
    if not isinstance(replaced, dict) or not all(isinstance(v, list) and v for v in replaced.values()):
        problems.append(Problem("replaced",
                                "the record's `replaced` must map a statement id to a non-empty list of ids"))
    else:
        wrong = [old for old, new in replaced.items()
                 if old not in published or old in ids or any(sid not in published for sid in new)]
        if wrong:
            problems.append(Problem("replaced", (
                f"replaced statements {', '.join(wrong)}: each must be a retired statement of a published version, "
                "replaced by statements of a published version")))
    recorded = record["versions"][str(questionnaire.version)]
    if recorded != ids:
        problems.append(Problem("statements", (
            f"the statements differ from those recorded for version {questionnaire.version} "
            f"(added: {', '.join(s for s in ids if s not in recorded) or '-'}; "
            f"removed: {', '.join(s for s in recorded if s not in ids) or '-'}; or reordered): "
            f"raise `version` and run `python -m scoring record`")))
    return problems


def record(questionnaire: Questionnaire, history: History) -> bool:
    """Add the current version and any new recommendation ids to the history; say whether it changed."""
    entry = history.setdefault(questionnaire.id, {"code": questionnaire.code, "versions": {}})
    key = str(questionnaire.version)
    before = (dict(entry["versions"]), list(entry.get("recommendations", [])))
    entry["versions"].setdefault(key, [s.id for s in questionnaire.statements])
    published = entry.get("recommendations", [])
    entry["recommendations"] = published + [r.id for r in questionnaire.recommendations if r.id not in published]
    return before != (entry["versions"], entry["recommendations"])


def retired(questionnaire: Questionnaire, history: History) -> list[str]:
    """Ids published in an earlier version that the current version no longer has (their anchors stay)."""
    entry = history.get(questionnaire.id, {})
    current = {s.id for s in questionnaire.statements} | {r.id for r in questionnaire.recommendations}
    ids = [sid for version in entry.get("versions", {}).values() for sid in version]
    ids += entry.get("recommendations", [])
    return [i for i in dict.fromkeys(ids) if i not in current]
