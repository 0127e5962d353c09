"""Load every questionnaire, validate it with ``scoring``, and check what only the site can check:
unique codes and ids across files, the version record, and that every link names a real page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scoring import Catalog, Problem, Questionnaire, QuestionnaireError, check_history
from scoring._source import locate, load_history, read

HISTORY = "versions.json"


@dataclass(frozen=True)
class Loaded:
    catalog: Catalog
    sources: dict[str, Path]  # questionnaire id -> file
    lines: dict[str, dict[str, int]]  # questionnaire id -> field path -> line

    def links(self):
        """Every ``(questionnaire, field path, link)`` that must resolve to a page (and anchor)."""
        for q in self.catalog.questionnaires.values():
            for i, s in enumerate(q.statements):
                yield q, f"statements[{i}].learn_more", s.learn_more
            for i, r in enumerate(q.recommendations):
                yield q, f"recommendations[{i}].link", r.link

    def error(self, q: Questionnaire, problems: list[Problem]) -> QuestionnaireError:
        return QuestionnaireError(str(self.sources[q.id]), locate(problems, self.lines[q.id]))


def _shown(path: Path) -> Path:
    """The path as an author would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


class SiteError(Exception):
    """One or more questionnaire files are wrong; the message lists every problem in every file."""


def load_all(folder: Path, page_exists) -> Loaded:
    files = sorted(_shown(p) for p in folder.glob("*.yml"))
    if not files:
        raise SiteError(f"{folder}: no questionnaires (*.yml) found")
    errors: list[QuestionnaireError] = []
    questionnaires, sources, lines = [], {}, {}
    for path in files:
        try:
            data, where = read(path)
        except QuestionnaireError as error:
            errors.append(error)
            continue
        try:
            q = Questionnaire.from_dict(data)
        except QuestionnaireError as error:
            errors.append(QuestionnaireError(str(path), locate(error.problems, where)))
            continue
        if path.stem != q.id:
            errors.append(QuestionnaireError(str(path), locate([Problem("id", f"must equal the file name {path.stem!r}")], where)))
            continue
        questionnaires.append(q)
        sources[q.id] = path
        lines[q.id] = where
    loaded = Loaded(Catalog.of(questionnaires, load_history(folder / HISTORY)), sources, lines)
    problems: dict[str, list[Problem]] = {q.id: [] for q in questionnaires}
    codes: dict[int, str] = {}
    owners: dict[str, str] = {}
    for q in questionnaires:
        if q.code in codes:
            problems[q.id].append(Problem("code", f"code {q.code} is already used by {codes[q.code]}"))
        codes.setdefault(q.code, q.id)
        items = [(f"statements[{i}].id", s.id) for i, s in enumerate(q.statements)]
        items += [(f"recommendations[{i}].id", r.id) for i, r in enumerate(q.recommendations)]
        for path, item in items:
            if owners.get(item, q.id) != q.id:
                problems[q.id].append(Problem(path, f"id {item!r} is already used in {owners[item]}"))
            owners.setdefault(item, q.id)
        problems[q.id] += check_history(q, loaded.catalog.history)
    for q, path, link in loaded.links():
        page = link.partition("#")[0]
        if not page_exists(page):
            problems[q.id].append(Problem(path, f"links to {page!r}, which is not a page in docs/"))
    errors += [loaded.error(q, problems[q.id]) for q in questionnaires if problems[q.id]]
    if errors:
        raise SiteError("\n".join(str(e) for e in errors))
    return loaded
