"""A radar chart as accessible SVG, built with ``xml.etree`` so every label is escaped.

Labels are never shortened: a long one wraps onto at most three lines (``tspan``), is placed by its axis's
angle, and the ``viewBox`` is computed to hold every label's estimated box, so the chart fits wherever
the SVG is scaled to its container's width (a phone included). An axis without a level is not drawn at
the centre, where it would read as the lowest score: its point is left off, its axis is dashed when no
series has a level there, and its label and the ``desc`` say why.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    Axis = str | tuple[str, int | None] | tuple[str, int | None, str]

RADIUS = 100
#: The width the chart is drawn for (its CSS ``max-width``, in px): labels of ``FONT`` units are then ``FONT`` px.
#: On a phone (a column of 358 px at 390) they would shrink to 10 px: there the page shows bars (``figures``).
WIDTH = 480
#: The label font size in SVG units (the CSS class ``zt-radar-label`` sets the same 14px).
FONT = 14
LINE = 15  # between two baselines of one label
#: A conservative width per character: Arial-like fonts (Liberation Sans) need about 0.5 em, the wide
#: fallback DejaVu Sans up to 0.67 em ("management"), so a label fits whichever font the browser has.
CHAR = 0.7 * FONT
ASCENT, DESCENT = 1.0 * FONT, 0.3 * FONT  # conservative too
GAP = 10  # from the outer ring to a label
MARGIN = 4
#: Characters per line before a label wraps: labels beside the chart wrap narrower than those above or below.
WRAP_SIDE, WRAP_MIDDLE = 14, 24
MAX_LINES = 3
#: Distinct series classes before they repeat (the CSS colours this many).
SERIES_CLASSES = 8
MISSING = "geen niveau"


def _angle(index: int, count: int) -> float:
    return -math.pi / 2 + 2 * math.pi * index / count


def _point(index: int, count: int, level: float, radius: float = RADIUS) -> tuple[float, float]:
    angle = _angle(index, count)
    r = radius * level / 5
    return round(r * math.cos(angle), 1), round(r * math.sin(angle), 1)


def _points(count: int, levels: Sequence[float], radius: float = RADIUS) -> str:
    return " ".join(f"{_num(x)},{_num(y)}" for x, y in (_point(i, count, lv, radius) for i, lv in enumerate(levels)))


def _num(value: float) -> str:
    return f"{round(value, 1) + 0.0:g}"  # + 0.0: never "-0"


def wrap(text: str, width: int) -> list[str]:
    """Words onto lines of at most ``width`` characters; a longer word keeps a line of its own, whole."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def label_lines(name: str, shown: str | None, note: str | None, width: int) -> list[str]:
    """A label's lines: the name wrapped, then the level ``(3)`` on its last line or the ``note`` in
    brackets on lines of its own; wider than ``width`` when that is what keeps it to three lines."""
    lines: list[str] = []
    for w in range(width, width + len(name) + len(note or "") + 10):
        lines = wrap(name, w)
        if shown is not None:
            lines[-1] += f" ({shown})"
        elif note:
            lines += wrap(f"({note})", w)
        if len(lines) <= MAX_LINES:
            return lines
    return lines


def _anchor(index: int, count: int) -> str:
    ux = math.cos(_angle(index, count))
    return "start" if ux > 0.25 else ("end" if ux < -0.25 else "middle")


def _place(index: int, count: int, lines: list[str],
           radius: float = RADIUS) -> tuple[str, float, float, tuple[float, float, float, float]]:
    """Where a label goes: its text-anchor, x, first baseline, and its estimated box (x0, y0, x1, y1)."""
    angle = _angle(index, count)
    ux, uy = math.cos(angle), math.sin(angle)
    px, py = (radius + GAP) * ux, (radius + GAP) * uy
    width = max(len(line) for line in lines) * CHAR
    height = (len(lines) - 1) * LINE + ASCENT + DESCENT
    anchor = _anchor(index, count)
    x0 = {"start": px, "end": px - width, "middle": px - width / 2}[anchor]
    if uy < -0.25:  # above the chart: the block ends at the point
        top = py - height
    elif uy > 0.25:  # below: it starts there
        top = py
    else:  # beside: centred on it
        top = py - height / 2
    return anchor, px, top + ASCENT, (x0, top, x0 + width, top + height)


