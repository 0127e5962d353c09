"""Whatever reaches ``api.handle`` (junk fields, wrong types, None, huge strings, deep nesting, no JSON at
all), every op answers with JSON the page can read; a refusal is ``{"ok": false, "error": ...}`` with one
Dutch sentence for the reader: no trace, no Python type names.

A refusal is not a crash. ``handle`` answers an exception it did not expect with a catch-all sentence and a
``detail`` (the exception, for the console): every test here fails on a reply with ``detail``. The requests are
the valid request of each op, damaged anywhere inside by Hypothesis (a field dropped, replaced by junk of any
type, or one added), so each is shaped the way a page, a stored entry or an export file plausibly could be."""

from __future__ import annotations

import json
import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Catalog, _dates, api, encode

from .helpers import load

#: Per op in CPython; inside Pyodide (about 10x slower) fewer.
EXAMPLES = 150 if sys.platform != "emscripten" else 40
HISTORY = {"basis": {"code": 200, "versions": {"1": ["b-01", "b-02", "b-06"],
                                                "2": ["b-01", "b-02", "b-03", "b-04", "b-05"]}}}
DAY = "2026-03-01T10:00:00.000Z"
PLAN = [{"id": "stap-b-01", "kind": "step", "ref": "b-01", "title": "b-01: Er is een aanspreekpunt.",
         "statements": ["b-01"],
         "owner": "Anna", "due": "2026-12-31", "status": "bezig", "note": "Bellen", "made": "2026-03-01",
         "baseline": {"b-01": 2}}]
STORED = {"version": 2, "answers": {"b-01": 3, "b-02": "?"}, "saved": DAY, "changed": {"b-01": DAY},
          "history": [{"date": DAY, "version": 1, "answers": {"b-06": 2}}], "targets": {"overall": 4}, "plan": PLAN}
EXPORT = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "format": 1, "questionnaires": {"basis": STORED}})
LINK = encode(Catalog.of([load("basis.yml")], HISTORY), {"basis": {"b-01": 3}})
DOSSIER = {"type": "grip-op-uitbesteding/dossier", "format": 1, "clients": {"gemeente": {
    "name": "Gemeente", "notes": "Eerste gesprek.", "results": [
        {"questionnaire": "basis", "date": DAY, "version": 2, "answers": {"b-01": 3, "b-02": 2}, "by": "Anna"},
        {"questionnaire": "basis", "date": "2026-06-01T10:00:00.000Z", "version": 1, "answers": {"b-06": 2}}]}}}
