"""The schema of a template source (``sjablonen/README.md``): every problem in one source's data at once,
each with its field path, and formulas checked for what Excel would only show as #NAME? or #REF!."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from scoring import Problem

from .template import FORMATS, KINDS, PAPER, usable_cm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FIELDS = {"title", "file", "description", "date", "practice", "recommendations", "page", "content", "sheets"}
BLOCKS = {"title", "heading", "subheading", "paragraph", "bullets", "numbered", "table"}
_STEM = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CELL = re.compile(r"\$?[A-Za-z]{1,3}\$?\d+")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"(?<![\w$!.])([A-Za-z_][A-Za-z0-9_]*)(?![\w$(!.])")
_SHEET_REF = re.compile(r"(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!")


def check(data: Any, stem: str) -> list[Problem]:
    """Every problem in one source's data (``stem`` is its file name without ``.yml``)."""
    if not isinstance(data, dict):
        return [Problem("", "must be a mapping of fields (title, file, description, ...)")]
    p: list[Problem] = []
    for key in data:
        if key not in FIELDS:
            p.append(Problem(str(key), f"unknown field; expected one of {', '.join(sorted(FIELDS))}"))
    for key in ("title", "description", "practice"):
        if _text(data, key, p) and key != "practice" and len(" ".join(data[key].split())) > 255:
            p.append(Problem(key, f"has {len(' '.join(data[key].split()))} characters; a document property holds "
                                  "at most 255"))
    if not isinstance(data.get("date"), dt.date):
        p.append(Problem("date", "must be a date such as 2026-12-01 (it goes into the document properties)"))
    if isinstance(data.get("practice"), str) and not re.fullmatch(r"[\w/-]+\.md", data["practice"]):
        p.append(Problem("practice", "must be a page in docs/, such as praktijken/ketenkaart.md"))
    recs = data.get("recommendations", [])
    if not isinstance(recs, list) or not all(isinstance(r, str) for r in recs):
        p.append(Problem("recommendations", "must be a list of recommendation ids, such as [dm-r01]"))
    file = data.get("file")
    suffix = Path(file).suffix if isinstance(file, str) else ""
    if file not in (f"{stem}.docx", f"{stem}.xlsx"):
        p.append(Problem("file", f"must be {stem}.docx or {stem}.xlsx (the name of this source), not {file!r}"))
        if suffix not in KINDS:
            return p
    if not _STEM.fullmatch(stem):
        p.append(Problem("file", f"{stem!r}: use lowercase letters, digits and dashes"))
    page = data.get("page", {})
    if not isinstance(page, dict) or set(page) - {"size", "orientation"}:
        p.append(Problem("page", "must be a mapping with size (A4, A3) and orientation (portrait, landscape)"))
    else:
        if not _one_of(page.get("size", "A4"), PAPER):
            p.append(Problem("page.size", f"must be A4 or A3, not {page['size']!r}"))
        if not _one_of(page.get("orientation", "portrait"), ("portrait", "landscape")):
            p.append(Problem("page.orientation", f"must be portrait or landscape, not {page['orientation']!r}"))
    if suffix == ".docx":
        if "sheets" in data:
            p.append(Problem("sheets", "a Word template has content, not sheets"))
        size = page.get("size", "A4") if isinstance(page, dict) else "A4"
        landscape = isinstance(page, dict) and page.get("orientation") == "landscape"
        p += _check_content(data.get("content"), usable_cm(PAPER.get(size, PAPER["A4"]), landscape))
    else:
        if "content" in data:
            p.append(Problem("content", "an Excel template has sheets, not content"))
        p += _check_sheets(data.get("sheets"))
    return p


def _text(data: dict[str, Any], key: str, p: list[Problem], path: str | None = None) -> bool:
    value = data.get(key)
    if isinstance(value, str) and value.strip():
        return True
    p.append(Problem(path or key, "is required" if value is None else f"must be text, not {value!r}"))
    return False


