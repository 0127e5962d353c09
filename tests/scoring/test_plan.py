"""Targets, the route on the result and the improvement plan (issue 16, items 1 and 3-6): what the op "plan" does to
the stored entry, what survives an import, the CSV and iCalendar downloads read back with standard readers, what
moved since an item was added, the HTML controls the page wires up, and the overview's two series."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import api, score
from scoring._movement import movement
from scoring._plan import clean_plan, clean_targets, default_target, effective_targets
from scoring._render import result_html

from .helpers import load

DAY = "2026-03-01T10:00:00.000Z"
#: Inside Pyodide (about 10x slower) fewer.
EXAMPLES = 200 if sys.platform != "emscripten" else 40
#: basis: level 2 overall; b-04 (weight 3) is the cheapest way up.
ANSWERS = {"b-01": 2, "b-02": 3, "b-03": 2, "b-04": 2}
HISTORY = {"basis": {"code": 200, "versions": {"1": ["b-01", "b-02", "b-06"],
                                                "2": ["b-01", "b-02", "b-03", "b-04", "b-05"]}}}
Q = load("basis.yml")


@pytest.fixture(autouse=True)
def bundle():
    api.load(json.dumps({"questionnaires": [Q.to_dict()], "history": HISTORY, "pages": {}}))


def call(**request) -> dict:
    return json.loads(api.handle(json.dumps(request)))


def plan(entry, action, **fields) -> dict:
    reply = call(op="plan", questionnaire="basis", entry=entry, action=action, now=DAY, **fields)
    assert reply["ok"], reply
    return reply


def entry_with(*items, answers=ANSWERS) -> dict:
    entry = {"version": 2, "answers": dict(answers), "history": []}
    for kind, ref in items:
        entry = plan(entry, "add", item={"kind": kind, "ref": ref})["entry"]
    return entry


def parse(markup: str) -> ET.Element:
    """HTML as ElementTree writes it, read as XML: an <input> is void in HTML, so it gets its "/" here."""
    return ET.fromstring(re.sub(r"(<input\b[^>]*)>", r"\1/>", markup))


def html(answers=ANSWERS, **options) -> ET.Element:
    return parse(result_html(score(Q, answers), lambda link: link, "3 maart 2026", **options))


def text(node: ET.Element) -> str:
    return " ".join("".join(node.itertext()).split())


def controls(root: ET.Element) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("data-zt-plan") is not None or e.get("data-zt-plan-click") is not None]


# --- targets ----------------------------------------------------------------------------------------------

def test_the_default_target_is_one_level_up_capped_at_5_and_none_without_a_level():
    assert [default_target(lv) for lv in (None, 1, 2, 4, 5)] == [None, 2, 3, 5, 5]
    wanted = effective_targets(Q, {}, score(Q, ANSWERS))
    assert wanted == {"overall": 3, "mandaat": 3, "keten": 3, "leren": None}


def test_a_target_is_set_per_scope_and_set_back_to_the_default():
    entry = plan(None, "target", scope="overall", value=4)["entry"]
    assert entry["targets"] == {"overall": 4}
    reply = plan(entry, "target", scope="keten", value="5")  # a <select> sends text
    assert reply["entry"]["targets"] == {"overall": 4, "keten": 5}
    assert reply["notice"] == "Je doel voor het thema 'Keten' is nu niveau 5."
    back = plan(reply["entry"], "target", scope="overall", value="")
    assert back["entry"]["targets"] == {"keten": 5} and "één niveau hoger" in back["notice"]


@pytest.mark.parametrize("fields", [{"scope": "nergens", "value": 3}, {"scope": "overall", "value": 6},
                                    {"scope": "overall", "value": True}, {"scope": ["overall"], "value": 3},
                                    {"scope": "overall", "value": "3.5"}])
def test_a_wrong_target_is_refused_in_dutch(fields):
    reply = call(op="plan", questionnaire="basis", entry=None, action="target", now=DAY, **fields)
    assert not reply["ok"] and reply["error"].endswith(".")


def test_targets_are_cleaned_when_read():
    raw = {"overall": "4", "keten": 9, "leren": True, "mandaat": 2, "onbekend": 3, "x": {"a": 1}}
    assert clean_targets(Q, raw) == {"overall": 4, "mandaat": 2}
    assert clean_targets(Q, ["overall", 3]) == {} and clean_targets(Q, None) == {}


# --- the plan: add, update, remove ------------------------------------------------------------------------

#: A step's title names its statement and the raise in the scale's words, never its id.
STEP_B04 = "Er zijn overleggen: van 'In aanzet' naar 'Aanwezig en gemeten'"


def test_adding_fills_title_statements_and_baseline_and_a_second_time_does_nothing():
    entry = entry_with(("step", "b-04"), ("recommendation", "b-r02"))
    rec, step = entry["plan"]  # the plan's order: by the day added, then by id (advies-… before stap-…)
    assert step == {"id": "stap-b-04", "kind": "step", "ref": "b-04", "title": STEP_B04,
                    "statements": ["b-04"], "owner": "", "due": "", "status": "gepland", "note": "",
                    "made": "2026-03-01", "baseline": {"b-04": 2}}
    assert rec["title"] == "Werk aan de keten" and rec["statements"] == ["b-03", "b-04"]
    assert rec["baseline"] == {"b-03": 2, "b-04": 2} and rec["id"] == "advies-b-r02"
    again = plan(entry, "add", item={"kind": "step", "ref": "b-04"})
    assert again["entry"]["plan"] == entry["plan"] and again["notice"] == "Dit staat al op je plan."
    assert entry["answers"] == ANSWERS and entry["version"] == 2  # the rest of the entry as it was


@pytest.mark.parametrize("item", [{"kind": "step", "ref": "b-99"}, {"kind": "recommendation", "ref": "b-04"},
                                  {"kind": "stap", "ref": "b-04"}, "b-04", None, {"kind": "step", "ref": 4}])
def test_adding_what_the_questionnaire_does_not_have_is_refused(item):
    reply = call(op="plan", questionnaire="basis", entry=None, action="add", item=item, now=DAY)
    assert not reply["ok"] and reply["error"].endswith(".")


def test_update_cleans_each_field_and_refuses_what_cannot_be_right():
    entry = entry_with(("step", "b-04"))
    entry = plan(entry, "update", id="stap-b-04", field="owner", value="  Anna\n de  Vries " + "x" * 300)["entry"]
    assert entry["plan"][0]["owner"] == ("Anna de Vries " + "x" * 300)[:200]
    entry = plan(entry, "update", id="stap-b-04", field="due", value="2026-12-31")["entry"]
    entry = plan(entry, "update", id="stap-b-04", field="status", value="bezig")["entry"]
    entry = plan(entry, "update", id="stap-b-04", field="note", value="Eerst de leverancier bellen")["entry"]
    item = entry["plan"][0]
    assert (item["due"], item["status"], item["note"]) == ("2026-12-31", "bezig", "Eerst de leverancier bellen")
    assert plan(entry, "update", id="stap-b-04", field="due", value="")["entry"]["plan"][0]["due"] == ""
    for fields in ({"id": "stap-b-04", "field": "due", "value": "2026-02-30"},
                   {"id": "stap-b-04", "field": "status", "value": "af"},
                   {"id": "stap-b-04", "field": "baseline", "value": "x"},
                   {"id": "stap-b-04", "field": "owner", "value": 3},
                   {"id": "stap-b-99", "field": "owner", "value": "Bo"}):
        reply = call(op="plan", questionnaire="basis", entry=entry, action="update", now=DAY, **fields)
        assert not reply["ok"] and reply["error"].endswith("."), fields


def test_remove_takes_an_item_off_and_an_unknown_one_is_no_error():
    entry = entry_with(("step", "b-04"), ("step", "b-01"))
    reply = plan(entry, "remove", id="stap-b-04")
    assert [item["id"] for item in reply["entry"]["plan"]] == ["stap-b-01"]
    assert plan(reply["entry"], "remove", id="stap-b-04")["notice"] == "Dit onderdeel stond al niet meer op je plan."


def test_an_unknown_action_is_refused():
    assert not call(op="plan", questionnaire="basis", entry=None, action="delete", now=DAY)["ok"]


# --- hostile stored data is cleaned, never raises -------------------------------------------------------

JUNK = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                        st.sampled_from(["id", "kind", "ref", "title", "statements", "owner", "due", "status", "note",
                                         "made", "baseline", "overall", "keten"]) | st.text(max_size=6), inner,
                        max_size=6), max_leaves=20)
ITEM = st.fixed_dictionaries({"kind": st.sampled_from(["step", "recommendation"]),
                              "ref": st.sampled_from(["b-01", "b-r02"])},
                             optional={"id": JUNK, "title": JUNK, "statements": JUNK, "owner": JUNK, "due": JUNK,
                                       "status": JUNK, "note": JUNK, "made": JUNK, "baseline": JUNK})


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(JUNK, st.lists(st.one_of(ITEM, JUNK), max_size=6)), JUNK)
def test_any_stored_plan_and_targets_are_cleaned_and_render(raw_plan, raw_targets):
    items = clean_plan(raw_plan)
    for item in items:
        assert set(item) == {"id", "kind", "ref", "title", "statements", "owner", "due", "status", "note", "made",
                             "baseline"}
        assert item["status"] in ("gepland", "bezig", "klaar")
        assert all(len(item[f]) <= 200 for f in ("title", "owner", "note"))
        assert item["due"] == "" or re.fullmatch(r"\d{4}-\d\d-\d\d", item["due"])
    assert len({item["id"] for item in items}) == len(items)
    assert clean_plan(items) == items  # cleaning is stable
    assert set(clean_targets(Q, raw_targets)) <= {"overall", "mandaat", "keten", "leren"}
    root = html(targets=raw_targets, plan=raw_plan)
    assert root.find(".//h2[@id='doel']") is not None
    reply = call(op="score", questionnaire="basis", answers=ANSWERS, targets=raw_targets, plan=raw_plan)
    assert reply["ok"]
    for fmt in ("csv", "ics"):
        reply = call(op="plan", questionnaire="basis", action="export", format=fmt, now=DAY,
                     entry={"version": 2, "answers": ANSWERS, "plan": raw_plan, "targets": raw_targets})
        assert reply["ok"] or reply["error"].endswith(".")


# --- import keeps targets and plan ------------------------------------------------------------------------

def test_import_takes_the_files_targets_and_plan_and_joins_the_plans_by_id():
    mine = plan(entry_with(("step", "b-04"), ("step", "b-01")), "target", scope="overall", value=4)["entry"]
    theirs = plan(entry_with(("step", "b-04")), "update", id="stap-b-04", field="owner", value="Bo")["entry"]
    theirs = plan(theirs, "add", item={"kind": "recommendation", "ref": "b-r02"})["entry"]
    theirs = plan(theirs, "target", scope="keten", value=5)["entry"]
    export = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1, "questionnaires": {"basis": theirs}})
    imported = call(op="import", text=export, now=DAY)["questionnaires"]["basis"]
    assert imported["targets"] == {"keten": 5} and len(imported["plan"]) == 2
    reply = call(op="entry", action="import", questionnaire="basis", entry=mine, imported=imported, now=DAY)
    assert reply["ok"], reply
    entry = reply["entry"]
    assert entry["targets"] == {"overall": 4, "keten": 5}
    assert [(item["id"], item["owner"]) for item in entry["plan"]] == [("advies-b-r02", ""), ("stap-b-01", ""),
                                                                        ("stap-b-04", "Bo")]
    assert "verbeterplan uit het bestand" in reply["notice"]


def test_an_import_without_a_plan_keeps_the_readers_plan():
    mine = plan(entry_with(("step", "b-04")), "target", scope="overall", value=4)["entry"]
    export = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1,
                         "questionnaires": {"basis": {"version": 2, "answers": {"b-01": 5}}}})
    imported = call(op="import", text=export, now=DAY)["questionnaires"]["basis"]
    entry = call(op="entry", action="import", questionnaire="basis", entry=mine, imported=imported, now=DAY)["entry"]
    assert entry["plan"] == mine["plan"] and entry["targets"] == {"overall": 4} and entry["answers"] == {"b-01": 5}


def test_a_plan_of_an_older_version_keeps_working_and_names_the_statement_that_is_gone():
    old = {"version": 1, "answers": {"b-01": 2, "b-06": 3},
           "plan": [{"kind": "step", "ref": "b-06", "title": "b-06: Oud.", "baseline": {"b-06": "3"}},
                    {"kind": "recommendation", "ref": "b-r09", "title": "Oude aanbeveling",
                     "statements": ["b-06", "b-01"], "baseline": {"b-01": 1}}]}
    entry = plan(old, "add", item={"kind": "step", "ref": "b-01"})["entry"]
    assert [item["ref"] for item in entry["plan"]] == ["b-r09", "b-06", "b-01"]  # no day added comes first
    items = clean_plan(entry["plan"])
    assert movement(Q, items[1], {"b-01": 2}) == (False, "b-06: vervallen stelling")
    assert movement(Q, items[0], {"b-01": 2}) == (
        True, "Er is een aanspreekpunt: van 'Niet aanwezig' naar 'In aanzet'; b-06: vervallen stelling")
    root = html(plan=entry["plan"])
    assert "over 1 stelling, 1 vervallen stelling" in text(root.find(".//div[@class='zt-plan']"))
    assert "vervallen aanbeveling" in text(root.find(".//div[@class='zt-plan']"))


# --- what moved since the plan ----------------------------------------------------------------------------

def test_movement_compares_the_answers_when_added_with_the_current_ones():
    item = clean_plan([{"kind": "recommendation", "ref": "b-r02", "statements": ["b-03", "b-04", "b-05"],
                        "baseline": {"b-03": "2", "b-04": 2}}])[0]  # the store keeps answers as text
    assert movement(Q, item, {"b-03": 2, "b-04": 2}) == (False, "nog geen verandering")
    assert movement(Q, item, {"b-03": 3, "b-04": 2, "b-05": "?"}) == (
        True, "Er is een ketenkaart: van 'In aanzet' naar 'Aanwezig'; "
              "Er wordt geleerd: van 'nog niet beantwoord' naar 'Weet ik niet'")
    entry = entry_with(("step", "b-04"))
    root = html(answers={**ANSWERS, "b-04": 3}, plan=entry["plan"])
    cell = root.find(".//td[@data-label='Sinds het plan']")
    assert text(cell) == "Er zijn overleggen: van 'In aanzet' naar 'Aanwezig'" and cell.get("class") == "zt-plan-moved"
    assert text(html(plan=entry["plan"]).find(".//td[@data-label='Sinds het plan']")) == "nog geen verandering"


# --- the downloads ----------------------------------------------------------------------------------------

def planned() -> dict:
    entry = entry_with(("step", "b-04"), ("recommendation", "b-r02"), ("step", "b-01"))
    for fields in ({"id": "stap-b-04", "field": "owner", "value": 'Anna; "de baas"'},
                   {"id": "stap-b-04", "field": "due", "value": "2026-12-31"},
                   {"id": "stap-b-04", "field": "note", "value": "=SOM(A1); bellen, mailen, \\ klaar"},
                   {"id": "advies-b-r02", "field": "due", "value": "2027-02-28"},
                   {"id": "advies-b-r02", "field": "status", "value": "bezig"},
                   {"id": "advies-b-r02", "field": "note", "value": "é" * 120}):
        entry = plan(entry, "update", **fields)["entry"]
    return {**entry, "answers": {**ANSWERS, "b-04": 3}}


def test_the_csv_opens_in_excel_in_dutch():
    reply = plan(planned(), "export", format="csv")
    download = reply["download"]
    assert download["name"] == "verbeterplan-basis.csv" and download["type"].startswith("text/csv")
    data = download["text"]
    assert data.startswith("\ufeff") and data.endswith("\r\n") and "\n" not in data.replace("\r\n", "")
    rows = list(csv.DictReader(io.StringIO(data[1:], newline=""), delimiter=";"))
    assert [row["Onderdeel"] for row in rows] == ["Werk aan de keten",
                                                  "Er is een aanspreekpunt: van 'In aanzet' naar 'Aanwezig'", STEP_B04]
    assert not re.search(r"\bb-\d\d\b", data)  # statements in words, never by id
    first = rows[2]
    assert (first["Eigenaar"], first["Deadline"], first["Status"]) == ('Anna; "de baas"', "31-12-2026", "gepland")
    assert first["Notitie"] == "'=SOM(A1); bellen, mailen, \\ klaar"  # never a formula in Excel
    assert first["Beweging sinds het plan"] == "Er zijn overleggen: van 'In aanzet' naar 'Aanwezig'"
    assert first["Toegevoegd op"] == "01-03-2026"
    assert (rows[0]["Deadline"], rows[0]["Stellingen"], rows[1]["Deadline"]) == (
        "28-02-2027", "Er is een ketenkaart; Er zijn overleggen", "")
    assert rows[1]["Beweging sinds het plan"] == "nog geen verandering"
    assert reply["entry"]["plan"] == planned()["plan"]  # exporting changes nothing


def unfold(data: str) -> list[str]:
    assert data.endswith("\r\n") and "\n" not in data.replace("\r\n", "") and "\r" not in data.replace("\r\n", "")
    raw = data.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def test_the_ics_puts_every_due_date_in_the_agenda_as_a_whole_day():
    reply = plan(planned(), "export", format="ics")
    download = reply["download"]
    assert download["name"] == "verbeterplan-basis.ics" and download["type"].startswith("text/calendar")
    assert "1 onderdeel zonder deadline" in reply["notice"]
    lines = unfold(reply["download"]["text"])
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR" and "VERSION:2.0" in lines
    # every line is a property this file may have (RFC 5545), in a component that allows it; blocks nest
    allowed = {"VCALENDAR": {"VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME"},
               "VEVENT": {"UID", "DTSTAMP", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY", "DESCRIPTION",
                          "TRANSP"},
               "VALARM": {"ACTION", "TRIGGER", "DESCRIPTION"}}
    events, alarms, stack = [], [], []  # stack: (component, its properties)
    for line in lines:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            assert value in allowed and (not stack or (stack[-1][0], value) in {("VCALENDAR", "VEVENT"),
                                                                               ("VEVENT", "VALARM")}), line
            stack.append((value, {}))
        elif name == "END":
            component, found = stack.pop()
            assert component == value, line
            {"VEVENT": events, "VALARM": alarms}.get(value, []).append(found)
        else:
            assert stack and name in allowed[stack[-1][0]] and value, line
            stack[-1][1][name] = value
    assert stack == []
    # a reminder a week before each deadline: a display alarm with its own text
    assert len(alarms) == len(events) == 2
    assert all(a == {"ACTION": "DISPLAY", "TRIGGER": "-P7D", "DESCRIPTION": a["DESCRIPTION"]} for a in alarms)
    assert unescape(alarms[1]["DESCRIPTION"]) == f"Over een week: {STEP_B04}"
    assert [(e["DTSTART;VALUE=DATE"], e["DTEND;VALUE=DATE"]) for e in events] == [("20270228", "20270301"),
                                                                                   ("20261231", "20270101")]
    assert len({e["UID"] for e in events}) == 2 and all(e["DTSTAMP"] == "20260301T100000Z" for e in events)
    recommendation, step = events
    assert unescape(step["SUMMARY"]) == STEP_B04
    description = unescape(step["DESCRIPTION"])
    assert 'Eigenaar: Anna; "de baas"' in description and "Notitie: =SOM(A1); bellen, mailen, \\ klaar" in description
    assert "Stellingen: Er zijn overleggen" in description and "Status: gepland" in description
    assert not re.search(r"\bb-\d\d\b", reply["download"]["text"].replace("UID:stap-b-04", "UID:")
                         .replace("UID:advies-b-r02", "UID:"))  # no id in what the calendar shows
    assert "é" * 120 in unescape(recommendation["DESCRIPTION"])  # folded between characters, never inside one
    again = plan(planned(), "export", format="ics")["download"]["text"]
    assert re.findall("UID:.*", again) == re.findall("UID:.*", reply["download"]["text"])  # stable per item


def test_no_download_of_an_empty_plan_or_an_agenda_without_dates():
    for fmt in ("csv", "ics"):
        reply = call(op="plan", questionnaire="basis", entry=entry_with(), action="export", format=fmt, now=DAY)
        assert not reply["ok"] and "leeg" in reply["error"]
    reply = call(op="plan", questionnaire="basis", entry=entry_with(("step", "b-04")), action="export", format="ics",
                 now=DAY)
    assert not reply["ok"] and "deadline" in reply["error"]
    assert not call(op="plan", questionnaire="basis", entry=None, action="export", format="pdf", now=DAY)["ok"]


# --- the result: targets, the route and the plan -----------------------------------------------------------

def test_the_result_has_a_target_select_per_theme_and_overall():
    root = html(targets={"keten": 4})
    selects = [s for s in root.iter("select") if "zt-goal-select" in s.get("class", "")]
    assert [json.loads(s.get("data-zt-plan")) for s in selects] == [
        {"action": "target", "scope": scope} for scope in ("overall", "mandaat", "keten", "leren")]
    ids = [s.get("id") for s in selects]
    assert len(set(ids)) == 4 and [s.get("name") for s in selects] == ids
    chosen = [next((o.get("value") for o in s if o.get("selected")), None) for s in selects]
    assert chosen == ["3", "3", "4", ""]  # the default one up, the one set, none without a level
    assert root.find(".//h2[@id='doel']").text == "Je doel en de kortste weg"


def test_the_route_is_plain_dutch_with_links_to_the_statements_and_their_recommendations():
    root = html()
    route = root.find(".//div[@class='zt-route']")
    assert route.get("data-zt-route-overall") == ""
    assert text(route.find("p")) == "Van niveau 2 naar niveau 3: 2 stappen op 1 stelling."
    step = route.find("ol/li")
    assert text(step).startswith("Er zijn overleggen: van In aanzet naar Aanwezig en gemeten. Telt drie keer mee")
    assert [em.text for em in step.iter("em")] == ["In aanzet", "Aanwezig en gemeten"]
    assert step.find("a").get("href") == "#b-04" and step.find("a").text == "Er zijn overleggen"
    button = step.find("button")
    assert json.loads(button.get("data-zt-plan-click")) == {"action": "add", "item": {"kind": "step", "ref": "b-04"}}
    assert text(button) == f"Zet op je plan: {STEP_B04}" and button.get("disabled") is None
    rec = route.find("ul[@class='zt-route-recs']/li")
    assert rec.find("a").text == "Werk aan de keten" and rec.find("a").get("href") == "#advies-b-r02"
    clicked = json.loads(rec.find("button").get("data-zt-plan-click"))
    assert clicked["item"] == {"kind": "recommendation", "ref": "b-r02"}
    themes = root.find(".//details[@class='zt-route-themes']")
    assert "Beantwoord eerst 'Er wordt geleerd'" in text(themes) and themes.get("open") is None


def test_a_step_already_on_the_plan_says_so_and_cannot_be_added_again():
    root = html(plan=entry_with(("step", "b-04"))["plan"])
    button = root.find(".//div[@class='zt-route']/ol/li/button")
    assert button.get("disabled") and text(button).startswith("Staat op je plan")


def test_an_unreachable_target_says_why():
    root = html(answers={**ANSWERS, "b-01": "?"}, targets={"overall": 4})
    route = text(root.find(".//div[@class='zt-route']"))
    assert "Geen route naar niveau 4. Basisstelling 'Er is een aanspreekpunt' staat op 'weet ik niet'" in route


def test_the_plan_has_controls_with_stable_ids_and_the_downloads():
    entry = plan(entry_with(("step", "b-04"), ("recommendation", "b-r02")), "update", id="stap-b-04", field="due",
                 value="2026-12-31")["entry"]
    root = html(plan=entry["plan"])
    box = root.find(".//div[@class='zt-plan']")
    assert box.find("h2").get("id") == "verbeterplan" and box.find("h2").text == "Je verbeterplan"
    row = box.find(".//tr[@id='plan-stap-b-04']")
    assert [tr.get("data-zt-plan-item") for tr in box.iter("tr") if tr.get("data-zt-plan-item")] == ["advies-b-r02",
                                                                                                  "stap-b-04"]
    fields = {json.loads(e.get("data-zt-plan"))["field"]: e for e in row.iter() if e.get("data-zt-plan")}
    assert set(fields) == {"owner", "due", "status", "note"}
    assert {f: e.get("id") for f, e in fields.items()} == {f: f"plan-stap-b-04-{f}" for f in fields}
    assert fields["due"].get("type") == "date" and fields["due"].get("value") == "2026-12-31"
    assert [o.get("value") for o in fields["status"]] == ["gepland", "bezig", "klaar"]
    assert all(json.loads(e.get("data-zt-plan"))["id"] == "stap-b-04" for e in fields.values())
    assert text(row.find("td[@data-label='Deadline']/span[@class='zt-print-only']")) == "31 december 2026"
    remove = row.find(".//button")
    assert json.loads(remove.get("data-zt-plan-click")) == {"action": "remove", "id": "stap-b-04"}
    exports = [json.loads(b.get("data-zt-plan-click")) for b in box.findall("p/button")]
    assert exports == [{"action": "export", "format": "csv"}, {"action": "export", "format": "ics"}]
    assert [text(b) for b in box.findall("p/button")] == ["Download als Excel-bestand (CSV)",
                                                          "Zet de deadlines in je agenda (.ics)"]
    every_id = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(every_id) == len(set(every_id))
    assert all(td.get("data-label") for td in box.iter("td"))


def test_an_empty_plan_says_how_to_start():
    box = html().find(".//div[@class='zt-plan zt-plan--empty']")
    empty = text(box.find("p[@class='zt-plan-empty']"))
    assert empty.startswith("Je plan is nog leeg. Zet hierboven een stap of een aanbeveling")


@pytest.mark.parametrize("options", [{"shared": True}, {"detailed": True}])
def test_shared_and_consultant_views_show_the_route_without_controls(options):
    items = entry_with(("step", "b-04"))["plan"]
    root = html(targets={"overall": 4}, plan=items, **options)
    assert controls(root) == [] and not list(root.iter("select")) and not list(root.iter("input"))
    route = root.find(".//div[@class='zt-route']")
    assert text(route.find("p")).startswith("Van niveau 2 naar niveau 4") and route.find(".//a") is None
    assert text(root.find(".//div[@class='zt-plan']/h2")) == "Verbeterplan"
    assert not html(**options).findall(".//div[@class='zt-plan zt-plan--empty']")


def test_the_score_op_passes_targets_and_plan_and_ignores_their_wrong_types():
    items = entry_with(("step", "b-04"))["plan"]
    reply = call(op="score", questionnaire="basis", answers=ANSWERS, targets={"overall": 4}, plan=items)
    root = parse(reply["html"])
    assert text(root.find(".//div[@class='zt-route']/p")).startswith("Van niveau 2 naar niveau 4")
    assert root.find(".//tr[@id='plan-stap-b-04']") is not None
    for targets, junk in ((["overall"], "plan"), ("4", {"a": 1}), (None, [1, None, {"kind": "x"}])):
        assert call(op="score", questionnaire="basis", answers=ANSWERS, targets=targets, plan=junk)["ok"]


# --- the overview: now and target per role ------------------------------------------------------------------

def test_the_overview_draws_now_and_target_per_role_and_adds_a_target_column():
    roles = []
    for qid, code, role in (("dm", 1, "demand"), ("rg", 2, "regie"), ("sd", 3, "systeem")):
        roles.append({**Q.to_dict(), "id": qid, "code": code, "title": qid.upper(), "role": role})
    api.load(json.dumps({"questionnaires": roles, "history": {}}))
    saved = {"dm": {"version": 2, "answers": ANSWERS, "targets": {"overall": 5}},
             "rg": {"version": 2, "answers": ANSWERS, "targets": "kapot"},
             "sd": {"version": 2, "answers": {**ANSWERS, "b-02": 1}, "targets": {"overall": 3}}}
    reply = call(op="overview", saved=saved, base="")
    root = ET.fromstring(reply["html"].replace(' xmlns="http://www.w3.org/2000/svg"', ""))
    svg = root.find(".//figure/svg")
    assert [text(li) for li in root.findall(".//ul[@class='zt-radar-legend']/li")] == ["Nu", "Doel"]
    assert "Nu: DM niveau 2; RG niveau 2; SD niveau 2." in svg.find("desc").text
    assert "Doel: DM niveau 5; RG niveau 3; SD niveau 3." in svg.find("desc").text
    assert len([c for c in svg.findall("circle") if "zt-radar-dot--2" in c.get("class")]) == 3
    table = root.find(".//table")
    assert [text(th) for th in table.findall("thead/tr/th")] == ["Rol", "Niveau", "Doel", "Beantwoord"]
    assert [text(td) for td in table.findall("tbody/tr/td[@data-label='Doel']")] == ["niveau 5", "niveau 3", "niveau 3"]


def test_a_measurement_keeps_the_targets_of_its_moment():
    entry = {"version": Q.version, "answers": {"b-01": 2, "b-02": 3}, "history": [], "targets": {"overall": 4}}
    reply = call(op="entry", action="measure", questionnaire="basis", entry=entry, now=DAY)
    assert reply["entry"]["history"][0]["targets"] == {"overall": 4}
    assert reply["entry"]["targets"] == {"overall": 4}


# --- dates in the plan (one owner: scoring._dates) ------------------------------------------------------------

@pytest.mark.parametrize("due", ["9999-12-31", "2026-02-31", "2026-13-01", "31-12-2026", " 2026-12-31", "0999-01-01"])
def test_a_deadline_that_is_no_real_day_in_four_digit_years_is_refused(due):
    entry = entry_with(("step", "b-04"))
    reply = call(op="plan", questionnaire="basis", entry=entry, action="update", id="stap-b-04", field="due", value=due,
                 now=DAY)
    assert reply == {"ok": False, "error": "Deze datum is onleesbaar: kies een bestaande dag, zoals 31-12-2026."}


def test_an_item_is_dated_the_readers_day_and_the_calendar_stamp_is_utc():
    """Half past midnight on 1 January in Amsterdam is 31 December in UTC; +05:00 in ``now`` is honoured."""
    entry = call(op="plan", questionnaire="basis", entry=None, action="add", item={"kind": "step", "ref": "b-04"},
                 now="2026-12-31T23:30:00.000Z", offset=60)["entry"]
    assert entry["plan"][0]["made"] == "2027-01-01"
    assert "op het plan sinds 1 januari 2027" in text(html(plan=entry["plan"]))
    entry = plan(entry, "update", id="stap-b-04", field="due", value="9998-12-31")["entry"]
    ics = call(op="plan", questionnaire="basis", entry=entry, action="export", format="ics",
               now="2027-01-01T05:00:00+05:00", offset=300)["download"]["text"]
    lines = unfold(ics)
    assert "DTSTAMP:20270101T000000Z" in lines
    assert "DTSTART;VALUE=DATE:99981231" in lines and "DTEND;VALUE=DATE:99990101" in lines


TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=220)
DUE = st.dates(__import__("datetime").date(1970, 1, 1), __import__("datetime").date(9998, 12, 31)).map(str)
NOW = st.tuples(st.integers(0, 253_370_764_799_999), st.integers(-1439, 1439))


@settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.tuples(st.sampled_from(["b-01", "b-02", "b-03", "b-04", "b-05"]), DUE, TEXT, TEXT), min_size=1,
                max_size=5, unique_by=lambda t: t[0]), NOW)
def test_every_line_of_the_calendar_file_is_valid(items, now):
    from scoring import _dates

    raw = [{"kind": "step", "ref": ref, "title": title, "owner": owner, "note": title + owner, "due": due}
           for ref, due, title, owner in items]
    moment = _dates.iso(now[0])[:19] + f"{'+' if now[1] >= 0 else '-'}{abs(now[1]) // 60:02d}:{abs(now[1]) % 60:02d}"
    reply = call(op="plan", questionnaire="basis", action="export", format="ics", now=moment, offset=now[1],
                 entry={"version": 2, "answers": ANSWERS, "plan": raw})
    assert reply["ok"], reply
    lines = unfold(reply["download"]["text"])  # every physical line at most 75 octets, CRLF, folded
    events = [line for line in lines if line.startswith("DTSTAMP:")]
    assert len(events) == len(items)
    expected = _dates.ics_stamp(_dates.moment(moment))
    assert all(re.fullmatch(r"DTSTAMP:[0-9]{8}T[0-9]{6}Z", line) and line == f"DTSTAMP:{expected}" for line in events)
    starts = [line.split(":")[1] for line in lines if line.startswith("DTSTART;VALUE=DATE:")]
    ends = [line.split(":")[1] for line in lines if line.startswith("DTEND;VALUE=DATE:")]
    assert starts == [due.replace("-", "") for _, due, _, _ in sorted(items)]  # the plan's order: by id
    assert all(re.fullmatch(r"[0-9]{8}", day) for day in starts + ends)
    assert all(int(end) > int(start) for start, end in zip(starts, ends, strict=True))
    names = [line.split(":")[0].split(";")[0] for line in lines]
    assert all(re.fullmatch(r"[A-Z-]+", name) for name in names)  # no text escaped into a property of its own