#: A request each op answers with ``ok``; the junk is made by damaging these anywhere inside.
VALID = {
    "route": {"questionnaire": "basis", "answers": {"b-01": 2, "b-02": 3, "b-04": 2}, "target": 3, "theme": "keten"},
    "score": {"questionnaire": "basis", "answers": {"b-01": 3}, "base": "../", "now": DAY, "offset": 60,
              "site": {"name": "Grip", "url": "https://voorbeeld.nl/"},
              "about": {"organisation": "Gemeente", "by": "Anna"},
              "changed": DAY, "shared": False, "targets": {"keten": 4}, "plan": PLAN},
    "encode": {"answers": {"basis": {"b-01": 3}}},
    "decode": {"link": "#delen=" + LINK},
    "detail": {"link": LINK, "base": "", "now": DAY, "offset": 60},
    "migrate": {"questionnaire": "basis", "version": 1, "answers": {"b-01": 2, "b-06": 4}},
    "overview": {"saved": {"basis": STORED}, "base": ""},
    "history": {"questionnaire": "basis", "entries": STORED["history"], "answers": {"b-01": 3}, "offset": 60},
    "import": {"text": EXPORT, "now": DAY},
    "export": {"entries": {"basis": STORED}, "now": DAY, "offset": 60},
    "team": {"lines": f"Anna: {LINK}\nkapot", "entries": [{"label": "Bo", "text": EXPORT}], "progress": True},
    "mail": {"to": "vragen@voorbeeld.nl", "question": "Hoe?", "site": "https://voorbeeld.nl/",
             "saved": {"basis": STORED}},
    "entry": {"action": "measure", "questionnaire": "basis", "entry": STORED, "now": DAY, "offset": 60},
    "save": {"questionnaire": "basis", "stored": STORED, "now": DAY, "offset": 60,
             "changes": [{"base": STORED, "mine": {**STORED, "answers": {"b-05": 1}}},
                         {"base": None, "mine": {"version": 1, "answers": {"b-06": "3"}, "migrateFrom": None}}]},
    "plan": {"questionnaire": "basis", "entry": STORED, "action": "add",
             "item": {"kind": "recommendation", "ref": "b-r02"},
             "now": DAY, "offset": 60},
    "dossier": {"action": "file", "dossier": DOSSIER, "text": f"Anna: {LINK}\n#delen=kapot", "client": "Gemeente",
                "now": DAY, "offset": 60},
    "draft": {"dossier": DOSSIER, "client": "gemeente", "author": "marieke", "now": DAY, "offset": 60},
}
#: The other actions of "dossier" (and "draft" from a link, and "save" of a dossier), damaged like the rest below.
DOSSIER_ACTIONS = [
    ("dossier", {"action": "view", "client": "gemeente", "base": "../"}),
    ("dossier", {"action": "notes", "client": "gemeente", "notes": "Bellen."}),
    ("dossier", {"action": "remove", "client": "gemeente"}),
    ("dossier", {"action": "export"}),
    ("dossier", {"action": "import", "text": json.dumps(DOSSIER)}),
    ("dossier", {"action": "file", "text": EXPORT}),
    ("draft", {"link": LINK, "dossier": None}),
    ("save", {"dossier": True, "stored": DOSSIER, "changes": [{"base": DOSSIER, "mine": DOSSIER}, {"mine": DOSSIER}]}),
]
#: The other actions of "plan", each with its own fields (damaged like the rest in the tests below).
PLAN_ACTIONS = [
    {"action": "target", "scope": "keten", "value": "4"},
    {"action": "update", "id": "stap-b-01", "field": "due", "value": "2027-01-15"},
    {"action": "remove", "id": "stap-b-01"},
    {"action": "export", "format": "csv"},
    {"action": "export", "format": "ics"},
]
#: Every field any op reads.
FIELDS = sorted({field for request in [*VALID.values(), *PLAN_ACTIONS, *(r for _, r in DOSSIER_ACTIONS)]
                 for field in request}
                | {"imported", "label", "situation", "sector", "targets", "plan", "base", "mine", "migrateFrom",
                   "clients", "results", "name", "questionnaire", "by", "date", "unreadable", "format", "type"})
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40)
JUNK = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
#: Values a page, a stored entry or an export file plausibly holds where another was expected: near-valid dates,
#: offsets, ids, answers (Excel's 3.0, a form's "3"), versions, measurements and plan items.
NEAR = st.sampled_from([
    "2026-02-31", "2026-03-01", "2026-03-01T10:00:00+05:00", "2026-03-01T99:99Z", "9999-12-31", "1969-12-31T23:59Z",
    "2026-03-01T10:00:00.000Z", "3 maart 2026", 60, -300, 1440, "60", 3.0, 3.5, "3", "3.0", "?", "-", 0, 6, 2, 1, 9,
    "1", 1.9, "basis", "b-01", "b-06", "b-99", "stap-b-01", "advies-b-r02", "overall", "keten", "step",
    "recommendation",
    "csv", "ics", "owner", "due", "status", "bezig", {"b-01": 3.0, "b-02": "4"}, {"b-06": 2}, {"overall": "4"},
    {"date": DAY, "version": 1, "answers": {"b-06": 2}}, {"date": DAY, "version": 9, "answers": {}},
    {"kind": "step", "ref": "b-02"}, {"kind": "recommendation", "ref": "b-r02", "due": "2026-02-31"},
    {"version": 1, "answers": {"b-01": 2, "b-06": 4}}, {"version": 3, "answers": {}},
    {"organisation": "Gemeente", "by": 5, "share": "ja"}, [], {}, "", None,
])
PYTHON_WORDS = re.compile(r"Traceback|Error\b|Exception|NoneType|\b(dict|list|str|int|float|bool|tuple|object)\b"
                          r"|<class|File \"")
