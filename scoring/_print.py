"""What the printout of a result adds (hidden on screen): the site's name and address, who filled it in for which
organisation, and when the answers last changed; and after each link its full address. All of it comes from the
page and is never trusted: ``context`` reduces it to short plain text, and leaves out what is of the wrong type."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from . import _dates
from ._html import el
from ._text import NAME_MAX, line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from ._score import Result

#: The longest site address the printout shows.
URL_MAX: Final = 300
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass(frozen=True)
class Printout:
    """The printout's details, as plain text; "" when not known."""

    site: str = ""
    url: str = ""
    organisation: str = ""
    by: str = ""
    #: When the answers last changed, in Dutch in the reader's time.
    changed: str = ""
    #: The day it is printed or viewed, in Dutch.
    date: str = ""


def _field(mapping: Any, name: str, limit: int = NAME_MAX) -> str:
    return line(mapping.get(name), limit) if isinstance(mapping, dict) else ""


def context(site: Any, about: Any, changed: Any, offset: Any, today: str) -> Printout:
    """``site`` ``{"name", "url"}``, ``about`` ``{"organisation", "by"}`` and ``changed`` (a day or an ISO moment,
    shown in the reader's time: ``offset`` minutes east of UTC) as the page sent them; ``today`` in Dutch."""
    url = _field(site, "url", URL_MAX)
    minutes = _dates.offset(offset) or 0
    return Printout(site=_field(site, "name"), url=url if _URL.fullmatch(url) else "",
                    organisation=_field(about, "organisation"), by=_field(about, "by"),
                    changed=_dates.dutch(changed, minutes), date=line(today, NAME_MAX))


def _absolute(printout: Printout, link: str) -> str:
    """The full address of a link ``href`` made, for the printout: the site's URL and the path from its root
    (a page's links start with the way up to the root, "../../"); "" without a site URL or for an in-page link."""
    if not printout.url or not link or link.startswith("#"):
        return ""
    if _URL.match(link):
        return link
    path = link
    while path.startswith(("./", "../", "/")):
        path = path[1:] if path.startswith("/") else path.partition("/")[2]
    return printout.url.rstrip("/") + "/" + path


def link_address(parent: ET.Element, link: ET.Element, printout: Printout | None) -> None:
    """After ``link``, its full address, shown only on paper (class ``zt-print-url``)."""
    url = _absolute(printout, link.get("href", "")) if printout else ""
    if url:
        link.tail = " "
        span = ET.Element("span", {"class": "zt-print-url"})
        span.text = url
        parent.insert(list(parent).index(link) + 1, span)


def header(root: ET.Element, result: Result, printout: Printout, viewer: bool) -> None:
    """Who, what and when, at the top of the printout (hidden on screen)."""
    meta = el(root, "div", class_="zt-print-meta")
    if printout.site or printout.url:
        el(meta, "p", " · ".join(v for v in (printout.site, printout.url) if v), class_="zt-print-site")
    if printout.changed:
        when = f"Antwoorden laatst gewijzigd op {printout.changed}"
    elif printout.date:
        when = (f"Datum van invullen onbekend; bekeken op {printout.date}" if viewer
                else f"Resultaat van {printout.date}")
    else:
        when = ""
    el(meta, "p", " · ".join(v for v in (f"Vragenlijst: {result.questionnaire.title}", when) if v))
    labels = (("Organisatie / contract", printout.organisation), ("Ingevuld door", printout.by))
    who = [f"{label}: {value}" for label, value in labels if value]
    if who:
        el(meta, "p", " · ".join(who))


def shared_line(about: Any, changed: Any, offset: Any) -> str:
    """The one line above a shared result: "Gedeeld resultaat van Anna (Gemeente Ede), antwoorden van 8 december
    2026 · alleen-lezen". Who (``about.by``), the organisation and the day (of ``changed``, in the reader's time)
    only when the link carries them; what is of the wrong type is left out."""
    by, organisation = _field(about, "by"), _field(about, "organisation")
    day = _dates.dutch_date(changed, _dates.offset(offset) or 0)
    whose = f"{by} ({organisation})" if by and organisation else by or organisation
    text = "Gedeeld resultaat" + (f" van {whose}" if whose else "") + (f", antwoorden van {day}" if day else "")
    return text + " · alleen-lezen"
