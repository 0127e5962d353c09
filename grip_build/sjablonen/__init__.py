"""Templates (sjablonen): Word and Excel files generated at build time from YAML sources.

Each ``sjablonen/<stem>.yml`` becomes ``sjablonen/<stem>.docx`` or ``.xlsx`` in the site, so a download
never drifts from its source. ``load_all`` reads and checks every source (every problem at once, each
with file, line and field), ``generate`` turns them into bytes that are the same on every build, and
``suggestions`` says which recommendation offers which download. The format is in ``sjablonen/README.md``.

The modules: ``schema`` checks a source, ``word`` and ``excel`` write the files, ``template`` holds the
checked source and what both writers share (paper, number formats, the licence, fixed archives).
"""

from __future__ import annotations

from pathlib import Path

from scoring import Problem, QuestionnaireError
from scoring._source import locate, read

from . import excel, word
from .schema import check
from .template import FOLDER, LICENCE, LICENCE_URL, ZIP_EPOCH, Template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from typing import Any

__all__ = ["FOLDER", "LICENCE", "LICENCE_URL", "ZIP_EPOCH", "Template", "TemplateError", "check", "generate",
           "load_all", "suggestions"]


class TemplateError(ValueError):
    """Every problem in every template source, one per line: ``file:line: field: message``."""

    def __init__(self, problems: list[tuple[str, Problem]]):
        self.problems = problems
        super().__init__("\n".join(p.located(source) for source, p in problems))


def load_all(folder: Path, page: Callable[[str], str | None], recommendations: Collection[str]) -> list[Template]:
    """Read and check every ``*.yml`` in ``folder`` (none, or no folder: no templates).

    ``page(path)`` returns the Markdown of a page in ``docs/`` or ``None`` when there is none;
    ``recommendations`` are the ids a template may name.
    """
    templates: list[Template] = []
    problems: list[tuple[str, Problem]] = []
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        source = f"{FOLDER}/{path.name}"
        try:
            data, lines = read(path)
        except QuestionnaireError as error:
            problems += [(source, p) for p in error.problems]
            continue
        found = check(data, path.stem)
        found += _site_problems(data, path.stem, page, recommendations) if isinstance(data, dict) else []
        if not found:
            templates.append(_template(source, data))
        problems += [(source, p) for p in locate(found, lines)]
    if problems:
        raise TemplateError(problems)
    return templates


def _site_problems(data: dict[str, Any], stem: str, page: Callable[[str], str | None],
                   recommendations: Collection[str]) -> list[Problem]:
    """What only the site can check: the practice page exists and links the download; the ids exist."""
    problems = []
    practice, file = data.get("practice"), data.get("file")
    text = page(practice) if isinstance(practice, str) else ""
    if text is None:
        problems.append(Problem("practice", f"links to {practice!r}, which is not a page in docs/"))
    elif file in (f"{stem}.docx", f"{stem}.xlsx") and text and f"{FOLDER}/{file})" not in text:
        problems.append(Problem("practice", f"{practice} has no download link to ../{FOLDER}/{file}; add one"))
    recs = data.get("recommendations")
    for i, rid in enumerate(recs if isinstance(recs, list) else []):
        if isinstance(rid, str) and rid not in recommendations:
            problems.append(Problem(f"recommendations[{i}]", f"unknown recommendation {rid!r}"))
    return problems


def _template(source: str, data: dict[str, Any]) -> Template:
    page = data.get("page") or {}
    body = data.get("content") if Path(data["file"]).suffix == ".docx" else data.get("sheets")
    return Template(source, data["title"].strip(), data["file"], " ".join(data["description"].split()),
                    data["date"], data["practice"], tuple(data.get("recommendations") or ()),
                    page.get("size", "A4"), page.get("orientation", "portrait") == "landscape", tuple(body))


def generate(templates: list[Template], site_name: str) -> dict[str, bytes]:
    """``{site path: bytes}`` for every template; the same sources always give the same bytes."""
    return {t.url: (word.write if t.kind == "Word" else excel.write)(t, site_name) for t in templates}


def suggestions(templates: list[Template]) -> dict[str, list[dict[str, str]]]:
    """``{recommendation id: [{title, url}]}``: the downloads a recommendation offers in the result."""
    out: dict[str, list[dict[str, str]]] = {}
    for t in templates:
        for rid in t.recommendations:
            out.setdefault(rid, []).append({"title": t.title, "url": t.url})
    return dict(sorted(out.items()))