def _runs(known: list[bool]) -> list[list[int]]:
    """Consecutive axes (going round) that have a level; the chart joins only those."""
    count = len(known)
    start = next(i for i in range(count) if not known[i])
    runs: list[list[int]] = []
    for step in range(1, count + 1):
        i = (start + step) % count
        if known[i]:
            if runs and runs[-1][-1] == (i - 1) % count:
                runs[-1].append(i)
            else:
                runs.append([i])
    return runs


def radar(axes: Sequence[Axis], title: str, chart_id: str = "radar",
          series: Sequence[tuple[str, Sequence[int | None]]] | None = None) -> ET.Element:
    """An SVG radar of levels (1-5).

    One series: ``axes`` are ``(name, level)`` or ``(name, level, note)``, where ``note`` says why an axis
    has no level (default "geen niveau"); the label shows the level, ``Regie (3)``. Several series
    (people, moments): ``axes`` are names and ``series`` is ``[(label, [level per axis]), ...]``; each gets
    the classes ``zt-radar-area--n`` and ``zt-radar-dot--n`` (n from 1), and ``legend`` names them.
    """
    names = [a if isinstance(a, str) else a[0] for a in axes]
    notes = [a[2] if not isinstance(a, str) and len(a) > 2 and a[2] else MISSING for a in axes]
    single = series is None
    if series is None:
        series = [("", [None if isinstance(a, str) else a[1] for a in axes])]
    count = len(names)
    radius = _radius(names, notes, series, single, count)

    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "class": "zt-radar" + ("" if single else " zt-radar--series"),
        "role": "img", "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
    })
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = _describe(names, notes, series, single)

    grid = ET.SubElement(svg, "g", {"class": "zt-radar-grid", "aria-hidden": "true"})
    for ring in range(1, 6):
        if count >= 3:
            ET.SubElement(grid, "polygon", {"points": _points(count, [ring] * count, radius)})
        else:
            ET.SubElement(grid, "circle", {"cx": "0", "cy": "0", "r": _num(radius * ring / 5)})
    box = [-radius - MARGIN, -radius - MARGIN, radius + MARGIN, radius + MARGIN]
    for i, name in enumerate(names):
        nobody = all(levels[i] is None for _, levels in series)
        x, y = _point(i, count, 5, radius)
        line = {"x1": "0", "y1": "0", "x2": _num(x), "y2": _num(y)}
        if nobody:  # no level on this axis: a dashed axis, never a point at the centre
            line.update({"class": "zt-radar-missing", "stroke-dasharray": "4 3"})
        ET.SubElement(grid, "line", line)
        level = series[0][1][i] if single else None
        width = WRAP_MIDDLE if _anchor(i, count) == "middle" else WRAP_SIDE
        lines = label_lines(name, None if level is None else str(level), notes[i] if single or nobody else None, width)
        anchor, lx, baseline, (x0, y0, x1, y1) = _place(i, count, lines, radius)
        box = [min(box[0], x0), min(box[1], y0), max(box[2], x1), max(box[3], y1)]
        text = ET.SubElement(svg, "text", {"x": _num(lx), "y": _num(baseline), "text-anchor": anchor,
                                           "font-size": str(FONT), "class": "zt-radar-label",
                                           "aria-hidden": "true"})
        for n, content in enumerate(lines):
            span = ET.SubElement(text, "tspan", {"x": _num(lx), **({"dy": str(LINE)} if n else {})})
            span.text = content

    for number, (_, levels) in enumerate(series, 1):
        _series(svg, levels, radius, "" if single else f" zt-radar-area--{(number - 1) % SERIES_CLASSES + 1}",
                "" if single else f" zt-radar-dot--{(number - 1) % SERIES_CLASSES + 1}")

    x0, y0 = math.floor(box[0] - MARGIN), math.floor(box[1] - MARGIN)
    x1, y1 = math.ceil(box[2] + MARGIN), math.ceil(box[3] + MARGIN)
    svg.set("viewBox", f"{x0} {y0} {x1 - x0} {y1 - y0}")
    return svg


