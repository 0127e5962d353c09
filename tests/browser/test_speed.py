"""What the site leaves for later so the reader's first score comes sooner, and what it does in idle time."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_offline import ANSWERS, score
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser


def test_after_a_score_the_idle_worker_warms_up_and_the_next_change_is_scored(context, site_url):
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    status = page.locator("[data-zt-status]")
    page.check("input[name='rg-01'][value='3']")
    expect(status).to_contain_text("Te weinig antwoorden", timeout=PYODIDE_BOOT)
    [worker] = page.workers
    done = "() => performance.getEntriesByName('python:idle warm-up done').length > 0"
    deadline = 60
    while not worker.evaluate(done):  # the reader paused: the worker repeats the last score in idle time
        page.wait_for_timeout(200)
        deadline -= 0.2
        assert deadline > 0, "no idle warm-up within 60 s"
    score(page, ANSWERS)  # and the reader's next changes are scored as before
