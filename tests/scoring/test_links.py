"""Share links: compact, versioned, checksummed; decoding anything gives answers or a Dutch message."""

from __future__ import annotations

import os
import string
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Catalog, LinkError, _dates, decode, encode

from .helpers import make

#: 2,000 fuzz examples per test in CPython (GRIP_FUZZ=10000 for a deeper run: 140 s instead of 30 s); inside
#: Pyodide (about 10x slower) the same tests run 1,000.
FUZZ = int(os.environ.get("GRIP_FUZZ", "2000")) if sys.platform != "emscripten" else 1_000
ROUND_TRIP = FUZZ // 4 if sys.platform != "emscripten" else 300
ANSWERS = st.sampled_from([1, 2, 3, 4, 5, "?", "-"])


def catalog(sizes=(12, 12, 12, 12, 12, 12, 12)) -> Catalog:
    qs = []
    for code, size in enumerate(sizes, 1):
        q = make([(f"q{code}-{i:02d}", "a", 1, False) for i in range(size)])
        qs.append(type(q)(**{**q.__dict__, "id": f"q{code}", "code": code}))
    return Catalog.of(qs, {})


CATALOG = catalog()


@st.composite
def answer_sets(draw):
    chosen = draw(st.lists(st.sampled_from(sorted(CATALOG.questionnaires)), min_size=1, unique=True))
    out = {}
    for qid in chosen:
        q = CATALOG.get(qid)
        out[qid] = draw(st.dictionaries(st.sampled_from([s.id for s in q.statements]), ANSWERS))
    return out


@settings(max_examples=ROUND_TRIP, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_round_trip(answers):
    link = encode(CATALOG, answers)
    decoded = decode(CATALOG, link)
    assert {qid: m.answers for qid, m in decoded.items()} == answers
    assert set(link) <= set(string.ascii_letters + string.digits + "-_")


def test_all_questionnaires_answered_in_full_fit_in_120_characters():
    full = {qid: {s.id: 5 for s in q.statements} for qid, q in CATALOG.questionnaires.items()}
    link = encode(CATALOG, full)
    assert len(link) <= 120, len(link)


@settings(max_examples=FUZZ, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.text(alphabet=string.ascii_letters + string.digits + "-_", max_size=120)))
def test_fuzz_decoding_text_never_raises_anything_but_a_dutch_message(text):
    try:
        decode(CATALOG, text)
    except LinkError as error:
        assert str(error) and "Traceback" not in str(error)


@settings(max_examples=FUZZ, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets(), st.data())
def test_fuzz_altered_links_are_refused_or_read(answers, data):
    link = encode(CATALOG, answers)
    pos = data.draw(st.integers(0, len(link) - 1))
    kind = data.draw(st.sampled_from(["flip", "truncate", "insert"]))
    char = data.draw(st.sampled_from(string.ascii_letters + string.digits + "-_"))
    altered = {"flip": link[:pos] + char + link[pos + 1:], "truncate": link[:pos],
               "insert": link[:pos] + char + link[pos:]}[kind]
    try:
        decoded = decode(CATALOG, altered)
    except LinkError as error:
        assert str(error)
    else:  # a change that survives the checksum must decode to well-formed answers
        for qid, m in decoded.items():
            assert set(m.answers) <= {s.id for s in CATALOG.get(qid).statements}


@pytest.mark.parametrize(("text", "message"), [
    ("", "geen antwoorden"),
    ("!!!!", "beschadigd"),
    ("AQ", "beschadigd"),
])
def test_messages(text, message):
    with pytest.raises(LinkError, match=message):
        decode(CATALOG, text)


def test_unknown_format_version_and_unknown_questionnaire():
    import base64
    import zlib

    def wrap(body: bytes) -> str:
        raw = body + zlib.crc32(body).to_bytes(4, "big")
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    with pytest.raises(LinkError, match="andere versie van de site"):
        decode(CATALOG, wrap(bytes([9, 1, 1, 1, 0])))
    with pytest.raises(LinkError, match="niet \\(meer\\) kent"):
        decode(CATALOG, wrap(bytes([1, 99, 1, 1, 0])))
    with pytest.raises(LinkError, match="versie 7"):
        decode(CATALOG, wrap(bytes([1, 1, 7, 1, 0])))


