"""The return visit (issue 23): what moved since the latest measurement, the history readable as cards, the
overview's next step, the route in words, a shared result's line, the mail's dated links; and, over every
renderer, a label on every table cell (on a phone each row becomes a card)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from scoring import _links, api
from scoring._catalog import Catalog
from scoring._render import result_html
from scoring._render_history import history_html
from scoring._render_views import overview_html, team_html
from scoring._score import score
from scoring._team import Member, compare

from .helpers import load

Q = load("basis.yml")
HISTORY = {"basis": {"code": 200, "versions": {"2": ["b-01", "b-02", "b-03", "b-04", "b-05"]}}}
#: level 2 overall, mandaat 2, keten 2; raising b-02 (3 → 4) and b-04 (2 → 3) lifts both themes and the level to 3
BEFORE = {"b-01": 2, "b-02": 3, "b-03": 2, "b-04": 2}
AFTER = {**BEFORE, "b-02": 4, "b-04": 3}
FIRST = {"date": "2026-12-08T12:56:00.000Z", "version": 2, "answers": BEFORE}
SECOND = {"date": "2026-12-09T09:00:00.000Z", "version": 2, "answers": AFTER}
ID = re.compile(r"\bb-\d\d\b")


@pytest.fixture(autouse=True)
def bundle():
    api.load(json.dumps({"questionnaires": [Q.to_dict()], "history": HISTORY, "pages": {}}))


def call(**request) -> dict:
    reply = json.loads(api.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply


def parse(markup: str) -> ET.Element:
    markup = re.sub(r"(<input\b[^>]*)>", r"\1/>", markup).replace(' xmlns="http://www.w3.org/2000/svg"', "")
    return ET.fromstring(markup)


def text(node: ET.Element) -> str:
    return " ".join("".join(node.itertext()).split())


def moved_box(reply: dict) -> ET.Element | None:
    return parse(reply["html"]).find(".//div[@class='zt-moved']")


# --- what moved ----------------------------------------------------------------------------------------------

def test_the_result_says_what_moved_since_the_latest_measurement():
    reply = call(op="score", questionnaire="basis", answers=AFTER, history=[FIRST], offset=60)
    box = moved_box(reply)
    assert text(box.find("p[@class='zt-moved-lead']")) == (
        "Je antwoorden nu tegenover je meting van 8 december 2026, 13:56.")
    assert text(box.find("p[@class='zt-moved-level']")) == (
        "Je niveau is gestegen van 2 naar 3 ↑. Gemiddeld antwoord: 2,1 → 2,7 ↑.")
    rows = {text(tr.find("th")): [text(td) for td in tr.findall("td")] for tr in box.iter("tr")
            if tr.find("td") is not None}
    assert rows["Mandaat"] == ["2 → 3 ↑", "2,3 → 2,7 ↑"] and rows["Keten"] == ["2 → 3 ↑", "2,0 → 2,8 ↑"]
    assert rows["Leren"] == ["– → –", "– → –"]
    assert [text(li) for li in box.iter("li")] == ["Er is een mandaat: van 'Aanwezig' naar 'Aanwezig en gemeten'",
                                                   "Er zijn overleggen: van 'In aanzet' naar 'Aanwezig'"]
    assert "gelijk gebleven" not in reply["html"] and not ID.search(text(box))


def test_after_saving_the_new_measurement_is_compared_with_the_one_before_never_with_itself():
    reply = call(op="score", questionnaire="basis", answers=AFTER, history=[FIRST, SECOND], offset=60)
    box = moved_box(reply)
    assert text(box.find("p[@class='zt-moved-lead']")) == (
        "Je meting van 9 december 2026, 10:00 tegenover die van 8 december 2026, 13:56.")
    assert "gestegen van 2 naar 3" in text(box) and "gelijk gebleven" not in text(box)
    # only the measurement that is the answers now: nothing to compare with, so no block at all
    assert moved_box(call(op="score", questionnaire="basis", answers=AFTER, history=[SECOND])) is None
    assert moved_box(call(op="score", questionnaire="basis", answers=AFTER)) is None


def test_an_equal_level_is_the_only_one_called_equal():
    same = call(op="score", questionnaire="basis", answers={**BEFORE, "b-05": 3}, history=[FIRST])
    assert "Je niveau is gelijk gebleven: niveau 2." in text(moved_box(same))
    down = call(op="score", questionnaire="basis", answers=BEFORE, history=[SECOND])
    assert "gedaald van 3 naar 2 ↓" in text(moved_box(down))


def test_a_history_that_cannot_be_read_is_refused_or_left_out_in_dutch():
    bad = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "basis", "answers": AFTER,
                                            "history": "kapot"})))
    assert not bad["ok"] and bad["error"] == "De eerdere metingen zijn onleesbaar."
    junk = call(op="score", questionnaire="basis", answers=AFTER, history=[{"date": "gisteren"}, 3, FIRST])
    assert "gestegen van 2 naar 3" in text(moved_box(junk))
    shared = call(op="score", questionnaire="basis", answers=AFTER, history=[FIRST], shared=True)
    assert moved_box(shared) is None  # a viewer has no measurements of the sender


def test_the_history_labels_every_cell_and_marks_each_rise_against_the_one_before():
    reply = call(op="history", questionnaire="basis", entries=[FIRST, SECOND], answers=AFTER, offset=60)
    root = parse(reply["html"])
    newest, oldest = root.findall(".//tbody/tr")
    assert [td.get("data-label") for td in newest.findall("td")] == ["Niveau", "Mandaat", "Keten", "Leren"]
    assert newest.find("th").get("data-label") == "Datum"
    assert [text(td) for td in newest.findall("td")] == [
        "3 · Gedefinieerd ↑ (hoger dan de meting ervoor)", "3 ↑ (hoger dan de meting ervoor)",
        "3 ↑ (hoger dan de meting ervoor)", "–"]
    assert "↑" not in text(oldest)  # nothing before it
    # the answers now are the newest measurement: compared with the one before, never with itself
    since = text(root.find(".//p[@class='zt-history-since']"))
    assert since == "Sinds de meting van 8 december 2026, 13:56 is je niveau gestegen van 2 naar 3 ↑."
    first = parse(call(op="history", questionnaire="basis", entries=[FIRST], answers=BEFORE)["html"])
    assert "je eerste" in text(first.find(".//p[@class='zt-history-since']"))


# --- the shared result's line ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("about", "line"), [
    ({"by": "Anna", "organisation": "Gemeente Ede"}, "Gedeeld resultaat van Anna (Gemeente Ede), antwoorden van "
                                                     "8 december 2026 · alleen-lezen"),
    ({"by": "Anna"}, "Gedeeld resultaat van Anna, antwoorden van 8 december 2026 · alleen-lezen"),
    ({"organisation": "Gemeente Ede"}, "Gedeeld resultaat van Gemeente Ede, antwoorden van 8 december 2026 · "
                                       "alleen-lezen"),
    (None, "Gedeeld resultaat, antwoorden van 8 december 2026 · alleen-lezen"),
    ({"by": 3}, "Gedeeld resultaat, antwoorden van 8 december 2026 · alleen-lezen"),
])
def test_a_shared_result_has_one_line_with_who_and_when(about, line):
    reply = call(op="score", questionnaire="basis", answers=AFTER, shared=True, about=about,
                 changed="2026-12-08T23:30:00.000Z", offset=-60)  # 22:30 on the 8th where the reader is
    assert reply["shared_line"] == line
    assert call(op="score", questionnaire="basis", answers=AFTER, shared=True)["shared_line"] == (
        "Gedeeld resultaat · alleen-lezen")
    assert call(op="score", questionnaire="basis", answers=AFTER, about=about)["shared_line"] == ""


# --- the level: what is typical and what is not yet so here ------------------------------------------------------

def test_what_is_typical_for_the_level_names_the_statements_answered_below_it():
    root = parse(result_html(score(Q, AFTER), lambda link: link))
    assert text(root.find(".//p[@class='zt-level-description']")).startswith("Kenmerkend voor niveau 3:")
    assert text(root.find(".//p[@class='zt-level-notyet']")) == (
        "Bij jou nog niet: Er is een aanspreekpunt ('In aanzet'); Er is een ketenkaart ('In aanzet').")


# --- the route in words -----------------------------------------------------------------------------------------

def test_the_route_names_each_statement_in_full_and_why_and_says_when_it_skips_the_weakest_theme():
    answers = {"b-01": 3, "b-02": 3, "b-03": 3, "b-04": 3, "b-05": 1}  # leren is weakest; keten's weight 3 is quicker
    root = parse(result_html(score(Q, answers), lambda link: link, targets={"overall": 4}))
    route = root.find(".//div[@class='zt-route']")
    steps = route.findall("ol[@class='zt-route-steps']/li")
    assert steps and not ID.search(" ".join(text(li.find("a")) + text(li.find("span")) for li in steps))
    assert all(len(li.findall("em")) == 2 and li.find("span[@class='zt-route-why']") is not None for li in steps)
    assert "…" not in text(route)
    skip = route.find("p[@class='zt-route-skip']")
    assert text(skip).startswith("Deze kortste weg gaat niet langs je zwakste thema, Leren (niveau 1)")
    link = skip.find("a")
    assert link.get("href") == "#route-leren" and link.get("data-zt-route-theme") == "leren"
    fold = root.find(".//details[@class='zt-route-themes']")
    assert fold.get("open") == "open" and fold.find(".//h3[@id='route-leren']") is not None


def test_the_goal_notice_sits_right_under_the_targets():
    box = parse(result_html(score(Q, AFTER), lambda link: link)).find(".//div[@class='zt-goal']")
    children = list(box)
    table = next(i for i, c in enumerate(children) if c.tag == "table")
    assert children[table + 1].get("data-zt-goal-notice") == "" and children[table + 1].get("role") == "status"


# --- the overview's next step -----------------------------------------------------------------------------------

def test_the_overview_names_the_next_role_the_first_deadline_and_the_role_furthest_from_its_target():
    roles = [{**Q.to_dict(), "id": qid, "code": code, "title": title, "role": role, "minutes": minutes}
             for qid, code, title, role, minutes in (("dm", 1, "Demand", "demand", 12), ("rg", 2, "Regie", "regie", 15),
                                                     ("sd", 3, "Systeem", "systeem", 8))]
    api.load(json.dumps({"questionnaires": roles, "history": {}}))
    plan = [{"kind": "step", "ref": "b-04", "title": "Er zijn overleggen", "due": "2027-02-01", "owner": "Bram"},
            {"kind": "recommendation", "ref": "b-r02", "title": "Werk aan de keten", "due": "2026-12-31",
             "owner": "Anna"},
            {"kind": "step", "ref": "b-01", "title": "Klaar al", "due": "2026-01-01", "status": "klaar"}]
    saved = {"dm": {"version": 2, "answers": BEFORE, "targets": {"overall": 4}},
             "rg": {"version": 2, "answers": {**AFTER, "b-05": 3}, "plan": plan}}
    root = parse(call(op="overview", saved=saved, base="../")["html"])
    box = root.find("div[@class='zt-next']")
    assert list(root)[0] is box and text(box.find("h2")) == "Je volgende stap"
    lines = [text(li) for li in box.iter("li")]
    assert lines[0] == "Maak Demand af: nog 1 stelling open. Verder met Demand"
    assert lines[1] == ("Je verbeterplannen hebben 2 open acties. De eerste deadline is 31 december 2026: Werk aan "
                        "de keten (Regie, eigenaar Anna). Naar dat plan")
    assert lines[2] == "Het verst van je doel: Demand, niveau 2 met doel 4. De kortste weg voor Demand"
    assert box.find(".//a").get("href") == "../zelftest/dm/"
    assert root.find(".//svg").get("class") == "zt-bars"  # two roles measured
    nothing = parse(call(op="overview", saved={"dm": {"version": 2, "answers": {}}}, base="")["html"])
    assert text(nothing.find(".//li")) == "Maak Demand af: nog 5 stellingen open. Verder met Demand"
    fresh = parse(call(op="overview", saved={}, base="")["html"])
    assert text(fresh.find(".//li")) == "Vul de vragenlijst Demand in; dat kost ongeveer 12 minuten. Begin met Demand"


# --- the mail ----------------------------------------------------------------------------------------------------

def test_the_mail_links_carry_the_date_like_a_share_link():
    saved = {"basis": {"version": 2, "answers": AFTER, "changed": {"b-02": "2026-12-01T10:00:00.000Z",
                                                                   "b-04": "2026-12-08T12:56:00.000Z"},
                       "about": {"by": "Anna"}}}
    reply = call(op="mail", to="vragen@voorbeeld.nl", question="Hoe?", site="https://voorbeeld.nl/", saved=saved)
    link = re.search(r"#(\S+)", reply["text"])[1]
    decoded = call(op="decode", link=link)["questionnaires"]["basis"]
    assert decoded["changed"] == "2026-12-08T12:56:00.000Z" and decoded["about"] == {}  # the date, never who
    assert unquote(reply["href"].partition("body=")[2]) == reply["text"]
    assert _links.PARAM in reply["text"]


# --- every table cell has a label, in every renderer -------------------------------------------------------------

def renderers() -> list[tuple[str, str]]:
    """Every HTML view the scoring package writes, each with tables in it."""
    catalog = Catalog.of([Q], HISTORY)
    entry = call(op="plan", questionnaire="basis", entry={"version": 2, "answers": BEFORE}, action="add",
                 item={"kind": "step", "ref": "b-04"}, now="2026-03-01T10:00:00.000Z")["entry"]
    own = result_html(score(Q, AFTER), lambda link: link, targets={"keten": 4}, plan=entry["plan"])
    since = call(op="score", questionnaire="basis", answers=AFTER, history=[FIRST])["html"]
    detailed = result_html(score(Q, AFTER), lambda link: link, detailed=True, plan=entry["plan"])
    shared = result_html(score(Q, AFTER), lambda link: link, shared=True, plan=entry["plan"])
    history = history_html([(d["date"], score(Q, d["answers"])) for d in (SECOND, FIRST)], score(Q, AFTER))
    roles = [(Q, "b/", score(Q, AFTER))]
    overview = overview_html(roles, roles, {Q.id: 4}, [("Doe dit.", "Hier", "#")])
    members = [Member(name, {Q.id: a})
               for name, a in (("Anna", BEFORE), ("Bram", AFTER), ("Eva", {**AFTER, "b-05": 1}))]
    team = team_html(compare(catalog, members), lambda link: link)
    progress = team_html(compare(catalog, members[:2]), lambda link: link, progress=True)
    link = call(op="encode", answers={"basis": AFTER})["link"]
    detail = call(op="detail", link=link)["html"]
    return [("own", own), ("since", since), ("detailed", detailed), ("shared", shared), ("history", history),
            ("overview", overview), ("team", team), ("progress", progress), ("detail", detail)]


def test_every_cell_of_every_table_any_renderer_writes_has_a_label():
    for name, markup in renderers():
        root = parse(f"<div>{markup}</div>")
        cells = [td for table in root.iter("table") for td in table.iter("td")]
        assert cells, name
        unlabelled = [text(td) for td in cells if not (td.get("data-label") or "").strip()]
        assert unlabelled == [], (name, unlabelled)
