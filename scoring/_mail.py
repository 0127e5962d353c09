"""The e-mail a reader sends to Q&A Tuesday ("Stel je vraag"): their situation, question and sector, and a
share link for each saved questionnaire they chose to attach; as a ``mailto:`` link and as plain text."""

from __future__ import annotations

from urllib.parse import quote

from . import _links
from ._catalog import Catalog
from ._errors import LinkError
from ._saved import current_answers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

SUBJECT = "Vraag voor Vraag en antwoord op dinsdag"


def compose(catalog: Catalog, to: str, situation: str, question: str, sector: str,
            saved: Mapping[str, Mapping[str, Any]], site: str, section: str) -> dict[str, str]:
    """``saved`` maps questionnaire ids to stored entries (``{"version", "answers"}``); ``site`` is the
    site's absolute address, ending in ``/``."""
    question = question.strip()
    if not question:
        raise LinkError("Schrijf eerst je vraag op; de andere velden mag je leeg laten.")
    if "@" not in to:
        raise LinkError("Deze site heeft geen adres voor vragen ingesteld. Probeer het later opnieuw.")
    links = []
    for qid, entry in saved.items():
        q = catalog.get(qid)
        answers = current_answers(catalog, q, entry)
        if answers:
            links.append(f"- {q.title}: {site}{_links.page_path(section, q.id)}#{_links.PARAM}="
                         f"{_links.encode(catalog, {q.id: answers})}")
    lines = [
        "Beste redactie van Vraag en antwoord,", "",
        "Mijn situatie:", situation.strip() or "(niet ingevuld)", "",
        "Mijn vraag:", question, "",
        f"Sector: {sector.strip() or '(niet ingevuld)'}",
    ]
    if links:
        lines += ["", "Mijn resultaten (deellinks; ze bevatten alleen mijn antwoorden op de zelftests):", *links]
    lines += ["", "Met vriendelijke groet,", ""]
    text = "\n".join(lines)
    href = f"mailto:{quote(to, safe='@')}?subject={quote(SUBJECT)}&body={quote(text)}"
    return {"to": to, "subject": SUBJECT, "text": text, "href": href}
