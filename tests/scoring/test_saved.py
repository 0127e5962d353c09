"""The reader's saved answers (issue 13, "No answer is ever lost"): the api ops ``entry`` and ``import`` decide
every change to a stored entry, ``history`` shows its measurements; the page only stores what ``save`` gives
(tests/scoring/test_save.py)."""

from __future__ import annotations

import json

import pytest

from scoring import api

from .helpers import load

#: Version 1 of ``basis`` asked b-06, which version 2 no longer asks.
HISTORY = {"basis": {"code": 200, "versions": {"1": ["b-01", "b-02", "b-06"],
                                                "2": ["b-01", "b-02", "b-03", "b-04", "b-05"]}}}
DAY = "2026-03-01T10:00:00.000Z"
LATER = "2026-04-02T09:30:00.000Z"
OLD = {"date": "2026-01-15T08:00:00.000Z", "version": 2, "answers": {"b-01": 2}}


@pytest.fixture(autouse=True)
def bundle():
    api.load(json.dumps({"questionnaires": [load("basis.yml").to_dict()], "history": HISTORY, "pages": {}}))


def call(**request):
    return json.loads(api.handle(json.dumps(request)))


def entry(action, stored, now=DAY, **more):
    reply = call(op="entry", action=action, questionnaire="basis", entry=stored, now=now, **more)
    assert reply["ok"], reply
    return reply["entry"], reply["notice"]


def stored(answers, history=(), **extra):
    return {"version": 2, "answers": answers, "changed": {}, "history": list(history), **extra}


def export(questionnaires, **fields):
    return json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1, "exported": DAY,
                       "questionnaires": questionnaires, **fields})


# --- entry: measure, reset, adopt, import ---------------------------------------------------------

def test_measure_keeps_the_answers_as_a_measurement_and_passes_other_keys_through():
    own = stored({"b-01": 3, "b-05": "?"}, [OLD], saved=DAY, changed={"b-01": DAY})
    after, notice = entry("measure", own)
    assert after == {**own, "history": [OLD, {"date": DAY, "version": 2, "answers": {"b-01": 3, "b-05": "?"}}]}
    assert notice == "Je resultaat van 1 maart 2026 is bewaard als meting."
    again, _ = entry("measure", after)
    assert again == after  # the same measurement twice is one


def test_measure_without_answers_keeps_nothing_and_says_so():
    assert entry("measure", None) == ({"version": 2, "answers": {}, "changed": {}, "history": []},
                                      "Er zijn nog geen antwoorden om als meting te bewaren.")
    own = stored({}, [OLD])
    assert entry("measure", own) == (own, "Er zijn nog geen antwoorden om als meting te bewaren.")


def test_measure_of_answers_of_an_older_version_keeps_them_whole_and_carries_them_over():
    own = {"version": 1, "answers": {"b-01": 4, "b-06": 2}, "history": []}
    after, notice = entry("measure", own)
    assert after["version"] == 2 and after["answers"] == {"b-01": 4}
    assert after["history"] == [{"date": DAY, "version": 1, "answers": {"b-01": 4, "b-06": 2}}]
    assert notice.startswith("Je resultaat van 1 maart 2026 is bewaard als meting. Deze antwoorden zijn gegeven "
                             "bij versie 1") and "b-06" in notice


def test_reset_measures_then_clears():
    own = stored({"b-02": 5}, [OLD], saved=DAY)
    after, notice = entry("reset", own, now=LATER)
    assert after == stored({}, [OLD, {"date": LATER, "version": 2, "answers": {"b-02": 5}}], saved=DAY)
    assert notice == "Je antwoorden zijn gewist. Wat je had ingevuld, staat bij de eerdere metingen."
    assert entry("reset", after, now=LATER) == (after, "Er waren nog geen antwoorden om te wissen.")


