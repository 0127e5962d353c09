"""Statements split, reworded and shared between questionnaires (demand-management 3, regie 2,
systeemdenken 3, contract-en-prikkels 3, proactiviteit 2, exit-gereedheid 3, beleving-en-vertrouwen 3).
Answers saved and share links made before that change (``tests/data/migration/before-v3.json``, frozen)
must open under the current versions with nothing silently dropped, and the reader must be told what
replaced what, also where a statement was replaced by one that another questionnaire owns.

``v3-record.json`` is the version record after the change (history only grows, so it stays a subset of
``questionnaires/versions.json``). Inside Pyodide the questionnaires are stand-ins built from the record;
in CPython the same checks also run on the site's own questionnaires.
"""

from __future__ import annotations

import json
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Catalog, check_history

from .helpers import DATA
from .test_migration_v2 import SOURCES, assert_nothing_silently_dropped, call, catalog, latest, loaded, old_link_decodes

FROZEN = json.loads((DATA / "migration" / "before-v3.json").read_text(encoding="utf-8"))
RECORD = json.loads((DATA / "migration" / "v3-record.json").read_text(encoding="utf-8"))
BEFORE = {qid: entry["version"] for qid, entry in FROZEN["saved"].items()}
EXAMPLES = 200 if sys.platform != "emscripten" else 40
#: Statements that another questionnaire now owns: old id -> the shared id that replaced it.
TO_SHARED = {"dm-08": "cp-03", "sd-05": "cp-09", "pa-06": "cp-07", "pa-07": "cp-13", "ex-06": "rg-18",
             "bv-01": "cp-03", "bv-04": "cp-13", "bv-05": "rg-09", "bv-09": "pa-12"}


@pytest.fixture(params=SOURCES)
def site(request) -> Catalog:
    return loaded(catalog(request.param, RECORD))


def test_every_questionnaire_got_a_new_version_and_names_what_replaced_what(site):
    for qid, before in BEFORE.items():
        entry = site.history[qid]
        assert latest(entry) == before + 1, qid
        assert entry["versions"][str(before)] == list(FROZEN["saved"][qid]["answers"]), "a published version changed"
        retired = [sid for sid in entry["versions"][str(before)] if sid not in entry["versions"][str(before + 1)]]
        assert retired and all(sid in entry["replaced"] for sid in retired), (qid, retired)  # none just vanished
        assert check_history(site.get(qid), site.history) == []


def test_the_record_here_is_what_the_site_published(site):
    for qid, entry in RECORD.items():
        for version, ids in entry["versions"].items():
            assert site.history[qid]["versions"][version] == ids, (qid, version)
        assert {k: site.history[qid]["replaced"][k] for k in entry.get("replaced", {})} == entry.get("replaced", {})


@pytest.mark.parametrize("qid", sorted(FROZEN["saved"]))
def test_answers_saved_before_open_on_the_new_version_with_the_notice(site, qid):
    saved = FROZEN["saved"][qid]
    reply = call(op="migrate", questionnaire=qid, version=saved["version"], answers=saved["answers"])
    assert reply["version"] == saved["version"] + 1 and reply["from_version"] == saved["version"]
    assert reply["notice"].startswith(f"Deze antwoorden zijn gegeven bij versie {saved['version']};")
    assert_nothing_silently_dropped(saved["answers"], reply, site, qid)
    for old, new in reply["replaced"].items():
        if old in TO_SHARED:
            assert new == [TO_SHARED[old]], (old, new)  # replaced by the one statement the questionnaires share


def test_a_statement_now_shared_is_named_in_the_notice(site):
    saved = FROZEN["saved"]["beleving-en-vertrouwen"]
    reply = call(op="migrate", questionnaire="beleving-en-vertrouwen", version=2, answers=saved["answers"])
    # bv-01 (1), bv-04 (4) and bv-09 ("-") were answered: each is named with the shared statement that replaced it
    assert "bv-01 door cp-03" in reply["notice"] and "bv-04 door cp-13" in reply["notice"]
    assert "bv-09 door pa-12" in reply["notice"]
    assert reply["answers"]["bv-02"] == 2 and "cp-03" not in reply["answers"]  # an old answer is never moved over


def test_answers_of_version_1_name_what_replaces_them_now(site):
    """dm-02 became dm-15 in version 2 and dm-18 in version 3; dm-05 was kept in 2 and replaced in 3."""
    v1 = json.loads((DATA / "migration" / "v1.json").read_text(encoding="utf-8"))["saved"]["demand-management"]
    reply = call(op="migrate", questionnaire="demand-management", version=1, answers=v1["answers"])
    assert "dm-02 door dm-18" in reply["notice"] and "dm-05 door dm-21" in reply["notice"]
    assert "dm-08 door cp-03" in reply["notice"] and "dm-15" not in reply["notice"]  # never an id no longer asked
    assert_nothing_silently_dropped(v1["answers"], reply, site, "demand-management")


@pytest.mark.parametrize("qid", [*sorted(FROZEN["links"]), None])  # None: the link with every questionnaire
def test_a_share_link_made_before_opens_on_the_new_version(site, qid):
    old_link_decodes(FROZEN, site, qid)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_partial_answer_set_from_before_restores_with_nothing_silently_dropped(site, data):
    qid = data.draw(st.sampled_from(sorted(BEFORE)))
    ids = RECORD[qid]["versions"][str(BEFORE[qid])]
    answers = data.draw(st.dictionaries(st.sampled_from(ids), st.sampled_from([1, 2, 3, 4, 5, "?", "-"])))
    reply = call(op="migrate", questionnaire=qid, version=BEFORE[qid], answers=answers)
    assert_nothing_silently_dropped(answers, reply, site, qid)