#: Ids and values a message quotes from the request (they may be anything).
ECHOED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
DUTCH = {"de", "het", "een", "je", "geen", "niet", "deze", "dit", "is", "van", "kan", "er", "zijn", "voor", "bij", "of",
         "op", "te", "in", "met", "om"}


def damaged(value, *, whole=True):
    """``value`` as it is, junk instead (when ``whole``), or one part of it damaged, dropped or added."""
    options = [st.just(value), JUNK | NEAR] if whole else [st.just(value)]
    if isinstance(value, dict) and value:
        keys = st.sampled_from(sorted(value))
        options.append(keys.flatmap(lambda k: damaged(value[k]).map(lambda v: {**value, k: v})))
        options.append(keys.map(lambda k: {key: v for key, v in value.items() if key != k}))
        options.append(st.tuples(st.sampled_from(FIELDS) | st.text(max_size=8), JUNK | NEAR)
                       .map(lambda kv: {**value, kv[0]: kv[1]}))
    if isinstance(value, list) and value:
        index = st.integers(0, len(value) - 1)
        options.append(index.flatmap(lambda i: damaged(value[i]).map(lambda v: [*value[:i], v, *value[i + 1:]])))
    if isinstance(value, str) and value.startswith('{"type"'):  # an export file: damage what is inside
        options.append(damaged(json.loads(value)).map(json.dumps))
    return st.one_of(options)


@pytest.fixture(autouse=True)
def bundle():
    api.load(json.dumps({"questionnaires": [load("basis.yml").to_dict()], "history": HISTORY, "pages": {}}))


#: Requests whose catch-all reply is accepted, with the reason (none: every crash found was fixed).
CRASHES_ALLOWED: dict[str, str] = {}


def check(reply_text: object, op: str = "") -> dict:
    """The reply is a string of JSON (no NaN) that UTF-8 carries, with ``ok``; a refusal says why in Dutch, and
    is never the catch-all answer to an internal exception (``detail``)."""
    assert isinstance(reply_text, str)
    reply_text.encode("utf-8")

    def no_constants(name):
        raise AssertionError(f"{name} in a reply: JavaScript's JSON.parse refuses it")

    reply = json.loads(reply_text, parse_constant=no_constants)
    assert isinstance(reply, dict) and reply.get("ok") in (True, False), reply
    assert "detail" not in reply or op in CRASHES_ALLOWED, f"an internal error, not a refusal: {reply.get('detail')}"
    if not reply["ok"]:
        error = reply["error"]
        assert isinstance(error, str) and error[:1].isupper() and error.rstrip().endswith((".", "?")), error
        assert DUTCH & set(re.findall(r"\w+", error.lower())), error
        assert not PYTHON_WORDS.search(ECHOED.sub("''", error)), error
    return reply


def test_every_op_has_a_valid_request_here():
    assert sorted(VALID) == sorted(api._OPS)
    for op, request in VALID.items():
        assert check(api.handle(json.dumps({"op": op, **request})))["ok"], op
    for action in PLAN_ACTIONS:
        assert check(api.handle(json.dumps({"op": "plan", **VALID["plan"], **action})))["ok"], action


@pytest.mark.parametrize("op", sorted(api._OPS))
def test_every_op_answers_junk_with_json_and_refuses_in_dutch(op):
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        request = VALID[op]
        for _ in range(data.draw(st.integers(1, 3))):
            request = data.draw(damaged(request, whole=False))
        check(api.handle(json.dumps({**request, "op": op})))

    run()