def test_adopt_measures_the_own_answers_then_takes_the_shared_ones():
    after, notice = entry("adopt", stored({"b-01": 1}), answers={"b-01": 5, "b-03": "-"})
    assert after == stored({"b-01": 5, "b-03": "-"}, [{"date": DAY, "version": 2, "answers": {"b-01": 1}}])
    assert notice == ("De gedeelde antwoorden zijn nu jouw antwoorden. Je eigen antwoorden staan bij de eerdere "
                      "metingen.")
    first, notice = entry("adopt", None, answers={"b-02": "4"})
    assert first == stored({"b-02": 4}) and notice == "De gedeelde antwoorden zijn nu jouw antwoorden."


def test_adopt_refuses_shared_answers_it_cannot_read_and_changes_nothing():
    bad = call(op="entry", action="adopt", questionnaire="basis", entry=stored({"b-01": 1}), now=DAY,
               answers={"b-01": 7})
    assert bad == {"ok": False, "error": "Ongeldig antwoord 7 bij stelling b-01: kies 1 t/m 5, '?' of '-'."}


def test_import_measures_the_own_answers_and_joins_the_histories_as_a_set():
    mine = stored({"b-01": 1}, [OLD], saved=DAY)
    theirs = {"date": "2026-02-10T12:00:00.000Z", "version": 1, "answers": {"b-06": 3}}
    text = export({"basis": {"version": 2, "answers": {"b-04": "5"}, "history": [OLD, theirs]}})
    imported = call(op="import", text=text, now=DAY)["questionnaires"]["basis"]
    assert imported["answers"] == {"b-04": 5} and imported["unreadable"] == [] and imported["notice"] == ""
    after, notice = entry("import", mine, now=LATER, imported=imported)
    assert after == stored({"b-04": 5}, [OLD, theirs, {"date": LATER, "version": 2, "answers": {"b-01": 1}}], saved=DAY)
    assert notice == ("De antwoorden uit het bestand zijn nu jouw antwoorden voor 'Basistest'. Je vorige antwoorden "
                      "staan bij de eerdere metingen. 1 eerdere meting uit het bestand toegevoegd.")


def test_import_of_an_older_version_says_what_changed_and_keeps_the_file_answers_whole():
    text = export({"basis": {"version": 1, "answers": {"b-01": 2, "b-06": 5}}})
    imported = call(op="import", text=text, now=DAY)["questionnaires"]["basis"]
    assert imported["answers"] == {"b-01": 2} and imported["removed"] == ["b-06"]
    after, notice = entry("import", None, imported=imported)
    assert after == stored({"b-01": 2}, [{"date": DAY, "version": 1, "answers": {"b-01": 2, "b-06": 5}}])
    assert "Vervallen stellingen: b-06" in notice and "Je vorige antwoorden" not in notice
    assert notice.endswith("De antwoorden van versie 1 staan zoals ze waren bij de eerdere metingen.")


# --- history entries that cannot be read ------------------------------------------------------------

def test_a_bad_history_entry_is_reported_once_kept_aside_and_the_rest_kept():
    future = {"date": DAY, "version": 9, "answers": {"b-99": 1}}
    after, notice = entry("measure", stored({}, [OLD, future]))
    assert after["history"] == [OLD] and after["unreadable"] == [future]
    assert notice == ("Er zijn nog geen antwoorden om als meting te bewaren. 1 eerdere meting kon niet worden "
                      "gelezen (versie 9 bestaat niet) en is overgeslagen.")
    again, notice = entry("measure", after)
    assert again == after and "overgeslagen" not in notice  # said once; still kept


def test_every_kind_of_bad_history_entry_is_named():
    bad = [{"version": 2, "answers": {}}, {"date": "gisteren", "version": 2, "answers": {}}, "kapot",
           {"date": DAY, "version": "2", "answers": {}}, {"date": DAY, "version": 2, "answers": {"b-01": 9}},
           {"date": DAY, "answers": {}}]
    after, notice = entry("measure", stored({}, bad))
    assert after["history"] == [] and sorted(map(json.dumps, after["unreadable"])) == sorted(map(json.dumps, bad))
    assert notice.endswith("6 eerdere metingen konden niet worden gelezen (datum ontbreekt; datum onleesbaar; "
                           "onleesbaar; versie onleesbaar; antwoorden onleesbaar; versie ontbreekt) en zijn "
                           "overgeslagen.")


