"""The Word and Excel templates (sjablonen/): opened from the built site with python-docx and openpyxl,
their formulas evaluated here, their bytes reproducible, and every broken source named by file and field."""

from __future__ import annotations

import datetime as dt
import json
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
    return {r["id"] for q in (ROOT / "questionnaires").glob("*.yml") for r in yaml.safe_load(q.read_text())["recommendations"]}


def test_every_source_becomes_a_file_in_the_built_site(built_site):
    assert len(SOURCES) == 7
    shipped = sorted(p.name for p in (built_site / "sjablonen").iterdir() if p.suffix in (".docx", ".xlsx"))
    assert shipped == sorted(source(p.stem)["file"] for p in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_properties_are_dutch_and_fixed(built_site, path):
    data = source(path.stem)
    blob = (built_site / "sjablonen" / data["file"]).read_bytes()
    moment = dt.datetime(data["date"].year, data["date"].month, data["date"].day, 12)
    if data["file"].endswith(".docx"):
        props = docx.Document(BytesIO(blob)).core_properties
        author, created, modified = props.author, props.created.replace(tzinfo=None), props.modified.replace(tzinfo=None)
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
    assert document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text.startswith("Mandaat demand manager")
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:4] == ["1. Waarom deze brief", "2. Waar het mandaat over gaat", "3. Wat je zelf beslist",
                            "4. Wanneer je naar mij komt"]
    decisions = next(t for t in document.tables if t.rows[0].cells[0].text == "Besluit")
    assert [c.text for c in decisions.rows[0].cells] == ["Besluit", "Grens", "Toelichting"]
    assert any("Meerwerk opdragen" in row.cells[0].text for row in decisions.rows)
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297  # A4, not Letter
    yellow = [run.text for p in document.paragraphs for run in p.runs if run.font.highlight_color is not None]
    assert "[naam plaatsvervanger]" in yellow  # the fields to fill in are marked


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
                        "4. Eigendom van wat tijdens de samenwerking ontstaat", "5. Overdracht en dataroom", "6. Mensen",
                        "7. Geld", "8. Planning", "9. Toetsing"]
    text = _text(document)
    for expected in ("Exit for cause", "Getrainde chatbots", "Dubbele kosten in de overgang", "heraanbesteding"):
        assert expected in text, expected


def test_registers_have_their_sheets_headers_and_choices(built_site):
    register = openpyxl.load_workbook(built_site / "sjablonen" / "register-verplichtingen-en-risicos.xlsx")
    assert register.sheetnames == ["Toelichting", "Verplichtingen", "Risico's", "Wijzigingen en meerwerk"]
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
    assert [c.value for c in sheet[1]][8:12] == ["Nodig?", "Te standaardiseren?", "Over te dragen?", "Continuïteitsrisico"]
    # needed, but neither to standardise nor to hand over: a risk to continuity
    assert [evaluate(workarounds, "Register", f"L{r}") for r in range(2, 6)] == ["nee", "nee", "ja", "nee"]
    assert sheet["L2"].fill.start_color.rgb.endswith("F2F2F2")  # grey: it computes itself


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


def test_xla_example_marks_targets_and_the_watermelon(built_site):
    book = openpyxl.load_workbook(built_site / "sjablonen" / "xla-voorbeeld.xlsx")
    assert book.sheetnames == ["Toelichting", "SLA en XLA", "Watermeloencheck"]
    sheet = book["SLA en XLA"]
    kinds = [sheet.cell(r, 1).value for r in range(2, 8)]
    assert kinds.count("SLA") == 2 and kinds.count("XLA") == 4
    # higher is better: 68 against 80/70 is red; lower is better: 45 minutes against 30/60 is orange
    assert [evaluate(book, "SLA en XLA", f"J{r}") for r in range(2, 8)] == ["groen", "groen", "rood", "oranje", "oranje", ""]
    assert [evaluate(book, "Watermeloencheck", f"G{r}") for r in range(2, 6)] == ["ja", "ja", "nee", ""]
    assert book["Toelichting"]["A1"].value == "XLA-voorbeeld met streefwaarden"


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
     "sheets[1].columns[6].format: must be one of euro, euro2, procent, procent1, datum, getal, getal1"),
    ("mandaatbrief-demand-manager", '        - [Aan, "[naam demand manager]"]', '        - [Aan]',
     "content[2].table.rows[1]: must be a list of 2 cells (text or a number)"),
    ("ketenkaart-a3", "widths: [9, 9, 8, 5, 8]", "widths: [9, 9, 8, 5, 9]",
     "content[1].table.widths: add up to 40 cm; the page is 39 cm wide between the margins"),
    ("opzet-exitplan", "  - heading: 6. Mensen", "  - kop: 6. Mensen",
     "content[18]: must be one of bullets, heading, numbered, paragraph, subheading, table, title, each with its text"),
    ("xla-voorbeeld", "file: xla-voorbeeld.xlsx", "file: xla.xlsx",
     "file: must be xla-voorbeeld.docx or xla-voorbeeld.xlsx (the name of this source), not 'xla.xlsx'"),
    ("xla-voorbeeld", "recommendations: [bv-r01, bv-r02]", "recommendations: [bv-r01, bv-r99]",
     "recommendations[1]: unknown recommendation 'bv-r99'"),
    ("register-verplichtingen-en-risicos", "practice: praktijken/contractbewaking.md", "practice: praktijken/contract.md",
     "practice: links to 'praktijken/contract.md', which is not a page in docs/"),
    ("register-verplichtingen-en-risicos", "practice: praktijken/contractbewaking.md", "practice: praktijken/pilots.md",
     "practice: praktijken/pilots.md has no download link to ../sjablonen/register-verplichtingen-en-risicos.xlsx; add one"),
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


def test_every_problem_in_every_source_is_reported_at_once(tmp_path):
    folder, _ = _copy(tmp_path, "xla-voorbeeld", "date: 2026-12-01", "date: morgen")
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


FUNCTIONS = {
    "SUM": lambda *a: sum(_numbers(a)), "MIN": lambda *a: min(_numbers(a)), "MAX": lambda *a: max(_numbers(a)),
    "ROUND": _round, "IF": lambda c, a, b=False: a if c else b, "AND": lambda *a: all(a), "OR": lambda *a: any(a),
}


def evaluate(book, sheet: str, ref: str):
    """The value of a cell, computing its formula (and the cells and names it uses) the way Excel does."""
    value = book[sheet][ref.replace("$", "")].value
    if not (isinstance(value, str) and value.startswith("=")):
        return _Blank() if value is None else value
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
            return [evaluate(book, where, c.coordinate) for row in cells for c in row]
        return evaluate(book, where, target)

    return eval("".join(python), {"__builtins__": {}}, {"_ref": _ref, "F": FUNCTIONS})  # noqa: S307
