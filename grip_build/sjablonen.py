"""Templates (sjablonen): Word and Excel files generated at build time from YAML sources.

Each ``sjablonen/<stem>.yml`` becomes ``sjablonen/<stem>.docx`` or ``.xlsx`` in the site, so a download
never drifts from its source. ``load_all`` reads and checks every source (every problem at once, each
with file, line and field), ``generate`` turns them into bytes that are the same on every build, and
``suggestions`` says which recommendation offers which download. The format is in ``sjablonen/README.md``.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from scoring import Problem, QuestionnaireError
from scoring._source import locate, read

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Collection
    from typing import Any

FOLDER = "sjablonen"  # the sources, next to mkdocs.yml, and the folder of the downloads in the site
LANGUAGE = "nl-NL"
KINDS = {".docx": "Word", ".xlsx": "Excel"}
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # zip entries; the document dates come from each source's `date`
PAPER = {"A4": (210, 297), "A3": (297, 420)}  # millimetres, portrait
FORMATS = {  # Excel number formats by the name a source uses; Excel shows them with Dutch separators
    "euro": '"€ "#,##0', "euro2": '"€ "#,##0.00', "procent": "0%", "procent1": "0.0%",
    "datum": "DD-MM-YYYY", "getal": "0", "getal1": "0.0",
}
FIELDS = {"title", "file", "description", "date", "practice", "recommendations", "page", "content", "sheets"}
BLOCKS = {"title", "heading", "subheading", "paragraph", "bullets", "numbered", "table"}
_STEM = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CELL = re.compile(r"\$?[A-Za-z]{1,3}\$?\d+")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"(?<![\w$!.])([A-Za-z_][A-Za-z0-9_]*)(?![\w$(!.])")
_SHEET_REF = re.compile(r"(?:'((?:[^']|'')+)'|([A-Za-z_][\w.]*))!")
_MARKUP = re.compile(r"(\*\*[^*]+\*\*|\[[^\]]+\])")  # **vet** and [in te vullen]


@dataclass(frozen=True)
class Template:
    """One checked source. ``body`` is the Word ``content`` or the Excel ``sheets``, as plain data."""

    source: str  # as shown in messages: sjablonen/<stem>.yml
    title: str
    file: str
    description: str
    date: dt.date
    practice: str  # a page in docs/ that offers the download
    recommendations: tuple[str, ...]
    paper: str
    landscape: bool
    body: tuple[Any, ...]

    @property
    def kind(self) -> str:
        return KINDS[Path(self.file).suffix]

    @property
    def url(self) -> str:
        """The path in the built site, e.g. ``sjablonen/mandaatbrief-demand-manager.docx``."""
        return f"{FOLDER}/{self.file}"


class TemplateError(ValueError):
    """Every problem in every template source, one per line: ``file:line: field: message``."""

    def __init__(self, problems: list[tuple[str, Problem]]):
        self.problems = problems
        super().__init__("\n".join(p.located(source) for source, p in problems))


# --- reading and checking -------------------------------------------------------------------------

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


def check(data: Any, stem: str) -> list[Problem]:
    """Every problem in one source's data (``stem`` is its file name without ``.yml``)."""
    if not isinstance(data, dict):
        return [Problem("", "must be a mapping of fields (title, file, description, ...)")]
    p: list[Problem] = []
    for key in data:
        if key not in FIELDS:
            p.append(Problem(str(key), f"unknown field; expected one of {', '.join(sorted(FIELDS))}"))
    for key in ("title", "description", "practice"):
        _text(data, key, p)
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
        p += _check_content(data.get("content"), _usable_cm(PAPER.get(size, PAPER["A4"]), landscape))
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


def _margin_mm(landscape: bool) -> int:
    return 15 if landscape else 20