def test_whole_url_or_fragment_is_accepted():
    link = encode(CATALOG, {"q1": {"q1-00": 3}})
    for text in (f"https://example.org/zelftest/q1/#delen={link}", f"#delen={link}", link):
        assert decode(CATALOG, text)["q1"].answers == {"q1-00": 3}


def test_old_version_is_mapped_onto_current_and_removed_statements_are_reported():
    q = make([("n-01", "a", 1, False), ("n-03", "a", 1, False), ("n-04", "a", 1, False)])
    q = type(q)(**{**q.__dict__, "id": "n", "code": 3, "version": 2})
    history = {"n": {"code": 3, "versions": {"1": ["n-01", "n-02", "n-03"], "2": ["n-01", "n-03", "n-04"]}}}
    old = type(q)(**{**make([("n-01", "a", 1, False), ("n-02", "a", 1, False), ("n-03", "a", 1, False)]).__dict__,
                     "id": "n", "code": 3, "version": 1})
    link = encode(Catalog.of([old], {}), {"n": {"n-01": 2, "n-02": 4, "n-03": "?"}})
    migrated = decode(Catalog.of([q], history), link)["n"]
    assert migrated.answers == {"n-01": 2, "n-03": "?"}
    assert migrated.removed == ("n-02",) and migrated.added == ("n-04",) and migrated.from_version == 1


# --- Metadata: when the answers were last changed, and (when the reader chooses) for whom and by whom ---

#: Made before links carried metadata: they must read exactly as they always did.
OLD_LINKS = {
    "AQEBDAMAAwAOAwEM0dhobAQfa0Fu": {"q1": {"q1-00": 3, "q1-05": "?", "q1-11": "-"},
                                     "q3": {f"q3-{i:02d}": i % 5 + 1 for i in range(12)}},
    "AQcBDAAAAAAAKgLCOw": {"q7": {}},
}
MOMENT = "2026-12-01T19:53:25.758Z"


