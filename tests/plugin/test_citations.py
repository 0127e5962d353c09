"""The [[id]] shortcut and the links both ways, on a small example site built with --strict."""

from __future__ import annotations

import re

from .test_build import build, example  # noqa: F401  (fixture)


def write(site, name, text):
    path = site / "docs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_shortcut_renders_a_card_with_the_statement_and_its_questionnaire(example):  # noqa: F811
    write(example, "vraag/antwoord.md", "# Een antwoord\n\nZie:\n\n[[b-03]]\n\nEn:\n\n[[b-r02]]\n")
    result, out = build(example)
    assert result.returncode == 0, result.stderr
    page = (out / "vraag" / "antwoord" / "index.html").read_text()
    cards = re.findall(r'<aside class="zt-cite".*?</aside>', page, re.S)
    assert len(cards) == 2
    assert 'href="../../zelftest/basis/#b-03">Er is een ketenkaart.</a>' in cards[0]
    assert 'Stelling uit de zelftest <a href="../../zelftest/basis/">Basistest</a>' in cards[0]
    assert "Aanbeveling uit de zelftest" in cards[1] and 'href="../../zelftest/basis/#b-r02">Werk aan de keten' in cards[1]
    questionnaire = (out / "zelftest" / "basis" / "index.html").read_text()
    assert 'id="b-03"' in questionnaire and 'id="b-r02"' in questionnaire  # the anchors the cards point to


def test_unknown_id_fails_the_build_naming_page_and_line(example):  # noqa: F811
    write(example, "vraag/antwoord.md", "# Een antwoord\n\nTekst.\n\n[[b-99]]\n")
    result, _ = build(example)
    assert result.returncode != 0
    assert "docs/vraag/antwoord.md:5: [[b-99]]: no statement or recommendation has this id" in result.stderr


def test_shortcut_inside_code_is_left_alone(example):  # noqa: F811
    write(example, "uitleg.md", "# Uitleg\n\n```\n[[b-99]]\n```\n\nInline: `[[b-99]]`.\n")
    result, out = build(example)
    assert result.returncode == 0, result.stderr
    assert "[[b-99]]" in (out / "uitleg" / "index.html").read_text()


def test_cited_pages_link_back_and_statements_list_the_answers_that_discuss_them(example):  # noqa: F811
    write(example, "vraag/antwoord.md", "# Hoe krijg ik grip?\n\n[[b-01]]\n")
    result, out = build(example)
    assert result.returncode == 0, result.stderr
    home = (out / "index.html").read_text()  # every statement and recommendation of basis links to index.md
    block = home[home.index('id="test-jezelf"'):]
    assert 'href="zelftest/basis/#b-01">Er is een aanspreekpunt.</a>' in block
    assert 'href="zelftest/basis/#b-r03">Aanbeveling: Leer</a>' in block
    questionnaire = (out / "zelftest" / "basis" / "index.html").read_text()
    b01 = questionnaire[questionnaire.index('id="b-01"'):questionnaire.index('id="b-02"')]
    assert re.search(r'Besproken in:\s*<a href="../../vraag/antwoord/">Hoe krijg ik grip\?</a>', b01)
    b02 = questionnaire[questionnaire.index('id="b-02"'):questionnaire.index('id="b-03"')]
    assert "Besproken in" not in b02
    uncited = (out / "vraag" / "antwoord" / "index.html").read_text()
    assert "test-jezelf" not in uncited  # a page nothing points to gets no block