def _usable_cm(paper: tuple[int, int], landscape: bool) -> float:
    """The width of the page between the margins, in centimetres."""
    return ((paper[1] if landscape else paper[0]) - 2 * _margin_mm(landscape)) / 10


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
        p.append(Problem(f"{at}.widths", f"add up to {sum(widths):g} cm; the page is {usable:g} cm wide between the margins"))
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
    if not isinstance(name, str) or not _NAME.fullmatch(name) or _CELL.fullmatch(name) or name.upper() in ("TRUE", "FALSE"):
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
        p += [Problem(f"{here}.{k}", "unknown field") for k in sorted(set(row) - {"label", "value", "format", "name", "note"})]
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
        if choices is not None and (not isinstance(choices, list) or not choices or
                                    not all(isinstance(x, (str, int)) and not re.search(r'[,"]', str(x)) for x in choices)
                                    or len(",".join(map(str, choices))) > 250):
            p.append(Problem(f"{here}.choices", "must be a short list of values without commas or quotes"))
        colors = column.get("colors")
        if colors is not None and (not isinstance(colors, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and re.fullmatch(r"[0-9A-Fa-f]{6}", v) for k, v in colors.items())):
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
    p = [Problem(at, f"unknown placeholder {{{key}}}; use {', '.join('{%s}' % a for a in sorted(allowed)) or 'none here'}")
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


# --- generating -----------------------------------------------------------------------------------

def generate(templates: list[Template], site_name: str) -> dict[str, bytes]:
    """``{site path: bytes}`` for every template; the same sources always give the same bytes."""
    return {t.url: (_word if t.kind == "Word" else _excel)(t, site_name) for t in templates}


def suggestions(templates: list[Template]) -> dict[str, list[dict[str, str]]]:
    """``{recommendation id: [{title, url}]}``: the downloads a recommendation offers in the result."""
    out: dict[str, list[dict[str, str]]] = {}
    for t in templates:
        for rid in t.recommendations:
            out.setdefault(rid, []).append({"title": t.title, "url": t.url})
    return dict(sorted(out.items()))


def _moment(t: Template) -> dt.datetime:
    return dt.datetime(t.date.year, t.date.month, t.date.day, 12, 0, 0)


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and attributes (python-docx and openpyxl use the clock)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(item))
    return out.getvalue()


def _word(t: Template, site: str) -> bytes:
    import docx  # build time only
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc = docx.Document()
    section = doc.sections[0]
    width, height = PAPER[t.paper]
    if t.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(_margin_mm(t.landscape)))
    for lang in doc.styles.element.iter(qn("w:lang")):  # spelling and hyphenation in Dutch
        lang.set(qn("w:val"), LANGUAGE)
    doc.styles["Normal"].font.size = Pt(10.5)
    footer = section.footer.paragraphs[0]
    footer.text = f"{t.title} · sjabloon van {site} · versie {t.date.isoformat()}"
    footer.runs[0].font.size = Pt(8)
    usable = _usable_cm(PAPER[t.paper], t.landscape)
    for block in t.body:
        kind, value = next(iter(block.items()))
        if kind in ("title", "heading", "subheading"):
            _runs(doc.add_heading("", {"title": 0, "heading": 1, "subheading": 2}[kind]), value)
        elif kind == "paragraph":
            _runs(doc.add_paragraph(), value)
        elif kind == "bullets":
            for line in value:
                _runs(doc.add_paragraph(style="List Bullet"), line)
        elif kind == "numbered":  # typed numbers: Word's list numbering would run on across lists
            for n, line in enumerate(value, 1):
                para = doc.add_paragraph()
                para.paragraph_format.left_indent, para.paragraph_format.first_line_indent = Mm(7), Mm(-7)
                para.paragraph_format.tab_stops.add_tab_stop(Mm(7))
                _runs(para, f"{n}.\t{line}")
        else:
            _word_table(doc, value, usable)
    props = doc.core_properties
    props.title, props.subject, props.author = t.title, t.description, site
    props.last_modified_by, props.language, props.comments = site, LANGUAGE, ""
    props.keywords, props.category = "uitbesteding; sjabloon", "Sjabloon"
    props.created = props.modified = _moment(t)
    props.revision = 1
    buffer = BytesIO()
    doc.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _runs(paragraph, text: str) -> None:
    """Text with **vet** and [in te vullen] (yellow: the fields to fill in)."""
    from docx.enum.text import WD_COLOR_INDEX

    for part in _MARKUP.split(re.sub(r"[ \n]+", " ", str(text)).strip()):
        if not part:
            continue
        if part.startswith("**"):
            paragraph.add_run(part[2:-2]).bold = True
        elif part.startswith("["):
            paragraph.add_run(part).font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            paragraph.add_run(part)


