"""The op ``save`` (``scoring._merge``): Python decides what a page writes, from what is stored now and what the
page changed since it last read. Two tabs never overwrite each other, a page of an older build never overwrites
newer answers, answers of an older version are measured before they are carried over, and no measurement is
ever dropped. Properties checked with Hypothesis: disjoint changes commute, a change applied twice is applied
once, every measurement survives; and the adopt sequence of the issue keeps the other tab's newer answer."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from scoring import api
from scoring._merge import DAMAGED, MINE_DAMAGED, NEWER

from .helpers import load

EXAMPLES = 200 if sys.platform != "emscripten" else 40
#: Version 1 of ``basis`` asked b-06, which version 2 no longer asks.
HISTORY = {"basis": {"code": 200, "versions": {"1": ["b-01", "b-02", "b-06"],
                                                "2": ["b-01", "b-02", "b-03", "b-04", "b-05"]}}}
NOW = "2026-03-01T10:00:00.000Z"
LATER = "2026-04-02T09:30:00.000Z"
OLD = {"date": "2026-01-15T08:00:00.000Z", "version": 2, "answers": {"b-01": 2}}
SIDS = ("b-01", "b-02", "b-03", "b-04", "b-05")


@pytest.fixture(autouse=True)
def bundle():
    api.load(json.dumps({"questionnaires": [load("basis.yml").to_dict()], "history": HISTORY, "pages": {}}))


def call(**request):
    return json.loads(api.handle(json.dumps(request)))


def save(stored, *changes, now=NOW, **more):
    reply = call(op="save", questionnaire="basis", stored=stored, changes=[{"base": b, "mine": m} for b, m in changes],
                 now=now, offset=60, **more)
    assert reply["ok"], reply
    return reply


def entry(answers=None, **fields):
    return {"version": 2, "answers": answers or {}, "changed": {}, "history": [], **fields}


def item(ref, **fields):
    kind = "step" if ref.startswith("b-0") else "recommendation"
    return {"id": ("stap-" if kind == "step" else "advies-") + ref, "kind": kind, "ref": ref, "title": ref,
            "statements": [ref] if kind == "step" else ["b-03", "b-04"], "owner": "", "due": "", "status": "gepland",
            "note": "", "made": "2026-02-01", "baseline": {}, **fields}


# --- what one save does ---------------------------------------------------------------------------------------

def test_a_first_save_takes_every_answer_and_dates_each_change():
    reply = save(None, (None, {"version": 2, "answers": {"b-01": "3", "b-02": "?"}}))
    assert reply["entry"] == {"version": 2, "answers": {"b-01": 3, "b-02": "?"},
                              "changed": {"b-01": NOW, "b-02": NOW}, "history": [], "saved": NOW}
    assert reply["aside"] == [] and reply["notice"] == ""


def test_two_tabs_keep_each_others_answers_and_a_cleared_answer_stays_cleared():
    start = entry({"b-01": 1, "b-02": 2})
    one = save(start, (start, {**start, "answers": {"b-01": 5, "b-02": 2}}))["entry"]  # tab 1 changes b-01
    two = save(one, (start, {**start, "answers": {"b-01": 1}}), now=LATER)["entry"]  # tab 2 clears b-02
    assert two["answers"] == {"b-01": 5} and two["changed"] == {"b-01": NOW, "b-02": LATER}


def test_the_plan_merges_per_field_so_one_tabs_owner_survives_another_tabs_deadline():
    start = entry(plan=[item("b-04")])
    owner = save(start, (start, {**start, "plan": [item("b-04", owner="Anna")]}))["entry"]
    due = save(owner, (start, {**start, "plan": [item("b-04", due="2026-12-31")]}))["entry"]
    assert [(i["owner"], i["due"]) for i in due["plan"]] == [("Anna", "2026-12-31")]
    gone = save(due, (due, {**due, "plan": []}))["entry"]
    assert "plan" not in gone  # an empty plan is not written
    back = save(gone, (due, {**due, "plan": [{**due["plan"][0], "note": "Bellen"}]}))["entry"]  # a stale tab edits it
    assert [(i["owner"], i["note"]) for i in back["plan"]] == [("Anna", "Bellen")]


def test_about_and_targets_merge_per_field_and_per_scope():
    start = entry(about={"organisation": "Gemeente", "by": "Anna"}, targets={"overall": 3})
    one = save(start, (start, {**start, "about": {"organisation": "Gemeente X", "by": "Anna"},
                               "targets": {"overall": 3, "keten": 4}}))["entry"]
    two = save(one, (start, {**start, "about": {"organisation": "Gemeente", "by": "Bo", "share": True},
                             "targets": {}}))["entry"]
    assert two["about"] == {"organisation": "Gemeente X", "by": "Bo", "share": True}
    assert two["targets"] == {"keten": 4}


def test_histories_join_as_a_set_and_keys_this_site_does_not_know_are_kept():
    a = {"date": NOW, "version": 2, "answers": {"b-01": 1}}
    b = {"date": LATER, "version": 2, "answers": {"b-01": 2}}
    stored = entry(history=[b, OLD], note={"x": 1})
    reply = save(stored, (entry(history=[OLD]), entry(history=[OLD, a])))
    assert reply["entry"]["history"] == [OLD, a, b] and reply["entry"]["note"] == {"x": 1}


def test_without_a_base_every_answer_in_mine_applies_and_nothing_is_deleted():
    stored = entry({"b-01": 1, "b-02": 2}, changed={"b-01": OLD["date"]})
    reply = save(stored, (None, entry({"b-01": 1, "b-03": 4})))
    assert reply["entry"]["answers"] == {"b-01": 1, "b-02": 2, "b-03": 4}
    assert reply["entry"]["changed"] == {"b-01": OLD["date"], "b-03": NOW}  # b-01 did not change


def test_opening_the_stored_entry_changes_nothing():
    stored = entry({"b-01": 3}, saved=OLD["date"], changed={"b-01": OLD["date"]}, history=[OLD])
    reply = save(stored)
    assert reply["entry"] == stored and reply["notice"] == "" and reply["aside"] == []


def test_answers_of_an_older_version_are_measured_then_carried_over_and_the_notice_says_so():
    stored = {"version": 1, "answers": {"b-01": 2, "b-06": 4}, "history": [], "saved": OLD["date"]}
    reply = save(stored)
    assert reply["entry"]["version"] == 2 and reply["entry"]["answers"] == {"b-01": 2}
    assert reply["entry"]["history"] == [{"date": NOW, "version": 1, "answers": {"b-01": 2, "b-06": 4}}]
    assert reply["entry"]["saved"] == NOW
    assert reply["notice"].startswith("Deze antwoorden zijn gegeven bij versie 1; de vragenlijst is nu versie 2.")
    assert "Vervallen stellingen: b-06" in reply["notice"]
    assert reply["notice"].endswith("Je antwoorden van versie 1 staan bij de eerdere metingen.")


def test_the_marker_of_earlier_pages_is_read_as_the_older_entry_and_never_written():
    old = {"version": 1, "answers": {"b-01": 2, "b-06": 4}, "history": [OLD]}
    stored = {"version": 2, "answers": {"b-03": 5}, "history": [], "migrateFrom": old}
    reply = save(stored)
    assert "migrateFrom" not in reply["entry"]
    assert reply["entry"]["answers"] == {"b-01": 2, "b-03": 5}  # the old ones carried over, the newer on top
    assert {"date": NOW, "version": 1, "answers": {"b-01": 2, "b-06": 4}} in reply["entry"]["history"]
    assert OLD in reply["entry"]["history"]
    done = save({**reply["entry"], "migrateFrom": None})
    assert "migrateFrom" not in done["entry"] and done["entry"]["answers"] == {"b-01": 2, "b-03": 5}


def test_a_page_of_an_older_build_never_overwrites_newer_answers():
    newer = {"version": 3, "answers": {"b-07": 5}, "history": []}
    mine = entry({"b-01": 1})
    reply = save(newer, (entry(), mine))
    assert reply["entry"] == newer and reply["aside"] == [mine] and reply["notice"] == NEWER


def test_what_cannot_be_read_is_kept_aside_never_lost():
    damaged = {"version": 2, "answers": {"b-01": 9}}
    reply = save(damaged, (None, entry({"b-02": 4})))
    assert reply["entry"]["answers"] == {"b-02": 4} and reply["aside"] == [damaged] and reply["notice"] == DAMAGED
    junk = {"version": 2, "answers": "kapot"}
    reply = save(entry({"b-01": 1}), (entry(), junk))
    assert reply["entry"]["answers"] == {"b-01": 1} and reply["aside"] == [junk] and reply["notice"] == MINE_DAMAGED
    bad = {"date": NOW, "version": 9, "answers": {}}
    reply = save(entry(history=[bad]), (None, entry(history=[OLD])))
    assert reply["entry"]["history"] == [OLD] and reply["entry"]["unreadable"] == [bad]
    assert reply["notice"] == "1 eerdere meting kon niet worden gelezen (versie 9 bestaat niet) en is overgeslagen."


@pytest.mark.parametrize(("fields", "error"), [
    ({"changes": "b-01=3"}, "De wijzigingen om te bewaren zijn onleesbaar."),
    ({"changes": [{"base": None}]}, "Een wijziging om te bewaren is onleesbaar."),
    ({"changes": ["kapot"]}, "Een wijziging om te bewaren is onleesbaar."),
    ({"now": None}, "De tijd van je apparaat ontbreekt of is onleesbaar. Laad de pagina opnieuw."),
    ({"questionnaire": "onbekend"}, "Deze site kent geen vragenlijst 'onbekend'."),
])
def test_a_request_that_cannot_be_read_is_refused_in_dutch(fields, error):
    request = {"op": "save", "questionnaire": "basis", "stored": None, "changes": [], "now": NOW, **fields}
    assert json.loads(api.handle(json.dumps(request))) == {"ok": False, "error": error}


# --- the adopt sequence of the issue ----------------------------------------------------------------------------

def test_adopting_a_shared_result_keeps_the_other_tabs_newer_answer():
    """A tab opened on a share link read the entry at load. Another tab then changed b-01. The first tab takes
    over the shared answers: it reads what is stored now (inside the page's lock), asks ``entry`` to adopt on it
    and saves that. The shared answers are the answers, exactly; the other tab's newer answer is measured."""
    start = save(None, (None, entry({"b-01": 2, "b-02": 3})))["entry"]
    at_load = start  # what the shared tab read
    other = save(start, (start, {**start, "answers": {"b-01": 4, "b-02": 3}}), now=LATER)["entry"]
    stored = other  # read again, inside the lock
    shared = {"b-02": 5, "b-03": 1}
    adopted = call(op="entry", action="adopt", questionnaire="basis", entry=stored, answers=shared,
                   now="2026-04-03T08:00:00.000Z", offset=60)
    after = save(stored, (stored, adopted["entry"]), now="2026-04-03T08:00:00.000Z")["entry"]
    assert after["answers"] == shared  # the shared set, not mixed with what was stored
    kept = [m["answers"] for m in after["history"]]
    assert {"b-01": 4, "b-02": 3} in kept  # the other tab's newer answer, measured
    assert at_load["answers"] not in kept  # the stale copy was not what was measured
    assert adopted["notice"] == ("De gedeelde antwoorden zijn nu jouw antwoorden. Je eigen antwoorden staan bij de "
                                 "eerdere metingen.")


# --- properties --------------------------------------------------------------------------------------------------

ANSWER = st.sampled_from([1, 2, 3, 4, 5, "?", "-"])
ITEMS = ["b-01", "b-02", "b-04", "b-r02"]
MEASUREMENTS = [OLD, {"date": NOW, "version": 2, "answers": {"b-03": 4}},
                {"date": "2025-11-30", "version": 1, "answers": {"b-06": 1}},
                {"date": LATER, "version": 9, "answers": {}}, "kapot"]


@st.composite
def stored_entries(draw):
    return entry(draw(st.dictionaries(st.sampled_from(SIDS), ANSWER)),
                 about=draw(st.fixed_dictionaries({}, optional={"organisation": st.sampled_from(["Gemeente", "GR"]),
                                                                "by": st.sampled_from(["Anna", "Bo"]),
                                                                "share": st.booleans()})),
                 targets=draw(st.dictionaries(st.sampled_from(["overall", "keten", "leren"]), st.integers(1, 5))),
                 plan=[item(ref) for ref in draw(st.lists(st.sampled_from(ITEMS), unique=True))],
                 history=draw(st.lists(st.sampled_from(MEASUREMENTS[:3]), unique_by=json.dumps)))


#: One edit: (the part it touches, what it does to an entry).
EDITS = st.one_of(
    st.tuples(st.sampled_from(SIDS), st.none() | ANSWER).map(lambda e: (("answer", e[0]), ("answer", *e))),
    st.tuples(st.sampled_from(["organisation", "by"]), st.none() | st.sampled_from(["X", "Y"]))
    .map(lambda e: (("about", e[0]), ("about", *e))),
    st.tuples(st.just("share"), st.booleans()).map(lambda e: (("about", "share"), ("about", *e))),
    st.tuples(st.sampled_from(["overall", "mandaat", "keten"]), st.none() | st.integers(1, 5))
    .map(lambda e: (("target", e[0]), ("target", *e))),
    st.tuples(st.sampled_from(ITEMS), st.booleans()).map(lambda e: (("item", e[0]), ("item", *e))),
    st.tuples(st.sampled_from(ITEMS), st.sampled_from(["owner", "due", "status", "note"]),
              st.sampled_from(["Anna", "2027-01-31", "bezig", "klaar", ""]))
    .map(lambda e: (("field", e[0], e[1]), ("field", *e))),
    st.sampled_from(MEASUREMENTS).map(lambda m: (("measurement", json.dumps(m)), ("measurement", m))),
)


def edited(base: dict, edits) -> dict:
    """``base`` with ``edits`` made, the way a tab would make them."""
    mine = {"plan": [], "history": [], **json.loads(json.dumps(base))}
    for _, (kind, *what) in edits:
        if kind == "answer":
            sid, value = what
            mine["answers"].pop(sid, None) if value is None else mine["answers"].__setitem__(sid, value)
        elif kind in ("about", "target"):
            key, value = what
            part = mine.setdefault("about" if kind == "about" else "targets", {})
            part.pop(key, None) if value is None else part.__setitem__(key, value)
        elif kind == "item":
            ref, present = what
            mine["plan"] = [i for i in mine["plan"] if i["ref"] != ref] + ([item(ref)] if present else [])
        elif kind == "field":
            ref, field, value = what
            for planned in mine["plan"]:
                if planned["ref"] == ref and not (field == "status" and value not in ("gepland", "bezig", "klaar")):
                    planned[field] = value
        else:
            mine["history"].append(what[0])
    return mine


def disjoint(one, two) -> bool:
    """Two lists of edits touch different parts (a plan item's fields are parts of it; adding or removing the
    item touches all of them)."""
    first, second = {part for part, _ in one}, {part for part, _ in two}

    def whole(parts):
        return {p[1] for p in parts if p[0] == "item"}

    def items(parts):
        return {p[1] for p in parts if p[0] in ("item", "field")}

    return not (first & second) and not (whole(first) & items(second)) and not (items(first) & whole(second))


def history_ids(stored: dict) -> set[str]:
    from scoring._saved import identity

    return {identity(m) for m in [*stored["history"], *stored.get("unreadable", [])]}


ADD = [(("item", ref), ("item", ref, True)) for ref in ITEMS]
BARE = entry(plan=[], history=[])


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(stored_entries(), st.lists(EDITS, min_size=1, max_size=4), st.lists(EDITS, min_size=1, max_size=4))
@example(BARE, ADD[:1], ADD[1:2])  # two tabs each add an item: the plan keeps one order
@example(BARE, [(("measurement", "a"), ("measurement", MEASUREMENTS[3]))],
         [(("measurement", "b"), ("measurement", "kapot"))])
@example({**BARE, "about": {"by": "Anna", "share": True}}, [(("about", "by"), ("about", "by", None))],
         [(("about", "organisation"), ("about", "organisation", "X"))])
def test_disjoint_changes_give_the_same_entry_in_either_order(start, one, two):
    if not disjoint(one, two):
        return
    first, second = (start, edited(start, one)), (start, edited(start, two))
    a = save(save(start, first)["entry"], second)["entry"]
    b = save(save(start, second)["entry"], first)["entry"]
    assert a == b
    assert save(start, first, second)["entry"] == save(start, second, first)["entry"] == a


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(stored_entries(), stored_entries(), st.lists(EDITS, max_size=5), st.booleans())
def test_a_change_applied_twice_is_applied_once_and_no_measurement_is_dropped(stored, base, edits, without_base):
    change = (None if without_base else base, edited(base, edits))
    once = save(stored, change)["entry"]
    assert save(once, change)["entry"] == once
    assert save(stored, change, change)["entry"] == once
    assert history_ids(stored) | history_ids(change[1]) <= history_ids(once)  # no measurement dropped
