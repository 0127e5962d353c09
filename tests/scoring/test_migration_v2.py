"""Issue 14 gave weak statements new ids (version 1 -> 2 of five questionnaires). Answers saved in the
browser and share links made under version 1 must restore under the current version with nothing
silently dropped: every old answer carries over to the same id, or the notice names it.

``tests/data/migration/v1.json`` holds answers and links made by the site at version 1 (frozen), and
``v2-record.json`` the version record of every questionnaire after the change (history only grows, so
it stays a subset of ``questionnaires/versions.json``). Both run here and inside Pyodide, where the
site's questionnaires are not at hand: there the questionnaires are stand-ins built from the record.
In CPython the same checks also run on the site's own questionnaires and ``versions.json``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Catalog, api, check_history, encode

from .helpers import DATA, has_yaml, make

FROZEN = json.loads((DATA / "migration" / "v1.json").read_text(encoding="utf-8"))
RECORD = json.loads((DATA / "migration" / "v2-record.json").read_text(encoding="utf-8"))
RAISED = ["beleving-en-vertrouwen", "contract-en-prikkels", "demand-management", "exit-gereedheid", "systeemdenken"]
SITE = Path(__file__).resolve().parents[2] / "questionnaires"
SOURCES = ["record"] + (["site"] if has_yaml() and (SITE / "versions.json").exists() else [])
EXAMPLES = 150 if sys.platform != "emscripten" else 60


def stand_in(qid: str, version: int, history: dict):
    """A questionnaire with the recorded statement ids of one version (texts do not matter here)."""
    entry = history[qid]
    recommendation = {"id": (entry.get("recommendations") or ["r-all"])[0], "title": "R", "text": "T",
                      "link": "index.md", "when": [{"level_below": 5}]}
    q = make([(sid, "a", 1, False) for sid in entry["versions"][str(version)]], recommendations=[recommendation])
    return type(q)(**{**q.__dict__, "id": qid, "code": entry["code"], "version": version})


def latest(entry: dict) -> int:
    return max(int(v) for v in entry["versions"])


def catalog(source: str, record: dict) -> Catalog:
    """The site's questionnaires ("site"), or stand-ins built from a frozen version ``record`` (CPython and
    Pyodide alike, where the YAML loader is missing); the v3 migration loads its own record with it."""
    if source == "site":
        from scoring._source import load, load_history

        return Catalog.of([load(p) for p in sorted(SITE.glob("*.yml"))], load_history(SITE / "versions.json"))
    return Catalog.of([stand_in(qid, latest(e), record) for qid, e in record.items()], record)


def loaded(cat: Catalog) -> Catalog:
    api.load(json.dumps({"questionnaires": [q.to_dict() for q in cat.ordered()], "history": cat.history, "pages": {}}))
    return cat


@pytest.fixture(params=SOURCES)
def site(request) -> Catalog:
    return loaded(catalog(request.param, RECORD))


def call(**request):
    reply = json.loads(api.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply


def named(sid: str, notice: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", notice) is not None


def assert_nothing_silently_dropped(old: dict, reply: dict, cat: Catalog, qid: str) -> None:
    """Every old answer is kept under its id with its value, or named in the notice; nothing is made up."""
    q = cat.get(qid)
    for sid, value in old.items():
        if sid in reply["answers"]:
            assert reply["answers"][sid] == value, sid
        else:
            assert sid not in {s.id for s in q.statements}, f"{sid} is still asked but its answer was lost"
            assert named(sid, reply["notice"]), f"{sid} was dropped without a word: {reply['notice']!r}"
            assert sid in reply["removed"]
    assert set(reply["answers"]) <= set(old)
    for old_id, new_ids in reply["replaced"].items():  # a replaced statement comes with what replaced it
        assert new_ids and all(named(n, reply["notice"]) for n in new_ids)
        assert f"{old_id} door {' en '.join(new_ids)}" in reply["notice"]
        assert set(new_ids) <= {s.id for s in q.statements}


# -- the fixtures themselves ---------------------------------------------------------------------------


def test_frozen_answers_and_the_record_are_version_1_of_the_site():
    assert sorted(FROZEN["saved"]) == sorted(RECORD) and len(RECORD) == 7
    for qid, entry in FROZEN["saved"].items():
        assert entry["version"] == 1
        assert list(entry["answers"]) == RECORD[qid]["versions"]["1"]
    for qid in RAISED:
        assert latest(RECORD[qid]) >= 2, f"{qid} was raised by issue 14"
        assert RECORD[qid]["replaced"], qid


def test_the_record_here_is_what_the_site_published(site):
    """Published versions never change: the copy here must still match ``questionnaires/versions.json``
    (with the stand-ins this compares the copy with itself; the site's own files are checked in CPython)."""
    for qid, entry in RECORD.items():
        site_entry = site.history[qid]
        assert site_entry["code"] == entry["code"]
        for version, ids in entry["versions"].items():
            assert site_entry["versions"][version] == ids, (qid, version)
        assert {k: site_entry["replaced"][k] for k in entry.get("replaced", {})} == entry.get("replaced", {})
        assert check_history(site.get(qid), site.history) == []


# -- saved answers ({version, answers} as the page stores them) ---------------------------------------


@pytest.mark.parametrize("qid", sorted(FROZEN["saved"]))
def test_saved_answers_restore_under_the_current_version(site, qid):
    saved = FROZEN["saved"][qid]
    reply = call(op="migrate", questionnaire=qid, version=saved["version"], answers=saved["answers"])
    assert reply["version"] == site.get(qid).version and reply["from_version"] == 1
    assert_nothing_silently_dropped(saved["answers"], reply, site, qid)
    if qid in RAISED:
        assert reply["notice"].startswith("Deze antwoorden zijn gegeven bij versie 1;")
        assert reply["replaced"], "issue 14 replaced a statement in each raised questionnaire"
    elif site.get(qid).version == 1:
        assert reply["answers"] == saved["answers"] and reply["notice"] == ""


def test_replaced_statements_are_named_with_what_replaced_them():
    """As version 2 named them (the record's stand-ins): later versions replace some of these again, and
    the notice then names the statements that replace them now (``test_migration_v3.py``)."""
    cat = catalog("record", RECORD)
    api.load(json.dumps({"questionnaires": [q.to_dict() for q in cat.ordered()], "history": cat.history, "pages": {}}))
    saved = FROZEN["saved"]["demand-management"]
    reply = call(op="migrate", questionnaire="demand-management", version=1, answers=saved["answers"])
    notice = reply["notice"]
    # dm-01..dm-04 were answered 1-4: replaced; dm-06 ("?") has no successor: vervallen
    assert "Vervangen stellingen: dm-01 door dm-13 en dm-14, dm-02 door dm-15, dm-03 door dm-16, dm-04 door dm-17" \
        in notice
    assert "Vervallen stellingen: dm-06 (" in notice
    assert reply["answers"]["dm-05"] == 5 and reply["answers"]["dm-07"] == "-"
    # a replaced statement that was never answered needs no word, but its successor is still new
    partial = {sid: v for sid, v in saved["answers"].items() if sid != "dm-01"}
    reply = call(op="migrate", questionnaire="demand-management", version=1, answers=partial)
    assert "dm-01" not in reply["notice"] and "dm-13" in reply["notice"] and "dm-01" not in reply["replaced"]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_partial_answer_set_restores_with_nothing_silently_dropped(site, data):
    qid = data.draw(st.sampled_from(RAISED))
    ids = RECORD[qid]["versions"]["1"]
    answers = data.draw(st.dictionaries(st.sampled_from(ids), st.sampled_from([1, 2, 3, 4, 5, "?", "-"])))
    reply = call(op="migrate", questionnaire=qid, version=1, answers=answers)
    assert_nothing_silently_dropped(answers, reply, site, qid)


# -- share links --------------------------------------------------------------------------------------


def old_link_decodes(frozen: dict, site: Catalog, qid: str | None) -> None:
    """A link made before (one questionnaire's, or with ``qid`` None the one with all of them) decodes now,
    with nothing silently dropped; the v3 migration checks its own frozen links with it."""
    link = frozen["all"] if qid is None else f"https://example.org/zelftest/{qid}/#delen={frozen['links'][qid]}"
    reply = call(op="decode", link=link)
    assert sorted(reply["questionnaires"]) == sorted(frozen["saved"] if qid is None else [qid])
    for got, migrated in reply["questionnaires"].items():
        assert_nothing_silently_dropped(frozen["saved"][got]["answers"], migrated, site, got)


@pytest.mark.parametrize("qid", [*sorted(FROZEN["links"]), None])
def test_an_old_share_link_decodes_under_the_current_version(site, qid):
    old_link_decodes(FROZEN, site, qid)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_link_encoded_with_version_1_from_the_history_decodes(site, data):
    """Encode with version 1 rebuilt from the catalog's own history, decode with the current catalog."""
    chosen = data.draw(st.lists(st.sampled_from(sorted(site.history)), min_size=1, max_size=3, unique=True))
    old_catalog = Catalog.of([stand_in(qid, 1, site.history) for qid in chosen], {})
    answers = {qid: data.draw(st.dictionaries(st.sampled_from(site.history[qid]["versions"]["1"]),
                                              st.sampled_from([1, 2, 3, 4, 5, "?", "-"]), min_size=1))
               for qid in chosen}
    reply = call(op="decode", link=encode(old_catalog, answers))
    assert sorted(reply["questionnaires"]) == sorted(chosen)
    for qid in chosen:
        assert_nothing_silently_dropped(answers[qid], reply["questionnaires"][qid], site, qid)


# -- the record of replacements -----------------------------------------------------------------------


def test_replacements_are_followed_to_the_current_version():
    """x was replaced by y in version 2, y by z in version 3: an answer to x names z."""
    history = {"t": {"code": 9, "recommendations": ["r-all"], "replaced": {"x": ["y"], "y": ["z", "w"]},
                     "versions": {"1": ["a", "x"], "2": ["a", "y"], "3": ["a", "w", "z"]}}}
    q = stand_in("t", 3, history)
    m = Catalog.of([q], history).migrate(q, 1, {"a": 2, "x": 4})
    assert m.answers == {"a": 2} and m.removed == ("x",) and m.replaced == (("x", ("w", "z")),)
    assert check_history(q, history) == []


@pytest.mark.parametrize(("replaced", "wrong"), [
    ({"a": ["z"]}, "a"),            # a is still asked
    ({"q": ["z"]}, "q"),            # q was never published
    ({"x": ["nope"]}, "x"),         # replaced by something never published
])
def test_a_wrong_replacement_record_is_a_problem(replaced, wrong):
    history = {"t": {"code": 9, "recommendations": ["r-all"], "replaced": replaced,
                     "versions": {"1": ["a", "x"], "2": ["a", "z"]}}}
    problems = check_history(stand_in("t", 2, history), history)
    assert [p.path for p in problems] == ["replaced"] and f"replaced statements {wrong}:" in problems[0].message


def test_a_malformed_replacement_record_is_a_problem():
    history = {"t": {"code": 9, "recommendations": ["r-all"], "replaced": {"x": []},
                     "versions": {"1": ["a", "x"], "2": ["a", "z"]}}}
    assert [p.path for p in check_history(stand_in("t", 2, history), history)] == ["replaced"]
