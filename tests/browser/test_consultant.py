"""Consultant tools in the browser: the team comparison, one result in full, copying exact links."""

from __future__ import annotations

import subprocess
import sys

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from scoring import Catalog, encode
from scoring._source import load, load_history

from ..conftest import ROOT
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
CAT = Catalog.of([load(p) for p in sorted((ROOT / "questionnaires").glob("*.yml"))],
                 load_history(ROOT / "questionnaires" / "versions.json"))
REGIE = [s.id for s in CAT.get("regie").statements]


def link(values):
    return encode(CAT, {"regie": dict(zip(REGIE, values, strict=True))})


TEAM = [
    ("Anna", link([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2])),
    ("Bram", link([3] * 12)),
    ("Carla", link([3] * 12)[:-5] + "AAAAA"),  # damaged
    ("Dirk", link([3] * 12)),  # duplicate of Bram
    ("Eva", link([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 1])),
]


def test_team_of_five_gives_the_right_spread_and_order_as_the_cli(page, site_url):
    page.goto(site_url + "zelftest/team/")
    page.locator("[data-zt-team-lines]").fill("\n".join(f"{name}: {value}" for name, value in TEAM))
    page.get_by_role("button", name="Vergelijk", exact=True).click(timeout=PYODIDE_BOOT)
    reports = page.locator("[data-zt-team-reports] li")
    expect(reports).to_have_count(2)
    expect(reports.nth(0)).to_contain_text("Carla: niet meegeteld. Deze link is beschadigd")
    expect(reports.nth(1)).to_have_text("Dirk: niet meegeteld, want dezelfde antwoorden als Bram.")
    roles = page.locator("table", has=page.locator("caption", has_text="Niveau per rol"))
    expect(roles.locator("thead th")).to_have_text(["Rol", "Anna", "Bram", "Eva", "Spreiding"])
    row = roles.locator("tbody tr").first
    expect(row.locator("td")).to_have_text(["2", "3", "5", "2–5"])

    first = page.locator(".zt-disagreements > li").first
    expect(first.locator("a").first).to_have_attribute("href", "../../zelftest/regie/#rg-01")
    # The CLI, given the same links, agrees.
    cli = subprocess.run([sys.executable, "-m", "scoring", "team", *(value for _, value in TEAM)],
                         cwd=ROOT, capture_output=True, text=True)
    assert cli.returncode == 0
    assert "| Regie (ketenregie) | 2 | 3 | 5 | 2–5 |" in cli.stdout
    assert cli.stdout.split("## Waar het team het meest verschilt")[1].strip().startswith("1. **rg-01**")
    assert Axe().run(page).violations_count == 0


def test_consultant_sees_every_statement_of_a_shared_result(page, site_url):
    shared = link([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2])
    page.goto(site_url + "zelftest/bekijk/#delen=" + shared)
    result = page.locator("[data-zt-view-result]")
    expect(result.locator("h2").first).to_have_text("Regie (ketenregie)", timeout=PYODIDE_BOOT)
    why = result.locator("details.zt-why")
    expect(why).to_have_attribute("open", "open")
    expect(why.locator("tbody tr")).to_have_count(12)
    expect(why).to_contain_text("rg-01: ")
    assert Axe().run(page).violations_count == 0
    page.locator("[data-zt-view-link]").fill("kapot")
    page.get_by_role("button", name="Bekijk", exact=True).click()
    expect(page.locator("[data-zt-view-error]")).to_contain_text("beschadigd")
    expect(result).to_be_empty()


def test_copy_link_gives_the_exact_address_of_a_statement(browser, site_url):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    statement = page.locator("#rg-13")
    statement.locator("summary").click()
    statement.get_by_role("button", name="Kopieer link").click()
    expect(page.locator(".zt-sr-only")).to_have_text("Link gekopieerd.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == site_url + "zelftest/regie/#rg-13"
    page.goto(copied)
    expect(page.locator(":target")).to_have_attribute("data-zt-statement", "rg-13")
    page.goto(site_url + "praktijken/ketenkaart/")
    heading = page.locator("h2#stappen")
    heading.hover()
    heading.get_by_role("button").click()
    assert page.evaluate("navigator.clipboard.readText()") == site_url + "praktijken/ketenkaart/#stappen"
    context.close()


def test_consultant_view_prints_the_result_without_the_inputs(page, site_url):
    page.goto(site_url + "zelftest/bekijk/#delen=" + link([2] * 12))
    expect(page.locator("[data-zt-view-result] h2").first).to_be_visible(timeout=PYODIDE_BOOT)
    page.emulate_media(media="print")
    expect(page.locator("[data-zt-view-link]")).to_be_hidden()
    expect(page.locator("[data-zt-view-result] .zt-why tbody tr")).to_have_count(12)
    expect(page.locator("[data-zt-view-result] .zt-print-meta").first).to_be_visible()
