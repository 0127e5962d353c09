"""Share links: compact, versioned, checksummed; decoding anything gives answers or a Dutch message."""

from __future__ import annotations

import string
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Catalog, LinkError, decode, encode

from .helpers import make

#: At least 10,000 fuzz examples in CPython; inside Pyodide (about 10x slower) the same tests run 1,000.
FUZZ = 10_000 if sys.platform != "emscripten" else 1_000
ROUND_TRIP = 2_000 if sys.platform != "emscripten" else 300
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
