"""The Word and Excel templates (sjablonen/): opened from the built site with python-docx and openpyxl,
their formulas evaluated here, their bytes reproducible, and every broken source named by file and field."""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
import shutil
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from openpyxl.utils import get_column_letter

from grip_build import sjablonen
from scoring import api

from ..conftest import ROOT, build_site

SOURCES = sorted((ROOT / "sjablonen").glob("*.yml"))
SITE_NAME = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(), re.M).group(1)


def source(name: str) -> dict:
    return yaml.safe_load((ROOT / "sjablonen" / f"{name}.yml").read_text(encoding="utf-8"))


def real_pages(path: str) -> str | None:
    page = ROOT / "docs" / path
    return page.read_text(encoding="utf-8") if page.is_file() else None


def recommendation_ids() -> set[str]:
    return {r["id"] for q in (ROOT / "questionnaires").glob("*.yml")
            for r in yaml.safe_load(q.read_text())["recommendations"]}


def test_every_source_becomes_a_file_in_the_built_site(built_site):
    assert len(SOURCES) == 10
    shipped = sorted(p.name for p in (built_site / "sjablonen").iterdir() if p.suffix in (".docx", ".xlsx"))
    assert shipped == sorted(source(p.stem)["file"] for p in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_properties_are_dutch_and_fixed(built_site, path):
    data = source(path.stem)
    blob = (built_site / "sjablonen" / data["file"]).read_bytes()
    moment = dt.datetime(data["date"].year, data["date"].month, data["date"].day, 12)
    if data["file"].endswith(".docx"):
        props = docx.Document(BytesIO(blob)).core_properties
        author = props.author
        created, modified = props.created.replace(tzinfo=None), props.modified.replace(tzinfo=None)
    else:
        props = openpyxl.load_workbook(BytesIO(blob)).properties
        author, created, modified = props.creator, props.created, props.modified
    assert props.title == data["title"] and props.language == "nl-NL" and author == SITE_NAME == "Grip op uitbesteding"
    assert props.subject == " ".join(data["description"].split())
    assert created == modified == moment
    with zipfile.ZipFile(BytesIO(blob)) as archive:
        assert {info.date_time for info in archive.infolist()} == {sjablonen.ZIP_EPOCH}


def test_generating_twice_gives_the_same_bytes_as_the_build(built_site):
    templates = sjablonen.load_all(ROOT / "sjablonen", real_pages, recommendation_ids())
    first = sjablonen.generate(templates, SITE_NAME)
    assert sjablonen.generate(templates, SITE_NAME) == first
    for uri, blob in first.items():
        assert (built_site / uri).read_bytes() == blob, uri


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_mandaatbrief_has_the_decisions_escalations_and_signatures(built_site):
    document = docx.Document(built_site / "sjablonen" / "mandaatbrief-demand-manager.docx")
    assert document.paragraphs[0].style.name == "Title"
    assert document.paragraphs[0].text.startswith("Mandaat demand manager")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:5] == ["1. Waarom deze brief", "2. Waar het mandaat over gaat", "3. Wat je zelf beslist",
                            "4. Binnen welke regels dit mandaat werkt", "5. Wanneer je naar mij komt"]
    decisions = next(t for t in document.tables if t.rows[0].cells[0].text == "Besluit")
    assert [c.text for c in decisions.rows[0].cells] == ["Besluit", "Grens", "Toelichting"]
    assert any("Meerwerk opdragen" in row.cells[0].text for row in decisions.rows)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297  # A4, not Letter
    yellow = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color is not None]
    assert "[naam plaatsvervanger]" in yellow  # the fields to fill in are marked


