"""A radar chart as accessible SVG, built with ``xml.etree`` so every label is escaped."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

SIZE = 360
CENTRE = SIZE / 2
RADIUS = 120


def _point(index: int, count: int, level: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    r = RADIUS * level / 5
    return round(CENTRE + r * math.cos(angle), 1), round(CENTRE + r * math.sin(angle), 1)


def _points(count: int, levels: Sequence[float]) -> str:
    return " ".join(f"{x},{y}" for x, y in (_point(i, count, lv) for i, lv in enumerate(levels)))


def radar(axes: Sequence[tuple[str, int | None]], title: str, chart_id: str = "radar") -> ET.Element:
    """An SVG radar of levels (1-5) per axis; an axis without a level is drawn at 0 and says so."""
    count = len(axes)
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {SIZE} {SIZE}", "class": "zt-radar",
        "role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
    })
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    described = "; ".join(f"{name}: {'geen niveau' if lv is None else f'niveau {lv}'}" for name, lv in axes)
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = described + "."
    grid = ET.SubElement(svg, "g", {"class": "zt-radar-grid", "aria-hidden": "true"})
    for ring in range(1, 6):
        if count >= 3:
            ET.SubElement(grid, "polygon", {"points": _points(count, [ring] * count)})
        else:
            ET.SubElement(grid, "circle", {"cx": str(CENTRE), "cy": str(CENTRE), "r": str(RADIUS * ring / 5)})
    for i, (name, level) in enumerate(axes):
        x, y = _point(i, count, 5)
        ET.SubElement(grid, "line", {"x1": str(CENTRE), "y1": str(CENTRE), "x2": str(x), "y2": str(y)})
        lx, ly = _point(i, count, 5.9)
        anchor = "middle" if abs(lx - CENTRE) < 20 else ("start" if lx > CENTRE else "end")
        label = ET.SubElement(svg, "text", {"x": str(lx), "y": str(ly + 4), "text-anchor": anchor,
                                            "class": "zt-radar-label", "aria-hidden": "true"})
        label.text = f"{_short(name)} ({'–' if level is None else level})"
    values = [lv or 0 for _, lv in axes]
    if count >= 3:
        ET.SubElement(svg, "polygon", {"class": "zt-radar-area", "points": _points(count, values)})
    for i, lv in enumerate(values):
        x, y = _point(i, count, lv)
        ET.SubElement(svg, "circle", {"class": "zt-radar-dot", "cx": str(x), "cy": str(y), "r": "4"})
    return svg


def _short(name: str, limit: int = 22) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
