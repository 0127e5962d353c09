"""The Excel writer: a template's sheets (an explanation, settings and outcomes, tables with formulas,
drop-downs and colours) as an ``.xlsx``."""

from __future__ import annotations

import zipfile
from io import BytesIO

from .template import FORMATS, LANGUAGE, LICENCE, Template, fixed_zip, moment

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def write(t: Template, site: str) -> bytes:
    """The ``.xlsx`` of an Excel template: its sheets in order, the licence under the explanation on the first
    sheet, formulas computed when opened, and dates from the source, so the same source gives the same bytes."""
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
            lines = [*sheet["text"], *(["", LICENCE] if sheet is t.body[0] else [])]
            for r, line in enumerate(lines, 3):
                ws.cell(r, 1, line or None).alignment = wrap
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
    props.created = props.modified = moment(t)
    wb.calculation.fullCalcOnLoad = True  # no cached results in the file: compute on opening
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(): that stamps `modified` with the clock
    return fixed_zip(buffer.getvalue())


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
        choices = column.get("choices")
        if isinstance(choices, str):  # "=Indicatoren": a drop-down of the cells that name defines
            rule = DataValidation(type="list", formula1=choices[1:], allow_blank=True, showErrorMessage=True,
                                  errorTitle="Kies uit de lijst", error=f"Kies een waarde uit {choices[1:]}.")
            rule.add(cells)
            ws.add_data_validation(rule)
        elif choices:
            rule = DataValidation(type="list", formula1='"' + ",".join(map(str, choices)) + '"',
                                  allow_blank=True, showErrorMessage=True, errorTitle="Kies uit de lijst",
                                  error="Kies een waarde uit de lijst (" + ", ".join(map(str, choices)) + ").")
            rule.add(cells)
            ws.add_data_validation(rule)
        for value, color in (column.get("colors") or {}).items():
            ws.conditional_formatting.add(cells, CellIsRule(
                operator="equal", formula=[f'"{value}"'],
                fill=PatternFill("solid", start_color=color, end_color=color)))
        if column.get("name"):
            wb.defined_names[column["name"]] = DefinedName(
                column["name"], attr_text=f"{quoted}!${letter}${first}:${letter}${last}")
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
