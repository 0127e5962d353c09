"""The result of one questionnaire as a reader sees it (issue 17): a ladder with the level marked, what the next
level takes, a plain score line that counts "weet ik niet", explained column headers, the level text as typical
for the level with the weakest theme named, no duplicates, and a printout a director can use."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from scoring import Questionnaire, api, score
from scoring._render import result_html, role_page

from .helpers import load

SITE = {"name": "Grip op uitbesteding", "url": "https://grip.example/"}
#: b-01 (key, weight 2) and b-03 (key) answered: level 3 (mean 22/7), no cap; b-05 "weet ik niet".
ANSWERS = {"b-01": 3, "b-02": 4, "b-03": 3, "b-04": 3, "b-05": "?"}


def href(link: str) -> str:
    path, _, anchor = link.partition("#")
    return "../../" + path.removesuffix(".md") + "/" + (f"#{anchor}" if anchor else "")


def render(answers=ANSWERS, q=None, **options) -> ET.Element:
    q = q or load("basis.yml")
    return ET.fromstring(result_html(score(q, answers), href, "3 maart 2026", **options))


def by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def one(root: ET.Element, name: str) -> ET.Element:
    found = by_class(root, name)
    assert len(found) == 1, (name, len(found))
    return found[0]


def text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def role_questionnaire() -> Questionnaire:
    """A role questionnaire (regie) whose statements link to its role page, as regie.yml does."""
    return Questionnaire.from_dict({
        "id": "rol", "code": 9, "version": 1, "title": "Regie", "summary": "S", "minutes": 5, "intro": "I",
        "role": "regie",
        "themes": [{"id": "a", "title": "Keten"}, {"id": "b", "title": "Sturing"}],
        "levels": {n: {"name": f"Naam {n}", "description": f"Beschrijving {n}."} for n in range(1, 6)},
        "statements": [
            {"id": "r-1", "theme": "a", "text": "Een.", "help": "h", "learn_more": "praktijken/ketenkaart.md"},
            {"id": "r-2", "theme": "a", "text": "Twee.", "help": "h",
             "learn_more": "rollen/regisseur.md#wat-de-regisseur-doet"},
            {"id": "r-3", "theme": "b", "text": "Drie.", "help": "h", "learn_more": "rollen/index.md"},
            {"id": "r-4", "theme": "b", "text": "Vier.", "help": "h", "learn_more": "rollen/index.md"},
        ],
        "recommendations": [{"id": "r-r1", "title": "R", "text": "T", "link": "praktijken/ketenkaart.md",
                             "when": [{"level_below": 5}]}],
    })


# --- the level: ladder, typical text, weakest theme, next level -------------------------------------------


def test_the_ladder_lists_five_levels_and_marks_the_readers_one():
    root = render()
    ladder = one(root, "zt-ladder")
    assert ladder.tag == "ol" and ladder.get("aria-label")
    items = ladder.findall("li")
    assert [text(li).split(" (")[0] for li in items] == ["1 Ad hoc", "2 Beheerst", "3 Gedefinieerd", "4 Proactief",
                                                          "5 Optimaliserend"]
    current = [li for li in items if li.get("aria-current")]
    assert current == [items[2]] and current[0].get("aria-current") == "step"
    assert text(items[2]) == "3 Gedefinieerd (je niveau)"  # readable as text, not by colour alone


def test_a_capped_level_shows_where_the_answers_would_be_without_the_cap():
    root = render({"b-01": 1, "b-02": 5, "b-03": 5, "b-04": 5, "b-05": 5})  # uncapped 4 (mean 4), capped at 2 by b-01
    items = one(root, "zt-ladder").findall("li")
    assert items[1].get("aria-current") == "step" and text(items[3]).endswith("(zonder de begrenzing)")
    assert text(one(root, "zt-level-next")).startswith("Naar niveau 3: breng eerst de basis op orde")


def test_the_level_text_is_typical_for_the_level_and_the_weakest_theme_is_named():
    root = render()
    assert text(one(root, "zt-level-description")) == "Kenmerkend voor niveau 3: Niveau drie."
    # mandaat 3.33 (level 3), keten 3 (level 3), leren only "weet ik niet" (no level): keten is weakest by its mean
    assert text(one(root, "zt-level-weakest")) == "Je zwakste thema: Keten (niveau 3, gemiddeld antwoord 3,0)."
    low = render({"b-01": 4, "b-02": 4, "b-03": 2, "b-04": 2, "b-05": 4})
    assert text(one(low, "zt-level-weakest")).startswith("Je zwakste thema: Keten (niveau 2")


def test_no_weakest_theme_when_all_themes_are_alike():
    root = render({s: 4 for s in ("b-01", "b-02", "b-03", "b-04", "b-05")})
    assert by_class(root, "zt-level-weakest") == []


def test_the_next_level_line_says_what_it_takes_and_links_to_the_role_page():
    q = role_questionnaire()
    assert role_page(q) == "rollen/regisseur.md"  # rollen/index.md is the overview of all roles, not this role's page
    root = render({"r-1": 2, "r-2": 2, "r-3": 2, "r-4": 2}, q, site=SITE)
    line = one(root, "zt-level-next")
    assert text(line).startswith("Naar niveau 3, Naam 3: Beschrijving 3. Zo zien de niveaus eruit voor deze rol")
    [link] = line.findall("a")
    assert link.get("href") == "../../rollen/regisseur/"
    assert line.find("span").text == "https://grip.example/rollen/regisseur/"


def test_level_five_says_how_to_hold_it():
    root = render({"r-1": 5, "r-2": 5, "r-3": 5, "r-4": 5}, role_questionnaire())
    line = text(one(root, "zt-level-next"))
    assert line.startswith("Niveau 5 is het hoogste niveau. Houd het vast: meet elk halfjaar opnieuw")
    assert "Zo zien de niveaus eruit voor deze rol" in line


def test_a_theme_questionnaire_has_no_role_page_to_link():
    assert role_page(load("basis.yml")) is None
    root = render()
    assert text(one(root, "zt-level-next")) == "Naar niveau 4, Proactief: Niveau vier."
    assert one(root, "zt-level-next").findall("a") == []


# --- the score line, "weet ik niet", headers, duplicates ------------------------------------------------------


def test_the_score_line_is_plain_and_counts_weet_ik_niet():
    root = render()
    meta = text(one(root, "zt-level-meta"))
    assert meta == ("Gemiddeld antwoord 3,1 (op een schaal van 1 tot 5) · 4 van 5 stellingen beantwoord, "
                    "1 'weet ik niet'")
    assert "%" not in meta
    mixed = render({"b-01": 3, "b-02": "?", "b-03": "?", "b-04": "-"})
    assert text(one(mixed, "zt-level-meta")).endswith(
        "1 van 5 stellingen beantwoord, 2 'weet ik niet', 1 'niet van toepassing', 1 nog open")
    assert len(one(mixed, "zt-unknown").findall("ul/li")) == 2  # and they are listed, each with its link


def test_every_column_header_that_needs_it_is_explained_where_it_appears():
    root = render()
    notes = [text(p) for p in by_class(root, "zt-table-note")]
    assert any(n.startswith("Dekking: ") and "'Weet ik niet'" in n and "60%" in n for n in notes)
    why = one(root, "zt-why")
    explained = text(one(why, "zt-table-note"))
    assert "Gewicht: " in explained and "Basis: " in explained
    children = list(root)
    dekking = next(i for i, e in enumerate(children) if e.get("class") == "zt-table-note")
    assert children[dekking + 1].tag == "table"  # right before the table whose header it explains


def test_every_cell_carries_its_column_header_for_the_phone_layout():
    root = render(detailed=True)
    tables = list(root.iter("table"))
    assert len(tables) >= 3
    for table in tables:
        headers = [th.text for th in table.findall("thead/tr/th")]
        for row in table.findall("tbody/tr"):
            cells = list(row)
            for header, cell in zip(headers, cells, strict=True):
                assert cell.tag == "th" or cell.get("data-label") == header, (header, ET.tostring(cell))


def test_the_level_title_appears_once_and_the_status_is_no_copy_of_it():
    q = load("basis.yml")
    html = result_html(score(q, ANSWERS), href, "3 maart 2026", site=SITE)
    assert html.count("Niveau 3 van 5: Gedefinieerd") == 1
    api.load(json.dumps({"questionnaires": [q.to_dict()], "history": {}, "pages": {}}))
    reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "basis", "answers": ANSWERS})))
    assert reply["status"] == "Resultaat bijgewerkt. Niveau 3 van 5."
    assert "Gedefinieerd" not in reply["status"]
    request = {"op": "score", "questionnaire": "basis", "answers": {}, "shared": True}
    shared = json.loads(api.handle(json.dumps(request)))
    assert shared["status"] == "Gedeeld resultaat. Te weinig antwoorden voor een niveau."


def test_the_other_recommendations_are_the_others_that_apply():
    root = render({"b-01": 1, "b-02": 1, "b-03": 1, "b-04": 1, "b-05": 1})
    summary = text(one(root, "zt-more").find("summary"))
    assert summary == "Andere aanbevelingen die bij je antwoorden passen (1)"


# --- the printout -----------------------------------------------------------------------------------------


def test_the_print_header_names_site_questionnaire_date_organisation_and_who():
    about = {"organisation": "  Gemeente <Prinsenstad> & \"co\"\n contract ICT ",
             "by": "Anna\x00 de Vries" + "x" * 300}
    html = result_html(score(load("basis.yml"), ANSWERS), href, "3 maart 2026", site=SITE, about=about,
                       changed="2026-12-01T19:53:25.758Z", offset=60)
    assert "&lt;Prinsenstad&gt; &amp;" in html and "<Prinsenstad>" not in html
    meta = one(ET.fromstring(html), "zt-print-meta")
    lines = [text(p) for p in meta]
    assert lines[0] == "Grip op uitbesteding · https://grip.example/"
    assert lines[1] == "Vragenlijst: Basistest · Antwoorden laatst gewijzigd op 1 december 2026, 20:53"
    assert lines[2].startswith('Organisatie / contract: Gemeente <Prinsenstad> & "co" contract ICT · '
                               "Ingevuld door: Anna de Vries")
    assert len(lines[2].split("Ingevuld door: ")[1]) == 120
    assert "versie" not in html and not re.search(r"\d{4}-\d\d-\d\d", html)


@pytest.mark.parametrize(("options", "expected"), [
    ({}, "Vragenlijst: Basistest · Resultaat van 3 maart 2026"),
    ({"shared": True}, "Vragenlijst: Basistest · Datum van invullen onbekend; bekeken op 3 maart 2026"),
    ({"changed": "2026-02-30T10:00:00Z"}, "Vragenlijst: Basistest · Resultaat van 3 maart 2026"),  # no such day
    ({"changed": "2026-06-01"}, "Vragenlijst: Basistest · Antwoorden laatst gewijzigd op 1 juni 2026"),
])
def test_without_a_moment_of_change_the_header_falls_back_to_the_date(options, expected):
    meta = one(render(**options), "zt-print-meta")
    assert [text(p) for p in meta] == [expected]  # no site, no organisation: only this line


def test_the_answers_table_lists_every_statement_and_marks_the_unknowns():
    box = one(render(), "zt-print-answers")
    rows = box.findall("table/tbody/tr")
    q = load("basis.yml")  # each statement whole, without its id: a director reads statements, not codes
    assert [text(r[1]) for r in rows] == [q.statement(sid).text for sid in ("b-01", "b-02", "b-03", "b-04", "b-05")]
    assert [text(r[0]) for r in rows] == ["Mandaat", "Mandaat", "Keten", "Keten", "Leren"]
    unknown = rows[4][2]
    assert unknown.find("strong").text.startswith("Weet ik niet") and unknown.get("class") == "zt-answer-unknown"
    assert text(rows[0][2]) == "Aanwezig"


def test_links_print_their_full_address_when_the_site_address_is_known():
    root = render({"b-01": 1}, site=SITE)
    urls = [span.text for span in by_class(root, "zt-print-url")]
    assert urls and all(u.startswith("https://grip.example/index/") for u in urls)
    assert "https://grip.example/index/#kop" in urls or "https://grip.example/index/" in urls
    for item in by_class(root, "zt-steps")[0]:
        children = list(item)
        link = next(i for i, e in enumerate(children) if e.tag == "a")
        assert children[link + 1].get("class") == "zt-print-url"  # right after the link it belongs to
    assert by_class(render({"b-01": 1}), "zt-print-url") == []  # no site address: nothing to print
    assert by_class(render({"b-01": 1}, site={"name": "X", "url": "javascript:alert(1)"}), "zt-print-url") == []


def test_shared_results_speak_to_the_viewer():
    own = text(render({"b-01": 1, "b-02": 5, "b-03": "?", "b-04": 5, "b-05": 5}))
    shared = text(render({"b-01": 1, "b-02": 5, "b-03": "?", "b-04": 5, "b-05": 5}, shared=True))
    assert "(je niveau)" in own and "Je niveau is begrensd" in own and "weet je niet" in own
    assert "(dit resultaat)" in shared and "Het niveau is begrensd" in shared
    assert not re.search(r"\b(je|jouw)\b", shared.replace("Lees hoe je dit aanpakt", ""), re.I), shared


def test_old_callers_still_work_and_the_detailed_heading_drops_the_version():
    q = load("basis.yml")
    root = ET.fromstring(result_html(score(q, ANSWERS), href, "3 maart 2026", True))
    assert text(root.find("h2")) == "Basistest"
    assert "versie" not in text(root)


# --- hostile request fields -------------------------------------------------------------------------------


JUNK = [None, 0, -1, 10**300, True, 1.5, "", "x" * 100_000, [], ["a"], {}, {"name": 3}, {"url": ["x"]},
        "2026-13-45T99:99:99Z", "9999-12-31T23:59:59Z", "0000-00-00", "\ud800", "<script>alert(1)</script>"]


@pytest.mark.parametrize("field", ["site", "about", "changed", "shared"])
def test_the_print_fields_of_any_type_are_left_out_never_an_error(field):
    api.load(json.dumps({"questionnaires": [load("basis.yml").to_dict()], "history": {}, "pages": {}}))
    for value in JUNK:
        reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "basis", "answers": ANSWERS,
                                                  "now": "2026-03-03T10:00:00Z", field: value})))
        assert reply["ok"], (field, value, reply)
        assert "<script" not in reply["html"] and not re.search(r"\d{4}-\d\d-\d\d", reply["html"]), (field, value)
        assert len(reply["html"]) < 40_000, (field, value)
    for about in ({"organisation": ["x"], "by": {"a": 1}}, {"organisation": "x" * 10_000, "by": "\x07"}):
        reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "basis", "answers": ANSWERS,
                                                  "about": about, "site": {"name": "\n", "url": 5}})))
        assert reply["ok"] and "x" * 121 not in reply["html"]


@pytest.mark.parametrize("offset", [v for v in JUNK if v is not None and not (isinstance(v, int) and abs(v) < 1440
                                                                               and not isinstance(v, bool))])
def test_an_offset_that_is_no_whole_number_of_minutes_within_a_day_is_refused(offset):
    api.load(json.dumps({"questionnaires": [load("basis.yml").to_dict()], "history": {}, "pages": {}}))
    reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "basis", "answers": ANSWERS,
                                              "now": "2026-03-03T10:00:00Z", "offset": offset})))
    assert reply == {"ok": False, "error": "De tijdzone van je apparaat is onleesbaar. Laad de pagina opnieuw."}


@pytest.mark.parametrize(("changed", "offset", "shown"), [
    ("2026-12-01T19:53:25.758Z", 60, "1 december 2026, 20:53"),
    ("2026-12-01T19:53:25+05:00", 0, "1 december 2026, 14:53"),  # an offset in the moment counts
    ("2026-12-31T23:30:00Z", 60, "1 januari 2027, 00:30"),
    ("2026-06-01", -300, "1 juni 2026"),
])
def test_the_moment_of_change_prints_in_the_readers_time(changed, offset, shown):
    api.load(json.dumps({"questionnaires": [load("basis.yml").to_dict()], "history": {}, "pages": {}}))
    reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "basis", "answers": ANSWERS,
                                              "now": "2027-01-05T10:00:00Z", "offset": offset, "changed": changed})))
    meta = one(ET.fromstring(reply["html"]), "zt-print-meta")
    assert [text(p) for p in meta] == [f"Vragenlijst: Basistest · Antwoorden laatst gewijzigd op {shown}"]