def test_mandaatbrief_works_within_the_organisations_mandate_proxy_and_signing_rules(built_site):
    document = docx.Document(built_site / "sjablonen" / "mandaatbrief-demand-manager.docx")
    paragraphs = [p.text for p in document.paragraphs]
    rules = paragraphs[paragraphs.index("4. Binnen welke regels dit mandaat werkt") + 1]
    assert "niet meer ruimte dan die regels mij geven" in rules and "gaan die regels voor" in rules
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Regel van onze organisatie")
    kinds = [row.cells[0].text for row in table.rows[1:]]
    assert kinds == ["Mandaatregeling", "Volmacht- of procuratieregeling", "Tekenbevoegdheid voor contracten",
                     "Register van mandaten en volmachten"]
    fields = [run.text for row in table.rows[1:] for cell in row.cells[1:] for run in cell.paragraphs[0].runs
              if run.font.highlight_color is not None]
    assert "[naam van het besluit, datum vaststelling]" in fields and "[functie of functies]" in fields
    assert any("afdeling 10.1.1" in f for f in fields)  # the government's mandate, named by its law
    escalate = paragraphs[paragraphs.index("5. Wanneer je naar mij komt") + 1]
    assert "de regels onder 4" in escalate  # a decision outside those rules comes to the director


def test_ketenkaart_is_a3_landscape_with_lanes_and_handovers(built_site):
    document = docx.Document(built_site / "sjablonen" / "ketenkaart-a3.docx")
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert abs(section.page_width - Mm(420)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    lanes = next(t for t in document.tables if t.rows[0].cells[0].text == "Partij")
    assert [c.text for c in lanes.rows[0].cells] == ["Partij", *(f"Stap {n}" for n in range(1, 9))]
    assert [row.cells[0].text for row in lanes.rows[1:3]] == ["Gebruiker", "Eigen organisatie"]
    handovers = next(t for t in document.tables if t.rows[0].cells[0].text == "Nr.")
    assert "Wachttijd" in [c.text for c in handovers.rows[0].cells]
    assert "Eigenaar van ketenincidenten" in _text(document)


def test_exitplan_covers_scenarios_ownership_people_and_money(built_site):
    document = docx.Document(built_site / "sjablonen" / "opzet-exitplan.docx")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["1. Doel en uitgangspunten", "2. Aanleidingen en scenario's", "3. Rolverdeling tijdens de exit",
                        "4. Eigendom van wat tijdens de samenwerking ontstaat", "5. Juridische afspraken",
                        "6. Overdracht en dataroom", "7. Mensen", "8. Geld", "9. Planning", "10. Toetsing"]
    text = _text(document)
    for expected in ("Exit for cause", "Getrainde chatbots", "Dubbele kosten in de overgang", "heraanbesteding",
                     "Uittreden uit een GR", "Uittreedsom (bij een GR)"):
        assert expected in text, expected


def test_exitplan_has_a_legal_chapter_with_escrow_personal_data_and_public_records(built_site):
    document = docx.Document(built_site / "sjablonen" / "opzet-exitplan.docx")
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    start = paragraphs.index(("Heading 1", "5. Juridische afspraken"))
    end = paragraphs.index(("Heading 1", "6. Overdracht en dataroom"))
    chapter = paragraphs[start:end]
    assert [t for style, t in chapter if style == "Heading 2"] == [
        "Exitbepalingen in het contract", "Intellectueel eigendom en gegevens", "Broncode in escrow",
        "Persoonsgegevens (AVG)", "Voor de overheid: Archiefwet en Woo"]
    text = "\n".join(t for _, t in chapter)
    assert "artikel 28, lid 3, onder g" in text and "subverwerkers en in back-ups" in text
    assert "Archiefwet" in text and "artikel 4.4 Woo" in text and "artikel 9 Wet gemeenschappelijke regelingen" in text
    clauses = next(t for t in document.tables if t.rows[0].cells[0].text == "Onderwerp")
    assert [row.cells[0].text for row in clauses.rows[1:3]] == ["Opzegging en einddatum",
                                                                "Medewerking bij de exit (exitbijstand)"]
    escrow = next(t for t in document.tables if t.rows[1].cells[0].text == "Escrowagent")
    assert [row.cells[0].text for row in escrow.rows[1:]] == ["Escrowagent", "Wat er in bewaring ligt",
                                                              "Hoe vaak bijgewerkt", "Controle", "Afgifte aan ons",
                                                              "Kosten"]
    assert all(row.cells[1].text.startswith("[") for row in escrow.rows[1:])  # fields to fill in


def test_registers_have_their_sheets_headers_and_choices(built_site):
    register = openpyxl.load_workbook(built_site / "sjablonen" / "register-verplichtingen-en-risicos.xlsx")
    assert register.sheetnames == ["Toelichting", "Instellingen", "Verplichtingen", "Risico's",
                                   "Wijzigingen en meerwerk"]
    duties = register["Verplichtingen"]
    assert [c.value for c in duties[1]][:4] == ["Nr.", "Artikel", "Verplichting", "Van wie"]
    assert {duties.cell(r, 4).value for r in range(2, 8)} == {"Wij", "Leverancier", "Beide"}  # both sides
    assert duties.cell(2, 8).value == dt.datetime(2027, 1, 15) and duties.cell(2, 8).number_format == "DD-MM-YYYY"
    lists = [v.formula1 for v in duties.data_validations.dataValidation]
    assert '"Wij,Leverancier,Beide"' in lists
    assert duties.freeze_panes == "A2" and duties.auto_filter.ref == "A1:J47"
    assert evaluate(register, "Risico's", "F2") == 12 and evaluate(register, "Risico's", "F10") == ""

    workarounds = openpyxl.load_workbook(built_site / "sjablonen" / "register-work-arounds.xlsx")
    sheet = workarounds["Register"]
    assert [c.value for c in sheet[1]][8:12] == ["Nodig?", "Te standaardiseren?", "Over te dragen?",
                                                 "Continuïteitsrisico"]
    assert sheet["L2"].fill.start_color.rgb.endswith("F2F2F2")  # grey: it computes itself


def test_the_risk_register_flags_high_scores_and_overdue_measures(built_site):
    register = openpyxl.load_workbook(built_site / "sjablonen" / "register-verplichtingen-en-risicos.xlsx")
    risks = register["Risico's"]
    heads = [c.value for c in risks[1]]
    high, late = heads.index("Hoog risico") + 1, heads.index("Maatregel te laat") + 1
    assert (heads[high - 2], heads[late - 2]) == ("Score", "Status")
    assert register.defined_names["Drempel_hoog_risico"].attr_text == "'Instellingen'!$B$2"
    assert register["Instellingen"]["B2"].value == 12
    # scores 12, 10, 9 and 16: the threshold 12 itself counts as high; an empty row flags nothing
    column = get_column_letter(high)
    assert [evaluate(register, "Risico's", f"{column}{r}") for r in range(2, 7)] == ["ja", "nee", "nee", "ja", ""]
    # deadlines 15-12-2026 (loopt), 28-02-2027 (open), 10-01-2027 (open), 31-10-2026 (beheerst: no longer a worry)
    column = get_column_letter(late)
    flags = {day: [evaluate(register, "Risico's", f"{column}{r}", today=day) for r in range(2, 7)]
             for day in (dt.date(2026, 12, 1), dt.date(2027, 1, 1), dt.date(2027, 1, 15))}
    assert flags == {dt.date(2026, 12, 1): ["", "", "", "", ""], dt.date(2027, 1, 1): ["ja", "", "", "", ""],
                     dt.date(2027, 1, 15): ["ja", "", "ja", "", ""]}
    for column in (high, late):  # both flags turn red on "ja"
        rules = [r for cf in risks.conditional_formatting for r in cf.rules
                 if get_column_letter(column) in str(cf.sqref)]
        assert [(r.formula, r.dxf.fill.start_color.rgb[-6:]) for r in rules] == [(['"ja"'], "FFC7CE")]


def test_a_needed_work_around_is_a_continuity_risk_until_it_is_standardised_and_handed_over(built_site):
    workarounds = openpyxl.load_workbook(built_site / "sjablonen" / "register-work-arounds.xlsx")
    sheet = workarounds["Register"]
    assessed = [[sheet.cell(r, c).value for c in (9, 10, 11, 16)] for r in range(2, 9)]
    assert assessed == [["ja", "ja", "nee", "Loopt"], ["ja", "ja", "ja", "In afbouw"], ["ja", "nee", "nee", "Loopt"],
                        ["nee", None, None, "In afbouw"], ["ja", "nee", "ja", "Loopt"], ["ja", "ja", None, "Loopt"],
                        ["ja", "nee", "nee", "Verwijderd"]]
    # must flag: needed and not to standardise, or not to hand over, or not yet assessed (rows 2, 4, 6, 7);
    # must not: standardised and handed over (3), not needed (5), removed (8), nothing filled in (9)
    assert [evaluate(workarounds, "Register", f"L{r}") for r in range(2, 10)] == [
        "ja", "nee", "ja", "nee", "ja", "ja", "nee", ""]
    toelichting = " ".join(c.value or "" for c in workarounds["Toelichting"]["A"])
    assert "zolang niet beide andere vragen met 'ja' zijn beantwoord" in toelichting


def test_bonus_malus_formulas_compute_bonus_above_the_norm_and_the_caps(built_site):
    book = openpyxl.load_workbook(built_site / "sjablonen" / "bonus-malus-voorbeeld.xlsx")
    assert book.sheetnames == ["Toelichting", "Instellingen", "Berekening", "Scenario's", "Uitkomst"]
    sheet = book["Berekening"]
    assert [c.value for c in sheet[1]] == ["Resultaat", "Hoe en waar gemeten", "Norm", "Bonusgrens", "Gemeten",
                                           "Bonus per procentpunt", "Malus per procentpunt", "Bonus", "Malus", "Saldo"]
    assert sheet["H2"].value == '=IF(E2="",0,ROUND(MAX(0,E2-D2)*100*F2,2))'
    # 98% measured, bonus from 97%: one point of € 1.500; 88% against a norm of 90%: two points of € 1.000 malus
    assert evaluate(book, "Berekening", "H2") == 1500 and evaluate(book, "Berekening", "I2") == 0
    assert evaluate(book, "Berekening", "H3") == 0 and evaluate(book, "Berekening", "I3") == 2000
    assert evaluate(book, "Berekening", "J4") == 2000
    assert evaluate(book, "Berekening", "J9") == 0  # an empty row costs nothing
    result = {book["Uitkomst"].cell(r, 1).value: evaluate(book, "Uitkomst", f"B{r}") for r in range(2, 10)}
    assert result["Saldo vóór de plafonds"] == 1500 and result["Te betalen dit kwartaal"] == 251_500
    # the scenarios hit the caps (4% of € 250.000) on both sides; at the norm only the fixed fee is paid
    assert result["Scenario: te betalen bij slechte prestaties"] == 240_000
    assert result["Scenario: te betalen bij normale prestaties"] == 250_000
    assert result["Scenario: te betalen bij uitstekende prestaties"] == 260_000
    assert evaluate(book, "Scenario's", "A2") == "Facturen van leveranciers binnen 30 dagen betaald"


def test_xla_example_keeps_a_stand_for_every_month_and_the_watermelon(built_site):
    book = openpyxl.load_workbook(built_site / "sjablonen" / "xla-voorbeeld.xlsx")
    assert book.sheetnames == ["Toelichting", "SLA en XLA", "Stand per maand", "Watermeloencheck"]
    sheet = book["SLA en XLA"]
    kinds = [sheet.cell(r, 1).value for r in range(2, 8)]
    assert kinds.count("SLA") == 2 and kinds.count("XLA") == 4
    assert "Gemeten deze maand" not in [c.value for c in sheet[1]]  # no single cell overwritten every month
    months = book["Stand per maand"]
    assert [c.value for c in months[1]] == ["Maand", "Indicator", "Gemeten", "Richting", "Streefwaarde", "Ondergrens",
                                            "Stand", "Toelichting en afspraak"]
    rows = {r: (months.cell(r, 1).value, months.cell(r, 2).value) for r in range(2, months.max_row + 1)
            if months.cell(r, 2).value}
    assert sorted({m for m, _ in rows.values()}) == [dt.datetime(2026, m, 1) for m in (9, 10, 11)]
    assert months["A2"].number_format == "MMMM YYYY" and months.max_row >= 1 + len(rows) + 100  # room for a year or two
    lists = {str(v.sqref): v.formula1 for v in months.data_validations.dataValidation}
    assert lists[f"B2:B{months.max_row}"] == "Indicatoren"  # the indicator is picked from the list on SLA en XLA

    def history(indicator: str) -> list[tuple[int, object, str]]:
        return [(m.month, evaluate(book, "Stand per maand", f"C{r}"), evaluate(book, "Stand per maand", f"G{r}"))
                for r, (m, name) in rows.items() if name == indicator]

    # each month keeps its own stand: higher is better (80 target, 70 floor) and lower is better (2 and 2.5)
    assert history("Tevreden na afhandeling (% 4 of 5)") == [(9, 74, "oranje"), (10, 77, "oranje"), (11, 81, "groen")]
    assert history("Moeite om geholpen te worden (gemiddelde, 1 is geen moeite, 5 is veel)") == [
        (9, 2.8, "rood"), (10, 2.4, "oranje"), (11, 1.9, "groen")]
    assert history("Beschikbaarheid in kantoortijd (%)") == [
        (9, 99.8, "groen"), (10, 99.6, "groen"), (11, 98.7, "rood")]
    first_blank = max(rows) + 1
    assert evaluate(book, "Stand per maand", f"D{first_blank}") == ""
    assert evaluate(book, "Stand per maand", f"G{first_blank}") == ""
    months[f"B{first_blank}"], months[f"C{first_blank}"] = "Positieve opmerkingen (% van alle opmerkingen)", 40
    assert ([evaluate(book, "Stand per maand", f"{c}{first_blank}") for c in "DEFG"]
            == ["hoger is beter", 60, 45, "rood"])
    months[f"B{first_blank}"] = "Een indicator die er niet is"
    assert [evaluate(book, "Stand per maand", f"{c}{first_blank}") for c in "DEFG"] == ["", "", "", ""]
    assert [evaluate(book, "Watermeloencheck", f"G{r}") for r in range(2, 6)] == ["ja", "ja", "nee", ""]
    assert book["Toelichting"]["A1"].value == "XLA-voorbeeld met streefwaarden"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_every_template_says_its_licence(built_site, path):
    data = source(path.stem)
    blob = built_site / "sjablonen" / data["file"]
    if data["file"].endswith(".docx"):
        footer = [p.text for p in docx.Document(blob).sections[0].footer.paragraphs]
        assert footer == [f"{data['title']} · sjabloon van {SITE_NAME} · versie {data['date'].isoformat()}",
                          sjablonen.LICENCE]
    else:
        first = openpyxl.load_workbook(blob).worksheets[0]
        assert first.title == "Toelichting" and first.cell(first.max_row, 1).value == sjablonen.LICENCE
    assert "CC0 1.0" in sjablonen.LICENCE and sjablonen.LICENCE_URL == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert sjablonen.LICENCE_URL in sjablonen.LICENCE


def test_recommendations_that_suggest_a_template_show_its_download_link(built_site):
    """The bundle the worker loads maps recommendations to downloads; scoring renders the link (CPython)."""
    bundle = next((built_site / "assets" / "python").glob("vragenlijsten.*.json")).read_text()
    data = json.loads(bundle)
    expected = sjablonen.suggestions(sjablonen.load_all(ROOT / "sjablonen", real_pages, recommendation_ids()))
    assert data["templates"] == expected and "dm-r01" in expected and "rg-r08" in expected
    api.load(bundle)
    seen = set()
    for q in data["questionnaires"]:
        answers = {s["id"]: 1 for s in q["statements"]}  # every recommendation fires
        reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": q["id"], "answers": answers,
                                                  "base": "../../"})))
        assert reply["ok"], reply
        for rid, downloads in expected.items():
            item = re.search(rf'<li id="advies-{rid}">(.*?)</li>', reply["html"], re.S)
            if item is None:
                continue
            seen.add(rid)
            for d in downloads:
                kind = "Word" if d["url"].endswith(".docx") else "Excel"
                link = f'<a href="../../{d["url"]}" download="">Download: {d["title"]} ({kind})</a>'
                assert link in item.group(1), (rid, item.group(1))
    assert seen == set(expected)
    api.load(json.dumps({**data, "templates": {}}))  # without templates: no download links
    q = next(q for q in data["questionnaires"] if q["id"] == "demand-management")
    reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": q["id"],
                                              "answers": {s["id"]: 1 for s in q["statements"]}})))
    assert reply["ok"] and "advies-dm-r01" in reply["html"] and "zt-download" not in reply["html"]


