"""The overview and the team comparison as a reader sees them: what is drawn, what each cell says, what is
folded away, and where each link goes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from scoring import Catalog, Questionnaire, api, encode, score
from scoring._render_views import card_html, overview_html, team_html
from scoring._team import Member, compare

from .helpers import make

STATEMENTS = [("k", "a", 1, True), ("s1", "a", 1, False), ("s2", "b", 2, False), ("s3", "b", 1, False)]


def questionnaire(qid: str, code: int, title: str, role: str | None = None) -> Questionnaire:
    data = {**make(STATEMENTS).to_dict(), "id": qid, "code": code, "title": title}
    return Questionnaire.from_dict({**data, "role": role} if role else data)


DEMAND = questionnaire("demand-management", 1, "Demand management", "demand")
REGIE = questionnaire("regie", 2, "Regie (ketenregie)", "regie")
SYSTEEM = questionnaire("systeemdenken", 3, "Systeemdenken", "systeem")
EXIT = questionnaire("exit-gereedheid", 6, "Exitgereedheid")
ALL = {"k": 3, "s1": 3, "s2": 3, "s3": 3}


def parse(html: str) -> ET.Element:
    return ET.fromstring(html.replace(' xmlns="http://www.w3.org/2000/svg"', ""))


def text(node: ET.Element) -> str:
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip()


def cells(table: ET.Element) -> list[list[tuple[str, str | None, str | None]]]:
    return [[(text(td), td.get("class"), td.get("data-label")) for td in tr.findall("td")]
            for tr in table.find("tbody").findall("tr")]


# --- The overview ----------------------------------------------------------------------------------

def test_with_two_roles_measured_the_overview_draws_bars_and_repeats_no_card():
    roles = [(DEMAND, "dm/", score(DEMAND, ALL)), (REGIE, "rg/", score(REGIE, {"k": 5, "s1": 4, "s2": 4, "s3": 4})),
             (SYSTEEM, "sd/", None)]
    root = parse(overview_html(roles, [(EXIT, "ex/", None)]))
    svg = root.find(".//svg")
    assert svg.get("class") == "zt-bars"  # a radar of two roles would be a line
    assert len(svg.findall("rect")) == 2
    assert "Systeemdenken: geen niveau" in svg.find("desc").text
    note = root.find(".//p[@class='zt-chart-note']")
    assert text(note) == ("Zonder staaf: Systeemdenken (nog niet ingevuld). Een rol zonder niveau heeft geen staaf; "
                          "dat is dus geen lage score.")
    (roles_table,) = root.findall(".//table")  # no table of theme questionnaires that were not started
    assert cells(roles_table)[0] == [("Niveau 3 van 5: N3", "zt-lv-3", "Niveau"), ("4 van 4", None, "Beantwoord")]
    assert len(cells(roles_table)) == 2  # no row "nog niet ingevuld": its card says so
    assert "nog niet ingevuld" not in text(roles_table) and "Themavragenlijsten" not in text(root)


def test_a_role_not_started_is_left_off_the_radar_and_the_page_says_why():
    roles = [(DEMAND, "dm/", score(DEMAND, ALL)), (REGIE, "rg/", score(REGIE, {"k": 5, "s1": 4, "s2": 4, "s3": 4})),
             (SYSTEEM, "sd/", score(SYSTEEM, ALL)), (EXIT, "ex/", None)]  # EXIT as a fourth role, not started
    root = parse(overview_html(roles, [(EXIT, "ex/", score(EXIT, ALL))]))
    svg = root.find(".//svg")
    dots = [(c.get("cx"), c.get("cy")) for c in svg.findall("circle")]
    assert len(dots) == 3 and ("0", "0") not in dots
    assert "Exitgereedheid: nog niet ingevuld (niet getekend)" in svg.find("desc").text
    note = root.find(".//p[@class='zt-chart-note']")
    assert text(note) == ("Nog niet in de grafiek: Exitgereedheid (nog niet ingevuld). Een rol zonder niveau staat er "
                          "niet in; dat is dus geen lage score.")
    roles_table, themes_table = root.findall(".//table")
    assert len(cells(roles_table)) == 3
    assert themes_table.find("caption").text == "Niveau per vragenlijst"
    assert text(themes_table.find("tbody/tr/th")) == "Exitgereedheid"


def test_too_few_answers_is_named_as_such_not_as_not_started():
    roles = [(DEMAND, "dm/", score(DEMAND, {"k": 2})), (REGIE, "rg/", score(REGIE, ALL)),
             (SYSTEEM, "sd/", score(SYSTEEM, ALL))]
    root = parse(overview_html(roles))
    assert "Demand management (te weinig antwoorden)" in text(root.find(".//p[@class='zt-chart-note']"))
    assert root.find(".//h3") is None  # no theme questionnaires, no table for them


def test_a_card_shows_a_progress_bar_and_the_way_to_the_first_open_statement():
    root = parse(card_html(DEMAND, "../demand-management/", score(DEMAND, {"k": 2, "s2": "?"})))
    bar = root.find("progress")
    assert (bar.get("max"), bar.get("value"), bar.get("aria-label")) == ("4", "2", "2 van 4 beantwoord")
    assert text(root.find("span")) == ("2 van 4 beantwoord (1 weet ik niet) · Te weinig antwoorden voor een niveau "
                                       "(20% beantwoord, minimaal 60%)")
    link = root.find("a")
    assert link.get("href") == "../demand-management/#s1"  # theme a first, as on the page
    assert text(link) == "Verder invullen: Demand management"  # the title for screen readers only
    assert link.find("span").get("class") == "zt-sr-only"


def test_a_complete_card_points_to_the_result():
    link = parse(card_html(DEMAND, "dm/", score(DEMAND, ALL))).find("a")
    assert link.get("href") == "dm/#resultaat" and link.text == "Bekijk je resultaat"


def test_the_overview_reply_keeps_its_statuses_and_adds_the_cards():
    api.load(json.dumps({"questionnaires": [q.to_dict() for q in (DEMAND, REGIE, SYSTEEM, EXIT)], "history": {}}))
    reply = json.loads(api.handle(json.dumps({"op": "overview", "base": "../", "saved": {
        "demand-management": {"version": 1, "answers": {"k": 3}}, "exit-gereedheid": {"version": 1, "answers": ALL},
        "regie": {"version": 1, "answers": {"k": 9}}}})))
    assert reply["ok"]
    assert set(reply["cards"]) == set(reply["statuses"]) == {"demand-management", "exit-gereedheid", "regie"}
    assert reply["statuses"]["exit-gereedheid"] == "Alle 4 beantwoord · Niveau 3 van 5: N3"
    assert 'href="../zelftest/exit-gereedheid/#resultaat"' in reply["cards"]["exit-gereedheid"]
    card = reply["cards"]["demand-management"]
    assert "<progress" in card and "Verder invullen" in card
    assert "Ongeldig antwoord" in reply["cards"]["regie"] and "<progress" not in reply["cards"]["regie"]
    assert "Exitgereedheid" in reply["html"] and "Niveau per vragenlijst" in reply["html"]


# --- The team comparison ----------------------------------------------------------------------------

def team(*answers, catalog=None):
    catalog = catalog or Catalog.of([EXIT], {})
    members = [Member(name, {EXIT.id: a}) for name, a in zip(("Anna", "Bram", "Eva"), answers, strict=False)]
    return compare(catalog, members)


def href(target: str) -> str:
    return "../" + target


def test_equal_levels_have_no_spread_and_unequal_ones_show_lowest_to_highest():
    root = parse(team_html(team(ALL, ALL, {"k": 1, "s1": 1, "s2": 1, "s3": 1}), href))
    table = root.find(".//table")
    assert [th.text for th in table.find("thead/tr")] == ["Thema", "Anna", "Bram", "Eva", "Spreiding"]
    total, a, b = cells(table)
    assert total == [("3", "zt-lv-3", "Anna"), ("3", "zt-lv-3", "Bram"), ("1", "zt-lv-1", "Eva"),
                     ("1–3", "zt-spread-wide", "Spreiding")]
    two = parse(team_html(team(ALL, ALL), href))
    assert cells(two.find(".//table"))[0][-1] == ("geen", None, "Spreiding")  # not "3", read as a gap of 3


def test_one_radar_shows_every_member_with_a_legend():
    root = parse(team_html(team(ALL, {"k": 5, "s1": 5, "s2": 5, "s3": 5}), href))
    (figure,) = root.findall(".//figure")
    svg = figure.find("svg")
    assert svg.find("title").text == "Exitgereedheid: niveau per thema, per deelnemer"
    dots = {"zt-radar-dot zt-radar-dot--1", "zt-radar-dot zt-radar-dot--2"}
    assert {c.get("class") for c in svg.findall("circle")} == dots
    assert [text(li) for li in figure.find("ul")] == ["Anna", "Bram"]


def test_with_the_three_roles_one_radar_over_the_roles():
    catalog = Catalog.of([DEMAND, REGIE, SYSTEEM], {})
    members = [Member("Anna", {q.id: ALL for q in (DEMAND, REGIE, SYSTEEM)}), Member("Bram", {DEMAND.id: ALL})]
    root = parse(team_html(compare(catalog, members), href))
    (svg,) = root.findall(".//svg[@role='img']")
    assert svg.find("title").text == "Niveau per rol, per deelnemer"
    assert "Bram: Demand management niveau 3; Regie (ketenregie) geen niveau (niet getekend)" in svg.find("desc").text


def test_weet_ik_niet_against_a_score_is_listed_and_flagged():
    root = parse(team_html(team({"k": 3, "s1": "?", "s2": 3}, {"k": 3, "s1": 5, "s2": 3}), href))
    (item,) = root.find(".//ol[@class='zt-disagreements']")
    assert item.get("class") == "zt-unknown-gap"
    assert text(item).startswith("s1 (Exitgereedheid, weet ik niet tegenover 5)"
                                 "Anna: weet ik niet; Bram: 5 (aanwezig, gemeten en verbeterd)")
    assert item.find("a").get("href") == "../exit-gereedheid#s1"
    assert root.find(".//details") is None


def test_one_point_gaps_are_folded_away_below_the_larger_ones():
    anna = {"k": 1, "s1": 3, "s2": 3, "s3": 3}
    bram = {"k": 4, "s1": 4, "s2": 3, "s3": 2}
    root = parse(team_html(team(anna, bram), href))
    main = root.find("ol[@class='zt-disagreements']")
    assert [li.find("a").text for li in main] == ["k"]
    assert "verschil 3" in text(main[0])
    fold = root.find("details[@class='zt-small-gaps']")
    assert fold.get("open") is None and text(fold.find("summary")) == "Ook verschillen van 1 punt (2)"
    small = fold.findall("ol/li")
    assert [li.find("a").text for li in small] == ["s1", "s3"] and {li.get("class") for li in small} == {"zt-small-gap"}


def test_only_one_point_gaps_say_so_and_still_offer_them():
    root = parse(team_html(team(ALL, {"k": 3, "s1": 4, "s2": 3, "s3": 3}), href))
    assert "Nergens lopen de antwoorden 2 punten of meer uiteen" in text(root)
    assert root.find("ol") is None and len(root.findall("details/ol/li")) == 1


def test_no_differences_at_all():
    root = parse(team_html(team(ALL, ALL), href))
    assert "Op geen enkele stelling lopen de antwoorden uiteen." in text(root) and root.find(".//details") is None


def test_progress_between_two_moments_shows_the_change_with_its_own_ids():
    html = team_html(team(ALL, {"k": 5, "s1": 5, "s2": 5, "s3": 5}), href, progress=True)
    root = parse(html)
    assert cells(root.find(".//table"))[0][-1] == ("+2", None, "Verandering")
    assert 'id="voortgang-per-thema"' in html and "verschillen" not in html
    assert encode  # the links module stays importable beside the views
