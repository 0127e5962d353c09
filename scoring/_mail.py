"""The e-mail a reader sends to Q&A Tuesday ("Stel je vraag"): their situation, question and sector, and a
share link for each saved questionnaire they chose to attach; as a ``mailto:`` link and as plain text. When the
reader ticks "Mijn resultaat mag anoniem meetellen in de vergelijking", those links carry that consent and the
sector they chose from the list (``_sectors``), and the mail says so."""

from __future__ import annotations

from urllib.parse import quote

from . import _dates, _links, _sectors
from ._catalog import Catalog
from ._errors import LinkError
from ._saved import current_answers

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

SUBJECT = "Vraag voor Vraag en antwoord op dinsdag"
#: What an empty situation or sector says in the mail.
EMPTY = "(niet ingevuld)"
RESULTS = "Mijn resultaten (deellinks; ze bevatten alleen mijn antwoorden op de zelftests):"
#: The line after the links when the reader consented to count in the comparison.
CONSENT = "Deze resultaten mogen anoniem meetellen in de vergelijking met andere organisaties."
#: The mail's text; ``{results}`` is "" or: a blank line, ``RESULTS``, a line per link, and a line end.
TEXT = ("Beste redactie van Vraag en antwoord,\n\nMijn situatie:\n{situation}\n\nMijn vraag:\n{question}\n\n"
        "Sector: {sector}\n{results}\nMet vriendelijke groet,\n")


def compose(catalog: Catalog, to: str, situation: str, question: str, sector: str,
            saved: Mapping[str, Mapping[str, Any]], site: str, section: str, consent: bool = False,
            benchmark_sector: str = "") -> dict[str, str]:
    """``saved`` maps questionnaire ids to stored entries (``{"version", "answers"}``); ``site`` is the
    site's absolute address, ending in ``/``. ``consent``: the links say their results may count, anonymously, in
    the comparison, with ``benchmark_sector`` (an id of ``_sectors.SECTORS``; anything else is left out)."""
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
            meta = {q.id: {"changed": _changed(entry)}}  # the date, as "Deel resultaat" gives it; never who
            if consent:
                meta[q.id].update(consent=True, sector=benchmark_sector)
            links.append(f"- {q.title}: {site}{_links.page_path(section, q.id)}#{_links.PARAM}="
                         f"{_links.encode(catalog, {q.id: answers}, meta)}")
    if links and consent:
        label = _sectors.LABELS.get(benchmark_sector)
        links.append(CONSENT + (f" Sector in de vergelijking: {label}." if label else ""))
    text = fill(situation=situation.strip() or EMPTY, question=question, sector=sector.strip() or EMPTY,
                results="\n".join(["", RESULTS, *links, ""]) if links else "")
    href = f"mailto:{quote(to, safe='@')}?subject={quote(SUBJECT)}&body={quote(text)}"
    return {"to": to, "subject": SUBJECT, "text": text, "href": href}


def _changed(entry: Any) -> str:
    """When the entry's answers last changed (the latest of its ``changed`` moments), as the share link dates it."""
    changed = entry.get("changed") if isinstance(entry, dict) else None
    moments = [_dates.moment(t) for t in changed.values()] if isinstance(changed, dict) else []
    moments = [m for m in moments if m is not None]
    return _dates.iso(max(moments)) if moments else ""


def fill(**slots: str) -> str:
    """The mail's text: ``TEXT`` with its slots filled (``situation``, ``question``, ``sector``, ``results``)."""
    return TEXT.format(**slots)