# --- broken sources --------------------------------------------------------------------------------

def _copy(tmp_path: Path, name: str, old: str, new: str) -> tuple[Path, int]:
    """A copy of the real sources with one edit; returns the folder and the line of the edit."""
    folder = tmp_path / "sjablonen"
    shutil.copytree(ROOT / "sjablonen", folder)
    path = folder / f"{name}.yml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(("name", "old", "new", "message"), [
    ("bonus-malus-voorbeeld", "MIN(Plafond_bonus,Saldo_voor_plafond)", "MIN(Plafond_bonnus,Saldo_voor_plafond)",
     "sheets[4].values[3].value: unknown name 'Plafond_bonnus'; define it with `name:` on a value or column"),
    ("bonus-malus-voorbeeld", "formula: '=H{r}-I{r}'", "formula: '=H{rij}-I{r}'",
     "sheets[2].columns[9].formula: unknown placeholder {rij}; use {first}, {last}, {r}"),
    ("bonus-malus-voorbeeld", "Berekening!A{r})'}", "Berekenen!A{r})'}",
     "sheets[3].columns[0].formula: refers to sheet 'Berekenen', which this template does not have"),
    ("register-work-arounds", "{title: Sinds, width: 12, format: datum}", "{title: Sinds, width: 12, format: dag}",
     "sheets[1].columns[6].format: must be one of euro, euro2, procent, procent1, datum, maand, getal, getal1"),
    ("xla-voorbeeld", 'choices: "=Indicatoren"', 'choices: "=Indicator"',
     "sheets[2].columns[1].choices: unknown name 'Indicator'; define it with `name:` on a value or column"),
    ("mandaatbrief-demand-manager", '        - [Aan, "[naam demand manager]"]', '        - [Aan]',
     "content[2].table.rows[1]: must be a list of 2 cells (text or a number)"),
    ("ketenkaart-a3", "widths: [9, 9, 8, 5, 8]", "widths: [9, 9, 8, 5, 9]",
     "content[1].table.widths: add up to 40 cm; the page is 39 cm wide between the margins"),
    ("opzet-exitplan", "  - heading: 7. Mensen", "  - kop: 7. Mensen",
     "content[31]: must be one of bullets, heading, numbered, paragraph, subheading, table, title, each with its text"),
    ("xla-voorbeeld", "file: xla-voorbeeld.xlsx", "file: xla.xlsx",
     "file: must be xla-voorbeeld.docx or xla-voorbeeld.xlsx (the name of this source), not 'xla.xlsx'"),
    ("ketenkaart-a3", "description: >-\n",
     "description: >-\n  " + "Een zin die de omschrijving te lang maakt. " * 2 + "\n",
     "description: has 256 characters; a document property holds at most 255"),
    ("xla-voorbeeld", "recommendations: [bv-r01, bv-r02]", "recommendations: [bv-r01, bv-r99]",
     "recommendations[1]: unknown recommendation 'bv-r99'"),
    ("register-verplichtingen-en-risicos", "practice: praktijken/contractbewaking.md",
     "practice: praktijken/contract.md",
     "practice: links to 'praktijken/contract.md', which is not a page in docs/"),
    ("register-verplichtingen-en-risicos", "practice: praktijken/contractbewaking.md",
     "practice: praktijken/pilots.md",
     "practice: praktijken/pilots.md has no download link to ../sjablonen/register-verplichtingen-en-risicos.xlsx; "
     "add one"),
    ("ketenkaart-a3", "title: Ketenkaart op A3", "title: [Ketenkaart op A3",
     "invalid YAML:"),
])
def test_broken_source_is_named_by_file_line_and_field(tmp_path, name, old, new, message):
    folder, line = _copy(tmp_path, name, old, new)
    with pytest.raises(sjablonen.TemplateError) as caught:
        sjablonen.load_all(folder, real_pages, recommendation_ids())
    lines = str(caught.value).splitlines()
    assert len(lines) == 1, lines
    if message.startswith("invalid YAML"):
        assert lines[0].startswith(f"sjablonen/{name}.yml:") and message in lines[0]
    else:
        assert lines[0] == f"sjablonen/{name}.yml:{line}: {message}"