def wrap(body: bytes) -> str:
    import base64
    import zlib

    raw = body + zlib.crc32(body).to_bytes(4, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@pytest.mark.parametrize("link", sorted(OLD_LINKS))
def test_links_without_metadata_read_and_encode_as_before(link):
    decoded = decode(CATALOG, link)
    assert {qid: m.answers for qid, m in decoded.items()} == OLD_LINKS[link]
    assert all(m.changed == "" and m.about == {} for m in decoded.values())
    assert encode(CATALOG, OLD_LINKS[link]) == link
    assert encode(CATALOG, OLD_LINKS[link], {}) == link
    assert encode(CATALOG, OLD_LINKS[link], {qid: {} for qid in OLD_LINKS[link]}) == link


def test_metadata_round_trip_per_questionnaire():
    answers = OLD_LINKS["AQEBDAMAAwAOAwEM0dhobAQfa0Fu"]
    meta = {"q1": {"changed": MOMENT, "about": {"organisation": "  Gemeente\tZaanstad \n", "by": "Anna de Vries"}},
            "q3": {"changed": "2026-12-01T20:53:25+01:00"}}
    decoded = decode(CATALOG, encode(CATALOG, answers, meta))
    assert {qid: m.answers for qid, m in decoded.items()} == answers
    assert decoded["q1"].changed == decoded["q3"].changed == "2026-12-01T19:53:25.000Z"
    assert decoded["q1"].about == {"organisation": "Gemeente Zaanstad", "by": "Anna de Vries"}
    assert decoded["q3"].about == {}
    only_by = decode(CATALOG, encode(CATALOG, {"q1": {}}, {"q1": {"about": {"by": "Bo"}}}))["q1"]
    assert only_by.about == {"organisation": "", "by": "Bo"} and only_by.changed == ""


def test_the_format_with_metadata_is_fixed():
    link = "AgEBDAMAAwAOAAEBaw8ltR7JzFw"
    assert encode(CATALOG, {"q1": OLD_LINKS["AQEBDAMAAwAOAwEM0dhobAQfa0Fu"]["q1"]}, {"q1": {"changed": MOMENT}}) == link
    assert decode(CATALOG, link)["q1"].changed == "2026-12-01T19:53:25.000Z"


def test_metadata_stays_compact():
    full = {qid: {s.id: 5 for s in q.statements} for qid, q in CATALOG.questionnaires.items()}
    dated = encode(CATALOG, full, {qid: {"changed": MOMENT} for qid in full})
    assert len(dated) - len(encode(CATALOG, full)) <= 8 * 7 + 2  # six bytes per questionnaire and the marker
    one = encode(CATALOG, {"q1": full["q1"]}, {"q1": {"changed": MOMENT, "about": {"organisation": "Gemeente Zaanstad",
                                                                                  "by": "Anna de Vries"}}})
    assert len(one) <= 80, len(one)


@pytest.mark.parametrize("meta", [
    None, [], "x", {"q1": None}, {"q1": []}, {"q1": {"changed": 5}}, {"q1": {"changed": "gisteren"}},
    {"q1": {"changed": "2026-12-01"}}, {"q1": {"changed": "2026-02-30T10:00:00Z"}},
    {"q1": {"changed": "2026-12-01T10:00:00"}}, {"q1": {"changed": "1969-12-31T23:59:59Z"}},
    {"q1": {"changed": "9999-12-31T23:59:59Z"}}, {"q1": {"about": "Anna"}}, {"q1": {"about": {"by": 5}}},
    {"q1": {"about": {"by": " \n\t\u200e "}}}, {"q9": {"changed": MOMENT}}, {"q2": {"changed": MOMENT}},
])
def test_metadata_that_is_not_as_described_is_left_out_never_refused(meta):
    assert encode(CATALOG, {"q1": {"q1-00": 4}}, meta) == encode(CATALOG, {"q1": {"q1-00": 4}})


def test_about_texts_are_one_printable_line_of_at_most_120_characters():
    long = "é" * 150
    about = {"organisation": "A\x00B\u202eC\ud800D\nE", "by": long}
    decoded = decode(CATALOG, encode(CATALOG, {"q1": {}}, {"q1": {"about": about}}))["q1"]
    assert decoded.about == {"organisation": "A B C D E", "by": "é" * 120}


#: Metadata parts a hostile link may carry behind valid answers (``q1-00`` = 3), with a valid checksum.
HOSTILE_META = [
    b"", b"\x01", b"\x01\x00", b"\x01\x08", b"\x01\xff" + b"\x00" * 40, b"\x02\x01\x69\x0f\x25\xb5",
    b"\x01\x01\x69\x0f", b"\x01\x04\x05Anna", b"\x01\x04\x80", b"\x01\x04\xff\xff" + b"a" * 100,
    b"\x01\x04\x02\xff\xfe", b"\x01\x04\x02\xed\xa0", b"\x01\x01\x00\x00\x00\x01",
    b"\x01\x01\x69\x0f\x25\xb5\x01\x01\x69\x0f\x25\xb5", b"\x01\x04\xf2\x01" + "é".encode() * 121,
    b"\x00\x01\x69\x0f\x25\xb5",
]


def test_a_metadata_part_written_by_hand_is_read():
    meta = b"\x01\x05\x69\x55\xb9\x00\x04Anna"
    decoded = decode(CATALOG, wrap(bytes([2, 1, 1, 12, 3, 0, 0, 0, 0, 0]) + meta))["q1"]
    assert decoded.changed == "2026-01-01T00:00:00.000Z" and decoded.about == {"organisation": "", "by": "Anna"}


@pytest.mark.parametrize("meta", HOSTILE_META)
def test_damaged_or_hostile_metadata_is_absent_and_the_answers_stay(meta):
    body = bytes([2, 1, 1, 12, 3, 0, 0, 0, 0, 0]) + meta
    decoded = decode(CATALOG, wrap(body))["q1"]
    assert decoded.answers == {"q1-00": 3}
    assert decoded.changed == "" and decoded.about == {}


def test_metadata_of_one_questionnaire_does_not_leak_to_another():
    body = bytes([2, 1, 1, 12, 3, 0, 0, 0, 0, 2, 1, 12, 0, 0, 0, 0, 0, 0]) + b"\x02\x04\x02Bo"
    decoded = decode(CATALOG, wrap(body))
    assert decoded["q1"].about == {} and decoded["q2"].about == {"organisation": "", "by": "Bo"}


@settings(max_examples=FUZZ // 5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=80))
def test_fuzz_any_metadata_part_keeps_the_answers(meta):
    decoded = decode(CATALOG, wrap(bytes([2, 1, 1, 12, 3, 0, 0, 0, 0, 0]) + meta))["q1"]
    assert decoded.answers == {"q1-00": 3}
    assert isinstance(decoded.changed, str) and isinstance(decoded.about, dict)
    assert all(len(v) <= 120 and v.isprintable() for v in decoded.about.values())


TEXTS = st.text(max_size=150)
META = st.fixed_dictionaries({}, optional={
    "changed": st.integers(946_684_800, 2**32 - 1).map(lambda s: _dates.iso(s * 1000)),
    "about": st.fixed_dictionaries({}, optional={"organisation": TEXTS, "by": TEXTS})})


@settings(max_examples=ROUND_TRIP // 4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets(), st.data())
def test_round_trip_with_metadata(answers, data):
    from scoring._text import NAME_MAX, line

    meta = {qid: data.draw(META) for qid in answers}
    decoded = decode(CATALOG, encode(CATALOG, answers, meta))
    assert {qid: m.answers for qid, m in decoded.items()} == answers
    for qid, m in decoded.items():
        assert m.changed == meta[qid].get("changed", "")
        about = {key: line(meta[qid].get("about", {}).get(key), NAME_MAX) for key in ("organisation", "by")}
        assert m.about == (about if any(about.values()) else {})


@settings(max_examples=FUZZ // 10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets(), st.data())
def test_fuzz_altered_links_with_metadata_are_refused_or_read(answers, data):
    link = encode(CATALOG, answers, {qid: {"changed": MOMENT, "about": {"by": "Anna"}} for qid in answers})
    pos = data.draw(st.integers(0, len(link) - 1))
    char = data.draw(st.sampled_from(string.ascii_letters + string.digits + "-_"))
    try:
        decoded = decode(CATALOG, link[:pos] + char + link[pos + 1:])
    except LinkError as error:
        assert str(error)
    else:
        for qid, m in decoded.items():
            assert set(m.answers) <= {s.id for s in CATALOG.get(qid).statements}


def test_an_old_version_with_metadata_still_reports_what_changed():
    q = make([("n-01", "a", 1, False), ("n-03", "a", 1, False)])
    q = type(q)(**{**q.__dict__, "id": "n", "code": 3, "version": 2})
    history = {"n": {"code": 3, "versions": {"1": ["n-01", "n-02"], "2": ["n-01", "n-03"]}}}
    old = type(q)(**{**make([("n-01", "a", 1, False), ("n-02", "a", 1, False)]).__dict__, "id": "n", "code": 3,
                     "version": 1})
    link = encode(Catalog.of([old], {}), {"n": {"n-01": 2, "n-02": 4}}, {"n": {"changed": MOMENT}})
    m = decode(Catalog.of([q], history), link)["n"]
    assert m.answers == {"n-01": 2} and m.removed == ("n-02",) and m.added == ("n-03",) and m.from_version == 1
    assert m.changed == "2026-12-01T19:53:25.000Z"
