"""scoring.api.warm(): what the browser runs before it takes Python's memory snapshot. A returning reader's
Python is restored from that snapshot, so any module a page's first requests import after warm() would be
compiled again on every visit (in Pyodide that cost ~0.3 s before warm() existed)."""

from __future__ import annotations

import json
import subprocess
import sys

from ..conftest import ROOT

FIRST_REQUESTS = """
import json, sys
from scoring import api
bundle = open(sys.argv[1], encoding="utf-8").read()
api.warm(bundle)
before = set(sys.modules)
ids = json.loads(api.load(bundle))["questionnaires"]
for q in json.loads(bundle)["questionnaires"]:  # a page's first requests: its score (target, plan), its history
    qid, statements = q["id"], [s["id"] for s in q["statements"]]
    answers = {sid: "?" if i == 1 else str(1 + i % 5) for i, sid in enumerate(statements)}
    score = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": qid, "answers": answers, "base": "../",
        "date": "2 december 2026", "offset": 60, "site": {"name": "Grip", "url": "https://example.org/"},
        "about": {"organisation": "Gemeente", "by": "Ans"}, "changed": "2026-12-01T10:00:00Z",
        "targets": {"overall": 4}, "plan": [{"id": f"stap-{statements[0]}", "kind": "step", "ref": statements[0],
                                              "owner": "Ans", "due": "2027-03-15", "status": "bezig"}]})))
    assert score["ok"], score
    history = json.loads(api.handle(json.dumps({"op": "history", "questionnaire": qid, "entries": [],
                                                "answers": answers, "offset": 60})))
    assert history["ok"], history
print(json.dumps({"questionnaires": ids, "imported": sorted(set(sys.modules) - before)}))
"""


def test_after_warm_the_first_requests_of_every_questionnaire_page_import_nothing(built_site, tmp_path):
    [bundle] = (built_site / "assets" / "python").glob("vragenlijsten.*.json")
    out = subprocess.run([sys.executable, "-c", FIRST_REQUESTS, str(bundle)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    found = json.loads(out.stdout)
    assert len(found["questionnaires"]) == 7
    assert found["imported"] == []


def test_without_warm_the_first_score_does_import_modules(built_site):
    # the check above can fail: a fresh Python that only loaded the bundle still imports on its first score
    [bundle] = (built_site / "assets" / "python").glob("vragenlijsten.*.json")
    script = FIRST_REQUESTS.replace("api.warm(bundle)", "api.load(bundle)")
    out = subprocess.run([sys.executable, "-c", script, str(bundle)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "scoring._route" in json.loads(out.stdout)["imported"]