def _one_of(value: Any, options) -> bool:
    return isinstance(value, str) and value in options


def _cell_ok(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool)


def _check_content(content: Any, usable: float) -> list[Problem]:
    if not isinstance(content, list) or not content:
        return [Problem("content", "must be a list of blocks (title, heading, paragraph, bullets, table, ...)")]
    p: list[Problem] = []
    for i, block in enumerate(content):
        at = f"content[{i}]"
        if not isinstance(block, dict) or len(block) != 1 or next(iter(block)) not in BLOCKS:
            p.append(Problem(at, f"must be one of {', '.join(sorted(BLOCKS))}, each with its text"))
            continue
        kind, value = next(iter(block.items()))
        at = f"{at}.{kind}"
        if kind in ("bullets", "numbered"):
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                p.append(Problem(at, "must be a list of lines of text"))
        elif kind == "table":
            p += _check_word_table(value, at, usable)
        elif not isinstance(value, str) or not value.strip():
            p.append(Problem(at, "must be text"))
    return p


def _check_word_table(table: Any, at: str, usable: float) -> list[Problem]:
    if not isinstance(table, dict):
        return [Problem(at, "must be a mapping with columns and rows")]
    p: list[Problem] = []
    for key in set(table) - {"columns", "rows", "widths", "blank_rows", "height"}:
        p.append(Problem(f"{at}.{key}", "unknown field; expected columns, rows, widths, blank_rows or height"))
    columns = table.get("columns")
    if not isinstance(columns, list) or not columns or not all(isinstance(c, str) for c in columns):
        return [*p, Problem(f"{at}.columns", "must be a list of column headings")]
    widths = table.get("widths")
    if widths is not None and (not isinstance(widths, list) or len(widths) != len(columns)
                               or not all(isinstance(w, (int, float)) and w > 0 for w in widths)):
        p.append(Problem(f"{at}.widths", f"must be {len(columns)} widths in centimetres, one per column"))
    elif widths is not None and sum(widths) > usable + 0.05:
        p.append(Problem(f"{at}.widths",
                         f"add up to {sum(widths):g} cm; the page is {usable:g} cm wide between the margins"))
    rows = table.get("rows", [])
    if not isinstance(rows, list):
        p.append(Problem(f"{at}.rows", "must be a list of rows"))
        rows = []
    for r, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(columns) or not all(_cell_ok(c) for c in row):
            p.append(Problem(f"{at}.rows[{r}]", f"must be a list of {len(columns)} cells (text or a number)"))
    p += _whole(table, "blank_rows", at, 0, 50) + _number(table, "height", at)
    return p


def _whole(data: dict[str, Any], key: str, at: str, low: int, high: int) -> list[Problem]:
    value = data.get(key, low)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return [Problem(f"{at}.{key}", f"must be a whole number from {low} to {high}, not {value!r}")]
    return []


def _number(data: dict[str, Any], key: str, at: str) -> list[Problem]:
    value = data.get(key, 1)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return [Problem(f"{at}.{key}", f"must be a positive number, not {value!r}")]
    return []