def test_a_measurement_kept_aside_returns_to_the_history_once_it_can_be_read():
    after, _ = entry("measure", {**stored({}), "unreadable": [OLD, "kapot"]})
    assert after["history"] == [OLD] and after["unreadable"] == ["kapot"]


def test_history_is_sorted_by_date_and_answers_are_normalized():
    early = {"date": "2025-12-01", "version": 2, "answers": {"b-01": "4"}}
    after, _ = entry("measure", stored({}, [OLD, early]))
    assert after["history"] == [{**early, "answers": {"b-01": 4}}, OLD]


@pytest.mark.parametrize(("request_", "error"), [
    ({"action": "bewaar"}, "Deze handeling met je antwoorden kent de rekenmodule niet."),
    ({"now": "morgen"}, "De tijd van je apparaat ontbreekt of is onleesbaar. Laad de pagina opnieuw."),
    ({"now": None}, "De tijd van je apparaat ontbreekt of is onleesbaar. Laad de pagina opnieuw."),
    ({"offset": "60"}, "De tijdzone van je apparaat is onleesbaar. Laad de pagina opnieuw."),
    ({"entry": ["b-01"]}, "De bewaarde antwoorden voor 'Basistest' zijn onleesbaar."),
    ({"entry": {"version": "twee", "answers": {}}}, "De versie van de antwoorden voor 'Basistest' is onleesbaar."),
    ({"entry": {"version": 9, "answers": {}}},
     "Deze antwoorden horen bij versie 9 van 'Basistest'; die versie kent deze site niet."),
    ({"entry": {"version": 2, "answers": {"b-06": 1}}}, "Onbekende stelling 'b-06' in de antwoorden voor 'Basistest'."),
    ({"questionnaire": None}, "Er is geen vragenlijst gekozen."),
    ({"action": "import"}, "Er zijn geen geïmporteerde antwoorden meegegeven."),
    ({"action": "adopt", "answers": "b-01=3"}, "De gedeelde antwoorden zijn onleesbaar."),
])
def test_entry_refuses_what_it_cannot_read_in_dutch(request_, error):
    message = {"op": "entry", "action": "measure", "questionnaire": "basis", "entry": None, "now": DAY, **request_}
    assert json.loads(api.handle(json.dumps(message))) == {"ok": False, "error": error}


NOTHING = "Uit dit bestand kon niets worden geïmporteerd. "


# --- import: the file is checked in Python ------------------------------------------------------

def test_import_refuses_a_file_over_1_mb_before_reading_it():
    text = export({"basis": {"version": 2, "answers": {}}}, padding="x" * (1024 * 1024))
    assert call(op="import", text=text, now=DAY) == {
        "ok": False, "error": "Dit bestand is groter dan 1 MB en kan geen export van de zelftests zijn."}


def test_import_reports_a_history_entry_of_an_unknown_version_and_imports_the_rest():
    future = {"date": DAY, "version": 9, "answers": {"b-01": 3}}
    text = export({"basis": {"version": 2, "answers": {"b-01": 3}, "history": [OLD, future]}})
    imported = call(op="import", text=text, now=DAY)["questionnaires"]["basis"]
    assert imported["history"] == [OLD] and imported["unreadable"] == [future]
    assert imported["notice"] == "1 eerdere meting kon niet worden gelezen (versie 9 bestaat niet) en is overgeslagen."
    after, notice = entry("import", None, imported=imported)
    assert after["history"] == [OLD] and after["unreadable"] == [future]
    assert notice.endswith("1 eerdere meting kon niet worden gelezen (versie 9 bestaat niet) en is overgeslagen.")


