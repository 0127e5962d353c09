"""A statement shared by two questionnaires, on a small example site built with --strict
(``tests/data/valid/gedeeld``: ``eigen`` writes out e-01, ``vraagt`` asks it): both pages show it with
the owner's words and what each answer means, a citation leads to the owner's page, search finds it once,
and a citation of the statement it replaced still works."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from scoring import SCALE_MEANING

from ..conftest import ROOT, build_site

GEDEELD = ROOT / "tests" / "data" / "valid" / "gedeeld"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("gedeeld")
    (root / "docs" / "vraag").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\n## Kop\n\nTekst.\n")
    (root / "docs" / "vraag" / "antwoord.md").write_text("# Een antwoord\n\n[[e-01]]\n\nEerder:\n\n[[v-02]]\n")
    shutil.copytree(GEDEELD, root / "questionnaires")
    (root / "mkdocs.yml").write_text(
        "site_name: Voorbeeld\nstrict: true\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  language: nl\n  font: false\n"
        f"plugins:\n  - search\n  - grip:\n      pyodide: {ROOT / 'node_modules' / 'pyodide'}\n"
    )
    result = build_site(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def fieldset(site: Path, qid: str, sid: str) -> str:
    page = (site / "zelftest" / qid / "index.html").read_text()
    return re.search(rf'<fieldset class="zt-statement" id="{sid}".*?</fieldset>', page, re.S).group(0)


def test_both_pages_ask_it_with_the_owners_words_and_point_to_each_other(site):
    for qid, other in (("eigen", "vraagt"), ("vraagt", "eigen")):
        html = fieldset(site, qid, "e-01")
        assert "Er is een gedeelde stelling." in html and "Geldt ook voor een SSC." in html
        assert re.search(rf'staat ook in:\s*<a href="\.\./{other}/?#e-01">', html), html
    assert 'class="zt-key"' in fieldset(site, "vraagt", "e-01")
    assert 'class="zt-key"' not in fieldset(site, "eigen", "e-01")


def test_each_statement_says_what_every_point_means_with_its_own_words_first(site):
    html = fieldset(site, "vraagt", "e-01")
    points = re.findall(r'<div( class="zt-meaning--site")?><dt><b>(\d)</b> ([^<]+)</dt><dd>([^<]+)</dd></div>', html)
    assert [(p[1], p[3], bool(p[0])) for p in points] == [
        ("1", "Er is niets.", False), ("2", SCALE_MEANING["2"], True), ("3", "Het is er.", False),
        ("4", SCALE_MEANING["4"], True), ("5", "Het is er en het wordt beter.", False)]
    page = (site / "zelftest" / "vraagt" / "index.html").read_text()
    legend = re.search(r'<details class="zt-help zt-legend.*?</details>', page, re.S).group(0)
    for meaning in SCALE_MEANING.values():  # the legend: the site's words for every answer, "?" and "-" too
        assert unescape(meaning) in unescape(legend)


def test_a_citation_leads_to_the_owner_and_the_replaced_id_to_what_replaced_it(site):
    page = (site / "vraag" / "antwoord" / "index.html").read_text()
    cards = re.findall(r'<aside class="zt-cite".*?</aside>', page, re.S)
    assert 'href="../../zelftest/eigen/#e-01">Er is een gedeelde stelling.</a>' in cards[0]
    assert 'href="../../zelftest/vraagt/#e-01">Er is een gedeelde stelling.</a>' in cards[1]
    assert "Dit was stelling v-02 in een eerdere versie van de zelftest; nu is het e-01." in cards[1]
    home = (site / "index.html").read_text()  # the page e-01 points to lists it once, at its owner
    assert home.count('href="zelftest/eigen/#e-01"') == 1 and 'href="zelftest/vraagt/#e-01"' not in home


def test_search_finds_it_once_on_the_owners_page(site):
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    locations = [d["location"] for d in docs]
    assert "zelftest/eigen/#e-01" in locations and "zelftest/vraagt/#e-01" not in locations
    assert "zelftest/vraagt/#v-01" in locations


def test_the_bundle_holds_it_in_both_with_its_owner(site):
    bundle = json.loads(next((site / "assets" / "python").glob("vragenlijsten.*.json")).read_text())
    by_id = {q["id"]: {s["id"]: s for s in q["statements"]} for q in bundle["questionnaires"]}
    assert by_id["vraagt"]["e-01"]["owner"] == "eigen" and "owner" not in by_id["eigen"]["e-01"]
    assert by_id["vraagt"]["e-01"]["weight"] == 3 and by_id["eigen"]["e-01"]["weight"] == 1
