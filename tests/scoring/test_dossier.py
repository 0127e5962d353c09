"""The consultant's dossier (issue 26, point 1): results filed per client and dated by their link, every measurement
over time with what moved (in the return visit's words), a team per client, notes, the merge of two tabs, export
and import with their limits, and hostile input refused in Dutch."""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest

from scoring import _dossier, _links, api
from scoring._catalog import Catalog
from scoring._movement import level_sentence, statement_step

from .helpers import load

Q = load("basis.yml")
HISTORY = {"basis": {"code": 200, "versions": {"1": ["b-01", "b-02", "b-06"],
                                                "2": ["b-01", "b-02", "b-03", "b-04", "b-05"]}}}
CAT = Catalog.of([Q], HISTORY)
NOW = "2026-12-07T10:00:00.000Z"
#: level 2; then b-02 3 → 4 and b-04 2 → 3 lift both themes and the level to 3 (as in test_return_visit)
MARCH = {"b-01": 2, "b-02": 3, "b-03": 2, "b-04": 2}
SEPTEMBER = {**MARCH, "b-02": 4, "b-04": 3}
ORG = "Gemeente Prinsenstad"
in_pyodide = sys.platform == "emscripten"


def link(answers, changed="", organisation=ORG, by="Anna") -> str:
    meta = {"basis": {"changed": changed, "about": {"organisation": organisation, "by": by}}}
    return "https://voorbeeld.nl/zelftest/basis/#delen=" + _links.encode(CAT, {"basis": answers}, meta)


@pytest.fixture(autouse=True)
def bundle():
    api.load(json.dumps({"questionnaires": [Q.to_dict()], "history": HISTORY, "pages": {}}))


def call(**request) -> dict:
    reply = json.loads(api.handle(json.dumps(request)))
    assert "detail" not in reply, reply  # a refusal, never the catch-all answer to a crash
    return reply


def ok(**request) -> dict:
    reply = call(**request)
    assert reply["ok"], reply
    return reply


def refused(**request) -> str:
    reply = call(**request)
    assert not reply["ok"], reply
    return reply["error"]


def file(dossier, text, client=None, now=NOW) -> dict:
    return ok(op="dossier", action="file", dossier=dossier, text=text, client=client, now=now, offset=60)


def saved(stored, *changes) -> dict:
    return ok(op="save", dossier=True, stored=stored, changes=list(changes), now=NOW, offset=60)


def view(dossier, client=None) -> dict:
    return ok(op="dossier", action="view", dossier=dossier, client=client, offset=60, base="../../")


def text(markup: str) -> str:
    markup = re.sub(r"<svg\b.*?</svg>", "", markup, flags=re.S)
    return " ".join(" ".join(ET.fromstring(markup).itertext()).split())


THREE = "\n".join([link(MARCH, "2026-03-02T09:00:00Z"), link(SEPTEMBER, "2026-09-01T09:00:00Z"),
                   link({**SEPTEMBER, "b-05": 4}, "2026-10-05T09:00:00Z")])


# --- filing and dating --------------------------------------------------------------------------------------


def test_three_links_of_one_client_over_two_quarters_are_filed_under_its_organisation_dated_by_the_link():
    reply = file(None, THREE)
    assert reply["notice"] == "3 metingen opgeborgen bij Gemeente Prinsenstad."
    assert reply["client"] == "gemeente prinsenstad" and reply["added"] == 3
    client = reply["dossier"]["clients"]["gemeente prinsenstad"]
    assert client["name"] == ORG
    assert [r["date"] for r in client["results"]] == ["2026-03-02T09:00:00.000Z", "2026-09-01T09:00:00.000Z",
                                                      "2026-10-05T09:00:00.000Z"]
    assert {r["by"] for r in client["results"]} == {"Anna"}
    assert client["results"][0]["answers"] == MARCH and client["results"][0]["version"] == 2