def _radius(names, notes, series, single: bool, count: int) -> float:
    """The ring's radius that makes the whole chart (labels included) about ``WIDTH`` units wide: drawn at most
    ``WIDTH`` CSS px wide (``max-width``), its labels are then ``FONT`` px; never smaller than ``RADIUS``."""
    boxes = []
    for i, name in enumerate(names):
        level = series[0][1][i] if single else None
        nobody = all(levels[i] is None for _, levels in series)
        width = WRAP_MIDDLE if _anchor(i, count) == "middle" else WRAP_SIDE
        lines = label_lines(name, None if level is None else str(level), notes[i] if single or nobody else None, width)
        boxes.append((_place(i, count, lines, 0)[3], math.cos(_angle(i, count))))

    def wide(r: float) -> float:  # the chart's width at radius r: the ring and every label moved out by r
        return (max(r, *(x1 + r * ux for (_, _, x1, _), ux in boxes))
                - min(-r, *(x0 + r * ux for (x0, _, _, _), ux in boxes)) + 4 * MARGIN)

    radius = RADIUS
    while wide(radius + 2) <= WIDTH and radius < 3 * RADIUS:
        radius += 2
    return radius


def _series(svg: ET.Element, levels: Sequence[int | None], radius: float, area: str, dot: str) -> None:
    count = len(levels)
    known = [lv is not None for lv in levels]
    if count >= 3 and all(known):
        ET.SubElement(svg, "polygon", {"class": "zt-radar-area" + area, "points": _points(count, levels, radius)})
    elif count >= 3 and any(known):
        # some axes without a level: join only the neighbouring points that have one, and leave no fill
        parts = []
        for run in _runs(known):
            if len(run) >= 2:
                pts = [_point(i, count, levels[i], radius) for i in run]
                parts.append("M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in pts))
        if parts:
            ET.SubElement(svg, "path", {"class": "zt-radar-area zt-radar-area--open" + area, "d": " ".join(parts),
                                        "fill": "none"})
    for i, lv in enumerate(levels):
        if lv is not None:
            x, y = _point(i, count, lv, radius)
            ET.SubElement(svg, "circle", {"class": "zt-radar-dot" + dot, "cx": _num(x), "cy": _num(y), "r": "4"})


def _describe(names: list[str], notes: list[str], series, single: bool) -> str:
    """The chart in words: per axis the level, or why it has none and is not drawn."""
    sep = ": " if single else " "

    def one(levels) -> str:
        return "; ".join(f"{name}{sep}{f'niveau {lv}' if lv is not None else f'{note} (niet getekend)'}"
                         for name, note, lv in zip(names, notes, levels, strict=True))

    if single:
        return one(series[0][1]) + "."
    return " ".join(f"{label}: {one(levels)}." for label, levels in series)


def legend(labels: Sequence[str]) -> ET.Element:
    """The key to a radar with several series: a list, each name after a swatch in its series' style."""
    items = ET.Element("ul", {"class": "zt-radar-legend"})
    for number, label in enumerate(labels, 1):
        n = (number - 1) % SERIES_CLASSES + 1
        li = ET.SubElement(items, "li")
        key = ET.SubElement(li, "svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 24 12",
                                        "class": "zt-radar-key", "aria-hidden": "true", "focusable": "false"})
        ET.SubElement(key, "line", {"x1": "1", "y1": "6", "x2": "23", "y2": "6", "class": f"zt-radar-area--{n}"})
        ET.SubElement(key, "circle", {"cx": "12", "cy": "6", "r": "3.5", "class": f"zt-radar-dot--{n}"})
        ET.SubElement(li, "span").text = label
    return items


#: The bar chart: one row per item (its name above its bar), drawn for ``WIDTH`` px like the radar.
BAR_ROW, BAR_HEIGHT, BAR_TOP = 58, 22, 20
#: The bars are drawn narrower than the radar, with the same labels: 14 CSS px at 400 px (the stylesheet's
#: ``max-width``), 12.5 px on a phone's column (358 px at 390).
BAR_WIDTH, BAR_FONT = 400, 14