def test_an_excel_template_opens_with_its_explanation_where_the_licence_goes(tmp_path):
    path = ROOT / "sjablonen" / "register-verplichtingen-en-risicos.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - name: Toelichting\n"), text.index("  - name: Instellingen\n")
    folder, _ = _copy(tmp_path, "register-verplichtingen-en-risicos", text[start:end], "")
    with pytest.raises(sjablonen.TemplateError) as caught:
        sjablonen.load_all(folder, real_pages, recommendation_ids())
    line = text[:start].count("\n") + 1
    assert str(caught.value) == (f"sjablonen/register-verplichtingen-en-risicos.yml:{line}: sheets[0]: "
                                 "must be a `text` sheet: the explanation, under which the build states the licence")


def test_every_problem_in_every_source_is_reported_at_once(tmp_path):
    folder, _ = _copy(tmp_path, "xla-voorbeeld", "date: 2026-12-08", "date: morgen")
    (folder / "leeg.yml").write_text("title: Leeg\n")
    with pytest.raises(sjablonen.TemplateError) as caught:
        sjablonen.load_all(folder, real_pages, recommendation_ids())
    text = str(caught.value)
    assert "sjablonen/leeg.yml:1: description: is required" in text
    assert "sjablonen/leeg.yml:1: file: must be leeg.docx or leeg.xlsx (the name of this source), not None" in text
    assert "sjablonen/xla-voorbeeld.yml:7: date: must be a date such as 2026-12-01" in text