def test_the_organisation_in_the_link_wins_and_a_link_without_one_needs_a_client_name():
    bare = _links.encode(CAT, {"basis": MARCH}, {"basis": {"changed": "2026-03-02T09:00:00Z"}})
    refused_ = file(None, bare)
    assert refused_["dossier"]["clients"] == {} and refused_["added"] == 0
    assert refused_["notice"] == ("Er is niets opgeborgen. De link: niet opgeborgen. Deze link noemt geen organisatie: "
                                  "geef de naam van de klant op en probeer het opnieuw.")
    named = file(None, bare, client="  Waterschap   Rijn ")
    assert list(named["dossier"]["clients"]) == ["waterschap rijn"]
    assert named["dossier"]["clients"]["waterschap rijn"]["name"] == "Waterschap Rijn"
    # the organisation the link carries is where it goes, whatever name is given
    again = file(named["dossier"], link(MARCH, "2026-03-02T09:00:00Z"), client="Waterschap Rijn")
    assert sorted(again["dossier"]["clients"]) == ["gemeente prinsenstad", "waterschap rijn"]
    # one client, however its name is capitalised in the links
    lower = file(again["dossier"], link(SEPTEMBER, "2026-09-01T09:00:00Z", organisation="gemeente  PRINSENSTAD"))
    assert len(lower["dossier"]["clients"]["gemeente prinsenstad"]["results"]) == 2
    assert lower["dossier"]["clients"]["gemeente prinsenstad"]["name"] == ORG


def test_a_link_without_a_date_is_dated_when_it_is_filed_and_says_so():
    undated = _links.encode(CAT, {"basis": MARCH}, {"basis": {"about": {"organisation": ORG}}})
    reply = file(None, undated)
    assert reply["dossier"]["clients"]["gemeente prinsenstad"]["results"][0]["date"] == NOW
    assert "De link draagt geen datum: opgeborgen met de datum van vandaag." in reply["notice"]


def test_the_same_link_filed_twice_is_kept_once():
    first = file(None, THREE)["dossier"]
    again = file(first, link(MARCH, "2026-03-02T09:00:00Z"))
    assert again["dossier"] == first and again["added"] == 0
    assert again["notice"] == "0 metingen opgeborgen bij Gemeente Prinsenstad. 1 stond al in het dossier."


def test_a_mails_text_is_read_by_its_links_and_the_rest_of_the_mail_is_left_alone():
    mail = ("Beste redactie van Vraag en antwoord,\n\nMijn vraag:\nHoe nu verder: zie https://voorbeeld.nl/?\n\n"
            "Mijn resultaten (deellinks; ze bevatten alleen mijn antwoorden op de zelftests):\n"
            f"- Basistest: {link(MARCH, '2026-03-02T09:00:00Z', by='')}\n\nMet vriendelijke groet,\n")
    reply = file(None, mail)
    results = reply["dossier"]["clients"]["gemeente prinsenstad"]["results"]
    assert len(results) == 1 and "by" not in results[0]  # "- Basistest" names the questionnaire, not a person
    assert reply["notice"] == "1 meting opgeborgen bij Gemeente Prinsenstad."


def test_pasted_lines_name_who_filled_it_in_when_the_link_does_not():
    lines = f"Bo: {link(MARCH, '2026-03-02T09:00:00Z', by='')}\nAnna: {link(MARCH, '2026-03-03T09:00:00Z')}"
    results = file(None, lines)["dossier"]["clients"]["gemeente prinsenstad"]["results"]
    assert [r["by"] for r in results] == ["Bo", "Anna"]