@pytest.mark.parametrize("action", PLAN_ACTIONS, ids=lambda a: "-".join(map(str, a.values()))[:30])
def test_every_plan_action_answers_junk_with_json_and_refuses_in_dutch(action):
    @settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        request = {**VALID["plan"], **action}
        for _ in range(data.draw(st.integers(1, 3))):
            request = data.draw(damaged(request, whole=False))
        check(api.handle(json.dumps({**request, "op": "plan"})))

    run()


@pytest.mark.parametrize(("op", "action"), DOSSIER_ACTIONS, ids=lambda a: str(a.get("action", a) if isinstance(a, dict)
                                                                              else a))
def test_every_dossier_action_answers_junk_with_json_and_refuses_in_dutch(op, action):
    assert check(api.handle(json.dumps({"op": op, **VALID[op], **action, "now": DAY})))["ok"], action

    @settings(max_examples=EXAMPLES // 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        request = {**VALID[op], **action}
        for _ in range(data.draw(st.integers(1, 3))):
            request = data.draw(damaged(request, whole=False))
        check(api.handle(json.dumps({**request, "op": op})))

    run()


@pytest.mark.parametrize("op", sorted(api._OPS))
@pytest.mark.parametrize("field", FIELDS)
def test_every_field_of_every_op_may_be_missing_none_or_huge(op, field):
    for value in (None, "x" * 2_000_000, [[[[[]]]]] * 3, {"": {"": None}}, 10 ** 300, -1, True):
        request = {"op": op, "questionnaire": "basis", "now": DAY, "action": "measure", field: value}
        check(api.handle(json.dumps(request)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(st.text(), JUNK.map(json.dumps), st.binary().map(lambda b: b.decode("latin-1"))))
def test_requests_that_are_not_an_object_with_a_known_op_are_refused(text):
    reply = check(api.handle(text))
    assert not reply["ok"] or json.loads(text).get("op") in api._OPS


@pytest.mark.parametrize("request_", [
    None, b"\xff\xfe", 42, "", "null", "[" * 100_000 + "]" * 100_000, '{"op": "entry", "entry": ' + "[" * 50_000,
    '{"op": "nope"}', '{"op": ["entry"]}', '{"op": "import", "text": "\\ud800"}',
    '{"op": "score", "questionnaire": "\\ud800", "answers": {}}',
])
def test_odd_requests_are_refused_in_dutch(request_):
    assert not check(api.handle(request_))["ok"]


def test_nan_in_a_request_reads_as_null_and_never_reaches_a_reply():
    """A browser never writes NaN; Python's json does (an export file someone edited). It reads as null."""
    reply = check(api.handle('{"op": "entry", "questionnaire": "basis", "saved": NaN, "action": "measure", '
                             '"now": "2026-03-01T10:00:00Z", "entry": {"answers": {"b-01": NaN}, "x": Infinity}}'))
    assert reply["ok"] and reply["entry"]["answers"] == {} and reply["entry"]["x"] is None


def test_an_unloaded_api_still_answers(monkeypatch):
    monkeypatch.setitem(api._state, "catalog", None)
    for op in api._OPS:
        check(api.handle(json.dumps({"op": op, "questionnaire": "basis", "now": DAY, "action": "measure"})))


def test_deep_nesting_is_refused_before_the_parser_recurses():
    """Under Pyodide, about 10,000 levels overflow the WebAssembly stack and kill the worker."""
    from scoring._json import MAX_DEPTH, loads

    assert loads("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(ValueError):
        loads("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert loads(json.dumps(["[{" * 5000, {"a": "]}" * 5000}])) == ["[{" * 5000, {"a": "]}" * 5000}]
    for hostile in ('"' + '\\"' * 300_000, "[" * 500_000, '{"a":' * 200_000, "[]" * 500_000):
        with pytest.raises(ValueError):
            loads(hostile)
    deep = "[" * 20_000 + "]" * 20_000
    text = '{"type": "grip-op-uitbesteding/antwoorden", "questionnaires": {"basis": ' + deep + "}}"
    error = check(api.handle(json.dumps({"op": "import", "text": text})))["error"]
    assert error.startswith("Dit bestand is geen export")
    question = "Wat betekent [[[[" * 1000 + "?"
    assert check(api.handle(json.dumps({"op": "mail", "to": "a@b.nl", "question": question, "site": "https://b.nl/"})))["ok"]


# --- Share links with metadata (encode "meta", decode "changed"/"about", detail dated by the link) ---

META = {"basis": {"changed": "2026-12-01T19:53:25.758Z", "about": {"organisation": "Gemeente X", "by": "Anna"}}}
ISO_MOMENT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


def test_metadata_goes_through_encode_decode_and_dates_the_consultants_view():
    link = check(api.handle(json.dumps({"op": "encode", "answers": {"basis": {"b-01": 3}}, "meta": META})))["link"]
    got = check(api.handle(json.dumps({"op": "decode", "link": "#delen=" + link})))["questionnaires"]["basis"]
    assert got["answers"] == {"b-01": 3} and got["changed"] == "2026-12-01T19:53:25.000Z"
    assert got["about"] == {"organisation": "Gemeente X", "by": "Anna"}
    html = check(api.handle(json.dumps({"op": "detail", "link": link, "now": "2026-03-03T10:00:00Z",
                                        "offset": 60})))["html"]
    assert "1 december 2026, 20:53" in html and "3 maart 2026" not in html
    assert "Gemeente X" in html and "Anna" in html and not ISO_MOMENT.search(html)


def test_a_link_without_metadata_decodes_as_before_and_its_view_says_when_it_was_viewed():
    got = check(api.handle(json.dumps({"op": "decode", "link": "#delen=" + LINK})))["questionnaires"]["basis"]
    assert got["answers"] == {"b-01": 3} and got["changed"] == "" and got["about"] == {}
    html = check(api.handle(json.dumps({"op": "detail", "link": LINK, "now": "2026-03-03T10:00:00Z",
                                        "offset": 60})))["html"]
    assert "bekeken op 3 maart 2026" in html and not ISO_MOMENT.search(html)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(JUNK, damaged(META), st.dictionaries(st.just("basis"), damaged(META["basis"]))), JUNK)
def test_junk_meta_never_costs_the_answers_and_a_junk_offset_is_refused(meta, offset):
    reply = check(api.handle(json.dumps({"op": "encode", "answers": {"basis": {"b-01": 3}}, "meta": meta})))
    assert reply["ok"], reply
    got = check(api.handle(json.dumps({"op": "decode", "link": reply["link"]})))["questionnaires"]["basis"]
    assert got["answers"] == {"b-01": 3}
    assert isinstance(got["changed"], str) and isinstance(got["about"], dict)
    view = check(api.handle(json.dumps({"op": "detail", "link": reply["link"], "now": DAY, "offset": offset})))
    sent = json.loads(json.dumps(offset), parse_constant=lambda name: None)  # NaN and Infinity arrive as null
    if sent is None or _dates.offset(sent) is not None:
        assert view["ok"] and not ISO_MOMENT.search(view["html"])
    else:
        assert view == {"ok": False, "error": _dates.NO_ZONE}


def test_a_crash_fails_these_tests(monkeypatch):
    """The catch-all reply to an exception nobody expected is what every test above fails on."""
    monkeypatch.setitem(api._OPS, "score", lambda catalog, message: message["nope"].strip())
    reply = api.handle(json.dumps({"op": "score", "questionnaire": "basis"}))
    assert json.loads(reply)["detail"] == "KeyError: 'nope'"
    with pytest.raises(AssertionError, match="an internal error, not a refusal"):
        check(reply)