# --- in a small example site ----------------------------------------------------------------------

EXAMPLE_TEMPLATE = """\
title: Voorbeeldsjabloon
file: klein.docx
description: Een klein sjabloon.
date: 2026-12-01
practice: index.md
recommendations: [b-r01]
content:
  - title: Klein
  - paragraph: Vul [dit] in.
"""


@pytest.fixture
def example(tmp_path) -> Path:
    """One page that links a template, one questionnaire whose recommendation b-r01 suggests it."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n## Kop\n\n[Download: Klein (Word)](sjablonen/klein.docx)\n")
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "valid" / "basis.yml", tmp_path / "questionnaires" / "basis.yml")
    (tmp_path / "questionnaires" / "versions.json").write_text(json.dumps(
        {"basis": {"code": 200, "versions": {"2": ["b-01", "b-02", "b-03", "b-04", "b-05"]},
                   "recommendations": ["b-r01", "b-r02", "b-r03", "b-r04"]}}))
    (tmp_path / "sjablonen").mkdir()
    (tmp_path / "sjablonen" / "klein.yml").write_text(EXAMPLE_TEMPLATE)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Voorbeeld\nstrict: true\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  language: nl\n  font: false\n"
        f"plugins:\n  - grip:\n      pyodide: {ROOT / 'node_modules' / 'pyodide'}\n"
    )
    return tmp_path


def test_example_site_ships_the_template_and_offers_it_with_its_recommendation(example):
    result = build_site(example / "mkdocs.yml", example / "site")
    assert result.returncode == 0, result.stderr
    document = docx.Document(example / "site" / "sjablonen" / "klein.docx")
    assert document.paragraphs[0].text == "Klein" and document.core_properties.author == "Voorbeeld"
    assert 'href="sjablonen/klein.docx"' in (example / "site" / "index.html").read_text()
    bundle = json.loads(next((example / "site" / "assets" / "python").glob("vragenlijsten.*.json")).read_text())
    assert bundle["templates"] == {"b-r01": [{"title": "Voorbeeldsjabloon", "url": "sjablonen/klein.docx"}]}


def test_unknown_recommendation_fails_the_build_naming_template_and_field(example):
    path = example / "sjablonen" / "klein.yml"
    path.write_text(path.read_text().replace("[b-r01]", "[b-r01, b-r77]"))
    result = build_site(example / "mkdocs.yml", example / "site")
    assert result.returncode != 0
    assert "sjablonen/klein.yml:6: recommendations[1]: unknown recommendation 'b-r77'" in result.stderr


def test_a_link_to_a_template_without_source_fails_the_strict_build(example):
    (example / "sjablonen" / "klein.yml").unlink()
    result = build_site(example / "mkdocs.yml", example / "site")
    assert result.returncode != 0
    assert "Doc file 'index.md' contains a link 'sjablonen/klein.docx', but the target is not found" in result.stderr


# --- a small evaluator for the formulas the templates use ------------------------------------------

class _Blank(int):
    """An empty cell: 0 in arithmetic and equal to "" in a comparison, as in Excel."""

    def __eq__(self, other):
        return other == "" or (not isinstance(other, str) and int(self) == other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = int.__hash__


_TOKEN = re.compile(r"""
    (?P<string>"[^"]*")
  | (?P<ref>(?:(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)
  | (?P<function>[A-Z]+)\(
  | (?P<name>[A-Za-z_]\w*)
  | (?P<number>\d+(?:\.\d+)?)
  | (?P<op><>|<=|>=|[-+*/(),<>=])
""", re.X)


def _flat(values):
    for v in values:
        if isinstance(v, list):
            yield from _flat(v)
        else:
            yield v


def _numbers(values):
    return [v for v in _flat(values) if isinstance(v, (int, float)) and not isinstance(v, _Blank)]


def _round(x, digits):
    return float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP))


class _Text(str):
    """Text in a formula: compared with a number it is the greater, as in Excel. (The evaluator works out both
    branches of an IF, where Excel takes one; this keeps the branch Excel skips from failing.)"""

    def _order(self, other, op):
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return op(1, 0)
        return op(str(self), str(other))

    def __lt__(self, other):
        return self._order(other, operator.lt)

    def __le__(self, other):
        return self._order(other, operator.le)

    def __gt__(self, other):
        return self._order(other, operator.gt)

    def __ge__(self, other):
        return self._order(other, operator.ge)

    __hash__ = str.__hash__


class _NA:
    """Excel's #N/A: what MATCH gives when it finds nothing, carried through INDEX until IFERROR."""


def _serial(day) -> float:
    """A date as Excel stores it: days since 30 December 1899."""
    return (dt.datetime(day.year, day.month, day.day) - dt.datetime(1899, 12, 30)).days


def _match(value, cells, kind=1):
    assert kind == 0, "only exact MATCH is used"
    return next((i for i, cell in enumerate(cells, 1) if not isinstance(cell, _Blank) and cell == value), _NA)


FUNCTIONS = {
    "SUM": lambda *a: sum(_numbers(a)), "MIN": lambda *a: min(_numbers(a)), "MAX": lambda *a: max(_numbers(a)),
    "ROUND": _round, "IF": lambda c, a, b=False: a if c else b, "AND": lambda *a: all(a), "OR": lambda *a: any(a),
    "MATCH": _match, "INDEX": lambda cells, n: _NA if n is _NA else cells[n - 1],
    "IFERROR": lambda value, fallback: fallback if value is _NA else value,
}


def evaluate(book, sheet: str, ref: str, today: dt.date = dt.date(2027, 1, 1)):
    """The value of a cell, computing its formula (and the cells and names it uses) the way Excel does;
    ``TODAY()`` is ``today``, so no result depends on the day the test runs."""
    value = book[sheet][ref.replace("$", "")].value
    if isinstance(value, (dt.date, dt.datetime)):
        return _serial(value)
    if not (isinstance(value, str) and value.startswith("=")):
        return _Blank() if value is None else _Text(value) if isinstance(value, str) else value
    python, pos = [], 1
    while pos < len(value):
        m = _TOKEN.match(value, pos)
        assert m, f"cannot read {value[pos:]!r} in {sheet}!{ref}"
        pos = m.end()
        kind, text = m.lastgroup, m.group(m.lastgroup)
        if kind == "ref":
            python.append(f"_ref({sheet!r}, {text!r})")
        elif kind == "name":
            python.append(f"_ref(None, {book.defined_names[text].attr_text!r})")
        elif kind == "function" and text == "TODAY":
            python.append(f"(lambda: {_serial(today)})(")
        elif kind == "function":
            python.append(f"F[{text!r}](")
        elif kind == "op":
            python.append({"=": "==", "<>": "!="}.get(text, text))
        else:
            python.append(text)

    def _ref(where, target):
        if "!" in target:
            where, target = target.rsplit("!", 1)
            where = where.strip("'").replace("''", "'")
        if ":" in target:
            start, end = target.replace("$", "").split(":")
            cells = book[where][start:end]
            return [evaluate(book, where, c.coordinate, today) for row in cells for c in row]
        return evaluate(book, where, target, today)

    result = eval("".join(python), {"__builtins__": {}}, {"_ref": _ref, "F": FUNCTIONS})  # noqa: S307
    return _Text(result) if isinstance(result, str) else result