def test_an_export_file_is_filed_with_its_answers_and_every_earlier_measurement_in_it():
    entry = {"version": 2, "answers": SEPTEMBER, "saved": "2026-09-01T09:00:00.000Z",
             "about": {"organisation": ORG, "by": "Anna"},
             "history": [{"date": "2026-03-02T09:00:00.000Z", "version": 2, "answers": MARCH},
                         {"date": "2025-11-02T09:00:00.000Z", "version": 1, "answers": {"b-01": 1, "b-06": 2}}]}
    export = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1, "exported": NOW,
                         "questionnaires": {"basis": entry}})
    results = file(None, export)["dossier"]["clients"]["gemeente prinsenstad"]["results"]
    assert [(r["date"][:10], r["version"]) for r in results] == [("2025-11-02", 1), ("2026-03-02", 2),
                                                                  ("2026-09-01", 2)]
    assert results[-1]["answers"] == SEPTEMBER and results[0]["answers"] == {"b-01": 1, "b-06": 2}


def test_damaged_links_are_reported_one_by_one_and_the_others_are_filed():
    lines = f"{link(MARCH, '2026-03-02T09:00:00Z')}\n{link(SEPTEMBER)[:-6]}\nCas: https://x.nl/#delen=AB$\nniks"
    reply = file(None, lines)
    assert len(reply["dossier"]["clients"]["gemeente prinsenstad"]["results"]) == 1
    assert "Link 2: niet opgeborgen. Deze link is beschadigd" in reply["notice"]
    assert "Cas: niet opgeborgen. Deze link is beschadigd" in reply["notice"]
    assert "niks" not in reply["notice"]  # a line without a link in a text with links: the text of a mail


# --- what moved, the team, notes -----------------------------------------------------------------------------


def test_every_measurement_over_time_with_what_moved_in_the_return_visits_words():
    dossier = file(None, THREE)["dossier"]
    reply = view(dossier, "gemeente prinsenstad")
    assert reply["clients"] == [{"key": "gemeente prinsenstad", "name": ORG, "count": 3}]
    shown = text(reply["client_html"])
    assert "3 metingen van 1 vragenlijst, ingevuld door Anna; de nieuwste van 5 oktober 2026." in shown
    # the latest level per questionnaire
    assert "Basistest 3 · Gedefinieerd 5 oktober 2026 Anna" in shown
    # what moved between two measurements in a row, newest first, in _movement's words
    assert (f"Van 2 maart 2026 naar 1 september 2026: het niveau is {level_sentence(2, 3)}; gemiddeld antwoord "
            "2,1 → 2,7 ↑.") in shown
    assert statement_step(Q, "b-02", 3, 4) in shown and statement_step(Q, "b-04", 2, 3) in shown
    assert "Mandaat: 2 → 3 ↑ (gemiddeld 2,3 → 2,7 ↑)" in shown
    assert shown.index("Van 1 september 2026 naar 5 oktober 2026") < shown.index("Van 2 maart 2026")
    assert statement_step(Q, "b-05", None, 4) in shown
    # the history table of the return visit, each cell labelled, each rise marked
    root = ET.fromstring(re.sub(r"<svg\b.*?</svg>", "", reply["client_html"], flags=re.S))
    rows = root.findall(".//div[@class='zt-history']//tbody/tr")
    assert len(rows) == 3 and "↑" in "".join(rows[1].itertext()) and "↑" not in "".join(rows[2].itertext())
    assert all(td.get("data-label") for row in rows for td in row.findall("td"))


def test_one_measurement_says_the_next_will_show_what_moved():
    dossier = file(None, link(MARCH, "2026-03-02T09:00:00Z"))["dossier"]
    assert "Nog maar één meting" in text(view(dossier, "gemeente prinsenstad")["client_html"])


