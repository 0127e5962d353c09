"""The consultant's dossier in Chromium through the production server (issue 26, points 1 and 2): three links of one
client over two quarters show what moved, the dossier survives a reload, two tabs that file at once both keep
theirs, export and import give it back, the Tuesday draft downloads, and the page fits 390 and 1280 px."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from scoring import _links
from scoring._movement import statement_step

from .test_at_a_glance import MISFITS
from .test_consultant import CAT, REGIE
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
Q = CAT.get("regie")
ORG = "Gemeente Prinsenstad"
JULY = dict.fromkeys(REGIE, 2)
SEPTEMBER = {**JULY, REGIE[0]: 4, REGIE[1]: 3}
OCTOBER = {**SEPTEMBER, REGIE[2]: 4}


def link(answers, changed, organisation=ORG, by="Anna") -> str:
    meta = {"regie": {"changed": changed, "about": {"organisation": organisation, "by": by}}}
    return "https://voorbeeld.nl/zelftest/regie/#delen=" + _links.encode(CAT, {"regie": answers}, meta)


def open_dossier(page, site_url):
    page.goto(site_url + "zelftest/dossier/")
    expect(page.locator("[data-zt-dossier-file]")).to_be_enabled(timeout=PYODIDE_BOOT)


def file(page, text):
    page.locator("[data-zt-dossier-text]").fill(text)
    page.get_by_role("button", name="Berg op", exact=True).click()


def test_three_links_over_two_quarters_show_what_moved_and_stay_after_a_reload(browser, site_url):
    for width, height in ((1280, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        open_dossier(page, site_url)
        expect(page.locator("[data-zt-dossier-clients]")).to_contain_text("Je dossier is nog leeg.")
        file(page, f"{link(JULY, '2026-07-01T09:00:00Z')}\n{link(SEPTEMBER, '2026-09-15T09:00:00Z')}")
        notice = page.locator("[data-zt-dossier-notice]")
        expect(notice).to_have_text("2 metingen opgeborgen bij Gemeente Prinsenstad.")
        file(page, link(OCTOBER, "2026-10-20T09:00:00Z"))
        expect(notice).to_have_text("1 meting opgeborgen bij Gemeente Prinsenstad.")
        client = page.locator("[data-zt-dossier-client]")
        expect(client.locator("h2")).to_have_text(ORG)
        expect(client).to_contain_text("3 metingen van 1 vragenlijst, ingevuld door Anna; de nieuwste van "
                                       "20 oktober 2026.")
        moves = client.locator(".zt-dossier-moves > li")
        expect(moves).to_have_count(2)
        expect(moves.nth(1).locator(".zt-dossier-move")).to_contain_text(
            "Van 1 juli 2026 naar 15 september 2026: het niveau is")
        expect(moves.nth(1)).to_contain_text(statement_step(Q, REGIE[0], 2, 4))
        expect(moves.nth(0)).to_contain_text(statement_step(Q, REGIE[2], 2, 4))
        assert page.evaluate(MISFITS) == [], width
        assert Axe().run(page).violations_count == 0
        page.screenshot(path=f"/tmp/dossier-{width}.png", full_page=True)

        page.reload()
        expect(page.locator("[data-zt-dossier-file]")).to_be_enabled(timeout=PYODIDE_BOOT)
        page.get_by_role("button", name=ORG, exact=True).click()
        expect(client).to_contain_text("3 metingen van 1 vragenlijst")
        expect(client.locator(".zt-dossier-moves > li")).to_have_count(2)
        context.close()


def test_two_tabs_that_file_at_once_both_keep_theirs(browser, site_url):
    context = browser.new_context()
    first, second = context.new_page(), context.new_page()
    open_dossier(first, site_url)
    open_dossier(second, site_url)
    first.locator("[data-zt-dossier-text]").fill(link(JULY, "2026-07-01T09:00:00Z"))
    second.locator("[data-zt-dossier-text]").fill(link(SEPTEMBER, "2026-09-15T09:00:00Z", by="Bo"))
    first.get_by_role("button", name="Berg op", exact=True).click()
    second.get_by_role("button", name="Berg op", exact=True).click()
    for page in (first, second):
        expect(page.locator("[data-zt-dossier-notice]")).to_contain_text("1 meting opgeborgen")
    # read inside the dossier's Web Lock, as the page reads it: another tab's write may reach this tab's copy of
    # localStorage a moment after that tab showed its notice
    stored = json.loads(first.evaluate("navigator.locks.request('grip-zelftest:/dossier', "
                                       "() => localStorage.getItem('grip-zelftest:/dossier'))"))
    results = stored["clients"]["gemeente prinsenstad"]["results"]
    assert sorted(r["by"] for r in results) == ["Anna", "Bo"]
    first.reload()
    expect(first.locator("[data-zt-dossier-file]")).to_be_enabled(timeout=PYODIDE_BOOT)
    first.get_by_role("button", name=ORG, exact=True).click()
    client = first.locator("[data-zt-dossier-client]")
    expect(client).to_contain_text("2 metingen van 1 vragenlijst, ingevuld door Anna en Bo")
    expect(client.locator("#team")).to_have_text("Teamvergelijking")
    context.close()


def test_export_remove_import_and_the_draft_answer(browser, site_url, tmp_path):
    context = browser.new_context()
    page = context.new_page()
    open_dossier(page, site_url)
    other = link(OCTOBER, "2026-10-20T09:00:00Z", organisation="Provincie Zuid")
    file(page, f"{link(JULY, '2026-07-01T09:00:00Z')}\n{other}")
    expect(page.locator("[data-zt-dossier-notice]")).to_contain_text("2 metingen opgeborgen")
    page.get_by_role("button", name=ORG, exact=True).click()
    notes = page.locator("[data-zt-dossier-notes]")
    notes.fill("Mandaat bespreken met de CIO.")
    page.get_by_role("button", name="Bewaar de notities").click()
    expect(page.locator("[data-zt-dossier-notice]")).to_have_text("Je notities zijn bewaard.")

    with page.expect_download() as download:
        page.get_by_role("button", name="Maak een conceptantwoord").click()
    draft = download.value
    assert draft.suggested_filename.startswith("concept-regie-") and draft.suggested_filename.endswith(".md")
    text = (tmp_path / "draft.md")
    draft.save_as(text)
    assert "[[rg-" in text.read_text() and "categories: [Regie]" in text.read_text()

    with page.expect_download() as download:
        page.get_by_role("button", name="Exporteer het dossier").click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    kept = json.loads(exported.read_text())["clients"]["gemeente prinsenstad"]
    assert kept["notes"] == "Mandaat bespreken met de CIO."

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Verwijder deze klant").click()
    notice = page.locator("[data-zt-dossier-notice]")
    expect(notice).to_contain_text("Gemeente Prinsenstad is uit het dossier verwijderd")
    expect(page.get_by_role("button", name=ORG, exact=True)).to_have_count(0)
    expect(page.locator("[data-zt-dossier-open]")).to_be_hidden()

    page.locator("[data-zt-dossier-import]").set_input_files(str(exported))
    expect(page.locator("[data-zt-dossier-notice]")).to_contain_text("2 klanten ingelezen.")
    page.get_by_role("button", name=ORG, exact=True).click()
    expect(notes).to_have_value("Mandaat bespreken met de CIO.")
    # a file that is no dossier is refused in Dutch, and nothing is lost
    junk = tmp_path / "kapot.json"
    junk.write_text('{"type": "iets"}')
    page.locator("[data-zt-dossier-import]").set_input_files(str(junk))
    expect(notice).to_have_text("Dit bestand is geen dossier van Grip op uitbesteding.")
    expect(page.get_by_role("button", name="Provincie Zuid", exact=True)).to_be_visible()
    context.close()


def test_the_viewer_drafts_an_answer_from_the_link_it_shows(page, site_url):
    shared = link(JULY, "2026-07-01T09:00:00Z")
    page.goto(site_url + "zelftest/bekijk/#delen=" + shared.split("#delen=")[1])
    expect(page.locator("[data-zt-view-result] h2").first).to_have_text(Q.title, timeout=PYODIDE_BOOT)
    with page.expect_download() as download:
        page.get_by_role("button", name="Maak een conceptantwoord").click()
    assert download.value.suggested_filename.startswith("concept-regie-")
    page.locator("[data-zt-view-link]").fill("kapot")
    page.get_by_role("button", name="Maak een conceptantwoord").click()
    expect(page.locator("[data-zt-view-error]")).to_contain_text("beschadigd")
