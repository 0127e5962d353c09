"""What a manager touches: keyboard answering, saved progress, share links, export and import,
storage failures, starting over. Run against the real built site in Debian's Chromium."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from scoring._source import load

from ..conftest import ROOT
from . import saved
from .test_questionnaire import PYODIDE_BOOT, cli_score
from .watch import watch

pytestmark = pytest.mark.browser
QID = "demand-management"
QUESTIONNAIRE = load(ROOT / "questionnaires" / f"{QID}.yml")
STATEMENTS = [s.id for s in QUESTIONNAIRE.statements]


def open_page(context, site_url, fragment=""):
    page = context.new_page()
    page.goto(site_url + f"zelftest/{QID}/" + fragment)
    return page


def answer(page, answers):
    for sid, value in answers.items():
        page.check(f"input[name='{sid}'][value='{value}']")


def level_of(page):
    status = page.locator("[data-zt-status]")
    expect(status).to_contain_text("Niveau", timeout=PYODIDE_BOOT)
    return status.inner_text()


MIX = dict(zip(STATEMENTS, ["4", "2", "5", "3", "?", "4", "1", "3", "-", "5", "2", "4"], strict=True))


def test_answer_the_whole_questionnaire_by_keyboard_and_find_it_after_reload(context, site_url, tmp_path):
    page = open_page(context, site_url)
    page.locator(f"input[name='{STATEMENTS[0]}']").first.focus()
    chosen = {}
    for index, sid in enumerate(STATEMENTS):
        focused = page.evaluate("document.activeElement.name")
        assert focused == sid, f"focus on {focused}, expected the first option of {sid}"
        page.keyboard.press("Space")  # selects "1"
        for _ in range(index % 5):
            page.keyboard.press("ArrowRight")  # moves and selects the next answer
        chosen[sid] = str(index % 5 + 1)
        label = page.locator(f"input[name='{sid}']:checked").locator("xpath=..")
        assert page.evaluate("el => getComputedStyle(el).outlineStyle", label.element_handle()) != "none"
        for _ in range(6):  # on to the next statement: past "Toelichting"
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.type") == "radio" or index == len(STATEMENTS) - 1:
                break
    expect(page.locator("[data-zt-count]")).to_have_text(f"Alle {len(STATEMENTS)} beantwoord")
    for sid, value in chosen.items():
        expect(page.locator(f"input[name='{sid}'][value='{value}']")).to_be_checked()
    expected = cli_score(QID, chosen, tmp_path)
    assert f"Niveau {expected['level']} van 5" in level_of(page)

    page.reload()
    for sid, value in chosen.items():
        expect(page.locator(f"input[name='{sid}'][value='{value}']")).to_be_checked()
    assert f"Niveau {expected['level']} van 5" in level_of(page)


def test_an_answer_given_before_the_page_script_runs_is_kept_with_the_saved_ones(context, site_url):
    held, hold = [], []  # the page module (zelftest.js) is held back on the second load, as on a slow connection
    # routed from the start: the server lets browsers keep the module for a year, and a routed page skips that cache
    context.route("**/assets/zelftest/*/zelftest.js", lambda route: held.append(route) if hold else route.continue_())
    page = open_page(context, site_url)
    answer(page, {STATEMENTS[0]: "2"})
    expect(page.locator("[data-zt-count]")).to_contain_text("1 van")
    hold.append(True)
    page.reload(wait_until="domcontentloaded")
    page.check(f"input[name='{STATEMENTS[1]}'][value='4']")  # clicked while the module has not run yet
    expect(page.locator("[data-zt-count]")).to_contain_text("0 van")  # nothing counted it yet
    assert held, "the page module was not requested"
    held[0].continue_()
    context.unroute("**/assets/zelftest/*/zelftest.js")
    expect(page.locator("[data-zt-count]")).to_contain_text("2 van")
    expect(page.locator(f"input[name='{STATEMENTS[0]}'][value='2']")).to_be_checked()  # restored
    expect(page.locator(f"input[name='{STATEMENTS[1]}'][value='4']")).to_be_checked()  # kept
    expect(page.locator("[data-zt-status]")).to_contain_text("Te weinig antwoorden", timeout=PYODIDE_BOOT)
    page.reload()
    expect(page.locator("[data-zt-count]")).to_contain_text("2 van")
    expect(page.locator(f"input[name='{STATEMENTS[1]}'][value='4']")).to_be_checked()  # and saved


def test_jump_to_the_first_open_statement(context, site_url):
    page = open_page(context, site_url)
    answer(page, {STATEMENTS[0]: "3", STATEMENTS[1]: "4"})
    page.get_by_role("link", name="Naar de eerste open stelling").click()
    assert page.evaluate("document.activeElement.name") == STATEMENTS[2]


def test_share_link_shows_the_same_result_in_a_fresh_browser_and_can_be_adopted(browser, context, site_url, tmp_path):
    page = open_page(context, site_url)
    answer(page, MIX)
    mine = level_of(page)
    page.get_by_role("button", name="Deel resultaat").click()
    expect(page.locator("[data-zt-share-link]")).to_have_value(re.compile("#delen="))
    link = page.locator("[data-zt-share-link]").input_value()
    assert "#delen=" in link and len(link.split("#delen=")[1]) <= 120

    fresh = browser.new_context()
    seen = watch(fresh, site_url)
    other = fresh.new_page()
    other.goto(link)
    expect(other.locator("[data-zt-shared]")).to_contain_text("Gedeeld resultaat")
    expect(other.locator("[data-zt-result] .zt-level")).to_contain_text(mine.split(". ", 1)[1].rstrip("."),
                                                                         timeout=PYODIDE_BOOT)
    for sid, value in MIX.items():
        expect(other.locator(f"input[name='{sid}'][value='{value}']")).to_be_checked()
    assert saved.stored(other, QID) is None and saved.waiting(other, QID) == []  # nothing saved
    other.get_by_role("button", name="Neem over als mijn antwoorden").click()
    expect(other.locator("[data-zt-shared]")).to_be_hidden()
    expect(other.locator("[data-zt-notice]")).to_contain_text("De gedeelde antwoorden zijn nu jouw antwoorden.")
    entry = saved.settled(other, QID)
    assert {sid: str(v) for sid, v in entry["answers"].items()} == MIX and entry["version"] == QUESTIONNAIRE.version
    assert seen.foreign() == [] and seen.csp_violations(other) == []
    fresh.close()


@pytest.mark.parametrize("fragment", [
    "#delen=AQEBDAAAAAAAAAAA",  # altered
    "#delen=<script>alert(1)</script>",
    '#delen="><img src=x onerror=alert(1)>',
    "#delen=" + "A" * 300,
])
def test_damaged_or_hostile_links_show_a_dutch_message_and_nothing_else(context, site_url, fragment):
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site_url + f"zelftest/{QID}/" + fragment)
    banner = page.locator("[data-zt-shared-text]")
    expect(banner).to_contain_text("beschadigd", timeout=PYODIDE_BOOT)
    assert page.locator("img[src='x']").count() == 0 and page.locator(".zt-result script").count() == 0
    assert dialogs == []
    expect(page.locator("[data-zt-result]")).to_be_empty()
    page.get_by_role("button", name="Naar mijn eigen antwoorden").click()
    expect(page.locator("[data-zt-shared]")).to_be_hidden()


def test_export_then_import_in_another_browser(browser, context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level = level_of(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Exporteer antwoorden").click()
    data = json.loads(download.value.path().read_text())
    assert data["type"] == "grip-op-uitbesteding/antwoorden"
    exported = data["questionnaires"][QID]
    assert {sid: str(v) for sid, v in exported["answers"].items()} == MIX
    assert exported["version"] == QUESTIONNAIRE.version

    fresh = browser.new_context()
    other = fresh.new_page()
    other.goto(site_url + f"zelftest/{QID}/")
    expect(other.locator("[data-zt-import]")).to_be_enabled(timeout=PYODIDE_BOOT)
    other.locator("[data-zt-import]").set_input_files(download.value.path())
    expect(other.locator("[data-zt-notice]")).to_contain_text("1 vragenlijst geïmporteerd")
    for sid, value in MIX.items():
        expect(other.locator(f"input[name='{sid}'][value='{value}']")).to_be_checked()
    expect(other.locator("[data-zt-status]")).to_have_text(level)
    other.locator("[data-zt-import]").set_input_files(files=[{"name": "x.json", "mimeType": "application/json",
                                                              "buffer": b'{"type": "iets anders"}'}])
    expect(other.locator("[data-zt-notice]")).to_have_text(
        "Dit bestand is geen export van de zelftests van Grip op uitbesteding.")
    fresh.close()


def test_storage_quota_error_keeps_the_page_working(browser, site_url, tmp_path):
    ctx = browser.new_context()
    ctx.add_init_script("""
      Storage.prototype.setItem = function () { throw new DOMException('vol', 'QuotaExceededError'); };
    """)
    page = ctx.new_page()
    page.goto(site_url + f"zelftest/{QID}/")
    expect(page.locator("[data-zt-storage]")).to_contain_text("niet worden bewaard")
    answer(page, MIX)
    expected = cli_score(QID, MIX, tmp_path)
    assert f"Niveau {expected['level']} van 5" in level_of(page)
    expect(page.locator("[data-zt-storage]")).to_contain_text("Exporteer antwoorden")
    ctx.close()


def test_start_over_asks_first_and_keeps_the_old_answers_as_a_measurement(context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    page.get_by_role("button", name="Begin opnieuw").click()
    dialog = page.get_by_role("dialog", name="Opnieuw beginnen?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Annuleren").click()
    expect(dialog).to_be_hidden()
    expect(page.locator(f"input[name='{STATEMENTS[0]}'][value='4']")).to_be_checked()
    page.get_by_role("button", name="Begin opnieuw").click()
    dialog.get_by_role("button", name="Wis mijn antwoorden").click()
    expect(page.locator("[data-zt-count]")).to_have_text(f"0 van {len(STATEMENTS)} beantwoord")
    entry = saved.settled(page, QID)
    assert entry["answers"] == {} and {sid: str(v) for sid, v in entry["history"][0]["answers"].items()} == MIX
    answer(page, {sid: "3" for sid in STATEMENTS})
    expect(page.locator("[data-zt-history] table tbody tr")).to_have_count(1, timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-history]")).to_contain_text("Sinds de meting van")


def test_answers_saved_under_version_1_restore_under_the_new_version_and_name_what_changed(context, site_url):
    frozen = json.loads((ROOT / "tests" / "data" / "migration" / "v1.json").read_text())
    old = {**frozen["saved"][QID], "saved": "2026-10-01T09:00:00Z"}
    assert old["version"] < QUESTIONNAIRE.version
    context.add_init_script(f"""
      if (!sessionStorage.getItem('seeded')) {{
        localStorage.setItem({json.dumps(saved.key(QID))}, {json.dumps(json.dumps(old))});
        sessionStorage.setItem('seeded', '1');
      }}
    """)
    page = open_page(context, site_url)
    notice = page.locator("[data-zt-notice]")
    expect(notice).to_contain_text("Vervangen stellingen:", timeout=PYODIDE_BOOT)
    current = saved.settled(page, QID)
    kept = {sid: str(v) for sid, v in current["answers"].items()}
    assert kept and current["version"] == QUESTIONNAIRE.version
    for sid, value in kept.items():  # every answer carried over is on the form
        expect(page.locator(f"input[name='{sid}'][value='{value}']")).to_be_checked()
    # the old answers, those to statements no longer asked included, are a measurement of version 1
    assert {"version": old["version"], "answers": old["answers"]} in [
        {"version": h["version"], "answers": h["answers"]} for h in current["history"]]
    page.reload()
    for sid, value in kept.items():
        expect(page.locator(f"input[name='{sid}'][value='{value}']")).to_be_checked()


def test_answers_for_an_unknown_version_are_kept_not_wiped(context, site_url):
    old = {"version": 9, "answers": {STATEMENTS[0]: 2}, "saved": "2026-01-01T00:00:00Z"}
    context.add_init_script(f"""
      if (!sessionStorage.getItem('seeded')) {{
        localStorage.setItem({json.dumps(saved.key(QID))}, {json.dumps(json.dumps(old))});
        sessionStorage.setItem('seeded', '1');
      }}
    """)
    page = open_page(context, site_url)
    expect(page.locator("[data-zt-notice]")).to_contain_text("nieuwere versie", timeout=PYODIDE_BOOT)
    page.check(f"input[name='{STATEMENTS[1]}'][value='3']")  # answered here all the same
    assert saved.settled(page, QID) == old  # the newer answers stay as they are
    aside = json.loads(page.evaluate("(k) => localStorage.getItem(k)", saved.key(QID) + f":v{QUESTIONNAIRE.version}"))
    assert aside["answers"] == {STATEMENTS[1]: "3"}  # and this page's answer is kept apart


def test_overview_shows_progress_and_the_roles_together(context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    page.goto(site_url + "zelftest/")
    card = page.locator("[data-zt-card='demand-management'] [data-zt-card-status]")
    expect(card).to_contain_text(f"Alle {len(STATEMENTS)} beantwoord", timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-card='regie'] [data-zt-card-status]")).to_have_text("Nog niet begonnen")
    roles = page.locator("[data-zt-roles-result]")
    expect(roles.locator("svg.zt-bars")).to_have_count(1)  # one role measured: bars, not a radar that is a dot
    expect(roles.locator("table").first.locator("tbody tr")).to_have_count(1)  # no rows that repeat the cards
    expect(roles.locator(".zt-next")).to_contain_text("Regie")  # the next role to do


def test_print_gives_a_summary_of_at_most_two_pages(context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level = level_of(page)
    page.emulate_media(media="print")
    expect(page.locator("[data-zt-form]")).to_be_hidden()
    expect(page.locator(".zt-print-meta")).to_contain_text(
        re.compile(r"Demand management.*gewijzigd op \d+ \w+ 20\d\d, \d\d:\d\d"))
    expect(page.locator(".zt-level-title")).to_have_text(re.compile(level.split(". ", 1)[1].rstrip(".") + ": "))
    expect(page.locator(".zt-result .zt-steps").first.locator("li")).to_have_count(3)
    expect(page.locator(".zt-result svg.zt-radar")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2