def test_several_people_of_one_client_are_compared_as_a_team_and_other_clients_stay_out():
    lines = "\n".join([link(MARCH, "2026-03-02T09:00:00Z", by="Anna"), link(SEPTEMBER, "2026-09-01T09:00:00Z"),
                       link({"b-01": 5, "b-02": 5, "b-03": 5, "b-04": 5}, "2026-09-02T09:00:00Z", by="Bo"),
                       link({"b-01": 1, "b-02": 1, "b-03": 1, "b-04": 1}, "2026-09-02T09:00:00Z", by="Cas",
                            organisation="Provincie Zuid")])
    dossier = file(None, lines)["dossier"]
    reply = view(dossier, "gemeente prinsenstad")
    shown = text(reply["client_html"])
    assert "Teamvergelijking" in shown and "Het nieuwste resultaat van Anna en Bo naast elkaar." in shown
    assert "Cas" not in shown
    table = ET.fromstring(re.sub(r"<svg\b.*?</svg>", "", reply["client_html"], flags=re.S))
    team = table.find(".//div[@class='zt-team']")
    total = next(tr for tr in team.iter("tr") if "zt-team-total" in (tr.get("class") or ""))
    assert [td.text for td in total.findall("td")] == ["3", "5", "3–5"]  # Anna's newest (September) against Bo's
    # a link to a statement goes to its questionnaire's page
    assert any(a.get("href") == "../../zelftest/basis/#b-01" for a in team.iter("a"))
    alone = text(view(dossier, "provincie zuid")["client_html"])
    assert "Teamvergelijking" not in alone


def test_notes_are_kept_per_client_and_removal_takes_one_client_out():
    dossier = file(None, THREE + "\n" + link(MARCH, "2026-03-02T09:00:00Z", organisation="Provincie Zuid"))["dossier"]
    noted = ok(op="dossier", action="notes", dossier=dossier, client="gemeente prinsenstad",
               notes="Gesprek met de CIO op 12 januari.\r\n\tMandaat\x00 nog regelen.  ")["dossier"]
    kept = noted["clients"]["gemeente prinsenstad"]["notes"]
    assert kept == "Gesprek met de CIO op 12 januari.\nMandaat nog regelen."
    assert view(noted, "gemeente prinsenstad")["notes"].startswith("Gesprek met de CIO")
    removed = ok(op="dossier", action="remove", dossier=noted, client="provincie zuid")
    assert list(removed["dossier"]["clients"]) == ["gemeente prinsenstad"]
    assert removed["notice"] == "Provincie Zuid is uit het dossier verwijderd, met alle metingen en notities."
    assert refused(op="dossier", action="remove", dossier=noted, client="nergens") == "Kies een klant in het dossier."


# --- two tabs --------------------------------------------------------------------------------------------------


def test_two_tabs_that_file_links_at_once_both_keep_theirs():
    base = file(None, link(MARCH, "2026-03-02T09:00:00Z"))["dossier"]
    stored = saved(None, {"base": None, "mine": base})["entry"]
    tab_a = file(stored, link(SEPTEMBER, "2026-09-01T09:00:00Z"))["dossier"]
    tab_b = file(stored, link(MARCH, "2026-10-01T09:00:00Z", organisation="Provincie Zuid"))["dossier"]
    tab_c = file(stored, link({**SEPTEMBER, "b-05": 4}, "2026-10-05T09:00:00Z"))["dossier"]
    after_a = saved(stored, {"base": stored, "mine": tab_a})["entry"]
    after_b = saved(after_a, {"base": stored, "mine": tab_b})["entry"]
    final = saved(after_b, {"base": stored, "mine": tab_c})["entry"]
    assert sorted(final["clients"]) == ["gemeente prinsenstad", "provincie zuid"]
    assert [r["date"][:10] for r in final["clients"]["gemeente prinsenstad"]["results"]] == [
        "2026-03-02", "2026-09-01", "2026-10-05"]
    # in the other order the same dossier
    other = saved(saved(saved(stored, {"base": stored, "mine": tab_c})["entry"],
                        {"base": stored, "mine": tab_b})["entry"], {"base": stored, "mine": tab_a})["entry"]
    assert other["clients"] == final["clients"]