def _check_sheets(sheets: Any) -> list[Problem]:
    if not isinstance(sheets, list) or not sheets:
        return [Problem("sheets", "must be a list of sheets, each with a name and text, values or columns")]
    p: list[Problem] = []
    if not (isinstance(sheets[0], dict) and "text" in sheets[0]):
        p.append(Problem("sheets[0]",
                         "must be a `text` sheet: the explanation, under which the build states the licence"))
    names: dict[str, str] = {}  # defined name -> where
    formulas: list[tuple[str, str, bool]] = []  # (field path, formula, per row)
    sheet_names: set[str] = set()
    for i, sheet in enumerate(sheets):
        at = f"sheets[{i}]"
        if not isinstance(sheet, dict):
            p.append(Problem(at, "must be a mapping with a name and text, values or columns"))
            continue
        name = sheet.get("name")
        if not isinstance(name, str) or not 0 < len(name) <= 31 or re.search(r"[\[\]:*?/\\]", name):
            p.append(Problem(f"{at}.name", "must be a sheet name of 1 to 31 characters without [ ] : * ? / \\"))
        elif name in sheet_names:
            p.append(Problem(f"{at}.name", f"sheet {name!r} already exists"))
        sheet_names.add(name if isinstance(name, str) else "")
        kinds = [k for k in ("text", "values", "columns") if k in sheet]
        if len(kinds) != 1:
            p.append(Problem(at, "must have exactly one of text, values or columns"))
            continue
        extra = set(sheet) - {"name", kinds[0], *({"rows", "blank_rows"} if kinds[0] == "columns" else ())}
        p += [Problem(f"{at}.{key}", "unknown field") for key in sorted(extra)]
        if kinds[0] == "text":
            if not isinstance(sheet["text"], list) or not all(isinstance(t, str) for t in sheet["text"]):
                p.append(Problem(f"{at}.text", "must be a list of paragraphs"))
        elif kinds[0] == "values":
            p += _check_values(sheet["values"], f"{at}.values", names, formulas)
        else:
            p += _check_table(sheet, at, names, formulas)
    for path, formula, per_row in formulas:
        p += _check_formula(formula, path, per_row, names, sheet_names)
    return p


def _define(name: Any, at: str, names: dict[str, str]) -> list[Problem]:
    if name is None:
        return []
    if (not isinstance(name, str) or not _NAME.fullmatch(name) or _CELL.fullmatch(name)
            or name.upper() in ("TRUE", "FALSE")):
        return [Problem(at, f"{name!r} is not a usable name: letters, digits and _, not like a cell such as B2")]
    if name in names:
        return [Problem(at, f"name {name!r} is already defined at {names[name]}")]
    names[name] = at
    return []


def _check_values(values: Any, at: str, names: dict[str, str], formulas: list) -> list[Problem]:
    if not isinstance(values, list) or not values:
        return [Problem(at, "must be a list of {label, value} rows")]
    p: list[Problem] = []
    for i, row in enumerate(values):
        here = f"{at}[{i}]"
        if not isinstance(row, dict):
            p.append(Problem(here, "must be a mapping with label and value"))
            continue
        p += [Problem(f"{here}.{k}", "unknown field")
              for k in sorted(set(row) - {"label", "value", "format", "name", "note"})]
        _text(row, "label", p, f"{here}.label")
        if not _cell_ok(row.get("value")):
            p.append(Problem(f"{here}.value", "must be a number, text, a date or a formula"))
        elif isinstance(row.get("value"), str) and row["value"].startswith("="):
            formulas.append((f"{here}.value", row["value"], False))
        if "format" in row and not _one_of(row["format"], FORMATS):
            p.append(Problem(f"{here}.format", f"must be one of {', '.join(FORMATS)}"))
        if "note" in row and not isinstance(row["note"], str):
            p.append(Problem(f"{here}.note", "must be text"))
        p += _define(row.get("name"), f"{here}.name", names)
    return p


