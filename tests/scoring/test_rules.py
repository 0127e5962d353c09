"""Boundary cases for every rule, on questionnaires built in code."""

from __future__ import annotations

from fractions import Fraction

import pytest

from scoring import LinkError, assess, level_for, score

from .helpers import make


@pytest.mark.parametrize(("mean", "level"), [
    (Fraction(1), 1), (Fraction(179, 100), 1), (Fraction(9, 5), 2), (Fraction(259, 100), 2),
    (Fraction(13, 5), 3), (Fraction(17, 5), 4), (Fraction(419, 100), 4), (Fraction(21, 5), 5), (Fraction(5), 5),
])
def test_level_boundaries_are_exact(mean, level):
    assert level_for(mean) == level


def test_float_noise_cannot_move_a_boundary():
    # 1.8 as a float is 1.8000000000000000444...; the engine never sees floats, only whole answers.
    q = make([("s1", "a", 1, False)] * 0 + [(f"s{i}", "a", 1, False) for i in range(5)])
    result = score(q, {"s0": 1, "s1": 1, "s2": 2, "s3": 2, "s4": 3})  # 9/5 exactly
    assert result.overall.score == Fraction(9, 5) and result.overall.level == 2


def test_weights_count_in_the_mean_and_coverage():
    q = make([("s1", "a", 3, False), ("s2", "a", 1, False)])
    a = score(q, {"s1": 5, "s2": 1}).overall
    assert a.score == Fraction(16, 4) and a.level == 4
    # "weet ik niet" on the heavy statement: coverage 1/4, no level
    a = score(q, {"s1": "?", "s2": 1}).overall
    assert a.coverage == Fraction(1, 4) and a.level is None and a.score == 1


def test_not_applicable_leaves_coverage_but_unknown_counts_against_it():
    q = make([("s1", "a", 1, False), ("s2", "a", 1, False), ("s3", "a", 1, False)])
    assert score(q, {"s1": 4, "s2": "-", "s3": "-"}).overall.coverage == 1
    assert score(q, {"s1": 4, "s2": "?", "s3": "-"}).overall.coverage == Fraction(1, 2)
    assert score(q, {"s1": 4}).overall.coverage == Fraction(1, 3)
    assert score(q, {"s1": "-", "s2": "-", "s3": "-"}).overall.level is None


def test_coverage_just_below_sixty_percent_gives_no_level():
    q = make([(f"s{i}", "a", 1, False) for i in range(5)] + [("t", "a", 2, False)])  # total weight 7
    four = {"s0": 3, "s1": 3, "s2": 3, "s3": 3}  # 4/7 = 57%
    assert score(q, four).overall.level is None
    assert score(q, {**four, "s4": 3}).overall.level == 3  # 5/7 = 71%


@pytest.mark.parametrize(("key_answer", "level", "capped"), [
    (1, 2, ("k",)), (2, 3, ("k",)), (3, 4, ("k",)), (4, 5, ()), (5, 5, ()), ("?", 2, ("k",)), ("-", 5, ()),
])
def test_staged_rule_caps_at_lowest_key_answer_plus_one(key_answer, level, capped):
    q = make([("k", "a", 1, True)] + [(f"s{i}", "b", 1, False) for i in range(9)])
    answers = {"k": key_answer, **{f"s{i}": 5 for i in range(9)}}
    result = score(q, answers).overall
    assert (result.level, result.capped_by) == (level, capped)


def test_unanswered_key_statement_does_not_cap():
    q = make([("k", "a", 1, True)] + [(f"s{i}", "b", 1, False) for i in range(9)])
    result = score(q, {f"s{i}": 5 for i in range(9)}).overall
    assert result.level == 5 and result.capped_by == ()


