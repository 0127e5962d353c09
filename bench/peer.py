"""The peer: the same questionnaire as a self-hosted SurveyJS page (survey-core + survey-js-ui).

The level is computed by SurveyJS expressions (calculatedValues), with the same basics as ours:
weighted mean of the answers 1-5 with thresholds 1.8/2.6/3.4/4.2, "weet ik niet" and unanswered
count against coverage, "niet van toepassing" does not, and below 60% coverage there is no level.
Not reproduced: the staged rule (key statements cap the level), themes' own levels, advice.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from .sites import ROOT

PAGES = Path(__file__).resolve().parent / "pages"
VENDOR = {  # served file name -> file in node_modules (production builds, fontless CSS)
    "survey.core.min.js": "survey-core/survey.core.min.js",
    "survey-js-ui.min.js": "survey-js-ui/survey-js-ui.min.js",
    "survey-core.fontless.min.css": "survey-core/survey-core.fontless.min.css",
}
UNKNOWN, NOT_APPLICABLE = 0, -1  # the values SurveyJS stores for "?" and "-"
SCALE = ["Niet aanwezig", "In aanzet", "Aanwezig", "Aanwezig en gemeten", "Aanwezig, gemeten en verbeterd"]


def survey_json(questionnaire: Path) -> dict:
    q = yaml.safe_load(questionnaire.read_text())
    choices = [{"value": n, "text": f"{n} {label}"} for n, label in enumerate(SCALE, start=1)]
    choices += [{"value": UNKNOWN, "text": "Weet ik niet"}, {"value": NOT_APPLICABLE, "text": "Niet van toepassing"}]
    panels = []
    for theme in q["themes"]:
        elements = [{"type": "radiogroup", "name": s["id"], "title": s["text"].strip(), "description": s.get("help", "").strip(),
                     "choices": choices}
                    for s in q["statements"] if s["theme"] == theme["id"]]
        panels.append({"type": "panel", "name": theme["id"], "title": theme["title"], "elements": elements})

    def total(term):
        return " + ".join(term(s["id"], s.get("weight", 1)) for s in q["statements"])

    mean = "{num} / {answered}"
    level = f"iif({mean} < 1.8, 1, iif({mean} < 2.6, 2, iif({mean} < 3.4, 3, iif({mean} < 4.2, 4, 5))))"
    score = (f"iif({{given}} = 0, '', iif({{applicable}} = 0 or {{answered}} / {{applicable}} < 0.6, "
             f"'Te weinig antwoorden voor een niveau', 'Niveau ' + {level} + ' van 5'))")
    return {
        "title": q["title"],
        "showQuestionNumbers": "off",
        "showCompletedPage": False,
        "showNavigationButtons": False,
        "calculatedValues": [
            {"name": "num", "expression": total(lambda i, w: f"iif({{{i}}} >= 1, {{{i}}} * {w}, 0)")},
            {"name": "answered", "expression": total(lambda i, w: f"iif({{{i}}} >= 1, {w}, 0)")},
            {"name": "applicable", "expression": total(lambda i, w: f"iif({{{i}}} = {NOT_APPLICABLE}, 0, {w})")},
            {"name": "given", "expression": total(lambda i, w: f"iif({{{i}}} notempty, 1, 0)")},
        ],
        "pages": [{"name": "vragen", "elements": [
            *panels,
            {"type": "expression", "name": "resultaat", "title": "Je resultaat", "expression": score},
        ]}],
    }


def write_page(target: Path, questionnaire: Path) -> dict[str, int]:
    """Write surveyjs.html and the SurveyJS files into `target`; return the vendor files' sizes."""
    target.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, source in VENDOR.items():
        shutil.copy(ROOT / "node_modules" / source, target / name)
        sizes[name] = (target / name).stat().st_size
    template = (PAGES / "surveyjs.html").read_text()
    data = json.dumps(survey_json(questionnaire), ensure_ascii=False).replace("</", "<\\/")
    (target / "surveyjs.html").write_text(template.replace("/*SURVEY_JSON*/null", data))
    return sizes
