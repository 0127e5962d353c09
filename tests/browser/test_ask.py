"""Stel je vraag: the reader's question for Q&A Tuesday goes into an e-mail in their own mail program, with
the share link of the questionnaire they choose, and that link opens their answers."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from ..conftest import ROOT
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
ANSWERS = {"rg-01": "3", "rg-02": "?", "rg-13": "5", "rg-04": "-", "rg-05": "2"}


def test_the_mail_holds_the_share_link_of_the_chosen_questionnaire(context, site_url):
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    for sid, value in ANSWERS.items():
        page.check(f"input[name='{sid}'][value='{value}']")

    page.goto(site_url + "vraag-en-antwoord/stel-je-vraag/")
    regie = page.get_by_role("checkbox", name="Regie (ketenregie)")
    expect(regie).to_be_visible()  # only questionnaires with saved answers are offered
    expect(page.get_by_role("checkbox", name="Systeemdenken")).to_be_hidden()
    send = page.get_by_role("button", name="Zet mijn vraag in een e-mail")
    page.get_by_label("Je vraag").fill("Wie is eigenaar van een storing die over twee leveranciers loopt?")
    page.get_by_label("Je situatie").fill("Twee leveranciers, één keten.")
    page.get_by_label("Sector").fill("gemeente")
    regie.check()
    send.click(timeout=PYODIDE_BOOT)

    mail = page.get_by_role("link", name="Open in je mailprogramma")
    expect(page.locator("[data-zt-ask-result]")).to_be_visible(timeout=PYODIDE_BOOT)
    href = mail.get_attribute("href")
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and parts.path == "vragen@grip-op-uitbesteding.example"
    body = parse_qs(parts.query)["body"][0]
    assert "Wie is eigenaar van een storing" in body and "Sector: gemeente" in body
    assert page.locator("[data-zt-ask-text]").input_value() == body  # the copy for readers without a mail program
    link = next(line for line in body.splitlines() if "#delen=" in line).split(": ", 1)[1]
    assert link.startswith(site_url + "zelftest/regie/#delen=")
    decoded = subprocess.run([sys.executable, "-m", "scoring", "decode", link], cwd=ROOT,
                             capture_output=True, text=True, check=True)
    assert {k: str(v) for k, v in json.loads(decoded.stdout)["regie"]["answers"].items()} == ANSWERS


def test_without_a_question_the_page_says_what_to_do(context, site_url):
    page = context.new_page()
    page.goto(site_url + "vraag-en-antwoord/stel-je-vraag/")
    page.get_by_label("Je vraag").fill("   ")
    page.get_by_role("button", name="Zet mijn vraag in een e-mail").click(timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-status]")).to_have_text(
        "Schrijf eerst je vraag op; de andere velden mag je leeg laten.")
    expect(page.locator("[data-zt-ask-result]")).to_be_hidden()
