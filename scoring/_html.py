"""What every HTML view shares: elements built with ``xml.etree`` (so all text is escaped), tables whose cells
carry their column's header (``data-label``: on a phone each row becomes a card)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    #: Turns a link as the questionnaires write it (``rollen/regie.md#kop``) into the page's address.
    Href = Callable[[str], str]

def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """A child element; ``class_`` and ``data_label`` become ``class`` and ``data-label``."""
    node = ET.SubElement(parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def html(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode", method="html")


def table(parent: ET.Element, headers: tuple[str, ...], caption: str | None = None) -> ET.Element:
    """A table with a header row; returns its body. Each cell gets its column's header as ``data-label``."""
    node = el(parent, "table")
    if caption:
        el(node, "caption", caption)
    row = el(el(node, "thead"), "tr")
    for label in headers:
        el(row, "th", label, scope="col")
    return el(node, "tbody")


def cell(row: ET.Element, label: str, text: str | None, **attrs: str) -> ET.Element:
    return el(row, "td", text, data_label=label, **attrs)

