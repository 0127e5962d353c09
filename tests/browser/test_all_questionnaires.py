"""Each of the seven questionnaires, walked as a reader would: all 1, all 3, all 5 and a mix.
The browser's level and next steps must equal what the CLI computes for the same answers."""

from __future__ import annotations

import itertools

import pytest
from playwright.sync_api import expect

from scoring._source import load

from ..conftest import ROOT
from .test_questionnaire import PYODIDE_BOOT, cli_score

pytestmark = pytest.mark.browser
QUESTIONNAIRES = sorted(p.stem for p in (ROOT / "questionnaires").glob("*.yml"))


@pytest.mark.parametrize("qid", QUESTIONNAIRES)
def test_walk_questionnaire(page, site_url, qid, tmp_path):
    q = load(ROOT / "questionnaires" / f"{qid}.yml")
    mix = itertools.cycle(["2", "4", "3", "5", "1", "?", "4"])
    answer_sets = {
        "alles 1": {s.id: "1" for s in q.statements},
        "alles 3": {s.id: "3" for s in q.statements},
        "alles 5": {s.id: "5" for s in q.statements},
        "mix": {s.id: next(mix) for s in q.statements},
    }
    page.goto(site_url + f"zelftest/{qid}/")
    status = page.locator("[data-zt-status]")
    for name, answers in answer_sets.items():
        for sid, value in answers.items():
            page.check(f"input[name='{sid}'][value='{value}']")
        expected = cli_score(qid, answers, tmp_path)
        assert expected["level"] is not None, name
        expect(status).to_have_text(f"Resultaat bijgewerkt. Niveau {expected['level']} van 5.", timeout=PYODIDE_BOOT)
        expect(page.locator(".zt-level-title")).to_have_text(
            f"Niveau {expected['level']} van 5: {q.level(expected['level']).name}")
        steps = page.locator(".zt-result .zt-steps").first.locator("li > strong")
        titles = {r["id"]: r["title"] for r in expected["recommendations"]}
        if name == "alles 5":
            assert expected["next_steps"] == [], "a perfect score needs no steps"
            expect(page.locator(".zt-result")).to_contain_text("geen aanbevelingen")
        else:
            assert len(expected["next_steps"]) == 3, f"{name}: three next steps"
            expect(steps).to_have_text([titles[r] for r in expected["next_steps"]])
    assert expected["level"] >= 1
    levels = [cli_score(qid, a, tmp_path)["level"] for a in answer_sets.values()]
    assert levels[0] == 1 and levels[1] == 3 and levels[2] == 5
