"""One owner for answers (``scoring._answers``): 1-5, "?" or "-". The digits a form sends and the whole floats
Excel and pandas write (3.0) are read as the number; anything else is refused in Dutch, naming the statement,
wherever the answers come from: the page, an export file, the command line. Versions are whole numbers only."""

from __future__ import annotations

import json
import sys

import pytest

from scoring import LinkError, api, score
from scoring._answers import answer, normalize

from .helpers import DATA, load

Q = load("basis.yml")
ALL_3 = {"b-01": 3, "b-02": 3, "b-03": 3, "b-04": 3, "b-05": 3}
HISTORY = {"basis": {"code": 200, "versions": {"1": ["b-01", "b-02", "b-06"],
                                                "2": ["b-01", "b-02", "b-03", "b-04", "b-05"]}}}


@pytest.fixture(autouse=True)
def bundle():
    api.load(json.dumps({"questionnaires": [Q.to_dict()], "history": HISTORY, "pages": {}}))


def call(**request):
    return json.loads(api.handle(json.dumps(request)))


@pytest.mark.parametrize(("given", "read"), [(3, 3), ("3", 3), (" 4 ", 4), (3.0, 3), (5.0, 5), (1.0, 1), ("?", "?"),
                                             ("-", "-")])
def test_an_answer_on_the_scale_is_read(given, read):
    assert answer(given) == read and type(answer(given)) is type(read)


@pytest.mark.parametrize("given", [0, 6, 3.5, 0.0, 6.0, float("nan"), float("inf"), True, False, "3.0", "٣", "", " ?",
                                   "weet ik niet", [3], {"a": 3}, None])
def test_anything_else_is_no_answer(given):
    assert answer(given) is None


@pytest.mark.parametrize(("given", "message"), [
    (3.5, "Ongeldig antwoord 3.5 bij stelling b-02: kies 1 t/m 5, '?' of '-'."),
    (True, "Ongeldig antwoord bij stelling b-02: kies 1 t/m 5, '?' of '-'."),
    ("3.0", "Ongeldig antwoord '3.0' bij stelling b-02: kies 1 t/m 5, '?' of '-'."),
    ([3], "Ongeldig antwoord bij stelling b-02: kies 1 t/m 5, '?' of '-'."),
    (10 ** 300, "Ongeldig antwoord bij stelling b-02: kies 1 t/m 5, '?' of '-'."),
    ("x" * 5000, "Ongeldig antwoord '" + "x" * 40 + "…' bij stelling b-02: kies 1 t/m 5, '?' of '-'."),
])
def test_a_wrong_answer_is_refused_naming_the_statement(given, message):
    with pytest.raises(LinkError) as refused:
        normalize(Q, {"b-01": 3, "b-02": given})
    assert str(refused.value) == message
    assert call(op="score", questionnaire="basis", answers={"b-02": given}) == {"ok": False, "error": message}


def test_whole_floats_score_as_their_numbers_everywhere():
    floats = {sid: float(v) for sid, v in ALL_3.items()}
    assert score(Q, floats) == score(Q, ALL_3)
    reply, expected = (call(op="score", questionnaire="basis", answers=a) for a in (floats, ALL_3))
    assert reply["ok"] and reply["html"] == expected["html"] and reply["result"] == expected["result"]
    text = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1,
                       "questionnaires": {"basis": {"version": 2, "answers": floats}}})
    assert call(op="import", text=text)["questionnaires"]["basis"]["answers"] == ALL_3
    assert call(op="detail", link=text)["ok"]
    team = call(op="team", entries=[{"label": "Excel", "text": text}])
    assert team["ok"] and team["count"] == 1 and ">3<" in team["html"]


def test_answers_that_are_no_mapping_are_refused():
    for answers in ([3, 3], "b-01=3", 3):
        assert call(op="score", questionnaire="basis", answers=answers) == {
            "ok": False, "error": "De antwoorden voor 'Basistest' zijn onleesbaar."}


@pytest.mark.parametrize("version", ["1", 1.9, 1.0, True, None, [1]])
def test_a_version_is_a_whole_number_only(version):
    error = "De versie van de antwoorden voor 'Basistest' is onleesbaar."
    assert call(op="migrate", questionnaire="basis", version=version, answers={}) == {"ok": False, "error": error}
    assert call(op="entry", action="measure", questionnaire="basis", now="2026-03-01T10:00:00Z",
                entry={"version": version, "answers": {}}) == {"ok": False, "error": error}
    assert call(op="mail", to="a@b.nl", question="Vraag?", site="https://b.nl/",
                saved={"basis": {"version": version, "answers": {"b-01": 3}}}) == {"ok": False, "error": error}
    overview = call(op="overview", saved={"basis": {"version": version, "answers": {"b-01": 3}}})
    assert overview["ok"] and overview["statuses"]["basis"] == error


def test_migrate_never_echoes_an_answer_it_did_not_check():
    reply = call(op="migrate", questionnaire="basis", version=1, answers={"b-01": "<script>", "b-06": 2})
    assert reply == {"ok": False, "error": "Ongeldig antwoord '<script>' bij stelling b-01: kies 1 t/m 5, '?' of '-'."}
    reply = call(op="migrate", questionnaire="basis", version=1, answers={"b-01": "4", "b-06": 2.0})
    assert reply["answers"] == {"b-01": 4} and reply["removed"] == ["b-06"]


@pytest.mark.skipif(sys.platform == "emscripten", reason="the CLI runs in CPython; Pyodide has no subprocesses")
class TestCli:
    def run(self, tmp_path, answers, *args):
        import subprocess

        path = tmp_path / "a.json"
        path.write_text(json.dumps(answers))
        return subprocess.run([sys.executable, "-m", "scoring", "score", str(DATA / "valid" / "basis.yml"), str(path),
                               *args], capture_output=True, text=True)

    def test_an_excel_export_scores_like_whole_numbers_in_json_and_markdown(self, tmp_path):
        floats = {sid: float(v) for sid, v in ALL_3.items()}
        for fmt in ("json", "markdown"):
            got, expected = (self.run(tmp_path, a, "--format", fmt) for a in (floats, ALL_3))
            assert got.returncode == 0 and got.stdout == expected.stdout and got.stderr == "", got.stderr
        assert json.loads(self.run(tmp_path, floats).stdout)["answered"] == 5

    def test_a_half_answer_exits_2_with_one_dutch_line(self, tmp_path):
        out = self.run(tmp_path, {"b-01": 3.5}, "--format", "markdown")
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr == "fout: Ongeldig antwoord 3.5 bij stelling b-01: kies 1 t/m 5, '?' of '-'.\n"