@pytest.mark.parametrize(("text", "error"), [
    ("[1, 2]", "Dit bestand is geen export van de zelftests van Grip op uitbesteding."),
    (export({}), "Dit bestand bevat geen antwoorden."),
    (export({"basis": {"version": 2, "answers": {}}}, format=2),
     "Dit bestand is gemaakt met een andere versie van de site en kan hier niet worden gelezen."),
    (export({"basis": {"version": 2, "answers": {}}}, exported=5),
     "Dit bestand is geen export van de zelftests van Grip op uitbesteding."),
    (export({"basis": {"version": 2, "answers": ["b-01"]}}),
     NOTHING + "'Basistest' is overgeslagen: De antwoorden voor 'Basistest' in dit bestand zijn beschadigd."),
    (export({"basis": {"version": True, "answers": {}}}),
     NOTHING + "'Basistest' is overgeslagen: De versie van de antwoorden voor 'Basistest' is onleesbaar."),
    (export({"basis": {"version": 1, "answers": {"b-03": 2}}}),  # b-03 was not asked in version 1
     NOTHING + "'Basistest' is overgeslagen: Onbekende stelling 'b-03' in de antwoorden voor 'Basistest'."),
    (export({"basis": {"version": 1, "answers": {"b-06": 0}}}),
     NOTHING + "'Basistest' is overgeslagen: Ongeldig antwoord 0 bij stelling b-06: kies 1 t/m 5, '?' of '-'."),
    (export({"onbekend": {"version": 1, "answers": {}}}),
     NOTHING + "'onbekend' is overgeslagen: die vragenlijst kent deze site niet."),
])
def test_import_checks_every_field(text, error):
    assert call(op="import", text=text, now=DAY) == {"ok": False, "error": error}


def test_import_uses_the_normalized_answers():
    text = export({"basis": {"version": 2, "answers": {"b-01": " 4", "b-02": None}}})
    imported = call(op="import", text=text, now=DAY)
    assert imported["questionnaires"]["basis"]["answers"] == {"b-01": 4}


def test_an_import_takes_the_organisation_and_name_of_the_file_cleaned():
    q = load("basis.yml")
    api.load(json.dumps({"questionnaires": [q.to_dict()], "history": {}, "pages": {}}))
    text = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1, "questionnaires": {"basis": {
        "version": q.version, "answers": {"b-01": 3},
        "about": {"organisation": " Gemeente\n X ", "by": "A" * 300, "share": "ja"}}}})
    imported = json.loads(api.handle(json.dumps({"op": "import", "text": text, "now": DAY})))["questionnaires"]["basis"]
    assert imported["about"] == {"organisation": "Gemeente X", "by": "A" * 120}
    reply = json.loads(api.handle(json.dumps({"op": "entry", "action": "import", "questionnaire": "basis",
                                              "entry": None,
                                                  "imported": imported, "now": "2026-12-01T10:00:00Z"})))
    assert reply["entry"]["about"] == {"organisation": "Gemeente X", "by": "A" * 120}


# --- dates: the reader's day, in the notice and in the history alike ---------------------------------------

def test_a_measurement_at_half_past_midnight_on_new_years_day_reads_1_januari_in_notice_and_history():
    after, notice = entry("measure", stored({"b-01": 3}), now="2026-12-31T23:30:00.000Z", offset=60)
    assert notice == "Je resultaat van 1 januari 2027 is bewaard als meting."
    assert after["history"][0]["date"] == "2026-12-31T23:30:00.000Z"  # stored in UTC, shown in the reader's time
    shown = call(op="history", questionnaire="basis", entries=after["history"], answers={"b-01": 3}, offset=60)["html"]
    assert "1 januari 2027, 00:30" in shown and "december" not in shown


def test_a_moment_with_an_offset_is_shown_in_dutch_in_the_readers_time_never_as_iso():
    history = [{"date": "2026-03-01T15:00:00+05:00", "version": 2, "answers": {"b-01": 2}},
               {"date": "2026-02-31T10:00:00Z", "version": 2, "answers": {"b-01": 1}}]
    after, notice = entry("measure", stored({}, history))
    assert after["history"] == history[:1] and after["unreadable"] == history[1:]
    assert "(datum onleesbaar)" in notice
    shown = call(op="history", questionnaire="basis", entries=after["history"], answers={"b-01": 3}, offset=60)["html"]
    assert "1 maart 2026, 11:00" in shown and "+05:00" not in shown and "T15" not in shown


def test_one_moment_written_two_ways_is_one_measurement():
    same = [{"date": "2026-03-01T11:00:00+01:00", "version": 2, "answers": {"b-01": 2}},
            {"date": "2026-03-01T10:00:00.000Z", "version": 2, "answers": {"b-01": "2"}}]
    after, _ = entry("measure", stored({}, same))
    assert len(after["history"]) == 1