def test_notes_in_one_tab_and_a_link_in_another_are_both_kept_and_a_removal_holds():
    stored = saved(None, {"base": None, "mine": file(None, THREE)["dossier"]})["entry"]
    noted = ok(op="dossier", action="notes", dossier=stored, client="gemeente prinsenstad", notes="Bellen.")["dossier"]
    filed = file(stored, link(MARCH, "2026-11-02T09:00:00Z"))["dossier"]
    both = saved(saved(stored, {"base": stored, "mine": noted})["entry"], {"base": stored, "mine": filed})["entry"]
    client = both["clients"]["gemeente prinsenstad"]
    assert client["notes"] == "Bellen." and len(client["results"]) == 4
    # notes cleared in one tab stay cleared when another tab (which did not touch them) saves
    cleared = ok(op="dossier", action="notes", dossier=both, client="gemeente prinsenstad", notes="")["dossier"]
    later = file(both, link(MARCH, "2026-12-01T09:00:00Z"))["dossier"]
    after = saved(saved(both, {"base": both, "mine": cleared})["entry"], {"base": both, "mine": later})["entry"]
    assert "notes" not in after["clients"]["gemeente prinsenstad"]
    gone = ok(op="dossier", action="remove", dossier=after, client="gemeente prinsenstad")["dossier"]
    assert saved(after, {"base": after, "mine": gone})["entry"]["clients"] == {}


def test_an_unreadable_stored_dossier_goes_aside_and_a_newer_one_is_left_alone():
    mine = file(None, THREE)["dossier"]
    reply = saved({"type": "iets anders"}, {"base": None, "mine": mine})
    assert reply["aside"] == [{"type": "iets anders"}] and reply["write"]
    assert reply["notice"].startswith("Het bewaarde dossier was onleesbaar.")
    assert len(reply["entry"]["clients"]["gemeente prinsenstad"]["results"]) == 3
    newer = {**mine, "format": 2}
    kept = saved(newer, {"base": None, "mine": mine})
    assert kept["entry"] == newer and kept["aside"] == [mine]
    assert kept["notice"].startswith("Dit dossier is intussen bewaard door een nieuwere versie")


def test_importing_the_same_dossier_twice_changes_nothing():
    stored = saved(None, {"base": None, "mine": file(None, THREE)["dossier"]})["entry"]
    again = saved(stored, {"base": None, "mine": stored})
    assert again["entry"]["clients"] == stored["clients"]


# --- export, import and their limits ------------------------------------------------------------------------


def test_export_and_import_give_back_the_whole_dossier():
    dossier = ok(op="dossier", action="notes", dossier=file(None, THREE)["dossier"], client="gemeente prinsenstad",
                 notes="Eerste gesprek\nTweede gesprek")["dossier"]
    download = ok(op="dossier", action="export", dossier=dossier, now=NOW, offset=60)["download"]
    assert download["name"] == "grip-dossier-2026-12-07.json" and download["type"] == "application/json"
    back = ok(op="dossier", action="import", text=download["text"])
    assert back["dossier"]["clients"] == dossier["clients"] and back["notice"] == "1 klant ingelezen."


