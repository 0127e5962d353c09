"""Answer once: a statement two questionnaires ask (``- shared:``) is answered in one and shows as answered in
the other, with the reader told where it came from; the answer changed last counts in both. Real Pyodide, Caddy."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from scoring._source import load

from ..conftest import ROOT
from . import saved
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
OWNER, ASKING = "contract-en-prikkels", "demand-management"
SHARED = next(s.id for s in load(ROOT / "questionnaires" / f"{ASKING}.yml").statements if s.owner == OWNER)


def opened(context, site_url, qid):
    page = context.new_page()
    page.goto(site_url + f"zelftest/{qid}/")
    # Python's first score comes after the page opened its stored entry (op save): the merge is done by then
    expect(page.locator("[data-zt-status]")).to_contain_text(re.compile("Te weinig|Niveau"), timeout=PYODIDE_BOOT)
    return page


def test_a_shared_statement_answered_in_one_questionnaire_is_answered_in_the_other(context, site_url):
    owner = opened(context, site_url, OWNER)
    owner.check(f"input[name='{SHARED}'][value='4']")
    assert saved.settled(owner, OWNER)["answers"][SHARED] in (4, "4")

    asking = opened(context, site_url, ASKING)
    expect(asking.locator(f"input[name='{SHARED}'][value='4']")).to_be_checked(timeout=PYODIDE_BOOT)
    expect(asking.locator("[data-zt-notice]")).to_contain_text("overgenomen uit een andere vragenlijst")
    expect(asking.locator("[data-zt-count]")).to_contain_text("1 van")

    asking.check(f"input[name='{SHARED}'][value='2']")  # changed here last: counts in the owner too
    saved.settled(asking, ASKING)
    owner.reload()
    expect(owner.locator(f"input[name='{SHARED}'][value='2']")).to_be_checked(timeout=PYODIDE_BOOT)
    assert saved.settled(owner, OWNER)["answers"][SHARED] in (2, "2")


def test_opening_a_questionnaire_with_nothing_shared_answered_stores_nothing(context, site_url):
    page = opened(context, site_url, ASKING)
    assert saved.stored(page, ASKING) is None
