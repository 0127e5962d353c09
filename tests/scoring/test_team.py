"""Comparing a team: levels side by side, the spread, and where people disagree most."""

from __future__ import annotations

import json

import pytest

from scoring import Catalog, encode
from scoring._report import team_markdown
from scoring._team import compare, parse_lines, read_members

from .helpers import make


def catalog() -> Catalog:
    q = make([("k", "a", 1, True), ("s1", "a", 1, False), ("s2", "b", 2, False), ("s3", "b", 1, False)])
    return Catalog.of([q], {})


CAT = catalog()
link = lambda answers: encode(CAT, {"t": answers})  # noqa: E731


def team_of_five():
    entries = [
        ("Anna", link({"k": 1, "s1": 1, "s2": 1, "s3": 1})),
        ("Bram", link({"k": 3, "s1": 3, "s2": 3, "s3": 3})),
        ("Carla", link({"k": 3, "s1": 3, "s2": 3, "s3": 3})[:-4] + "AAAA"),  # damaged
        ("Dirk", link({"k": 3, "s1": 3, "s2": 3, "s3": 3})),  # the same as Bram
        ("Eva", link({"k": 5, "s1": 2, "s2": 5, "s3": 4})),
    ]
    return read_members(CAT, entries)


def test_damaged_and_duplicate_links_are_reported_one_by_one_and_the_rest_counts():
    members, reports = team_of_five()
    assert [m.label for m in members] == ["Anna", "Bram", "Eva"]
    assert reports[0].startswith("Carla: niet meegeteld. Deze link is beschadigd")
    assert reports[1] == "Dirk: niet meegeteld, want dezelfde antwoorden als Bram."


def test_levels_side_by_side_with_the_spread():
    members, _ = team_of_five()
    team = compare(CAT, members)
    rows = {(r.theme or "totaal"): r for r in team.rows}
    # Anna: all 1 -> level 1. Bram: all 3 -> 3. Eva: (5 + 2 + 10 + 4) / 5 = 4.2 -> level 5, key 5 caps at 6.
    assert rows["totaal"].levels == (1, 3, 5) and rows["totaal"].spread == (1, 5)
    assert rows["a"].levels == (1, 3, 4)  # Eva's theme a: (5 + 2) / 2 = 3.5 -> 4
    assert rows["b"].levels == (1, 3, 5)  # Eva's theme b: (10 + 4) / 3 = 4.67 -> 5


@pytest.mark.parametrize(("spread", "shown"), [((3, 3), "geen"), ((2, 5), "2–5"), (None, "–")])
def test_the_spread_is_written_so_nobody_reads_a_gap(spread, shown):
    from scoring._report import spread_text

    assert spread_text(spread) == shown  # two people at level 3 have no spread, not a spread of 3


def test_disagreements_largest_spread_first_then_questionnaire_order():
    members, _ = team_of_five()
    team = compare(CAT, members)
    assert [(d.statement.id, d.spread) for d in team.disagreements] == [("k", 4), ("s2", 4), ("s3", 3), ("s1", 2)]
    assert team.disagreements[0].answers == (1, 3, 5)
    assert [r.id for r in team.disagreements[0].recommendations] == []  # make() has one level_below rec only


def test_markdown_names_everyone_and_everything_left_out():
    members, reports = team_of_five()
    text = team_markdown(compare(CAT, members), reports)
    assert "Deelnemers: Anna, Bram, Eva." in text
    assert "- Dirk: niet meegeteld, want dezelfde antwoorden als Bram." in text
    assert "| **Totaal** | 1 | 3 | 5 | 1–5 |" in text
    assert "1. **k** k (T, verschil 4) — Anna: 1; Bram: 3; Eva: 5" in text


def test_pasted_lines_with_and_without_names():
    text = "Anna: https://x.nl/zelftest/t/#delen=ABC\n\n  https://x.nl/zelftest/t/#delen=DEF \nBram:GHI\n"
    assert parse_lines(text) == [("Anna", "https://x.nl/zelftest/t/#delen=ABC"),
                                 ("", "https://x.nl/zelftest/t/#delen=DEF"), ("", "Bram:GHI")]


def test_export_files_count_like_links():
    export = json.dumps({"type": "grip-op-uitbesteding/antwoorden",
                         "questionnaires": {"t": {"version": 1, "answers": {"k": 2}}}})
    members, reports = read_members(CAT, [("bestand", export), ("kapot", '{"type": "iets"}')])
    assert members[0].answers == {"t": {"k": 2}}
    assert reports == ["kapot: niet meegeteld. Dit bestand is geen export van de zelftests van Grip op uitbesteding."]


def test_weet_ik_niet_against_a_score_is_a_disagreement_and_one_point_gaps_come_last():
    from scoring._team import Member

    members = [Member("Anna", {"t": {"k": 1, "s1": "?", "s2": 3, "s3": "?"}}),
               Member("Bram", {"t": {"k": 4, "s1": 5, "s2": 4, "s3": "?"}}),
               Member("Eva", {"t": {"k": 2, "s1": 3, "s2": 3}})]
    team = compare(CAT, members)
    found = [(d.statement.id, d.spread, d.unknown, d.small, d.gap_text) for d in team.disagreements]
    assert found == [
        ("k", 3, False, False, "verschil 3"),
        ("s1", 2, True, False, "verschil 2, weet ik niet tegenover 3 en 5"),
        ("s2", 1, False, True, "verschil 1"),
    ]  # s3: two people who do not know and one without an answer do not disagree
    only = compare(CAT, [Member("A", {"t": {"s1": "?"}}), Member("B", {"t": {"s1": 5}})])
    assert [(d.statement.id, d.gap_text) for d in only.disagreements] == [("s1", "weet ik niet tegenover 5")]


def test_markdown_flags_weet_ik_niet_and_names_the_one_point_gaps_apart():
    from scoring._team import Member

    members = [Member("Anna", {"t": {"k": 3, "s1": "?", "s2": 3}}), Member("Bram", {"t": {"k": 3, "s1": 5, "s2": 4}})]
    text = team_markdown(compare(CAT, members), [])
    assert "1. **s1** s1 (T, weet ik niet tegenover 5) — Anna: weet ik niet; Bram: 5" in text
    assert "2. " not in text and text.rstrip().endswith("Verschillen van 1 punt (1): s2.")
    assert "| **Totaal** | 3 | 4 | 3–4 |" in text and "| A | – | 4 | – |" in text  # one level is no spread