def test_an_import_takes_what_it_knows_and_names_what_it_skipped():
    text = export({"onbekend": {"version": 1, "answers": {"x-01": 3}}, "basis": {"version": 2, "answers": {"b-01": 4}},
                   "ook-onbekend": "kapot"})
    reply = call(op="import", text=text, now=DAY)
    assert reply["ok"] and list(reply["questionnaires"]) == ["basis"]
    assert reply["questionnaires"]["basis"]["answers"] == {"b-01": 4}
    assert reply["skipped"] == ["'onbekend' is overgeslagen: die vragenlijst kent deze site niet.",
                                "'ook-onbekend' is overgeslagen: die vragenlijst kent deze site niet."]
    assert reply["notice"] == " ".join(["1 vragenlijst geïmporteerd.", *reply["skipped"]])


def test_an_import_of_a_version_this_site_does_not_know_skips_that_questionnaire_only():
    api.load(json.dumps({"questionnaires": [load("basis.yml").to_dict(),
                                            {**load("basis.yml").to_dict(), "id": "tweede", "code": 201}],
                         "history": HISTORY, "pages": {}}))
    text = export({"basis": {"version": 9, "answers": {"b-01": 4}}, "tweede": {"version": 2, "answers": {"b-02": 1}}})
    reply = call(op="import", text=text, now=DAY)
    assert list(reply["questionnaires"]) == ["tweede"]
    assert reply["skipped"] == ["'Basistest' is overgeslagen: Deze antwoorden horen bij versie 9 van 'Basistest'; "
                                "die versie kent deze site niet."]


def test_the_history_op_shows_what_it_can_read_and_names_what_it_skipped():
    entries = [OLD, {"date": DAY, "version": 9, "answers": {}}, "kapot", {"date": "2026-02-31", "version": 2,
                                                                          "answers": {}},
               {"date": LATER, "version": 1, "answers": {"b-01": 5, "b-06": 1}}]
    reply = call(op="history", questionnaire="basis", entries=entries, answers={"b-01": 3}, offset=60)
    assert reply["ok"] and reply["count"] == 2
    assert reply["notice"] == ("3 eerdere metingen konden niet worden gelezen (versie 9 bestaat niet; onleesbaar; "
                               "datum onleesbaar) en zijn overgeslagen.")
    assert reply["html"].index("2 april 2026") < reply["html"].index("15 januari 2026")  # newest first
    for junk in (None, "kapot", {"date": DAY}, [[]], 5):
        reply = call(op="history", questionnaire="basis", entries=junk, answers={})
        assert reply["ok"] and reply["count"] == 0


def test_an_export_is_written_by_python_and_reads_back_whole():
    mine = stored({"b-01": 3, "b-02": "?"}, [OLD], about={"organisation": "Gemeente", "by": "Anna"},
                  targets={"overall": 4})
    other = {"version": 7, "answers": {"x-01": 1}}  # a questionnaire this build does not know: kept in the file
    reply = call(op="export", entries={"basis": mine, "nieuw": other}, now="2026-12-31T23:30:00.000Z", offset=60)
    assert reply["ok"], reply
    download = reply["download"]
    assert download["name"] == "grip-zelftest-2027-01-01.json"  # the reader's day, not UTC's
    assert download["type"] == "application/json" and reply["count"] == 2
    assert json.loads(download["text"])["questionnaires"] == {"basis": mine, "nieuw": other}
    back = call(op="import", text=download["text"], now=LATER)
    assert back["ok"], back
    imported = back["questionnaires"]["basis"]
    assert imported["answers"] == {"b-01": 3, "b-02": "?"} and imported["history"] == [OLD]
    assert imported["about"] == {"organisation": "Gemeente", "by": "Anna"} and imported["targets"] == {"overall": 4}
    assert "nieuw" in back["notice"]  # skipped, and said


def test_an_export_needs_the_readers_clock():
    reply = call(op="export", entries={"basis": stored({})})
    assert not reply["ok"] and "tijd" in reply["error"]