def _word_table(doc, spec: dict[str, Any], usable_cm: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    columns = spec["columns"]
    rows = [*spec.get("rows", []), *([[None] * len(columns)] * spec.get("blank_rows", 0))]
    table = doc.add_table(rows=1 + len(rows), cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    widths = spec.get("widths") or [usable_cm / len(columns)] * len(columns)
    for i, title in enumerate(columns):
        cell = table.rows[0].cells[i]
        _runs(cell.paragraphs[0], title)
        for run in cell.paragraphs[0].runs:
            run.bold = True
        shade = OxmlElement("w:shd")
        shade.set(qn("w:val"), "clear")
        shade.set(qn("w:fill"), "D9E2F3")
        cell._tc.get_or_add_tcPr().append(shade)
    header = OxmlElement("w:tblHeader")  # repeat the heading row on every page
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    for r, row in enumerate(rows, 1):
        if "height" in spec:
            table.rows[r].height = Cm(spec["height"])
        for c, value in enumerate(row):
            if value is not None:
                _runs(table.rows[r].cells[c].paragraphs[0], str(value))
    for c, column in enumerate(table.columns):  # the grid (Word's fixed layout) and every cell
        column.width = Cm(widths[c])
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = Cm(widths[c])
    doc.add_paragraph()


def _excel(t: Template, site: str) -> bytes:
    from openpyxl import Workbook  # build time only
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    wb.remove(wb.active)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    head_fill = PatternFill("solid", start_color="D9E2F3", end_color="D9E2F3")
    for sheet in t.body:
        ws = wb.create_sheet(sheet["name"])
        quoted = "'" + sheet["name"].replace("'", "''") + "'"
        ws.page_setup.orientation = "landscape" if t.landscape else "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A3 if t.paper == "A3" else ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if "text" in sheet:
            ws.column_dimensions["A"].width = 110
            ws.cell(1, 1, t.title).font = Font(bold=True, size=14)
            for r, line in enumerate(sheet["text"], 3):
                ws.cell(r, 1, line).alignment = wrap
            continue
        if "values" in sheet:
            for c, (title, width) in enumerate((("Onderdeel", 45), ("Waarde", 18), ("Toelichting", 80)), 1):
                head = ws.cell(1, c, title)
                head.font, head.fill = bold, head_fill
                ws.column_dimensions["ABC"[c - 1]].width = width
            for r, row in enumerate(sheet["values"], 2):
                ws.cell(r, 1, row["label"]).alignment = wrap
                value = ws.cell(r, 2, row.get("value"))
                if "format" in row:
                    value.number_format = FORMATS[row["format"]]
                ws.cell(r, 3, row.get("note")).alignment = wrap
                if row.get("name"):
                    wb.defined_names[row["name"]] = DefinedName(row["name"], attr_text=f"{quoted}!$B${r}")
            ws.freeze_panes = "A2"
            continue
        _excel_table(wb, ws, sheet, quoted, bold, wrap, head_fill)
    wb.active = 0
    props = wb.properties
    props.title, props.subject, props.creator, props.lastModifiedBy = t.title, t.description, site, site
    props.language, props.keywords, props.category = LANGUAGE, "uitbesteding; sjabloon", "Sjabloon"
    props.created = props.modified = _moment(t)
    wb.calculation.fullCalcOnLoad = True  # no cached results in the file: compute on opening
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(): that stamps `modified` with the clock
    return _fixed_zip(buffer.getvalue())


def _excel_table(wb, ws, sheet: dict[str, Any], quoted: str, bold, wrap, head_fill) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    columns = sheet["columns"]
    rows = sheet.get("rows", [])
    computed = PatternFill("solid", start_color="F2F2F2", end_color="F2F2F2")  # grey: this column computes itself
    first, last = 2, 1 + len(rows) + sheet.get("blank_rows", 0)

    def fill(formula: str, r: int) -> str:
        return formula.replace("{r}", str(r)).replace("{first}", str(first)).replace("{last}", str(last))

    for c, column in enumerate(columns, 1):
        letter = get_column_letter(c)
        head = ws.cell(1, c, column["title"])
        head.font, head.fill, head.alignment = bold, head_fill, wrap
        ws.column_dimensions[letter].width = column.get("width", 15)
        cells = f"{letter}{first}:{letter}{last}"
        if column.get("choices"):
            rule = DataValidation(type="list", formula1='"' + ",".join(map(str, column["choices"])) + '"',
                                  allow_blank=True, showErrorMessage=True, errorTitle="Kies uit de lijst",
                                  error="Kies een waarde uit de lijst (" + ", ".join(map(str, column["choices"])) + ").")
            rule.add(cells)
            ws.add_data_validation(rule)
        for value, color in (column.get("colors") or {}).items():
            ws.conditional_formatting.add(cells, CellIsRule(
                operator="equal", formula=[f'"{value}"'], fill=PatternFill("solid", start_color=color, end_color=color)))
        if column.get("name"):
            wb.defined_names[column["name"]] = DefinedName(column["name"], attr_text=f"{quoted}!${letter}${first}:${letter}${last}")
    for r in range(first, last + 1):
        row = rows[r - first] if r - first < len(rows) else []
        for c, column in enumerate(columns, 1):
            value = row[c - 1] if c - 1 < len(row) else None
            if "formula" in column:
                value = column["formula"]
            if isinstance(value, str) and value.startswith("="):
                value = fill(value, r)
            cell = ws.cell(r, c, value)
            cell.alignment = wrap
            if "formula" in column:
                cell.fill = computed
            if "format" in column:
                cell.number_format = FORMATS[column["format"]]
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    ws.print_title_rows = "1:1"
