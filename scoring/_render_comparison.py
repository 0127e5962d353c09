"""The comparison on a result (HTML): per row (the whole questionnaire, each theme) where the level stands among
the organisations in the site's benchmark, with n and the period, and a link to the page that explains it; or
that no comparison is available yet. The rule of where a level stands is ``_comparison.standing``."""

from __future__ import annotations

from . import _comparison
from ._html import cell, el, table

TYPE_CHECKING = False
if TYPE_CHECKING:
    import xml.etree.ElementTree as ET
    from typing import Any

    from ._html import Href
    from ._score import Result

HEADING = "Vergelijking met andere organisaties"


def comparison(parent: ET.Element, result: Result, benchmark: dict[str, Any], href: Href, sfx: str = "",
               viewer: bool = False) -> None:
    """The section; ``benchmark`` is this questionnaire's benchmark file as data (``{}``: the site has none)."""
    box = el(parent, "section", class_="zt-comparison", data_zt_comparison="")
    el(box, "h2", HEADING, id=f"vergelijking{sfx}")
    rows = _comparison.standing(benchmark or None, result)
    if not benchmark or all(sentence == _comparison.NONE_YET for _, _, sentence in rows):
        box.set("class", "zt-comparison zt-comparison--none")  # not printed: a page pays for nothing there
        el(box, "p", f"{_comparison.NONE_YET}.", class_="zt-comparison-none")
    else:
        body = table(box, ("Onderdeel", "Niveau", "Plaats in de vergelijking"),
                     f"{'Dit' if viewer else 'Jouw'} niveau naast dat van andere organisaties")
        for title, level, sentence in rows:
            row = el(body, "tr")
            el(row, "th", title, scope="row")
            cell(row, "Niveau", "geen niveau" if level is None else str(level))
            cell(row, "Plaats in de vergelijking", sentence)
    note = el(box, "p", "Alleen organisaties die hun resultaat anoniem lieten meetellen, per groep minstens "
                        f"{_comparison.MIN_ORGANISATIONS}. ", class_="zt-table-note")
    el(note, "a", "Waar deze cijfers vandaan komen en wat ze niet zeggen", href=href(_comparison.PAGE))
