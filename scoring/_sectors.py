"""The sectors a reader may give with a result that counts in the comparison (the benchmark): a short, fixed list.

A share link carries a sector as its position in ``SECTORS`` (1 the first), so the list only ever grows at the
end: an entry is never removed, renamed or moved, or old links would name another sector.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

#: ``(id, label)`` in link order; the id names the sector in a benchmark file, the label is what the reader sees.
SECTORS: Final = (
    ("gemeente", "Gemeente of gemeenschappelijke regeling"),
    ("overheid", "Rijk, provincie of waterschap"),
    ("zorg", "Zorg en welzijn"),
    ("onderwijs", "Onderwijs en onderzoek"),
    ("energie", "Energie, water en telecom"),
    ("financieel", "Financiële dienstverlening"),
    ("industrie", "Industrie, bouw en logistiek"),
    ("handel", "Handel en zakelijke dienstverlening"),
    ("anders", "Een andere sector"),
)
IDS: Final = tuple(sid for sid, _ in SECTORS)
LABELS: Final = dict(SECTORS)


def code(sector: object) -> int:
    """A sector's number in a link (1 the first), or 0 for anything that is not a sector of the list."""
    return IDS.index(sector) + 1 if isinstance(sector, str) and sector in IDS else 0


def from_code(number: int) -> str:
    """The sector a link's number names, or ``""`` when it names none."""
    return IDS[number - 1] if 1 <= number <= len(IDS) else ""
