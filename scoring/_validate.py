"""One validator for a folder of questionnaires, the same for the build and ``python -m scoring validate``.

It reports every problem in every file at once, in file order and line by line: what each file says on
its own (the checks of ``Questionnaire.from_dict``), that a file is named after its id, that codes and
statement and recommendation ids are unique across the files, the version record (``versions.json``)
and, when told which pages exist, that every ``learn_more`` and ``link`` names a real page. A field
with a problem of its own is not checked again across files, so one mistake gives one message.

Build time and CLI only: reading the files needs PyYAML (imported by ``_source`` when it reads).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ._catalog import Catalog, check_history
from ._errors import Problem, QuestionnaireError
from ._model import Questionnaire, Reader, shared_definitions
from ._source import load_history, locate
from ._source import read as read_yaml

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, Final

HISTORY: Final = "versions.json"
#: The checks of the version record need these fields sound (``""``: the file is not a mapping at all).
_HISTORY_NEEDS: Final = frozenset({"", "id", "version"})


@dataclass(frozen=True)
class Loaded:
    """A valid folder: the catalog, and per questionnaire id its file and the line of each field."""

    catalog: Catalog
    sources: dict[str, str]  # questionnaire id -> file, as an author would type it
    lines: dict[str, dict[str, int]]  # questionnaire id -> field path -> line

    def links(self) -> Iterator[tuple[Questionnaire, str, str]]:
        """Every ``(questionnaire, field path, link)`` that must resolve to a page (and anchor)."""
        for q in self.catalog.questionnaires.values():
            yield from _links(q)

    def error(self, q: Questionnaire, problems: list[Problem]) -> QuestionnaireError:
        """Problems found later (the build checks anchors) as an error naming the file and lines."""
        return QuestionnaireError(self.sources[q.id], locate(problems, self.lines[q.id]))


@dataclass
class FolderError(ValueError):
    """Every problem in every file of a questionnaire folder: one ``QuestionnaireError`` per file, in order."""

    errors: list[QuestionnaireError]

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

    def located(self) -> list[str]:
        """One line per problem: ``questionnaires/x.yml:LINE: field.path: message``."""
        return [p.located(e.source) for e in self.errors for p in e.problems]


def load_folder(folder: str | Path, page_exists: Callable[[str], bool] | None = None, *,
                read: Callable[[Path], tuple[Any, dict[str, int]]] = read_yaml) -> Loaded:
    """Read and check every ``*.yml`` of ``folder`` and its ``versions.json``; with ``page_exists`` (a
    docs-relative path such as ``praktijken/ketenkaart.md`` -> bool) also every link's page.
    Raise ``FolderError`` listing every problem in every file.

    ``read`` turns a file into plain data and the line of each field path (PyYAML's, by default)."""
    folder = Path(folder)
    errors: list[QuestionnaireError] = []
    history, problems = _history(folder / HISTORY)
    if problems:
        errors.append(QuestionnaireError(str(shown(folder / HISTORY)), problems))
    files = sorted(shown(p) for p in folder.glob("*.yml"))
    documents: list[tuple[Path, Any, dict[str, int]]] = []
    for path in files:
        try:
            documents.append((path, *read(path)))
        except QuestionnaireError as error:  # unreadable, invalid YAML or a duplicate key
            errors.append(error)
    # a file may ask a statement another file writes out (``shared:``): read them all before checking any
    checker = _Checker(history, page_exists, shared_definitions(data for _, data, _ in documents))
    for path, data, lines in documents:
        found = checker.file(str(path), data, lines)
        if found:
            errors.append(QuestionnaireError(str(path), locate(found, lines)))
    if not files:
        raise FolderError([QuestionnaireError(str(folder), [Problem("", "no questionnaires (*.yml) found")])])
    if errors:
        raise FolderError(sorted(errors, key=lambda e: e.source))
    return checker.loaded()


def pages_in(docs: str | Path) -> frozenset[str]:
    """The Markdown pages under ``docs`` as links name them (``praktijken/ketenkaart.md``), leaving out
    what MkDocs leaves out by default: hidden files and folders, and ``templates/``."""
    docs = Path(docs)
    found = (p.relative_to(docs) for p in docs.rglob("*.md") if p.is_file())
    return frozenset(p.as_posix() for p in found
                     if p.parts[0] != "templates" and not any(part.startswith(".") for part in p.parts))


class _Checker:
    """Checks file after file (in file order), remembering where each code and id was first used."""

    def __init__(self, history: dict[str, Any] | None, page_exists: Callable[[str], bool] | None,
                 shared: dict[str, tuple[str, Any]] | None = None) -> None:
        self.history = history  # None: the record could not be read (reported on its own)
        self.page_exists = page_exists
        self.shared = shared or {}  # statement id -> (questionnaire id, plain data), for ``shared:`` statements
        self.first: dict[tuple[str, Any], tuple[str, str]] = {}  # ("code", 3) or ("id", "dm-01") -> (file, where)
        self.valid: list[tuple[Questionnaire, str, dict[str, int]]] = []

    def file(self, source: str, data: Any, lines: dict[str, int]) -> list[Problem]:
        reader = Reader(self.shared)
        q = reader.questionnaire(data)
        problems = reader.problems
        if q is None:
            return problems
        problems += _owner_written(data)
        unsound = {p.path.partition(".")[0].partition("[")[0] for p in problems}  # top-level fields
        stem = Path(source).stem
        if "id" not in unsound and q.id != stem:
            problems.append(Problem("id", f"must equal the file name {stem!r}"))
        if "code" not in unsound:
            problems += self.claim(("code", q.code), f"code {q.code}", source, lines, "code")
        for path, item in _ids(q):
            problems += self.claim(("id", item), f"id {item!r}", source, lines, path)
        if self.page_exists is not None:
            for _, path, link in _links(q):
                page = link.partition("#")[0]
                if link and not self.page_exists(page):
                    problems.append(Problem(path, f"links to {page!r}, which is not a page in docs/"))
        if self.history is not None and not unsound & _HISTORY_NEEDS:
            problems += [p for p in check_history(q, self.history) if p.path not in unsound]
        if not problems:
            self.valid.append((q, source, lines))
        return problems

    def claim(self, key: tuple[str, Any], what: str, source: str, lines: dict[str, int], path: str) -> list[Problem]:
        """Unique across files: the first file to use ``key`` owns it (repeats in one file are from_dict's)."""
        owner = self.first.setdefault(key, (source, f"{source}:{lines[path]}" if path in lines else source))
        return [] if owner[0] == source else [Problem(path, f"{what} is already used at {owner[1]}")]

    def loaded(self) -> Loaded:
        catalog = Catalog.of((q for q, _, _ in self.valid), self.history or {})
        return Loaded(catalog, {q.id: s for q, s, _ in self.valid}, {q.id: lines for q, _, lines in self.valid})


def _history(path: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The version record, or ``None`` and why it cannot be used."""
    try:
        history = load_history(path)
    except OSError as error:
        return None, [Problem("", f"cannot read the version record: {error}")]
    except ValueError as error:  # json.JSONDecodeError, UnicodeDecodeError
        return None, [Problem("", f"invalid JSON: {getattr(error, 'msg', error)}", getattr(error, "lineno", None))]
    if not isinstance(history, dict):
        return None, [Problem("", "must map each questionnaire id to its record")]
    wrong = [qid for qid, entry in history.items()
             if not (isinstance(entry, dict) and isinstance(entry.get("versions"), dict)
                     and all(isinstance(ids, list) for ids in entry["versions"].values()))]
    problems = [Problem(qid, 'must be a record with "versions": {"1": [statement ids], ...}') for qid in wrong]
    return (None if problems else history), problems


def _owner_written(data: Any) -> list[Problem]:
    """``owner`` is what the build writes for a shared statement; in a file it would skip the check of the owner."""
    statements = data.get("statements") if isinstance(data, dict) else None
    return [Problem(f"statements[{i}].owner", "is filled in by the build: to ask a statement of another "
                    "questionnaire, write `shared: <its id>` with this questionnaire's theme")
            for i, item in enumerate(statements if isinstance(statements, list) else [])
            if isinstance(item, dict) and "owner" in item]


def _ids(q: Questionnaire) -> Iterator[tuple[str, str]]:
    """Every statement and recommendation id with its field path (ids that failed to read are empty); a
    statement asked from another questionnaire (``shared:``) is that questionnaire's id, not claimed here."""
    items = [(f"statements[{i}].id", s.id) for i, s in enumerate(q.statements) if not s.owner]
    items += [(f"recommendations[{i}].id", r.id) for i, r in enumerate(q.recommendations)]
    return ((path, item) for path, item in items if item)


def _links(q: Questionnaire) -> Iterator[tuple[Questionnaire, str, str]]:
    for i, s in enumerate(q.statements):
        if not s.owner:  # a shared statement's link is its owner's, checked there
            yield q, f"statements[{i}].learn_more", s.learn_more
    for i, r in enumerate(q.recommendations):
        yield q, f"recommendations[{i}].link", r.link


def shown(path: Path) -> Path:
    """The path as an author would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
