"""Data-driven: each valid questionnaire with the expected results beside it, each invalid one with
the expected problems beside it. The tests assert that they found files."""

from __future__ import annotations

import json

import pytest

from scoring import Questionnaire, QuestionnaireError, score, to_dict

from .helpers import DATA, has_yaml, read_data

VALID = sorted((DATA / "valid").glob("*.yml"))
INVALID = sorted((DATA / "invalid").glob("*.yml"))


def test_found_data_files():
    assert len(VALID) >= 1 and len(INVALID) >= 5


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_questionnaire_gives_expected_results(path):
    q = Questionnaire.from_dict(read_data(path))
    cases = json.loads(path.with_suffix(".results.json").read_text(encoding="utf-8"))
    assert cases, "no cases beside the questionnaire"
    for case in cases:
        got = to_dict(score(q, case["answers"]))
        for key, expected in case["expect"].items():
            actual = got[key] if key != "themes" else {t["id"]: t["level"] for t in got["themes"]}
            assert actual == expected, f"{case['name']}: {key}"


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_questionnaire_reports_every_problem(path):
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").strip().splitlines()
    if has_yaml():
        from scoring._source import load

        with pytest.raises(QuestionnaireError) as info:
            load(path)
        assert [p.located(info.value.source) for p in info.value.problems] == [
            line.replace("FILE", str(path)) for line in expected
        ]
    else:  # inside Pyodide: no YAML, so no lines to sort by; the same paths and messages
        with pytest.raises(QuestionnaireError) as info:
            Questionnaire.from_dict(read_data(path))
        assert sorted(f"{p.path}: {p.message}" if p.path else p.message for p in info.value.problems) == sorted(
            line.split(": ", 1)[1] for line in expected
        )
