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
    assert "Aanbeveling uit de zelftest" in cards[1]
    assert 'href="../../zelftest/basis/#b-r02">Werk aan de keten' in cards[1]
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


def test_citations_and_anchors_survive_a_new_version(example):  # noqa: F811
    """A statement added before the cited one and another removed: after `record` and a rebuild the
    citation still names the same statement, and every id ever published still has its anchor."""
    import json
    import subprocess
    import sys

    write(example, "vraag/antwoord.md", "# Antwoord\n\n[[b-03]]\n")
    path = example / "questionnaires" / "basis.yml"
    text = path.read_text()
    text = text.replace("version: 2", "version: 3")
    text = text.replace("  - {id: b-03,", "  - {id: b-06, theme: keten, text: Er is een nieuwe stelling., help: Hulp., "
                                          "learn_more: index.md}\n  - {id: b-03,")
    text = text.replace("  - {id: b-05, theme: leren, text: Er wordt geleerd., help: Hulp., "
                        "learn_more: index.md}\n", "")
    text = text.replace("when: [{statement: b-05, below: 4}, {level_below: 3}]", "when: [{statement: b-06, below: 4}]")
    path.write_text(text)
    recorded = subprocess.run([sys.executable, "-m", "scoring", "record", "--questionnaires", str(path.parent)],
                              capture_output=True, text=True)
    assert recorded.returncode == 0, recorded.stderr
    history = json.loads((path.parent / "versions.json").read_text())["basis"]
    assert history["versions"]["2"] == ["b-01", "b-02", "b-03", "b-04", "b-05"]
    assert history["versions"]["3"] == ["b-01", "b-02", "b-06", "b-03", "b-04"]

    result, out = build(example)
    assert result.returncode == 0, result.stderr
    card = (out / "vraag" / "antwoord" / "index.html").read_text()
    assert 'href="../../zelftest/basis/#b-03">Er is een ketenkaart.</a>' in card
    page = (out / "zelftest" / "basis" / "index.html").read_text()
    assert re.search(r'id="b-03"[^>]*>\s*<legend>\s*<span class="zt-text">Er is een ketenkaart.</span>', page)
    published = {i for v in history["versions"].values() for i in v} | set(history["recommendations"])
    missing = [i for i in published if f'id="{i}"' not in page]
    assert missing == []
    assert re.search(r'id="b-05">b-05 hoort bij een eerdere versie', page)
