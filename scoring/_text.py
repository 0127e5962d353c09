"""Text from outside (the page, a stored entry, a share link, an export file) made fit to keep and show: one
line of printable characters, runs of whitespace folded to one space, cut to a limit. The one rule for every
text the reader types: the organisation, who filled it in, and the plan's titles, owners and notes."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: "Organisatie / contract" and "Ingevuld door": at most this many characters each.
NAME_MAX: Final = 120
#: A plan item's title, owner and note: at most this many characters each.
PLAN_TEXT_MAX: Final = 200
#: A value quoted back in a message (a statement id, a questionnaire id, an answer) is cut to this.
QUOTE_MAX: Final = 40


def line(value: object, limit: int) -> str:
    """``value`` as one line of at most ``limit`` characters: control, format and other unprintable characters
    become spaces, whitespace is folded, the ends trimmed; "" for anything that is not text."""
    if not isinstance(value, str):
        return ""
    printable = "".join(c if c.isprintable() else " " for c in value[: limit * 8])
    return " ".join(printable.split())[:limit].rstrip()


def quote(value: object) -> str:
    """A value from outside, quoted for a message: ``'b-01'``, cut with "…" when long."""
    text = line(value, QUOTE_MAX + 1) if isinstance(value, str) else line(str(value), QUOTE_MAX + 1)
    return f"'{text[:QUOTE_MAX]}…'" if len(text) > QUOTE_MAX else f"'{text}'"
