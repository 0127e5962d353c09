"""One owner for text from outside (``scoring._text``): the organisation and who filled it in (120 characters),
a plan item's title, owner and note (200), each one line of printable characters. The same rule wherever the text
arrives: the page's fields, a stored entry, an export file, a share link, the printout."""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Catalog, api, decode, encode
from scoring._text import NAME_MAX, PLAN_TEXT_MAX, line, quote

from .helpers import load

EXAMPLES = 300 if sys.platform != "emscripten" else 60
NASTY = "  Gemeente\x00\tZaan\u202estad\n\u200b contract\r\nICT\ud800 \x7f\x9f " + "é" * 300


def test_the_limits_are_the_documented_ones():
    assert (NAME_MAX, PLAN_TEXT_MAX) == (120, 200)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.text(max_size=600) | st.just(NASTY), st.integers(1, 250))
def test_a_line_is_one_line_of_printable_characters_within_the_limit(value, limit):
    cleaned = line(value, limit)
    assert len(cleaned) <= limit and cleaned.isprintable() and cleaned == cleaned.strip()
    assert "  " not in cleaned and line(cleaned, limit) == cleaned  # cleaning twice changes nothing
    words = " ".join("".join(c if c.isprintable() else " " for c in value).split())
    assert words.startswith(cleaned) or len(value) > 8 * limit


@pytest.mark.parametrize("value", [None, 3, ["a"], {"a": 1}, b"abc", True])
def test_anything_that_is_not_text_is_empty(value):
    assert line(value, 10) == ""


def test_a_quote_is_short():
    assert quote("b-01") == "'b-01'" and quote("x" * 500) == "'" + "x" * 40 + "…'" and quote(7) == "'7'"


def test_every_way_in_cleans_the_organisation_the_same():
    q = load("basis.yml")
    api.load(json.dumps({"questionnaires": [q.to_dict()], "history": {}, "pages": {}}))
    expected = line(NASTY, NAME_MAX)
    assert expected.startswith("Gemeente Zaan stad contract ICT é") and len(expected) == 120
    about = {"organisation": NASTY, "by": "Anna"}
    # a link
    link = encode(Catalog.of([q], {}), {"basis": {"b-01": 3}}, {"basis": {"about": about}})
    assert decode(Catalog.of([q], {}), link)["basis"].about["organisation"] == expected
    # an export file, and what the op entry keeps of it
    text = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1,
                       "questionnaires": {"basis": {"version": q.version, "answers": {"b-01": 3}, "about": about}}})
    imported = json.loads(api.handle(json.dumps({"op": "import", "text": text})))["questionnaires"]["basis"]
    assert imported["about"]["organisation"] == expected
    # the printout
    html = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "basis", "answers": {}, "about": about})))
    assert expected in html["html"].replace("&amp;", "&")


def test_a_plan_text_is_cut_at_200():
    q = load("basis.yml")
    api.load(json.dumps({"questionnaires": [q.to_dict()], "history": {}, "pages": {}}))
    now = "2026-03-01T10:00:00.000Z"
    entry = json.loads(api.handle(json.dumps({"op": "plan", "questionnaire": "basis", "entry": None, "action": "add",
                                              "item": {"kind": "step", "ref": "b-01"}, "now": now})))["entry"]
    reply = json.loads(api.handle(json.dumps({"op": "plan", "questionnaire": "basis", "entry": entry, "now": now,
                                              "action": "update", "id": "stap-b-01", "field": "note", "value": NASTY})))
    assert reply["entry"]["plan"][0]["note"] == line(NASTY, PLAN_TEXT_MAX) and len(line(NASTY, PLAN_TEXT_MAX)) == 200


@settings(max_examples=EXAMPLES // 3, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(max_size=300))
def test_a_link_and_an_import_keep_the_same_organisation(value):
    q = load("basis.yml")
    catalog = Catalog.of([q], {})
    about = {"organisation": value, "by": "Bo"}
    linked = decode(catalog, encode(catalog, {"basis": {"b-01": 3}}, {"basis": {"about": about}}))["basis"].about
    assert linked.get("organisation", "") == line(value, NAME_MAX)
