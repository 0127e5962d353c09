"""The three templates of "Contractbeheer in de praktijk" (KPI card, governance charter, contract calendar):
downloaded from the built site and opened the way a manager would, each carrying its CC0 licence sentence,
and offered on the practice page and on "Waar sta je nu?"."""

from __future__ import annotations

import datetime as dt

import docx
import openpyxl
import pytest

from ..plugin.test_sjablonen import evaluate

LICENCE = "vrijgegeven onder CC0 1.0 (publiek domein)"
TEMPLATES = ["kpi-definitiekaart.docx", "governance-charter.docx", "contractkalender.xlsx"]


def _word_text(path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("name", TEMPLATES)
def test_template_is_downloadable_and_states_its_cc0_licence(built_site, name):
    path = built_site / "sjablonen" / name
    assert path.is_file(), name
    if name.endswith(".docx"):
        document = docx.Document(path)
        headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
        assert headings[-1] == "Licentie"  # the licence closes the document, where a reader looks for it
        assert LICENCE in document.paragraphs[-1].text
    else:
        book = openpyxl.load_workbook(path)
        notes = [c.value for c in book["Toelichting"]["A"] if isinstance(c.value, str)]
        assert any(LICENCE in n for n in notes)


def test_kpi_card_defines_the_measure_before_the_norm(built_site):
    document = docx.Document(built_site / "sjablonen" / "kpi-definitiekaart.docx")
    assert document.paragraphs[0].style.name == "Title"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Definitie", "2. Gegevens", "3. Norm en bandbreedte", "4. Rapportage en bespreking",
                        "5. Voorbeeld", "6. Versies en akkoord", "Licentie"]
    text = _word_text(built_site / "sjablonen" / "kpi-definitiekaart.docx")
    for expected in ("Teller:", "Noemer:", "Wat telt niet mee", "Watermeloencheck", "Ondergrens"):
        assert expected in text, expected
    yellow = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color is not None]
    assert yellow, "the fields to fill in are marked"


def test_governance_charter_has_three_levels_one_accountable_per_activity_and_mediation(built_site):
    path = built_site / "sjablonen" / "governance-charter.docx"
    document = docx.Document(path)
    levels = next(t for t in document.tables if t.rows[0].cells[0].text == "Niveau")
    assert [row.cells[0].text for row in levels.rows[1:4]] == ["Strategisch", "Tactisch", "Operationeel"]
    raci = next(t for t in document.tables if t.rows[0].cells[0].text == "Activiteit")
    for row in raci.rows[1:]:
        letters = [cell.text for cell in row.cells[1:]]
        assert letters.count("A") == 1, (row.cells[0].text, letters)  # exactly one accountable per activity
    text = _word_text(path)
    assert "wijzigingsverzoek (change request)" in text and "Mediatorsfederatie Nederland" in text


def test_contract_calendar_counts_back_from_the_date_and_computes_the_indexation(built_site):
    book = openpyxl.load_workbook(built_site / "sjablonen" / "contractkalender.xlsx")
    assert book.sheetnames == ["Toelichting", "Kalender", "Indexatie"]
    sheet = book["Kalender"]
    assert [c.value for c in sheet[1]][3:7] == ["Gebeurtenis", "Datum", "Voorbereiding (weken)", "Begin voorbereiding"]
    # the end of term with 78 weeks (18 months) of preparation: the start counts back 7 days a week
    ends = {sheet.cell(r, 4).value: r for r in range(2, 9)}
    r = ends["Einde looptijd"]
    assert sheet.cell(r, 5).value == dt.datetime(2028, 12, 31) and sheet.cell(r, 6).value == 78
    assert sheet.cell(r, 7).value == f'=IF(OR(E{r}="",F{r}=""),"",E{r}-7*F{r})'
    assert sheet.cell(r, 7).number_format == "DD-MM-YYYY"
    assert "TODAY()" in sheet.cell(r, 10).value and '"nu beginnen"' in sheet.cell(r, 10).value
    assert '"Einde looptijd,Laatste dag opzeggen' in [v.formula1 for v in sheet.data_validations.dataValidation][0]
    # 120.000 indexed from 100 to 103 is 123.600, a rise of 3%
    assert evaluate(book, "Indexatie", "B8") == 123600
    assert round(evaluate(book, "Indexatie", "B9"), 4) == 0.03


@pytest.mark.parametrize("page", ["praktijken/contractbeheer-in-de-praktijk", "waar-sta-je-nu"])
def test_pages_offer_the_three_templates(built_site, page):
    html = (built_site / page / "index.html").read_text(encoding="utf-8")
    for name in TEMPLATES:
        assert f"sjablonen/{name}" in html, (page, name)