@pytest.mark.parametrize(("text_", "error"), [
    ("x" * (_dossier.MAX_BYTES + 1), _dossier.TOO_LARGE),
    ('{"type": "grip-op-uitbesteding/dossier", "clients": {}, "x": "' + "é" * (_dossier.MAX_BYTES // 2) + '"}',
     _dossier.TOO_LARGE),
    ("{kapot", _dossier.NOT_A_DOSSIER),
    ('{"type": "grip-op-uitbesteding/antwoorden", "questionnaires": {}}', _dossier.NOT_A_DOSSIER),
    ('{"type": "grip-op-uitbesteding/dossier", "clients": []}', _dossier.NOT_A_DOSSIER),
    ('{"type": "grip-op-uitbesteding/dossier", "format": "1", "clients": {}}', _dossier.NOT_A_DOSSIER),
    ('{"type": "grip-op-uitbesteding/dossier", "format": 7, "clients": {}}', _dossier.NEWER),
    ('{"type": "grip-op-uitbesteding/dossier", "clients": ' + "[" * 5000 + "]" * 5000 + "}", _dossier.NOT_A_DOSSIER),
    ("[]", _dossier.NOT_A_DOSSIER),
])
def test_an_import_that_is_too_large_or_no_dossier_is_refused_unread(text_, error):
    assert refused(op="dossier", action="import", text=text_) == error


def test_an_imported_result_this_site_cannot_read_is_kept_aside_and_named():
    good = {"questionnaire": "basis", "date": "2026-03-02T09:00:00.000Z", "version": 2, "answers": MARCH}
    raw = {"type": _dossier.DOSSIER_TYPE, "format": 1, "clients": {
        "x": {"name": ORG, "notes": 5, "results": [good, {**good, "version": 9}, {**good, "questionnaire": "nieuw"},
                                                   {**good, "date": "gisteren"}, "rommel"]},
        "y": {"name": "", "results": []}, "z": "rommel"}}
    reply = ok(op="dossier", action="import", text=json.dumps(raw))
    client = reply["dossier"]["clients"]["gemeente prinsenstad"]
    assert client["results"] == [good] and len(client["unreadable"]) == 4 and "notes" not in client
    assert "Gemeente Prinsenstad: een meting kon niet worden gelezen (versie 9 bestaat niet) en is apart bewaard." \
        in reply["notice"]
    assert "vragenlijst 'nieuw' onbekend" in reply["notice"] and "datum onleesbaar" in reply["notice"]
    assert "Een klant zonder naam ('y') is overgeslagen." in reply["notice"]
    # what was set aside travels along and is tried again on every read
    assert len(view(reply["dossier"], "gemeente prinsenstad")["clients"]) == 1


# --- hostile input ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("request_", "error"), [
    ({"action": "file", "text": None}, "Plak eerst een deellink, de tekst van een e-mail of een exportbestand."),
    ({"action": "file", "text": 5}, "Plak eerst een deellink, de tekst van een e-mail of een exportbestand."),
    ({"action": "file", "text": "   "}, "Plak eerst een deellink, de tekst van een e-mail of een exportbestand."),
    ({"action": "file", "text": "x" * (_dossier.MAX_BYTES + 1)}, _dossier.TEXT_TOO_LARGE),
    ({"action": "file", "text": "AQIB", "client": ["a"]}, "De naam van de klant is onleesbaar."),
    ({"action": "file", "text": "AQIB", "dossier": "kapot"}, _dossier.NOT_A_DOSSIER),
    ({"action": "file", "text": "AQIB", "dossier": {"type": _dossier.DOSSIER_TYPE, "clients": 3}},
     _dossier.NOT_A_DOSSIER),
    ({"action": "notes", "client": "gemeente prinsenstad", "notes": 3}, "Kies een klant in het dossier."),
    ({"action": "view", "offset": "60"}, "De tijdzone van je apparaat is onleesbaar. Laad de pagina opnieuw."),
    ({"action": "export", "now": "gisteren"}, "De tijd van je apparaat ontbreekt of is onleesbaar. Laad de pagina "
                                              "opnieuw."),
    ({"action": "wis alles"}, "Deze handeling met het dossier kent de rekenmodule niet."),
    ({"action": "import", "text": {"type": _dossier.DOSSIER_TYPE}}, _dossier.NOT_A_DOSSIER),
])
def test_wrong_types_and_damaged_input_are_refused_in_dutch(request_, error):
    assert refused(op="dossier", **{"now": NOW, **request_}) == error