def test_theme_has_its_own_level_and_cap():
    q = make([("k", "a", 1, True), ("s", "a", 1, False), ("t", "b", 1, False)])
    result = score(q, {"k": 1, "s": 5, "t": 5})
    themes = {t.id: t.assessment for t in result.themes}
    assert themes["a"].uncapped_level == 3 and themes["a"].level == 2 and themes["a"].capped_by == ("k",)
    assert themes["b"].level == 5


def test_recommendation_order_cap_then_gap_then_file_order():
    recs = [
        {"id": "r-small", "title": "T", "text": "T", "link": "index.md", "when": [{"statement": "s1", "below": 5}]},
        {"id": "r-big", "title": "T", "text": "T", "link": "index.md", "when": [{"statement": "s2", "below": 5}]},
        {"id": "r-tie", "title": "T", "text": "T", "link": "index.md", "when": [{"statement": "s3", "below": 5}]},
        {"id": "r-cap", "title": "T", "text": "T", "link": "index.md", "when": [{"statement": "k", "below": 3}]},
        {"id": "r-theme", "title": "T", "text": "T", "link": "index.md", "when": [{"theme": "b", "below": 5}]},
    ]
    q = make([("k", "a", 1, True), ("s1", "a", 1, False), ("s2", "a", 3, False), ("s3", "a", 1, False),
              ("t", "b", 1, False)], recommendations=recs)
    result = score(q, {"k": 2, "s1": 4, "s2": 4, "s3": 4, "t": 4})
    # cap first (even with a small gap), then weighted gap 3 > 1, then file order for equal gaps
    assert [f.recommendation.id for f in result.recommendations] == ["r-cap", "r-big", "r-small", "r-tie", "r-theme"]
    assert [f.recommendation.id for f in result.next_steps] == ["r-cap", "r-big", "r-small"]
    assert result.recommendations[0].lifts_cap and result.recommendations[1].gap == 3


def test_conditions_fire_on_unknown_but_never_on_not_applicable_or_absent():
    recs = [{"id": "r", "title": "T", "text": "T", "link": "index.md", "when": [{"statement": "s", "below": 3}]}]
    q = make([("s", "a", 1, False), ("t", "a", 1, False)], recommendations=recs)
    fired = lambda answers: [f.recommendation.id for f in score(q, answers).recommendations]  # noqa: E731
    assert fired({"s": 2}) == ["r"] and fired({"s": "?"}) == ["r"]
    assert fired({"s": 3}) == [] and fired({"s": "-"}) == [] and fired({}) == []


def test_theme_and_level_conditions():
    recs = [
        {"id": "r-theme", "title": "T", "text": "T", "link": "index.md", "when": [{"theme": "a", "below": 2.6}]},
        {"id": "r-level", "title": "T", "text": "T", "link": "index.md", "when": [{"level_below": 3}]},
    ]
    q = make([("s", "a", 1, False), ("t", "b", 1, False)], recommendations=recs)
    ids = lambda answers: [f.recommendation.id for f in score(q, answers).recommendations]  # noqa: E731
    assert ids({"s": 2, "t": 5}) == ["r-theme"]  # theme 2 < 2.6; overall 3.5 -> level 4
    assert ids({"s": 3, "t": 1}) == ["r-level"]  # theme a 3; overall 2 -> level 2
    assert ids({"s": "?", "t": "?"}) == []  # no theme score, no level: nothing fires


@pytest.mark.parametrize("bad", [{"zz": 3}, {"s": 6}, {"s": 0}, {"s": "ja"}, {"s": True}, {"s": 2.5}])
def test_bad_answers_are_refused_in_dutch(bad):
    q = make([("s", "a", 1, False)])
    with pytest.raises(LinkError) as info:
        score(q, bad)
    assert "stelling" in str(info.value).lower() or "antwoord" in str(info.value).lower()


def test_answers_as_text_from_a_form_are_accepted():
    q = make([("s", "a", 1, False), ("t", "a", 1, False)])
    assert score(q, {"s": "4", "t": "?"}).answers == {"s": 4, "t": "?"}


def test_assess_of_nothing():
    assert assess([], {}).level is None
