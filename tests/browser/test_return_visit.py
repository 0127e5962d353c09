"""The return visit, the page's side (issue 23): completing is an act that makes a dated measurement; the bar
steps aside once the result is on screen; a shared result opens on one line
and its level card; "Stel je vraag" writes its mail before Python has started; limits and wording from Python."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from scoring._source import load
from scoring._text import NAME_MAX

from ..conftest import ROOT
from . import saved
from .test_at_a_glance import PHONE
from .test_experience import MIX, QID, STATEMENTS, answer, level_of, open_page
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
REGIE = [s.id for s in load(ROOT / "questionnaires" / "regie.yml").statements]
QUESTIONNAIRE_VERSION = load(ROOT / "questionnaires" / f"{QID}.yml").version
RUNTIME = "**/assets/pyodide/**"  # the Pyodide runtime: blocked where a test shows the page works without it


def test_completing_makes_a_dated_measurement_and_takes_the_reader_to_the_result(context, site_url):
    page = open_page(context, site_url)
    complete = page.locator("[data-zt-complete]")  # "Rond af en bewaar deze meting"
    answer(page, dict(list(MIX.items())[:-1]))
    expect(page.locator("[data-zt-count]")).to_have_text(f"{len(STATEMENTS) - 1} van {len(STATEMENTS)} beantwoord")
    expect(complete).to_have_count(2)  # in the bar and at the end of the form, both waiting for the last answer
    expect(complete.first).to_be_hidden()
    expect(complete.last).to_be_hidden()
    answer(page, dict(list(MIX.items())[-1:]))  # the last one is "n.v.t.": an answer too
    expect(complete.last).to_be_visible()
    expect(complete.last).to_have_text("Rond af en bewaar deze meting")
    page.locator(f"[data-zt-statement='{STATEMENTS[0]}']").scroll_into_view_if_needed()
    expect(complete.first).to_be_visible()  # the bar's, away from the result
    level_of(page)
    assert not (saved.settled(page, QID) or {}).get("history")  # nothing measured before the reader completes
    complete.last.click(timeout=PYODIDE_BOOT)
    status = page.locator("[data-zt-status]")
    expect(status).to_contain_text("bewaard als meting", timeout=PYODIDE_BOOT)  # said where the reader now looks
    expect(page.locator("#resultaat")).to_be_in_viewport()
    expect(page.locator("#resultaat")).to_be_focused()
    entry = saved.settled(page, QID)
    assert len(entry["history"]) == 1
    assert {sid: str(v) for sid, v in entry["history"][0]["answers"].items()} == MIX
    expect(page.get_by_role("button", name="Bewaar als meting")).to_be_visible()  # still offered in the result


def test_the_bar_steps_aside_once_the_result_is_on_screen(context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    bar = page.locator("[data-zt-bar]")
    page.locator(f"[data-zt-statement='{STATEMENTS[0]}']").scroll_into_view_if_needed()
    expect(bar).to_be_visible()
    page.locator("#resultaat").scroll_into_view_if_needed()
    expect(bar).to_be_hidden()  # the result on screen: the bar no longer covers it
    page.locator(f"[data-zt-statement='{STATEMENTS[0]}']").scroll_into_view_if_needed()
    expect(bar).to_be_visible()


def test_the_name_limits_and_the_count_come_from_python(context, site_url):
    page = open_page(context, site_url)
    for name in ("organisation", "by"):
        assert page.locator(f"input[name='{name}']").get_attribute("maxlength") == str(NAME_MAX)
    expect(page.locator("[data-zt-count]")).to_have_text(f"0 van {len(STATEMENTS)} beantwoord")


def share_link(context, site_url, about: dict | None = None) -> str:
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    if about:
        page.get_by_label("Organisatie / contract").fill(about["organisation"])
        page.get_by_label("Ingevuld door").fill(about["by"])
        page.get_by_label("Zet deze twee gegevens ook in een gedeelde link").check()
        expect(page.get_by_label("Zet deze twee gegevens ook in een gedeelde link")).to_be_checked()
        saved.settled(page, QID)
    page.get_by_role("button", name="Deel resultaat").click()
    link = page.locator("[data-zt-share-link]")
    expect(link).to_be_visible(timeout=PYODIDE_BOOT)
    value = link.input_value()
    assert "#delen=" in value
    page.close()
    return value


def test_a_shared_result_opens_on_its_line_and_level_card_with_its_actions_after_it(browser, context, site_url):
    link = share_link(context, site_url)
    fresh = browser.new_context(viewport=PHONE)
    held, hold = [], [True]  # Python held back: the page as it looks while it starts
    fresh.route(RUNTIME, lambda route: held.append(route) if hold else route.continue_())
    page = fresh.new_page()
    page.goto(link)
    status = page.locator("[data-zt-status]")
    expect(status).to_contain_text("Het gedeelde resultaat wordt berekend")
    expect(status).not_to_contain_text("Je kunt alvast antwoorden")  # a viewer cannot answer
    expect(page.locator("[data-zt-shared-line]")).to_contain_text("alleen-lezen")
    expect(page.get_by_role("button", name="Exporteer antwoorden")).to_be_hidden()  # the own-answers block
    expect(page.get_by_role("button", name="Begin opnieuw")).to_be_hidden()
    viewer = page.get_by_role("link", name="Open in de adviseursweergave")
    expect(viewer).to_be_visible()
    assert "bekijk/" in viewer.get_attribute("href") and "#delen=" in viewer.get_attribute("href")
    hold.clear()
    for route in held:
        route.continue_()
    level = page.locator("[data-zt-result] .zt-level")
    expect(level).to_be_visible(timeout=PYODIDE_BOOT)
    line = page.locator("[data-zt-shared-line]").bounding_box()
    card = level.bounding_box()
    assert line["y"] < card["y"] and card["y"] + 60 < PHONE["height"], f"the level card starts at {card['y']} px"
    actions = page.locator("[data-zt-shared-actions]")
    expect(actions).to_be_visible()
    assert actions.bounding_box()["y"] > page.locator("[data-zt-result]").bounding_box()["y"]  # after the result
    for name in ("Toon de antwoorden", "Neem over als mijn antwoorden", "Naar mijn eigen antwoorden"):
        expect(actions.get_by_role("button", name=name)).to_be_visible()
    expect(page.locator("[data-zt-status]")).not_to_contain_text("Resultaat bijgewerkt")
    page.goto(viewer.evaluate("(a) => a.href"))
    expect(page.locator("[data-zt-view-result] .zt-level")).to_be_visible(timeout=PYODIDE_BOOT)  # the consultant's view
    fresh.close()


def test_a_shared_result_names_its_sender_when_the_link_carries_it(browser, context, site_url):
    link = share_link(context, site_url, {"organisation": "Gemeente Voorbeeld", "by": "Sanne Bakker"})
    fresh = browser.new_context(viewport=PHONE)
    page = fresh.new_page()
    page.goto(link)
    line = page.locator("[data-zt-shared-line]")
    expect(line).to_contain_text("Sanne Bakker", timeout=PYODIDE_BOOT)
    expect(line).to_contain_text("Gemeente Voorbeeld")
    fresh.close()


def test_ask_composes_its_mail_before_python_has_started(context, site_url):
    asked = []
    context.route(RUNTIME, lambda route: asked.append(route.request.url) or route.abort())
    page = context.new_page()
    page.goto(site_url + "vraag-en-antwoord/stel-je-vraag/")
    page.get_by_label("Je vraag").fill("Hoe meet ik of de leverancier proactief is?")
    page.get_by_label("Je situatie").fill("Eén leverancier voor de werkplek.")
    page.get_by_role("button", name="Zet mijn vraag in een e-mail").click()  # enabled at once
    mail = page.get_by_role("link", name="Open in je mailprogramma")
    expect(page.locator("[data-zt-ask-result]")).to_be_visible()
    parts = urlsplit(mail.get_attribute("href"))
    assert parts.scheme == "mailto" and parts.path == "vragen@grip-op-uitbesteding.example"
    query = parse_qs(parts.query)
    body = query["body"][0]
    assert "Hoe meet ik of de leverancier proactief is?" in body and "Eén leverancier voor de werkplek." in body
    assert "Sector: (niet ingevuld)" in body  # an empty field in Python's words
    assert query["subject"] == ["Vraag voor Vraag en antwoord op dinsdag"]
    assert page.locator("[data-zt-ask-text]").input_value() == body  # the copy, for readers without a mail program
    assert asked == []  # Python was never asked for
    page.get_by_label("Je vraag").fill("   ")
    page.get_by_role("button", name="Zet mijn vraag in een e-mail").click()
    expect(page.locator("[data-zt-status]")).to_have_text(
        "Schrijf eerst je vraag op; de andere velden mag je leeg laten.")


LOW_ALL = {sid: "2" for sid in STATEMENTS}


def test_a_new_measurement_says_what_moved_and_the_history_shows_the_rise(context, site_url):
    page = open_page(context, site_url)
    answer(page, LOW_ALL)
    level_of(page)
    page.locator("[data-zt-complete]").last.click(timeout=PYODIDE_BOOT)  # the first measurement
    expect(page.locator("[data-zt-status]")).to_contain_text("bewaard als meting", timeout=PYODIDE_BOOT)
    answer(page, {sid: "3" for sid in STATEMENTS})  # every answer raised a step: every theme and the level rise
    moved = page.locator(".zt-moved")
    expect(moved).to_contain_text("Gemiddeld antwoord: 2,0 → 3,0 ↑", timeout=PYODIDE_BOOT)  # before and after
    expect(moved).to_contain_text("Wat er veranderd is")
    expect(moved).to_contain_text("Je niveau is gestegen van 2 naar 3")
    expect(moved.locator(".zt-moved-changed")).to_have_count(4)  # each theme, with its ↑
    for row in moved.locator(".zt-moved-changed").all():
        expect(row).to_contain_text("↑")
    expect(moved).to_contain_text(f"{len(STATEMENTS)} stellingen met een ander antwoord")
    page.get_by_role("button", name="Bewaar als meting").click()
    history = page.locator("[data-zt-history]")
    expect(history.locator("tr:has(td)").first).to_contain_text("↑", timeout=PYODIDE_BOOT)
    for cell in history.locator("td").all():  # readable as cards on a phone: every cell says what it is
        assert cell.get_attribute("data-label"), cell.inner_html()
    expect(page.locator("[data-zt-result]")).not_to_contain_text("gelijk gebleven")


def test_arriving_at_a_saved_result_announces_no_change(context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    saved.settled(page, QID)
    page.reload()
    status = page.locator("[data-zt-status]")
    expect(status).to_contain_text("Niveau", timeout=PYODIDE_BOOT)
    expect(status).not_to_contain_text("bijgewerkt")
    answer(page, {STATEMENTS[0]: "1"})
    expect(status).to_contain_text("Resultaat bijgewerkt", timeout=PYODIDE_BOOT)  # a change is announced


def test_the_overview_after_two_questionnaires_shows_the_next_step_the_first_deadline_and_bars(context, site_url):
    page = open_page(context, site_url)
    item = {"id": "stap-1", "kind": "step", "ref": STATEMENTS[0], "title": "Een stap", "statements": [STATEMENTS[0]],
            "owner": "Sanne", "due": "2027-03-01", "status": "gepland", "note": "", "made": "2026-12-01",
            "baseline": {}}
    saved.put(page, QID, {"version": QUESTIONNAIRE_VERSION, "answers": MIX, "changed": {}, "history": [],
                          "plan": [item]})
    page.goto(site_url + "zelftest/regie/")
    answer(page, {sid: "3" for sid in REGIE})
    level_of(page)
    saved.settled(page, "regie")
    page.goto(site_url + "zelftest/")
    nxt = page.locator(".zt-next")
    expect(nxt).to_contain_text("Je volgende stap", timeout=PYODIDE_BOOT)
    expect(nxt).to_contain_text("Systeemdenken")  # the role not done yet
    expect(nxt).to_contain_text("De eerste deadline is 1 maart 2027")
    expect(nxt).to_contain_text("Sanne")
    expect(page.locator("svg.zt-bars")).to_be_visible()  # two roles: bars, not a radar that is a line
    expect(page.locator("svg.zt-radar")).to_have_count(0)
