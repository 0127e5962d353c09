"""The comparison (benchmark): the files ``python -m scoring benchmark`` wrote to ``benchmark/`` at the project's
root, checked field by field with ``scoring``'s own rules (``scoring._comparison.problems``) before the build
publishes them. No folder, or no ``*.json`` in it: no comparison, and the result page says none is available yet.
"""

from __future__ import annotations

import json

from scoring import _comparison

TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathlib import Path

    from scoring import Catalog

FOLDER = "benchmark"
#: The page that explains the comparison (a docs path).
PAGE = _comparison.PAGE


class BenchmarkError(ValueError):
    """Every problem in the benchmark files, one line each, naming file and field."""


def load_all(folder: Path, catalog: Catalog) -> dict[str, dict]:
    """``{questionnaire id: benchmark}`` for every ``*.json`` in ``folder`` (``{}`` without one)."""
    found: dict[str, dict] = {}
    lines: list[str] = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        shown = f"{FOLDER}/{path.name}"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            lines.append(f"{shown}: geen UTF-8-tekst")
            continue
        except ValueError as error:
            lines.append(f"{shown}:{getattr(error, 'lineno', '?')}: geen geldige JSON ({getattr(error, 'msg', error)})")
            continue
        problems = _comparison.problems(data, catalog)
        if not problems and data["questionnaire"] != path.stem:
            problems.append(_comparison.Problem("questionnaire", f"hoort in {data['questionnaire']}.json, niet in "
                                                                 f"{path.name}"))
        lines += [p.located(shown) for p in problems]
        if not problems:
            found[data["questionnaire"]] = data
    if lines:
        raise BenchmarkError("Benchmark files (benchmark/):\n  " + "\n  ".join(lines))
    return found
