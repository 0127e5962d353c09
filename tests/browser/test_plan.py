"""From score to plan (issue 16): a target, the shortest route to it, and an improvement plan that stays in
the browser, exports to Excel (CSV) and a calendar (.ics), prints with the summary and shows what moved."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from scoring._model import SCALE

from . import saved
from .test_at_a_glance import pdf_of
from .test_experience import QID, QUESTIONNAIRE, STATEMENTS, answer, level_of, open_page
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
WORDS = dict(SCALE)  # an answer in the scale's words, as the route and the plan say it
LOW = dict(zip(STATEMENTS, ["2", "2", "3", "2", "3", "2", "3", "2", "3", "2", "3", "2"], strict=True))


def plan_items(page):
    return page.locator("[data-zt-plan-item]")


def add_to_plan(page, count):
    """Aim for level 4, then put the first `count` route steps and recommendations on the plan, one at a time."""
    target = page.locator("select[data-zt-plan*='\"overall\"']")
    if target.input_value() != "4":
        target.select_option("4")
        expect(page.locator("[data-zt-route-overall]")).to_contain_text("naar niveau 4", timeout=PYODIDE_BOOT)
    for _ in range(count):
        button = page.locator("[data-zt-plan-click*='\"add\"']:not([disabled]):visible").first
        before = plan_items(page).count()
        button.click()
        expect(plan_items(page)).to_have_count(before + 1, timeout=PYODIDE_BOOT)


def test_target_route_plan_survive_a_reload_and_export_to_excel_and_a_calendar(context, site_url, tmp_path):
    page = open_page(context, site_url)
    answer(page, LOW)
    level_of(page)
    target = page.locator("select[data-zt-plan*='\"overall\"']")
    expect(target).to_be_visible()
    target.select_option("4")
    expect(page.locator("[data-zt-route-overall]")).to_contain_text("naar niveau 4", timeout=PYODIDE_BOOT)
    route = page.locator("[data-zt-route-overall]").inner_text()
    assert not re.search(r"\b[a-z]{2}-\d{2}\b", route), f"an id in the route: {route}"
    named = [st for st in QUESTIONNAIRE.statements if st.text.rstrip(".") in route]
    assert named, "no route step names its statement"
    for st in named:  # each step starts from the reader's own answer, in words
        assert f"{st.text.rstrip('.')}: van {WORDS[LOW[st.id]]} naar" in route, route
    add_to_plan(page, 3)
    first = plan_items(page).first
    first.locator("input[data-zt-plan*='\"owner\"']").fill("Sanne Bakker")
    first.locator("input[data-zt-plan*='\"owner\"']").press("Tab")
    expect(page.locator("input[data-zt-plan*='\"owner\"']").first).to_have_value("Sanne Bakker", timeout=PYODIDE_BOOT)
    page.locator("input[type=date][data-zt-plan]").first.fill("2027-03-15")
    page.locator("input[type=date][data-zt-plan]").first.press("Tab")
    expect(page.locator("input[type=date][data-zt-plan]").first).to_have_value("2027-03-15", timeout=PYODIDE_BOOT)
    page.locator("select[data-zt-plan*='\"status\"']").first.select_option("bezig")
    expect(page.locator("select[data-zt-plan*='\"status\"']").first).to_have_value("bezig", timeout=PYODIDE_BOOT)
    titles = plan_items(page).evaluate_all("els => els.map((e) => e.dataset.ztPlanItem)")

    page.reload()
    level_of(page)
    expect(plan_items(page)).to_have_count(3)
    expect(page.locator("select[data-zt-plan*='\"overall\"']")).to_have_value("4")
    expect(page.locator("input[data-zt-plan*='\"owner\"']").first).to_have_value("Sanne Bakker")
    stored = saved.settled(page, QID)
    assert [item["id"] for item in stored["plan"]] == titles and stored["targets"]["overall"] == 4

    with page.expect_download() as download:
        page.locator("[data-zt-plan-click*='\"csv\"']").click()
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 4, rows
    assert "Sanne Bakker" in rows[1] and "15-03-2027" in rows[1] and "bezig" in rows[1]

    with page.expect_download() as download:
        page.locator("[data-zt-plan-click*='\"ics\"']").click()
    ics = download.value.path().read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.rstrip().endswith("END:VCALENDAR")
    unfolded = re.sub(r"\r\n[ \t]", "", ics)
    assert re.findall(r"^DTSTART;VALUE=DATE:(\d{8})\r?$", unfolded, re.M) == ["20270315"]


def test_the_next_measurement_shows_what_moved_since_the_plan(context, site_url):
    page = open_page(context, site_url)
    answer(page, LOW)
    level_of(page)
    add_to_plan(page, 1)
    item = plan_items(page).first
    moved = saved.settled(page, QID)["plan"][0]["statements"][0]
    expect(item).to_contain_text("nog geen verandering")
    page.get_by_role("button", name="Bewaar als meting").click()
    raised = str(int(LOW[moved]) + 1)
    answer(page, {moved: raised})
    expect(plan_items(page).first).to_contain_text(f"van '{WORDS[LOW[moved]]}' naar '{WORDS[raised]}'",
                                                   timeout=PYODIDE_BOOT)


def test_the_summary_with_a_plan_of_five_prints_on_three_pages(context, site_url):
    page = open_page(context, site_url)
    answer(page, LOW)
    level_of(page)
    add_to_plan(page, 5)
    pages, text = pdf_of(page)
    assert pages <= 3, f"{pages} pages"
    assert "verbeterplan" in text.lower()


def test_the_overview_shows_current_and_target_per_role(context, site_url):
    page = open_page(context, site_url)
    answer(page, LOW)
    level_of(page)
    page.locator("select[data-zt-plan*='\"overall\"']").select_option("4")
    expect(page.locator("[data-zt-route-overall]")).to_contain_text("naar niveau 4", timeout=PYODIDE_BOOT)
    page.goto(site_url + "zelftest/")
    roles = page.locator("[data-zt-roles-result]")
    bars = roles.locator("svg.zt-bars")  # one role measured: bars, its target marked
    expect(bars).to_have_count(1, timeout=PYODIDE_BOOT)
    expect(bars.locator(".zt-bars-target")).not_to_have_count(0)
    table = roles.locator("table").first
    expect(table.locator("thead th")).to_contain_text(["Doel"])
    expect(table.locator("tbody tr").first).to_contain_text("4")


def test_two_tabs_adding_to_the_plan_keep_both_items(context, site_url):
    first = open_page(context, site_url)
    answer(first, LOW)
    level_of(first)
    second = open_page(context, site_url)
    level_of(second)
    add_to_plan(first, 1)
    add_to_plan(second, 1)  # the other tab's item stays, this one is added
    expect(plan_items(second)).to_have_count(2)
    expect(plan_items(first)).to_have_count(2, timeout=PYODIDE_BOOT)  # told by the storage event
    stored = saved.settled(second, QID)
    assert len(stored["plan"]) == 2
    first.reload()
    level_of(first)
    expect(plan_items(first)).to_have_count(2)