def test_a_file_of_the_wrong_kind_or_a_huge_export_is_reported_and_nothing_is_lost():
    dossier = file(None, THREE)["dossier"]
    huge = '{"type": "grip-op-uitbesteding/antwoorden", "questionnaires": {"x": "' + "a" * 2_000_000 + '"}}'
    reply = file(dossier, huge)
    assert reply["dossier"] == dossier
    assert reply["notice"] == ("Er is niets opgeborgen. Het bestand: niet opgeborgen. Dit bestand is groter dan 1 MB "
                               "en kan geen export van de zelftests zijn.")
    assert "Dit bestand is geen export" in file(dossier, "{[}")["notice"]


def test_the_save_of_a_dossier_refuses_damaged_changes_in_dutch():
    assert refused(op="save", dossier=True, stored=None, changes="x", now=NOW) == ("De wijzigingen om te bewaren zijn "
                                                                                    "onleesbaar.")
    assert refused(op="save", dossier=True, stored=None, changes=[{"base": None}], now=NOW) == (
        "Een wijziging om te bewaren is onleesbaar.")
    reply = saved(None, {"base": None, "mine": {"type": "rommel"}})
    assert reply["aside"] == [{"type": "rommel"}] and reply["entry"]["clients"] == {}


# --- the command line --------------------------------------------------------------------------------------------


class TestCliDossier:  # CPython only: Pyodide has no subprocesses (its suite runs with -k 'not TestCli')
    def test_the_cli_files_links_and_files_as_json_or_markdown(self, tmp_path):
        import subprocess

        from tests.conftest import ROOT

        from .helpers import DATA

        folder = tmp_path / "questionnaires"
        folder.mkdir()
        (folder / "basis.yml").write_text((DATA / "valid" / "basis.yml").read_text())
        (folder / "versions.json").write_text(json.dumps(HISTORY))
        mail = tmp_path / "mail.txt"
        mail.write_text(f"Hallo,\n\n- Basistest: {link(MARCH, '2026-03-02T09:00:00Z', by='')}\n\nGroet\n")
        bare = _links.encode(CAT, {"basis": SEPTEMBER}, {"basis": {"changed": "2026-09-01T09:00:00Z"}})

        def run(*args):
            return subprocess.run([sys.executable, "-m", "scoring", "dossier", *args, "--questionnaires", str(folder)],
                                  capture_output=True, text=True, cwd=ROOT)

        done = run(str(mail), bare, "kapot")
        assert done.returncode == 0, done.stderr
        assert "niet opgeborgen. Deze link noemt geen organisatie" in done.stderr
        assert "Deze link is beschadigd" in done.stderr
        out = json.loads(done.stdout)
        assert out["type"] == _dossier.DOSSIER_TYPE and len(out["clients"]["gemeente prinsenstad"]["results"]) == 1
        named = run(str(mail), bare, "--client", "Waterschap Rijn", "--format", "markdown")
        assert named.returncode == 0, named.stderr
        assert "## Gemeente Prinsenstad" in named.stdout and "## Waterschap Rijn" in named.stdout
        assert "### Laatste niveau per vragenlijst" in named.stdout
        nothing = run("kapot")
        assert nothing.returncode == 2 and "fout: er is niets opgeborgen" in nothing.stderr
        assert "Traceback" not in nothing.stderr + done.stderr
        imported = run(str(tmp_path / "niet-er"), "--format", "markdown")
        assert imported.returncode == 2 and "Traceback" not in imported.stderr


def test_markdown_shows_what_moved_and_the_notes():
    from scoring._dossier_view import markdown

    dossier = _dossier.read(CAT, ok(op="dossier", action="notes", dossier=file(None, THREE)["dossier"],
                                    client="gemeente prinsenstad", notes="Bellen.")["dossier"])
    out = markdown(CAT, dossier, 60)
    assert "| 1 september 2026 | 3 ↑ | 3 ↑ | 3 ↑ | – |" in out
    assert f"    - {statement_step(Q, 'b-02', 3, 4)}" in out
    assert out.rstrip().endswith("### Notities\n\nBellen.")
