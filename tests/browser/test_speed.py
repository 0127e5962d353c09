"""What the site leaves for later so the reader's first score comes sooner, and what it does in idle time."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
INDEX = "/search/search_index.json"


def test_the_search_index_comes_when_the_reader_opens_the_search(context, site_url):
    asked = []
    # the page's own requests (the service worker, once installed, keeps a copy for offline use: not counted)
    context.on("request", lambda r: asked.append(r.url) if r.url.endswith(INDEX) and not r.service_worker else None)
    page = context.new_page()
    page.goto(site_url + "praktijken/ketenkaart/")
    page.wait_for_load_state("networkidle")
    assert asked == []  # a reader who never searches never downloads the index
    search = page.get_by_role("textbox", name="Zoeken")
    search.click()
    search.press_sequentially("watermeloeneffect")
    expect(page.locator(".md-search-result__link[href*='xla-en-watermeloen']").first).to_be_visible(timeout=30_000)
    assert len(asked) == 1

    page.keyboard.press("Escape")
    page.goto(site_url + "zelftest/regie/")  # the keyboard shortcut opens the search too
    page.wait_for_load_state("networkidle")
    page.keyboard.press("s")
    page.keyboard.type("watermeloeneffect")
    expect(page.locator(".md-search-result__link[href*='xla-en-watermeloen']").first).to_be_visible(timeout=30_000)


def test_a_page_opened_from_a_search_result_highlights_its_hits(context, site_url):
    page = context.new_page()
    page.goto(site_url + "praktijken/ketenkaart/?h=keten")
    expect(page.locator("mark[data-md-highlight]").first).to_be_visible(timeout=30_000)


def test_after_a_score_the_idle_worker_warms_up_and_the_next_change_is_scored(context, site_url):
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    status = page.locator("[data-zt-status]")
    page.check("input[name='rg-01'][value='3']")
    expect(status).to_contain_text("Te weinig antwoorden", timeout=PYODIDE_BOOT)
    [worker] = [w for w in page.workers if "/assets/zelftest/" in w.url]  # Python's (Material's search has one too)
    done = "() => performance.getEntriesByName('python:idle warm-up done').length > 0"
    deadline = 60
    while not worker.evaluate(done):  # the reader paused: the worker repeats the last score in idle time
        page.wait_for_timeout(200)
        deadline -= 0.2
        assert deadline > 0, "no idle warm-up within 60 s"
    fours = page.locator("input[type=radio][value='4']")
    for n in range(fours.count()):  # and the reader's next changes are scored as before
        fours.nth(n).check()
    expect(status).to_contain_text("Niveau 4", timeout=30_000)
