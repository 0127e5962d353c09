"""The radar as a reader sees it: whole labels that fit the chart on any width, no level drawn as the lowest,
and several people in one chart told apart by a legend."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from scoring import radar
from scoring._chart import figures, legend

NS = "{http://www.w3.org/2000/svg}"
#: The longest axis names the site has (roles, themes, questionnaires), and a few longer still.
LONG = ["Aanspreekpunt en overleg", "Samenwerking tussen leveranciers", "Proactiviteit van de leverancier",
        "Prijsmodel en heronderhandelen", "Regie (ketenregie)", "Zelf met verbeteringen komen",
        "Processen, data en eigendom", "Een thema met een heel erg lange naam die nergens past"]
# the CSS font size of .zt-radar-label; a width per character above even DejaVu Sans's
FONT, CHAR, LINE = 14, 0.7 * 14, 15


def ring(svg) -> float:
    """The radius of the outer ring (level 5): the chart grows it to fill its width."""
    grid = next(g for g in svg.iter() if g.get("class") == "zt-radar-grid")
    outer = grid.findall("polygon")[-1] if grid.findall("polygon") else grid.findall("circle")[-1]
    return float(outer.get("r")) if outer.tag == "circle" else -float(outer.get("points").split()[0].split(",")[1])


def at(index: int, count: int, level: int, radius: float) -> str:
    """Where a level sits on an axis (axis 0 points up, then clockwise), as the chart writes a coordinate."""
    import math

    angle = -math.pi / 2 + 2 * math.pi * index / count
    return ",".join(f"{round(round(radius * level / 5 * f(angle), 1), 1) + 0.0:g}" for f in (math.cos, math.sin))


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
    # the chart is wider than tall, and at its 480 px its labels stay above 12.5 px
    _, _, width, height = (float(v) for v in svg.get("viewBox").split())
    assert width <= 14 * 480 / 12.5 and height <= width


def test_an_axis_without_a_level_is_not_drawn_at_the_centre():
    svg = radar([("Demand management", 3), ("Regie (ketenregie)", 2), ("Systeemdenken", None, "nog niet ingevuld")],
                "Niveau per rol", "rollen")
    dots = [(float(c.get("cx")), float(c.get("cy"))) for c in svg.findall("circle")]
    assert len(dots) == 2 and (0.0, 0.0) not in dots
    assert not svg.findall("polygon")  # no filled area that would run through the centre
    (path,) = svg.findall("path")
    r = ring(svg)
    assert path.get("d") == f"M{at(0, 3, 3, r)} L{at(1, 3, 2, r)}" and path.get("fill") == "none"  # only those two
    assert ["Systeemdenken", "(nog niet", "ingevuld)"] in labels(svg)
    assert "Systeemdenken: nog niet ingevuld (niet getekend)" in svg.find("desc").text
    dashed = [line for line in find(svg, "line") if line.get("stroke-dasharray")]
    assert [line.get("x2") for line in dashed] == [at(2, 3, 5, r).split(",")[0]]


def test_with_every_level_the_area_is_one_closed_polygon():
    svg = radar([("A", 1), ("B", 5), ("C", 3)], "T", "r")
    (area,) = svg.findall("polygon")
    r = ring(svg)
    assert area.get("class") == "zt-radar-area" and area.get("points") == " ".join(
        at(i, 3, lv, r) for i, lv in enumerate((1, 5, 3)))
    assert svg.find("desc").text == "A: niveau 1; B: niveau 5; C: niveau 3."


def test_four_axes_with_one_missing_are_never_joined_across_it():
    svg = radar([("A", 5), ("B", None), ("C", 5), ("D", 5)], "T", "r")
    (path,) = svg.findall("path")
    r = ring(svg)
    # C, D, A: never from A straight through the centre to C
    assert path.get("d") == f"M{at(2, 4, 5, r)} L{at(3, 4, 5, r)} L{at(0, 4, 5, r)}"


def test_the_chart_is_drawn_for_a_column_of_480_px_with_labels_of_12_to_14_px():
    for axes in ([("Demand management", 3), ("Regie (ketenregie)", 2), ("Systeemdenken", None)],
                 [(name, 3) for name in LONG[:5]], [("A", 1), ("B", 2), ("C", 3)]):
        svg = radar(axes, "T", "r")
        width = float(svg.get("viewBox").split()[2])
        # shown 480 px wide: the stylesheet shows bars instead below 576 px (36em), where the column is narrower
        sizes = {float(t.get("font-size")) * 480 / width for t in find(svg, "text")}
        assert all(12 <= size <= 14.6 for size in sizes), (axes, sizes)


def test_a_phone_gets_the_same_levels_as_bars_with_labels_of_12_to_14_px():
    parent = ET.Element("div")
    figures(parent, [("Regie (ketenregie)", 2), ("Samenwerking tussen leveranciers", None)],
            [("Regie (ketenregie)", 2, 4), ("Samenwerking tussen leveranciers", None, None)], "T", "r")
    wide, narrow = parent.findall("figure")
    assert (wide.get("class"), narrow.get("class")) == ("zt-chart zt-chart--wide", "zt-chart zt-chart--narrow")
    assert wide.find(f"{NS}svg") is not None or wide.find("svg") is not None
    svg = narrow.find("svg")
    assert svg.get("class") == "zt-bars"
    texts = [t.text for t in svg.iter("text")]
    assert "Regie (ketenregie): niveau 2 (doel 4)" in texts and "Samenwerking tussen leveranciers: geen niveau" in texts
    width = float(svg.get("viewBox").split()[2])
    for shown in (400, 358):  # the stylesheet's max-width, a phone's column at 390
        assert all(12 <= float(t.get("font-size")) * shown / width <= 14.2 for t in svg.iter("text"))
    assert len({svg.get("aria-labelledby"), wide.find("svg").get("aria-labelledby")}) == 2  # ids never shared


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
