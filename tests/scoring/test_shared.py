"""A statement asked in two questionnaires is written out once (``tests/data/valid/gedeeld``: ``eigen.yml``
writes out e-01, ``vraagt.yml`` asks it with ``- shared: e-01``): one id, the owner's words, counted in each
questionnaire with that questionnaire's own theme, weight and key. Also what an answer means (the site's
words for every point, a statement's own words where it has them). Runs in CPython and inside Pyodide (the
folder's JSON twins there)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from scoring import SCALE, SCALE_MEANING, Catalog, Questionnaire, QuestionnaireError, api, decode, encode, score
from scoring._model import shared_definitions

from .helpers import DATA, has_yaml, read_data

FOLDER = DATA / "valid" / "gedeeld"


def read(path):
    if has_yaml():
        from scoring._source import read as read_yaml

        return read_yaml(path)
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8")), {}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    if has_yaml():  # CPython: the build's own loader, with every check
        from scoring._validate import load_folder  # build-only: not in the browser's wheel

        return load_folder(FOLDER, {"index.md"}.__contains__, read=read).catalog
    data = [read_data(path) for path in sorted(FOLDER.glob("*.yml"))]  # Pyodide: the JSON twins
    shared = shared_definitions(data)
    history = json.loads((FOLDER / "versions.json").read_text(encoding="utf-8"))
    return Catalog.of([Questionnaire.from_dict(d, shared) for d in data], history)


def test_the_asking_questionnaire_gets_the_owners_statement_with_its_own_theme_weight_and_key(catalog):
    owner, asking = catalog.get("eigen").statement("e-01"), catalog.get("vraagt").statement("e-01")
    assert (asking.text, asking.help, asking.scale, asking.learn_more) == (
        "Er is een gedeelde stelling.", "Geldt ook voor een SSC.",
        ((1, "Er is niets."), (3, "Het is er."), (5, "Het is er en het wordt beter.")), "index.md")
    assert (asking.theme, asking.weight, asking.key, asking.owner) == ("c", 3, True, "eigen")
    assert (owner.theme, owner.weight, owner.key, owner.owner) == ("a", 1, False, "")


def test_a_shared_statement_reads_back_from_the_bundle_with_its_owner(catalog):
    q = catalog.get("vraagt")
    data = q.to_dict()
    assert data["statements"][1] == {"id": "e-01", "theme": "c", "text": "Er is een gedeelde stelling.",
                                     "help": "Geldt ook voor een SSC.",
                                     "scale": {"1": "Er is niets.", "3": "Het is er.",
                                               "5": "Het is er en het wordt beter."},
                                     "weight": 3, "key": True, "learn_more": "index.md", "owner": "eigen"}
    assert Questionnaire.from_dict(json.loads(json.dumps(data))) == q  # as the browser reads the bundle


def test_one_answer_counts_in_each_questionnaire_with_its_own_weight(catalog):
    own = score(catalog.get("eigen"), {"e-01": 2, "e-02": 4})
    asking = score(catalog.get("vraagt"), {"e-01": 2, "v-01": 5})
    assert own.overall.score == Fraction(2 + 4, 2) and own.overall.cap == 5  # weight 1 each; not a key there
    assert asking.overall.score == Fraction(5 + 3 * 2, 1 + 3)  # e-01 weighs 3 here
    assert asking.overall.level == 3 and asking.overall.cap == 3  # a key here: the answer 2 caps the level at 3
    assert [f.recommendation.id for f in asking.recommendations] == ["v-r01"]


def test_a_share_link_carries_the_shared_answer_for_each_questionnaire(catalog):
    link = encode(catalog, {"eigen": {"e-01": 2, "e-02": "?"}, "vraagt": {"e-01": 2, "v-01": "-"}})
    decoded = decode(catalog, link)
    assert decoded["eigen"].answers == {"e-01": 2, "e-02": "?"}
    assert decoded["vraagt"].answers == {"e-01": 2, "v-01": "-"}


def test_an_answer_to_the_statement_it_replaced_is_named_with_the_shared_one(catalog):
    api.load(json.dumps({"questionnaires": [q.to_dict() for q in catalog.ordered()], "history": catalog.history,
                         "pages": {}}))
    reply = json.loads(api.handle(json.dumps({"op": "migrate", "questionnaire": "vraagt", "version": 1,
                                              "answers": {"v-01": 3, "v-02": 4}})))
    assert reply["ok"] and reply["answers"] == {"v-01": 3} and reply["replaced"] == {"v-02": ["e-01"]}
    assert "Vervangen stellingen: v-02 door e-01" in reply["notice"]


if has_yaml():  # the build's folder check (scoring._validate) is not in the browser's wheel: CPython only
    def test_the_folder_claims_the_id_once_and_checks_the_link_once():
        from scoring._validate import load_folder

        loaded = load_folder(FOLDER, {"index.md"}.__contains__, read=read)
        links = [(q.id, path) for q, path, _ in loaded.links()]
        assert ("eigen", "statements[0].learn_more") in links and ("vraagt", "statements[1].learn_more") not in links


def test_without_the_owner_a_shared_statement_is_refused_by_name():
    data = read_data(FOLDER / "vraagt.yml")
    with pytest.raises(QuestionnaireError) as info:
        Questionnaire.from_dict(data)
    assert [(p.path, p.message) for p in info.value.problems] == [(
        "statements[1].shared", "no other questionnaire writes out statement 'e-01'; a shared statement names "
                                "the id of a statement written out in full in another file")]
    resolved = Questionnaire.from_dict(data, shared_definitions([read_data(FOLDER / "eigen.yml")]))
    assert resolved.statement("e-01").owner == "eigen"


def test_one_file_loaded_alone_finds_the_statement_in_its_folder(catalog):
    if has_yaml():  # what the CLI does: `python -m scoring score questionnaires/vraagt.yml answers.json`
        from scoring._source import load

        assert load(FOLDER / "vraagt.yml") == catalog.get("vraagt")
    else:  # inside Pyodide, without YAML: the same resolution from the other files of the folder
        others = [read_data(p) for p in sorted(FOLDER.glob("*.yml")) if p.stem != "vraagt"]
        asked = Questionnaire.from_dict(read_data(FOLDER / "vraagt.yml"), shared_definitions(others))
        assert asked == catalog.get("vraagt")


# -- what an answer means -------------------------------------------------------------------------------


def test_every_answer_has_the_sites_meaning_and_a_statement_its_own_words_for_some_points(catalog):
    assert [value for value, _ in SCALE] == list(SCALE_MEANING) and all(SCALE_MEANING.values())
    meanings = catalog.get("eigen").statement("e-01").meanings()
    assert [(value, own) for value, _, _, own in meanings] == [
        ("1", True), ("2", False), ("3", True), ("4", False), ("5", True), ("?", False), ("-", False)]
    assert meanings[0][1:3] == ("Niet aanwezig", "Er is niets.")
    assert meanings[1][2] == SCALE_MEANING["2"] and meanings[6][2] == SCALE_MEANING["-"]
    plain = catalog.get("eigen").statement("e-02").meanings()
    assert [text for _, _, text, _ in plain] == list(SCALE_MEANING.values())


# -- answer once: the newest answer to a shared statement counts in each questionnaire ---------------------------

T1, T2, T3 = "2026-03-01T10:00:00.000Z", "2026-03-02T10:00:00.000Z", "2026-03-03T10:00:00.000Z"


def handle(catalog, **request):
    api.load(json.dumps({"questionnaires": [q.to_dict() for q in catalog.ordered()], "history": catalog.history,
                         "pages": {}}))
    reply = json.loads(api.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply


def stored(version, answers, changed):
    return {"version": version, "answers": answers, "changed": changed, "history": []}


def opened(catalog, qid, mine, others):
    return handle(catalog, op="save", questionnaire=qid, stored=mine, changes=[], now=T3, offset=60, others=others)


def test_a_page_opened_takes_the_answer_given_in_the_other_questionnaire_and_says_so(catalog):
    eigen = stored(1, {"e-01": 4, "e-02": 2}, {"e-01": T1, "e-02": T1})
    reply = opened(catalog, "vraagt", None, {"eigen": eigen})
    assert reply["entry"]["answers"] == {"e-01": 4} and reply["entry"]["changed"] == {"e-01": T1}
    assert reply["notice"] == "1 antwoord overgenomen uit een andere vragenlijst die dezelfde stelling stelt."
    again = opened(catalog, "vraagt", reply["entry"], {"eigen": eigen})  # once taken, nothing more to say
    assert again["entry"]["answers"] == {"e-01": 4} and again["notice"] == ""


@pytest.mark.parametrize(("mine", "theirs", "expected"), [
    ((2, T2), (4, T1), 2),  # this questionnaire's answer is the newer one: it stays
    ((2, T1), (4, T2), 4),  # the other's is newer: it counts here too
    ((2, T1), (None, T2), None),  # cleared there later: cleared here
])
def test_the_answer_changed_last_wins_in_either_questionnaire(catalog, mine, theirs, expected):
    here = stored(2, {"v-01": 5, "e-01": mine[0]}, {"v-01": T1, "e-01": mine[1]})
    there = stored(1, {"e-02": 3} | ({"e-01": theirs[0]} if theirs[0] else {}), {"e-01": theirs[1]})
    entry = opened(catalog, "vraagt", here, {"eigen": there})["entry"]
    assert entry["answers"].get("e-01") == expected and entry["answers"]["v-01"] == 5


def test_a_change_made_now_beats_an_older_answer_elsewhere(catalog):
    there = stored(1, {"e-01": 1}, {"e-01": T2})
    here = stored(2, {"e-01": 1}, {"e-01": T2})
    reply = handle(catalog, op="save", questionnaire="vraagt", stored=here, now=T3, offset=0, others={"eigen": there},
                   changes=[{"base": here, "mine": stored(2, {"e-01": 5}, {"e-01": T2})}])
    assert reply["entry"]["answers"] == {"e-01": 5} and reply["entry"]["changed"]["e-01"] == T3


def test_an_unreadable_or_older_entry_elsewhere_gives_nothing(catalog):
    here = stored(1, {"e-01": 2}, {"e-01": T1})
    for other in ({"version": 1, "answers": {"e-01": "veel"}}, stored(1, {"v-01": 3, "v-02": 4}, {"v-02": T3}), 7):
        reply = opened(catalog, "eigen", here, {"vraagt": other})
        assert reply["entry"]["answers"] == {"e-01": 2} and reply["notice"] == ""


def test_the_overview_counts_a_shared_answer_in_each_questionnaire(catalog):
    eigen = stored(1, {"e-01": 4, "e-02": 2}, {"e-01": T1, "e-02": T1})
    reply = handle(catalog, op="overview", saved={"eigen": eigen}, base="/")
    assert reply["statuses"]["vraagt"].startswith("1 van 2 beantwoord")
    assert reply["statuses"]["eigen"].startswith("Alle 2 beantwoord")


def test_opening_a_page_with_nothing_to_take_writes_nothing(catalog):
    reply = opened(catalog, "vraagt", None, {"eigen": stored(1, {"e-02": 2}, {"e-02": T1})})
    assert reply["write"] is False and reply["entry"]["answers"] == {}
    assert opened(catalog, "vraagt", None, {"eigen": stored(1, {"e-01": 2}, {"e-01": T1})})["write"] is True
