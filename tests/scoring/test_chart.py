"""The radar as a reader sees it: whole labels that fit the chart on any width, no level drawn as the lowest,
and several people in one chart told apart by a legend."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from scoring import radar
from scoring._chart import legend

NS = "{http://www.w3.org/2000/svg}"
#: The longest axis names the site has (roles, themes, questionnaires), and a few longer still.
LONG = ["Aanspreekpunt en overleg", "Samenwerking tussen leveranciers", "Proactiviteit van de leverancier",
        "Prijsmodel en heronderhandelen", "Regie (ketenregie)", "Zelf met verbeteringen komen",
        "Processen, data en eigendom", "Een thema met een heel erg lange naam die nergens past"]
# the CSS font size of .zt-radar-label; a width per character above even DejaVu Sans's
FONT, CHAR, LINE = 12, 0.7 * 12, 14


def find(svg, tag):
    return svg.findall(f".//{tag}") + svg.findall(f".//{NS}{tag}")


def labels(svg) -> list[list[str]]:
    return [[span.text for span in find(text, "tspan")] for text in find(svg, "text")]


def boxes(svg):
    """Each label's box, estimated independently of the chart's own code: 0.7 em per character, one em above
    the first baseline, 0.3 em below the last."""
    for text in find(svg, "text"):
        lines = [span.text for span in find(text, "tspan")]
        x, y = float(text.get("x")), float(text.get("y"))
        width = max(len(line) for line in lines) * CHAR
        x0 = {"start": x, "end": x - width, "middle": x - width / 2}[text.get("text-anchor")]
        yield x0, y - FONT, x0 + width, y + (len(lines) - 1) * LINE + 0.3 * FONT


def view_box(svg):
    x, y, w, h = (float(v) for v in svg.get("viewBox").split())
    return x, y, x + w, y + h


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 6, 8])
def test_every_label_is_whole_and_inside_the_view_box(count):
    names = (LONG * 2)[:count]
    svg = radar([(name, (i % 5) + 1) for i, name in enumerate(names)], "Titel", "r")
    x0, y0, x1, y1 = view_box(svg)
    shown = labels(svg)
    for name, lines, level in zip(names, shown, [(i % 5) + 1 for i in range(count)], strict=True):
        assert " ".join(lines) == f"{name} ({level})"  # never shortened with "…"
        assert 1 <= len(lines) <= 3
    for bx0, by0, bx1, by1 in boxes(svg):
        assert x0 <= bx0 and bx1 <= x1 and y0 <= by0 and by1 <= y1, (bx0, by0, bx1, by1, svg.get("viewBox"))


def test_the_label_once_cut_short_now_wraps():
    svg = radar([("Aanspreekpunt en overleg", 3), ("Vraag en portfolio", 2), ("Contract en prestaties", 4),
                 ("Samenwerking tussen leveranciers", 1)], "Niveau per thema", "r")
    text = ET.tostring(svg, encoding="unicode")
    assert "…" not in text
    assert ["Aanspreekpunt en overleg (3)"] in labels(svg)
    assert ["Samenwerking", "tussen", "leveranciers (1)"] in labels(svg)  # beside the chart: narrow lines
    # the chart is wider than tall, so on a phone the labels keep a readable size
    _, _, width, height = (float(v) for v in svg.get("viewBox").split())
    assert width <= 500 and height <= width


def test_an_axis_without_a_level_is_not_drawn_at_the_centre():
    svg = radar([("Demand management", 3), ("Regie (ketenregie)", 2), ("Systeemdenken", None, "nog niet ingevuld")],
                "Niveau per rol", "rollen")
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.findall("circle")]
    assert len(dots) == 2 and (0.0, 0.0) not in dots
    assert not svg.findall("polygon")  # no filled area that would run through the centre
    (path,) = svg.findall("path")
    assert path.get("d") == "M0,-60 L34.6,20" and path.get("fill") == "none"  # only between the two with a level
    assert ["Systeemdenken", "(nog niet", "ingevuld)"] in labels(svg)
    assert "Systeemdenken: nog niet ingevuld (niet getekend)" in svg.find("desc").text
    dashed = [line for line in find(svg, "line") if line.get("stroke-dasharray")]
    assert [line.get("x2") for line in dashed] == ["-86.6"]


def test_with_every_level_the_area_is_one_closed_polygon():
    svg = radar([("A", 1), ("B", 5), ("C", 3)], "T", "r")
    (area,) = svg.findall("polygon")
    assert area.get("class") == "zt-radar-area" and area.get("points") == "0,-20 86.6,50 -52,30"
    assert svg.find("desc").text == "A: niveau 1; B: niveau 5; C: niveau 3."


def test_four_axes_with_one_missing_are_never_joined_across_it():
    svg = radar([("A", 5), ("B", None), ("C", 5), ("D", 5)], "T", "r")
    (path,) = svg.findall("path")
    assert path.get("d") == "M0,100 L-100,0 L0,-100"  # C, D, A: not from A straight through the centre to C


def test_several_people_in_one_radar_each_with_their_own_style_and_a_legend():
    svg = radar(["Demand management", "Regie (ketenregie)", "Systeemdenken"], "Niveau per rol", "team",
                series=[("Anna", [2, 3, None]), ("Bram", [4, 4, 5]), ("Eva", [None, None, None])])
    assert "zt-radar--series" in svg.get("class")
    areas = svg.findall("polygon") + svg.findall("path")
    assert [a.get("class") for a in areas] == ["zt-radar-area zt-radar-area--2",
                                               "zt-radar-area zt-radar-area--open zt-radar-area--1"]
    dots = {"zt-radar-dot zt-radar-dot--1", "zt-radar-dot zt-radar-dot--2"}
    assert {c.get("class") for c in svg.findall("circle")} == dots
    assert labels(svg)[0] == ["Demand management"]  # levels are in the table, not on the axis
    desc = svg.find("desc").text
    assert desc.startswith("Anna: Demand management niveau 2; Regie (ketenregie) niveau 3; Systeemdenken geen niveau")
    assert "Bram: Demand management niveau 4" in desc
    key = legend(["Anna", "Bram", "Eva"])
    assert [li.find("span").text for li in key] == ["Anna", "Bram", "Eva"]
    assert key[2].find("svg").get("aria-hidden") == "true"
    assert key[2].find("svg/line").get("class") == "zt-radar-area--3"


def test_labels_are_escaped_text():
    svg = radar([("<script>&", 2), ("B", 3), ("C", 4)], "T", "r")
    assert "&lt;script&gt;&amp; (2)" in ET.tostring(svg, encoding="unicode")
