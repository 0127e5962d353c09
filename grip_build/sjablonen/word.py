"""The Word writer: a template's blocks (title, headings, paragraphs, lists, tables) as a ``.docx``."""

from __future__ import annotations

import re
from io import BytesIO

from .template import LANGUAGE, LICENCE, PAPER, Template, fixed_zip, margin_mm, moment, usable_cm

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_MARKUP = re.compile(r"(\*\*[^*]+\*\*|\[[^\]]+\])")  # **vet** and [in te vullen]


def write(t: Template, site: str) -> bytes:
    """The ``.docx`` of a Word template: A4 or A3 in Dutch, the blocks in order, a footer with the version and
    the licence on every page, and dates from the source, so the same source gives the same bytes."""
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
        setattr(section, side, Mm(margin_mm(t.landscape)))
    for lang in doc.styles.element.iter(qn("w:lang")):  # spelling and hyphenation in Dutch
        lang.set(qn("w:val"), LANGUAGE)
    doc.styles["Normal"].font.size = Pt(10.5)
    footer = section.footer.paragraphs[0]
    footer.text = f"{t.title} · sjabloon van {site} · versie {t.date.isoformat()}"
    licence = section.footer.add_paragraph(LICENCE)
    for run in (*footer.runs, *licence.runs):
        run.font.size = Pt(8)
    usable = usable_cm(PAPER[t.paper], t.landscape)
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
    props.created = props.modified = moment(t)
    props.revision = 1
    buffer = BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue())


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
