"""Shared by the scoring tests, in CPython and inside Pyodide (where PyYAML is absent and the
runner has put a JSON twin beside each YAML file)."""

from __future__ import annotations

import json
from pathlib import Path

from scoring import Questionnaire

DATA = Path(__file__).resolve().parent.parent / "data"


def has_yaml() -> bool:
    try:
        import yaml  # noqa: F401
    except ImportError:
        return False
    return True


def read_data(path: Path):
    if has_yaml():
        from scoring._source import read

        return read(path)[0]
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))


def load(name: str) -> Questionnaire:
    return Questionnaire.from_dict(read_data(DATA / "valid" / name))


def make(statements, *, recommendations=None, themes=("a", "b")) -> Questionnaire:
    """A questionnaire built in code for boundary tests: statements as (id, theme, weight, key)."""
    return Questionnaire.from_dict({
        "id": "t", "code": 9, "version": 1, "title": "T", "summary": "S", "minutes": 5, "intro": "I",
        "themes": [{"id": t, "title": t.upper()} for t in themes],
        "levels": {n: {"name": f"N{n}", "description": f"D{n}"} for n in range(1, 6)},
        "statements": [
            {"id": sid, "theme": theme, "text": sid, "help": "h", "learn_more": "index.md", "weight": w, "key": key}
            for sid, theme, w, key in statements
        ],
        "recommendations": recommendations or [
            {"id": "r-all", "title": "R", "text": "T", "link": "index.md", "when": [{"level_below": 5}]}
        ],
    })
