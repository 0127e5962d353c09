"""Read a questionnaire file with the line of every field, so each problem can say where it is.

This is the only module that needs PyYAML; it runs at build time and in the CLI, never in the browser.
"""

from __future__ import annotations

import json
from pathlib import Path

from ._errors import Problem, QuestionnaireError
from ._model import Questionnaire, shared_definitions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def load(path: str | Path) -> Questionnaire:
    """Load and validate one questionnaire file; raise ``QuestionnaireError`` with file and lines.

    A file that asks statements of other questionnaires (``shared:``) finds them in the other ``*.yml``
    files of its folder; one that cannot be read is left out (its own check reports it)."""
    data, lines = read(path)
    try:
        return Questionnaire.from_dict(data, _siblings(Path(path)) if _asks_shared(data) else None)
    except QuestionnaireError as error:
        raise QuestionnaireError(str(path), locate(error.problems, lines)) from None


def _asks_shared(data: Any) -> bool:
    statements = data.get("statements") if isinstance(data, dict) else None
    return isinstance(statements, list) and any(isinstance(s, dict) and "shared" in s for s in statements)


def _siblings(path: Path) -> dict[str, tuple[str, Any]]:
    documents = []
    for other in sorted(path.parent.glob("*.yml")):
        if other.resolve() == path.resolve():
            continue
        try:
            documents.append(read(other)[0])
        except QuestionnaireError:
            continue
    return shared_definitions(documents)


def read(path: str | Path) -> tuple[Any, dict[str, int]]:
    """Parse YAML (or JSON) into plain data and a map of field path to line number (1-based)."""
    import yaml  # build time only

    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireError(source, [Problem("", f"cannot read the file: {error}")]) from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        message = " ".join(str(getattr(error, "problem", None) or error).split())
        raise QuestionnaireError(source, [Problem("", f"invalid YAML: {message}", line)]) from None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _walk(node, "", lines, duplicates)
    if duplicates:
        raise QuestionnaireError(source, duplicates)
    return data, lines


def _walk(node: Any, path: str, lines: dict[str, int], problems: list[Problem]) -> None:
    lines[path] = node.start_mark.line + 1
    if node.tag.endswith(":map"):
        seen = set()
        for key, value in node.value:
            name = f"{path}.{key.value}" if path else str(key.value)
            if name in seen:
                problems.append(Problem(name, "duplicate key", key.start_mark.line + 1))
            seen.add(name)
            _walk(value, name, lines, problems)
            lines[name] = key.start_mark.line + 1
    elif node.tag.endswith(":seq"):
        for i, item in enumerate(node.value):
            _walk(item, f"{path}[{i}]", lines, problems)


def locate(problems: list[Problem], lines: dict[str, int]) -> list[Problem]:
    """Give each problem the line of its field (or of the nearest enclosing one), in file order."""
    located = []
    for p in problems:
        path = p.path
        while path not in lines and path:
            path = path[: max(path.rfind("."), path.rfind("["), 0)]
        located.append(Problem(p.path, p.message, p.line or lines.get(path)))
    return sorted(located, key=lambda p: p.line or 0)


def load_history(path: str | Path) -> dict[str, Any]:
    path = Path(path)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def save_history(path: str | Path, history: dict[str, Any]) -> None:
    text = json.dumps(history, indent=2, ensure_ascii=False, sort_keys=True)
    Path(path).write_text(text + "\n", encoding="utf-8")