def bars(rows: Sequence[tuple[str, int | None, int | None]], title: str, chart_id: str = "staven") -> ET.Element:
    """An SVG bar per row ``(name, level, target)``: the level as a bar on a scale of 1 to 5 (the number in words
    beside it), the target as a marked line; a row without a level gets no bar, its label says "geen niveau".
    For few rows (one or two roles), where a radar would be a line."""
    inner = BAR_WIDTH - 2 * MARGIN
    svg = ET.Element("svg", {
        "xmlns": "http://www.w3.org/2000/svg", "class": "zt-bars", "role": "img",
        "aria-labelledby": f"{chart_id}-title {chart_id}-desc",
        "viewBox": f"0 0 {BAR_WIDTH} {BAR_ROW * len(rows) + 24}",
    })
    ET.SubElement(svg, "title", {"id": f"{chart_id}-title"}).text = title
    described = "; ".join(f"{name}: {MISSING if level is None else f'niveau {level}'}"
                          + ("" if target is None else f", doel {target}") for name, level, target in rows)
    ET.SubElement(svg, "desc", {"id": f"{chart_id}-desc"}).text = described + "."
    grid = ET.SubElement(svg, "g", {"class": "zt-radar-grid", "aria-hidden": "true"})
    bottom = BAR_ROW * len(rows)
    for lv in range(1, 6):
        x = MARGIN + inner * lv / 5
        ET.SubElement(grid, "line", {"x1": _num(x), "y1": "0", "x2": _num(x), "y2": str(bottom)})
        tick = ET.SubElement(svg, "text", {"x": _num(x), "y": str(bottom + 18), "text-anchor": "end",
                                           "font-size": str(BAR_FONT), "class": "zt-bars-label", "aria-hidden": "true"})
        tick.text = str(lv)
    for n, (name, level, target) in enumerate(rows):
        top = n * BAR_ROW
        label = ET.SubElement(svg, "text", {"x": str(MARGIN), "y": str(top + 15), "font-size": str(BAR_FONT),
                                            "class": "zt-bars-label", "aria-hidden": "true"})
        shown = MISSING if level is None else f"niveau {level}"
        label.text = f"{name}: {shown}" + ("" if target is None else f" (doel {target})")
        if level is not None:
            ET.SubElement(svg, "rect", {"class": "zt-bars-level", "x": str(MARGIN), "y": str(top + BAR_TOP),
                                        "width": _num(inner * level / 5), "height": str(BAR_HEIGHT),
                                        "fill": "currentColor", "fill-opacity": "0.35"})
        if target is not None:
            x = _num(MARGIN + inner * target / 5)
            ET.SubElement(svg, "line", {"class": "zt-bars-target", "x1": x, "x2": x, "y1": str(top + BAR_TOP - 4),
                                        "y2": str(top + BAR_TOP + BAR_HEIGHT + 4), "stroke-dasharray": "4 2",
                                        "stroke": "currentColor", "stroke-width": "3"})
    return svg


def figures(parent: ET.Element, axes: Sequence[Axis], rows: Sequence[tuple[str, int | None, int | None]],
            title: str, chart_id: str, series: Sequence[tuple[str, Sequence[int | None]]] | None = None,
            caption: str | None = None) -> None:
    """The radar for a wide column and the same levels as bars for a phone's: below 576 px the stylesheet shows
    the bars, so a screen reader meets one of the two. A radar's labels shrink with its column (to about 10 px at
    390), bars' do not. ``rows`` are ``(name, level, target)``: the bars carry the target the radar draws as a
    series."""
    for kind, chart in (("wide", radar(axes, title, chart_id, series=series)),
                        ("narrow", bars(rows, title, f"{chart_id}-staven"))):
        figure = ET.SubElement(parent, "figure", {"class": f"zt-chart zt-chart--{kind}"})
        figure.append(chart)
        if kind == "wide" and series:
            figure.append(legend([label for label, _ in series]))
        if caption:
            ET.SubElement(figure, "figcaption").text = caption