def _check_table(sheet: dict[str, Any], at: str, names: dict[str, str], formulas: list) -> list[Problem]:
    columns = sheet["columns"]
    if not isinstance(columns, list) or not columns or len(columns) > 26:
        return [Problem(f"{at}.columns", "must be a list of 1 to 26 columns, each with a title")]
    p: list[Problem] = []
    computed = set()
    for c, column in enumerate(columns):
        here = f"{at}.columns[{c}]"
        if not isinstance(column, dict):
            p.append(Problem(here, "must be a mapping with a title"))
            continue
        allowed = {"title", "width", "format", "formula", "choices", "name", "colors"}
        p += [Problem(f"{here}.{k}", "unknown field") for k in sorted(set(column) - allowed)]
        _text(column, "title", p, f"{here}.title")
        if "width" in column:
            p += _number(column, "width", here)
        if "format" in column and not _one_of(column["format"], FORMATS):
            p.append(Problem(f"{here}.format", f"must be one of {', '.join(FORMATS)}"))
        if "formula" in column:
            computed.add(c)
            if not isinstance(column["formula"], str) or not column["formula"].startswith("="):
                p.append(Problem(f"{here}.formula", "must be a formula starting with ="))
            else:
                formulas.append((f"{here}.formula", column["formula"], True))
        choices = column.get("choices")
        if isinstance(choices, str) and choices.startswith("="):  # a drop-down of the cells a name defines
            if _NAME.fullmatch(choices[1:]):
                formulas.append((f"{here}.choices", choices, False))
            else:
                p.append(Problem(f"{here}.choices", f"{choices!r}: write `=` and one name, such as =Indicatoren"))
        elif choices is not None and (not isinstance(choices, list) or not choices or
                                      not all(isinstance(x, (str, int)) and not re.search(r'[,"]', str(x))
                                              for x in choices)
                                      or len(",".join(map(str, choices))) > 250):
            p.append(Problem(f"{here}.choices", "must be a short list of values without commas or quotes, "
                                                "or `=` and a name (a drop-down of the cells it names)"))
        colors = column.get("colors")
        if colors is not None and (not isinstance(colors, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and re.fullmatch(r"[0-9A-Fa-f]{6}", v)
                for k, v in colors.items())):
            p.append(Problem(f"{here}.colors", "must map a cell value to a colour such as C6EFCE"))
        p += _define(column.get("name"), f"{here}.name", names)
    rows = sheet.get("rows", [])
    if not isinstance(rows, list):
        return [*p, Problem(f"{at}.rows", "must be a list of rows")]
    for r, row in enumerate(rows):
        here = f"{at}.rows[{r}]"
        if not isinstance(row, list) or len(row) > len(columns):
            p.append(Problem(here, f"must be a list of at most {len(columns)} cells"))
            continue
        for c, cell in enumerate(row):
            if not _cell_ok(cell):
                p.append(Problem(f"{here}[{c}]", "must be a number, text, a date or a formula"))
            elif c in computed and cell is not None:
                p.append(Problem(f"{here}[{c}]", "this column has a formula; leave the cell empty (~)"))
            elif isinstance(cell, str) and cell.startswith("="):
                formulas.append((f"{here}[{c}]", cell, True))
    p += _whole(sheet, "blank_rows", at, 0, 500)
    if not rows and not sheet.get("blank_rows"):
        p.append(Problem(f"{at}.rows", "a table needs rows or blank_rows"))
    return p


def _check_formula(formula: str, at: str, per_row: bool, names: dict[str, str], sheets: set[str]) -> list[Problem]:
    """Catch what Excel would only show as #NAME? or #REF!: unknown names, sheets and placeholders."""
    allowed = {"r", "first", "last"} if per_row else set()
    use = ", ".join(f"{{{a}}}" for a in sorted(allowed)) or "none here"
    p = [Problem(at, f"unknown placeholder {{{key}}}; use {use}")
         for key in _PLACEHOLDER.findall(formula) if key not in allowed]
    bare = re.sub(r'"[^"]*"', '""', _PLACEHOLDER.sub("2", formula))
    for quoted, plain in _SHEET_REF.findall(bare):
        sheet = quoted.replace("''", "'") if quoted else plain
        if sheet not in sheets:
            p.append(Problem(at, f"refers to sheet {sheet!r}, which this template does not have"))
    bare = _SHEET_REF.sub("", bare)
    for word in _IDENTIFIER.findall(bare):
        if not _CELL.fullmatch(word) and word.upper() not in ("TRUE", "FALSE") and word not in names:
            p.append(Problem(at, f"unknown name {word!r}; define it with `name:` on a value or column"))
    if bare.count("(") != bare.count(")"):
        p.append(Problem(at, "has unbalanced parentheses"))
    return p
