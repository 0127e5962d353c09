"""All questionnaires of the site with the record of every published version's statements.

Statement ids are stable forever. Answers given (or links made) for an earlier version are mapped
onto the current one; a statement that was removed is reported, never silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._errors import LinkError, Problem
from ._model import Questionnaire

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any

#: ``{questionnaire id: {"code": int, "versions": {"1": [statement ids in order], ...}}}``
History = dict


@dataclass(frozen=True)
class Migrated:
    """Answers mapped onto the current version, and what the reader should be told about it."""

    answers: dict[str, Any]
    from_version: int
    removed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)


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
        return Migrated(kept, version, removed, added)


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
