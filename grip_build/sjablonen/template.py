"""A checked template source and what the Word and Excel writers share: paper, number formats, the
licence every template states, and archives with fixed timestamps (the same sources give the same bytes)."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

FOLDER = "sjablonen"  # the sources, next to mkdocs.yml, and the folder of the downloads in the site
LANGUAGE = "nl-NL"
KINDS = {".docx": "Word", ".xlsx": "Excel"}
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # zip entries; the document dates come from each source's `date`
PAPER = {"A4": (210, 297), "A3": (297, 420)}  # millimetres, portrait
FORMATS = {  # Excel number formats by the name a source uses; Excel shows them with Dutch separators and months
    "euro": '"€ "#,##0', "euro2": '"€ "#,##0.00', "procent": "0%", "procent1": "0.0%",
    "datum": "DD-MM-YYYY", "maand": "MMMM YYYY", "getal": "0", "getal1": "0.0",
}
#: Every template says under which licence it may be used (decided: CC0 1.0 for all), in one sentence.
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
LICENCE = (f"Dit sjabloon valt onder CC0 1.0 ({LICENCE_URL}): je mag het zonder toestemming en zonder "
           "bronvermelding gebruiken, aanpassen en delen.")


@dataclass(frozen=True)
class Template:
    """One checked source. ``body`` is the Word ``content`` or the Excel ``sheets``, as plain data."""

    source: str  # as shown in messages: sjablonen/<stem>.yml
    title: str
    file: str
    description: str
    date: dt.date
    practice: str  # a page in docs/ that offers the download
    recommendations: tuple[str, ...]
    paper: str
    landscape: bool
    body: tuple[Any, ...]

    @property
    def kind(self) -> str:
        return KINDS[Path(self.file).suffix]

    @property
    def url(self) -> str:
        """The path in the built site, e.g. ``sjablonen/mandaatbrief-demand-manager.docx``."""
        return f"{FOLDER}/{self.file}"


def margin_mm(landscape: bool) -> int:
    return 15 if landscape else 20


def usable_cm(paper: tuple[int, int], landscape: bool) -> float:
    """The width of the page between the margins, in centimetres."""
    return ((paper[1] if landscape else paper[0]) - 2 * margin_mm(landscape)) / 10


def moment(t: Template) -> dt.datetime:
    return dt.datetime(t.date.year, t.date.month, t.date.day, 12, 0, 0)


def fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and attributes (python-docx and openpyxl use the clock)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, source.read(item))
    return out.getvalue()
