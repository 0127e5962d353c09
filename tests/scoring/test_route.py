"""The shortest route to a target level (issue 16): exact against an exhaustive search, and its edges.

The exhaustive search knows nothing of how ``route`` works: it tries every way to spread k one-point
raises over the answered statements, k = 0, 1, 2, ..., asks the real rules (``assess``) for the level,
and stops at the first k that reaches the target. Among those routes it takes the best one by the
documented order: fewest statements changed, then most steps on weight-3 statements, then on weight-2
ones, then the raises in file order as large as possible early on. Answer sets are drawn near a target
(a drawn answer set whose level is the target, then a few points lowered), so the optimum stays small.
Runs here and inside Pyodide; the site's questionnaires only in CPython (no PyYAML in Pyodide).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import MIN_COVERAGE, LinkError, api, assess, score
from scoring._route import route, to_dict, to_markdown

from .helpers import DATA, has_yaml, load, make

in_pyodide = sys.platform == "emscripten"
#: Per questionnaire; inside Pyodide (about 10x slower) fewer.
EXAMPLES = 100 if not in_pyodide else 30
#: The exhaustive search looks this many steps deep at most.
DEPTH = 5 if not in_pyodide else 4
SITE = Path(__file__).resolve().parents[2] / "questionnaires"
QUESTIONNAIRE = DATA / "valid" / "basis.yml"

BUILT = make([("k1", "a", 3, True), ("s1", "a", 1, False), ("s2", "a", 2, False), ("k2", "b", 2, True),
              ("s3", "b", 3, False), ("s4", "b", 1, False), ("s5", "a", 1, False), ("s6", "b", 2, False)])


def questionnaires() -> dict:
    found = {"basis": load("basis.yml"), "built": BUILT}
    if has_yaml() and SITE.is_dir():
        from scoring._source import load as load_file

        found.update({p.stem: load_file(p) for p in sorted(SITE.glob("*.yml"))})
    return found


ALL = questionnaires()


def members(q, theme):
    return tuple(s for s in q.statements if theme is None or s.theme == theme)


def level(q, answers, theme=None):
    result = score(q, answers)
    if theme is None:
        return result.overall.level
    return next(t.assessment.level for t in result.themes if t.id == theme)


def spreads(k: int, rooms: list[int]):
    """Every way to put k steps on statements with these rooms (vectors in file order)."""
    if not rooms:
        if k == 0:
            yield ()
        return
    for first in range(min(k, rooms[0]), -1, -1):
        for rest in spreads(k - first, rooms[1:]):
            yield (first, *rest)


def exhaustive(q, answers, target, theme, depth):
    """(fewest steps, best raise vector by the documented order, raised ids) or (None, ...) beyond depth."""
    scope = members(q, theme)
    numeric = [s for s in scope if isinstance(answers.get(s.id), int) and answers[s.id] < 5]
    rooms = [5 - answers[s.id] for s in numeric]
    for k in range(depth + 1):
        found = []
        for raise_ in spreads(k, rooms):
            raised = {**answers, **{s.id: answers[s.id] + r for s, r in zip(numeric, raise_, strict=True) if r}}
            reached = assess(scope, raised).level
            if reached is not None and reached >= target:
                found.append(raise_)
        if found:
            def order(raise_):
                on = lambda w: sum(r for s, r in zip(numeric, raise_, strict=True) if s.weight == w)  # noqa: E731
                return (sum(1 for r in raise_ if r), -on(3), -on(2), tuple(-r for r in raise_))

            best = min(found, key=order)
            return k, {s.id: r for s, r in zip(numeric, best, strict=True) if r}
    return None, None


ANSWER = st.sampled_from([3, 4, 2, 5, 1, 3, 4, 2, 5, 1, 3, 4, 2, 5, 1, "?", "-", None])


@st.composite
def near_target(draw, q):
    """(answers, target, theme): a drawn answer set with a level, lowered one point at a time until it is
    below that level and then a few points more (at most DEPTH in all), with mostly that level as the
    target: so the optimum is at least 1 and at most the points lowered (when it would not go down, one
    level up). Sometimes any target, or one that does not exist."""
    theme = draw(st.none() | st.sampled_from([t.id for t in q.themes]))
    goal = {s.id: a for s in q.statements if (a := draw(ANSWER)) is not None}
    reached = max(2, level(q, goal, theme) or 3)
    answers, more = dict(goal), draw(st.integers(0, DEPTH - 1))
    for _ in range(DEPTH):
        now = level(q, answers, theme)
        lowerable = [sid for sid, a in answers.items() if isinstance(a, int) and a > 1]
        if not lowerable or (now is not None and now < reached and not more):
            break
        if now is not None and now < reached:
            more -= 1
        answers[draw(st.sampled_from(lowerable))] -= 1
    now = level(q, answers, theme)
    if now is not None and now >= reached:  # it would not go down: one level up from where it is
        reached = min(5, now + 1)
    target = draw(st.sampled_from([reached] * 12 + [reached + 1, 1, 2, 3, 4, 5, 0, 6]))
    return answers, target, theme


def check_against_exhaustive(q, answers, target, theme):
    found = route(q, answers, target, theme)
    scope = members(q, theme)
    before = assess(scope, answers)
    assert (found.questionnaire, found.target, found.theme, found.level_before) == (q.id, target, theme, before.level)
    assert found.reachable == (found.reason == "")
    if not found.reachable:
        assert found.steps == () and found.total_steps == 0 and found.level_after == before.level
    if not 1 <= target <= 5:
        assert not found.reachable and "bestaat niet" in found.reason
        return
    if before.level is None:
        assert not found.reachable and found.answer_first == tuple(s.id for s in scope if s.id in found.answer_first)
        check_answer_first(scope, answers, found.answer_first)
        return
    assert found.answer_first == ()
    best_steps, best = exhaustive(q, answers, target, theme, DEPTH)
    everything = {**answers, **{s.id: 5 for s in scope if isinstance(answers.get(s.id), int)}}
    if not found.reachable:  # raising is monotone: if all at 5 does not reach it, nothing does
        assert best_steps is None and level(q, everything, theme) < target, found.reason
        return
    # the steps: answered statements only, from their answer, up to 5 at most, in file order
    ids = [sid for sid, _, _ in found.steps]
    assert ids == [s.id for s in scope if s.id in ids]
    for sid, old, new in found.steps:
        assert answers[sid] == old and isinstance(old, int) and old < new <= 5
    assert found.total_steps == sum(new - old for _, old, new in found.steps)
    raised = {**answers, **{sid: new for sid, _, new in found.steps}}
    assert level(q, raised, theme) == found.level_after >= target  # score() agrees: the route gets there
    if best_steps is None:
        assert found.total_steps > DEPTH
    else:
        assert found.total_steps == best_steps
        assert {sid: new - old for sid, old, new in found.steps} == best  # the same tie-breaks


def check_answer_first(scope, answers, first):
    total = sum(s.weight for s in scope if answers.get(s.id) != "-")
    if not total:
        assert first == ()
        return
    open_ = sorted((s for s in scope if answers.get(s.id) in (None, "?")), key=lambda s: -s.weight)
    assert first and all(answers.get(sid) in (None, "?") for sid in first)
    answered = sum(s.weight for s in scope if isinstance(answers.get(s.id), int))
    weight = {s.id: s.weight for s in scope}
    chosen = sum(weight[sid] for sid in first)
    assert answered + chosen >= MIN_COVERAGE * total  # enough,
    assert answered + sum(s.weight for s in open_[: len(first) - 1]) < MIN_COVERAGE * total  # the fewest,
    assert chosen == sum(s.weight for s in open_[: len(first)])  # and the heaviest
    answered_now = {**answers, **{sid: 3 for sid in first}}
    assert assess(scope, answered_now).level is not None


@pytest.mark.parametrize("name", sorted(ALL))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_route_equals_the_exhaustive_search(name, data):
    q = ALL[name]
    answers, target, theme = data.draw(near_target(q))
    check_against_exhaustive(q, answers, target, theme)


def test_the_site_questionnaires_are_in_the_search_when_they_can_be_read():
    assert {"basis", "built"} <= set(ALL)
    if has_yaml() and SITE.is_dir():
        assert len(ALL) >= 2 + 7


@pytest.mark.parametrize("name", sorted(ALL))
def test_worst_cases_reach_the_target(name):
    """Every statement at 1 (or the lowest a basisstelling may be), to every level: the route gets there."""
    q = ALL[name]
    for theme in [None, *(t.id for t in q.themes)]:
        for start in (1, 2, 3):
            answers = {s.id: start for s in q.statements}
            for target in range(1, 6):
                found = route(q, answers, target, theme)
                assert found.reachable
                raised = {**answers, **{sid: new for sid, _, new in found.steps}}
                assert level(q, raised, theme) >= target
                if found.total_steps <= 3:
                    check_against_exhaustive(q, answers, target, theme)


# -- unit cases -------------------------------------------------------------------------------------------

BASIS = load("basis.yml")  # b-01 key w2 (mandaat), b-02 w1 (mandaat), b-03 key w1 (keten), b-04 w3 (keten), b-05 w1


def test_a_target_already_reached_takes_no_steps():
    found = route(BASIS, {"b-01": 4, "b-02": 4, "b-03": 4, "b-04": 4, "b-05": 4}, 3)
    got = (found.reachable, found.level_before, found.level_after, found.total_steps, found.steps)
    assert got == (True, 4, 4, 0, ())
    assert to_markdown(found) == "Niveau 3 is al gehaald (nu niveau 4): geen stappen nodig.\n"


def test_the_cap_of_a_basisstelling_forces_its_raise_first():
    # mean 4.0 (level 4 uncapped), capped at 2 by b-01 = 1; target 4 needs b-01 at 3: two steps, nothing
    # else (the mean becomes 4.5, but b-01 at 3 still caps at 4)
    found = route(BASIS, {"b-01": 1, "b-02": 5, "b-03": 5, "b-04": 5, "b-05": 5}, 4)
    assert found.steps == (("b-01", 1, 3),) and found.total_steps == 2 and found.level_after == 4
    assert to_markdown(found) == "Van niveau 2 naar 4: 2 stappen. b-01 van 'Niet aanwezig' naar 'Aanwezig'.\n"
    assert to_markdown(found, BASIS) == ("Van niveau 2 naar 4: 2 stappen. Er is een aanspreekpunt: van 'Niet aanwezig' "
                                         "naar 'Aanwezig'.\n")


@pytest.mark.parametrize("target", [0, 6, -1, 99])
def test_a_level_that_does_not_exist_is_unreachable_with_a_reason(target):
    found = route(BASIS, {"b-01": 2, "b-02": 2, "b-03": 2, "b-04": 2, "b-05": 2}, target)
    assert not found.reachable and found.reason == f"Niveau {target} bestaat niet: kies een doel van 1 tot en met 5."


def test_a_basisstelling_on_weet_ik_niet_keeps_the_level_at_2_and_the_route_says_so():
    answers = {"b-01": "?", "b-02": 5, "b-03": 5, "b-04": 5, "b-05": 5}
    found = route(BASIS, answers, 3)
    assert not found.reachable and found.steps == () and found.level_before == 2
    assert found.reason == ("Basisstelling 'Er is een aanspreekpunt' staat op 'weet ik niet'; dan is niveau 2 het "
                            "hoogste. "
                            "Zoek die eerst uit: de route verhoogt geen 'weet ik niet'.")
    assert route(BASIS, {**answers, "b-02": 1, "b-04": 1, "b-05": 1}, 2).reachable  # level 2 it may reach
    both = route(BASIS, {**answers, "b-03": "?"}, 4)
    assert both.reason.startswith("Basisstellingen 'Er is een aanspreekpunt' en 'Er is een ketenkaart' staan op "
                                  "'weet ik niet'")


def test_not_applicable_is_never_touched_and_weet_ik_niet_never_raised():
    q = make([("s1", "a", 3, False), ("s2", "a", 1, False), ("s3", "a", 1, False), ("s4", "a", 1, False),
              ("s5", "a", 1, False)])
    # s1 (the heaviest) is "-", s2 "?": only s3..s5 may move. Mean 1 -> level 3 (2.6) needs 5 steps.
    found = route(q, {"s1": "-", "s2": "?", "s3": 1, "s4": 1, "s5": 1}, 3)
    assert found.reachable and {sid for sid, _, _ in found.steps} <= {"s3", "s4", "s5"}
    assert found.steps == (("s3", 1, 5), ("s4", 1, 2)) and found.total_steps == 5


def test_too_few_answers_names_the_fewest_heaviest_statements_to_answer_first():
    # answered b-05 only (weight 1 of 8): b-04 (3) and b-01 (2) bring it to 6 of 8; b-02 and b-03 weigh 1
    found = route(BASIS, {"b-02": "?", "b-05": 2}, 3)
    assert not found.reachable and found.level_before is None and found.steps == ()
    assert found.answer_first == ("b-01", "b-04")
    assert found.reason == ("Te weinig antwoorden voor een niveau (13% beantwoord, minimaal 60%). "
                            "Beantwoord eerst 'Er is een aanspreekpunt' en 'Er zijn overleggen'; dan volgt de route.")
    only_na = route(BASIS, dict.fromkeys(["b-01", "b-02", "b-03", "b-04", "b-05"], "-"), 2)
    assert not only_na.reachable and only_na.answer_first == () and "niet van toepassing" in only_na.reason


def test_a_theme_route_only_raises_that_themes_statements():
    answers = {"b-01": 1, "b-02": 1, "b-03": 1, "b-04": 1, "b-05": 1}
    found = route(BASIS, answers, 3, "keten")  # b-03 key w1, b-04 w3: weighted 4 of 4, needs 10.4 -> 11
    assert found.theme == "keten" and found.reachable
    assert found.steps == (("b-03", 1, 2), ("b-04", 1, 3)) and found.total_steps == 3
    assert level(BASIS, {**answers, "b-03": 2, "b-04": 3}, "keten") == found.level_after == 3
    assert to_markdown(found, BASIS) == ("Thema Keten: van niveau 1 naar 3: 3 stappen. Er is een ketenkaart: van "
                                         "'Niet aanwezig' naar 'In aanzet'; Er zijn overleggen: van 'Niet aanwezig' "
                                         "naar 'Aanwezig'.\n")


def test_ties_fewest_statements_then_weight_then_file_order():
    q = make([("a1", "a", 1, False), ("h", "a", 2, False), ("a2", "a", 1, False)])
    # weighted 4 of 4 -> level 3 needs 10.4, so 7 more points: h at 5 gives 8 in 4 steps (one statement),
    # before h + 3 and a1 + 1 (7 points in 4 steps too, but two statements)
    assert route(q, {"a1": 1, "h": 1, "a2": 1}, 3).steps == (("h", 1, 5),)
    heavy = make([("p", "a", 1, False), ("q", "a", 2, False), ("r", "a", 1, False), ("t", "a", 3, False)])
    # weighted 33 of 7 -> level 4 needs 23.8: one point more on p, q or r will do; q weighs most
    assert route(heavy, {"p": 1, "q": 2, "r": 3, "t": 5}, 4).steps == (("q", 2, 3),)
    same = make([("x", "a", 1, False), ("y", "a", 1, False), ("z", "a", 1, False)])
    # weighted 3 -> level 2 needs 5.4 -> 6: 3 steps; one statement can take them all: the first one
    assert route(same, {"x": 1, "y": 1, "z": 1}, 2).steps == (("x", 1, 4),)


@pytest.mark.parametrize("bad", [{"theme": "nergens"}, {"target": "drie"}, {"target": 2.5}, {"target": True},
                                 {"answers": {"b-01": 9}}])
def test_bad_input_is_refused_in_dutch(bad):
    request = {"answers": {"b-01": 2}, "target": 3, "theme": None, **bad}
    with pytest.raises(LinkError) as info:
        route(BASIS, request["answers"], request["target"], request["theme"])
    assert str(info.value)[:1].isupper() and str(info.value).endswith(".")


def test_a_target_as_text_from_a_form_is_accepted():
    assert route(BASIS, {"b-01": 2, "b-02": 2, "b-03": 2, "b-04": 2, "b-05": 2}, " 3 ").target == 3


def test_api_route_gives_the_same_dict_as_the_cli():
    api.load(json.dumps({"questionnaires": [BASIS.to_dict()], "history": {}, "pages": {}}))
    answers = {"b-01": 2, "b-02": 2, "b-03": 2, "b-04": 2, "b-05": 2}
    reply = json.loads(api.handle(json.dumps({"op": "route", "questionnaire": "basis", "answers": answers,
                                              "target": 3, "theme": None})))
    assert reply.pop("ok") is True
    assert reply == to_dict(route(BASIS, answers, 3))
    assert set(reply) >= {"questionnaire", "target", "theme", "reachable", "reason", "level_before", "level_after",
                          "total_steps", "steps", "answer_first"}
    theme = json.loads(api.handle(json.dumps({"op": "route", "questionnaire": "basis", "answers": answers,
                                              "target": 4, "theme": "keten"})))
    assert theme["theme"] == "keten" and all(s["statement"] in ("b-03", "b-04") for s in theme["steps"])
    bad = json.loads(api.handle(json.dumps({"op": "route", "questionnaire": "basis", "answers": answers,
                                            "target": 3, "theme": "nergens"})))
    assert bad == {"ok": False, "error": "Onbekend thema 'nergens' in 'Basistest'."}


class TestCli:
    """The CLI runs in CPython; Pyodide has no subprocesses (deselected there by name)."""

    def run(self, *args):
        import subprocess

        return subprocess.run([sys.executable, "-m", "scoring", "route", *args], capture_output=True, text=True)

    def answers(self, tmp_path, content):
        path = tmp_path / "a.json"
        path.write_text(content if isinstance(content, str) else json.dumps(content))
        return str(path)

    def test_route_json(self, tmp_path):
        answers = self.answers(tmp_path, {"b-01": 1, "b-02": 5, "b-03": 5, "b-04": 5, "b-05": 5})
        out = self.run(str(QUESTIONNAIRE), answers, "--target", "4")
        assert out.returncode == 0, out.stderr
        assert json.loads(out.stdout) == {
            "questionnaire": "basis", "target": 4, "theme": None, "reachable": True, "reason": "", "level_before": 2,
            "level_after": 4, "total_steps": 2, "steps": [{"statement": "b-01", "from": 1, "to": 3}],
            "answer_first": []}

    def test_route_markdown_for_a_theme(self, tmp_path):
        answers = self.answers(tmp_path, {"b-01": 1, "b-02": 1, "b-03": 1, "b-04": 1, "b-05": 1})
        out = self.run(str(QUESTIONNAIRE), answers, "--target", "3", "--theme", "keten", "--format", "markdown")
        assert out.returncode == 0, out.stderr
        assert out.stdout == ("Thema Keten: van niveau 1 naar 3: 3 stappen. Er is een ketenkaart: van 'Niet aanwezig' "
                              "naar 'In aanzet'; Er zijn overleggen: van 'Niet aanwezig' naar 'Aanwezig'.\n")
        overall = self.run(str(QUESTIONNAIRE), answers, "--target", "2", "--format", "markdown")
        assert overall.stdout.startswith("Van niveau 1 naar 2: ")

    @pytest.mark.parametrize(("content", "args", "message"), [
        ("{kapot", (), "geen leesbaar JSON-bestand"),
        (None, (), "geen leesbaar JSON-bestand"),
        ('{"b-01": 9}', (), "Ongeldig antwoord 9 bij stelling b-01"),
        ("{}", ("--theme", "nergens"), "Onbekend thema 'nergens' in 'Basistest'."),
        ("{}", ("--target", "drie"), "--target 'drie' is geen getal"),
        ("{}", ("--target", "3.5"), "--target '3.5' is geen getal"),
    ])
    def test_bad_input_exits_2_with_one_line(self, tmp_path, content, args, message):
        answers = self.answers(tmp_path, content) if content is not None else str(tmp_path / "missing.json")
        out = self.run(str(QUESTIONNAIRE), answers, "--target", "3", *args)
        assert out.returncode == 2 and out.stdout == ""
        assert message in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr

    def test_a_missing_questionnaire_exits_2_with_one_line(self, tmp_path):
        out = self.run(str(tmp_path / "geen.yml"), self.answers(tmp_path, "{}"), "--target", "3")
        assert out.returncode == 2 and out.stderr.count("\n") == 1 and "geen.yml" in out.stderr
