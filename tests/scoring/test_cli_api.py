"""The consultants' CLI (CPython only) and the JSON facade the browser worker calls."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET

import pytest

from scoring import Catalog, api, encode, radar

from .helpers import DATA, load, read_data

QUESTIONNAIRE = DATA / "valid" / "basis.yml"
in_pyodide = sys.platform == "emscripten"


@pytest.fixture
def bundle():
    q = load("basis.yml")
    api.load(json.dumps({"questionnaires": [q.to_dict()], "history": {}, "pages": {"index.md": "thuis/"}}))
    return q


def call(**request):
    return json.loads(api.handle(json.dumps(request)))


def test_api_scores_and_renders_escaped_html(bundle):
    reply = call(op="score", questionnaire="basis", answers={"b-01": 1, "b-02": 5, "b-03": 5, "b-04": 5, "b-05": 5},
                 base="../../")
    assert reply["ok"] and reply["level"] == 2 and reply["status"] == "Resultaat bijgewerkt. Niveau 2 van 5."
    assert reply["result"]["capped_by"] == ["b-01"]
    root = ET.fromstring(reply["html"])
    links = [a.get("href") for a in root.iter("a")]
    assert "../../thuis/" in links and "../../thuis/#kop" in links
    assert "Waarom deze score?" in reply["html"]


def test_api_never_raises_and_answers_in_dutch(bundle):
    assert call(op="score", questionnaire="onbekend", answers={}) == {
        "ok": False, "error": "Deze site kent geen vragenlijst 'onbekend'."}
    bad = call(op="score", questionnaire="basis", answers={"b-01": "<script>alert(1)</script>"})
    assert not bad["ok"] and "Ongeldig antwoord" in bad["error"]
    assert call(op="decode", link="kapot!")["error"].startswith("Deze link is beschadigd")
    broken = json.loads(api.handle("{not json"))
    assert not broken["ok"] and "Je antwoorden zijn bewaard" in broken["error"]


def test_api_encode_decode_and_migrate(bundle):
    link = call(op="encode", answers={"basis": {"b-01": 3, "b-05": "?"}})["link"]
    decoded = call(op="decode", link=f"#delen={link}")
    assert decoded["questionnaires"]["basis"]["answers"] == {"b-01": 3, "b-05": "?"}
    assert decoded["questionnaires"]["basis"]["notice"] == ""


def test_radar_is_accessible_svg_and_escapes_labels():
    svg = radar([("A <b>&", 3), ("B", None), ("C", 5)], "Titel \"x\"", "r1")
    text = ET.tostring(svg, encoding="unicode")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "r1-title r1-desc"
    assert "A &lt;b&gt;&amp;" in text and svg.find("title").text == 'Titel "x"'
    assert "B: geen niveau" in svg.find("desc").text
    assert not svg.findall("polygon") and len(svg.findall("path")) == 1  # B has no level: no area through the centre


@pytest.mark.skipif(in_pyodide, reason="the CLI runs in CPython; Pyodide has no subprocesses")
class TestCli:
    def run(self, *args, tmp_path=None):
        import subprocess

        return subprocess.run([sys.executable, "-m", "scoring", *args], capture_output=True, text=True)

    def test_score_json(self, tmp_path):
        answers = tmp_path / "a.json"
        answers.write_text(json.dumps({"b-01": 3, "b-02": "-", "b-03": "-", "b-04": 5, "b-05": "-"}))
        out = self.run("score", str(QUESTIONNAIRE), str(answers))
        assert out.returncode == 0, out.stderr
        result = json.loads(out.stdout)
        keys = ("questionnaire", "version", "score", "percent", "coverage", "level", "capped_by")
        assert {k: result[k] for k in keys} == {
            "questionnaire": "basis", "version": 2, "score": 4.2, "percent": 80.0, "coverage": 1.0, "level": 4,
            "capped_by": ["b-01"]}
        assert [t["id"] for t in result["themes"]] == ["mandaat", "keten", "leren"]
        assert result["next_steps"] == [] and result["recommendations"] == []  # b-r01 fires below 3 only

    def test_score_markdown(self, tmp_path):
        answers = tmp_path / "a.json"
        answers.write_text(json.dumps({"b-01": 1, "b-02": 1, "b-03": 1, "b-04": 1, "b-05": 1}))
        out = self.run("score", str(QUESTIONNAIRE), str(answers), "--format", "markdown")
        assert out.returncode == 0
        assert "**Niveau 1 van 5: Ad hoc**" in out.stdout and "## Volgende stappen" in out.stdout
        assert "1. **Werk aan de keten**" in out.stdout

    @pytest.mark.parametrize(("content", "message"), [
        ("{kapot", "geen leesbaar JSON-bestand"),
        ('{"zz-01": 3}', "Onbekende stelling 'zz-01'"),
        ('{"b-01": 9}', "Ongeldig antwoord 9 bij stelling b-01"),
        ("[1, 2]", "verwacht een object"),
    ])
    def test_bad_answers_exit_2_with_one_line(self, tmp_path, content, message):
        answers = tmp_path / "a.json"
        answers.write_text(content)
        out = self.run("score", str(QUESTIONNAIRE), str(answers))
        assert out.returncode == 2 and out.stdout == ""
        assert message in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr

    def test_bad_questionnaire_exits_2_naming_file_line_and_field(self, tmp_path):
        broken = tmp_path / "q.yml"
        broken.write_text(QUESTIONNAIRE.read_text().replace("weight: 3}", "weight: 9}"))
        answers = tmp_path / "a.json"
        answers.write_text("{}")
        out = self.run("score", str(broken), str(answers))
        assert out.returncode == 2
        assert f"{broken}:26: statements[3].weight: must be a whole number from 1 to 3, not 9" in out.stderr

    def test_team_prints_the_comparison_as_markdown(self, tmp_path):
        folder = tmp_path / "qs"
        folder.mkdir()
        (folder / "basis.yml").write_text(QUESTIONNAIRE.read_text())
        cat = Catalog.of([load("basis.yml")], {})
        one = encode(cat, {"basis": {"b-01": 1, "b-02": 1, "b-03": 1, "b-04": 1, "b-05": 1}})
        two = encode(cat, {"basis": {"b-01": 5, "b-02": 5, "b-03": 5, "b-04": 5, "b-05": 4}})
        export = tmp_path / "Chris.json"
        export.write_text(json.dumps({"type": "grip-op-uitbesteding/antwoorden",
                                      "questionnaires": {"basis": {"version": 2, "answers": {"b-01": 3}}}}))
        out = self.run("team", one, "kapot", two, one, str(export), "--questionnaires", str(folder))
        assert out.returncode == 0, out.stderr
        assert "Deelnemers: Deelnemer A, Deelnemer C, Chris." in out.stdout
        assert "| **Totaal** | 1 | 5 | – | 1–5 |" in out.stdout  # Chris answered too little for a level
        assert "Deelnemer B: niet meegeteld" in out.stderr
        assert "Deelnemer D: niet meegeteld, want dezelfde" in out.stderr
        first = out.stdout.split("## Waar het team het meest verschilt")[1].strip().splitlines()[0]
        assert first.startswith("1. **b-01**") and "verschil 4" in first
        none = self.run("team", "kapot", "--questionnaires", str(folder))
        assert none.returncode == 2 and "geen enkele link" in none.stderr

    def test_decode_prints_the_answers_in_a_link(self, tmp_path):
        folder = tmp_path / "qs"
        folder.mkdir()
        (folder / "basis.yml").write_text(QUESTIONNAIRE.read_text())
        q = load("basis.yml")
        link = encode(Catalog.of([q], {}), {"basis": {"b-02": 4, "b-04": "-"}})
        out = self.run("decode", f"https://example.org/zelftest/basis/#delen={link}", "--questionnaires", str(folder))
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout)["basis"]["answers"] == {"b-02": 4, "b-04": "-"}
        bad = self.run("decode", link[:-3] + "AAA", "--questionnaires", str(folder))
        assert bad.returncode == 2 and bad.stderr.startswith("fout: Deze link is beschadigd")


def test_read_data_helper_finds_the_file():
    assert read_data(QUESTIONNAIRE)["id"] == "basis"


def test_api_writes_the_readers_question_as_an_email_with_the_share_links_they_chose(bundle):
    from urllib.parse import parse_qs, urlsplit

    answers = {"b-01": 2, "b-02": "?", "b-03": 4}
    reply = call(op="mail", to="vragen@voorbeeld.nl", situation="Inkoop is uitbesteed.\nFacturen blijven liggen.",
                 question="Hoe krijg ik grip?", sector="energie", site="https://voorbeeld.nl/grip/",
                 saved={"basis": {"version": bundle.version, "answers": answers}})
    assert reply["ok"]
    parts = urlsplit(reply["href"])
    assert parts.scheme == "mailto" and parts.path == "vragen@voorbeeld.nl"
    fields = parse_qs(parts.query)
    assert fields["subject"] == ["Vraag voor Vraag en antwoord op dinsdag"]
    body = fields["body"][0]
    assert body == reply["text"]
    assert "Mijn situatie:\nInkoop is uitbesteed.\nFacturen blijven liggen.\n" in body
    assert "Mijn vraag:\nHoe krijg ik grip?\n" in body and "Sector: energie" in body
    link = next(line for line in body.splitlines() if "#delen=" in line).split(": ", 1)[1]
    assert link.startswith("https://voorbeeld.nl/grip/zelftest/basis/#delen=")
    decoded = call(op="decode", link=link)["questionnaires"]["basis"]["answers"]
    assert decoded == answers


def test_api_mail_without_a_question_or_with_hostile_input_answers_in_dutch(bundle):
    empty = call(op="mail", to="vragen@voorbeeld.nl", question="  ", site="https://voorbeeld.nl/")
    assert empty == {"ok": False, "error": "Schrijf eerst je vraag op; de andere velden mag je leeg laten."}
    unknown = call(op="mail", to="vragen@voorbeeld.nl", question="?", site="https://voorbeeld.nl/",
                   saved={"onbekend": {"version": 1, "answers": {}}})
    assert unknown == {"ok": False, "error": "Deze site kent geen vragenlijst 'onbekend'."}
    nothing = call(op="mail", to="vragen@voorbeeld.nl", question="Vraag", site="https://voorbeeld.nl/",
                   saved={"basis": {"version": bundle.version, "answers": {}}})
    assert nothing["ok"] and "#delen=" not in nothing["text"]  # nothing answered: no link to send


@pytest.mark.parametrize(("offset", "shown"), [(0, "1 december 2026, 19:53"), (60, "1 december 2026, 20:53"),
                                               (-300, "1 december 2026, 14:53")])
def test_earlier_measurements_show_dutch_dates_in_the_readers_time(bundle, offset, shown):
    import re

    full = lambda value: {s.id: value for s in bundle.statements}  # noqa: E731
    entries = [{"date": "2026-12-01T19:53:25.758Z", "version": bundle.version, "answers": full(2)},
               {"date": "2026-06-01", "version": bundle.version, "answers": full(3)}]
    reply = call(op="history", questionnaire="basis", entries=entries, answers=full(4), offset=offset)
    assert reply["ok"] and shown in reply["html"] and "1 juni 2026" in reply["html"]
    assert f"Sinds de meting van {shown}" in reply["html"]
    assert not re.search(r"\d{4}-\d\d-\d\d", reply["html"])  # no ISO timestamp reaches the reader


def test_the_result_names_the_statements_answered_weet_ik_niet(bundle):
    reply = call(op="score", questionnaire="basis", answers={"b-01": "?", "b-02": 4, "b-03": "?", "b-04": 4, "b-05": 4})
    root = ET.fromstring(reply["html"])
    note = next(e for e in root.iter("div") if e.get("class") == "zt-unknown")
    assert note[0].text.startswith("2 stellingen weet je niet: zoek ze uit.")
    assert [a.get("href") for a in note.iter("a")] == ["#b-01", "#b-03"]
    assert "zt-unknown" not in call(op="score", questionnaire="basis", answers={"b-01": 4})["html"]
