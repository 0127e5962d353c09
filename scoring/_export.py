"""Export files: the answers a reader saved, written here (``write``) and read back without trusting them.

``{"type": EXPORT_TYPE, "format": 1, "exported": ISO time, "questionnaires": {id: stored entry}}``: every
field is checked, the earlier measurements one by one (see ``_saved``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from . import _dates, _json
from ._catalog import Catalog, Migrated
from ._errors import LinkError
from ._model import Questionnaire
from ._saved import Entry, read_entry
from ._text import quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

#: The ``type`` field of an export file.
EXPORT_TYPE: Final = "grip-op-uitbesteding/antwoorden"
FORMAT: Final = 1
#: No export of seven questionnaires comes near this; a larger file is refused before it is read.
MAX_BYTES: Final = 1024 * 1024
NOT_AN_EXPORT: Final = "Dit bestand is geen export van de zelftests van Grip op uitbesteding."
TOO_LARGE: Final = "Dit bestand is groter dan 1 MB en kan geen export van de zelftests zijn."


@dataclass(frozen=True)
class Read:
    """What an export holds: per questionnaire this site can read, its answers mapped onto the current version
    and its entry as read (answers on their own version, readable history, measurements set aside and why);
    and why each questionnaire it could not read was skipped (Dutch sentences)."""

    found: list[tuple[Questionnaire, Migrated, Entry]]
    skipped: list[str]
    #: The questionnaires whose answers of an older version were kept whole as a measurement.
    measured: frozenset[str] = frozenset()


def read(catalog: Catalog, text: object, now: str = "") -> Read:
    """Every questionnaire in an export that this site knows, in a version it knows, with answers it can read;
    the others are skipped and named. Answers of an older version are kept whole as a measurement (dated when
    the file says they were saved or exported, else ``now``) before they are carried onto the current version.
    ``LinkError`` when the file is no export, or holds nothing this site can read."""
    if not isinstance(text, str):
        raise LinkError(NOT_AN_EXPORT)
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise LinkError(TOO_LARGE)
    try:
        data = _json.loads(text)
    except ValueError:
        raise LinkError(NOT_AN_EXPORT) from None
    if (not isinstance(data, dict) or data.get("type") != EXPORT_TYPE
            or not isinstance(data.get("questionnaires"), dict) or not isinstance(data.get("exported", ""), str)):
        raise LinkError(NOT_AN_EXPORT)
    if type(data.get("format", FORMAT)) is not int or data.get("format", FORMAT) != FORMAT:
        raise LinkError("Dit bestand is gemaakt met een andere versie van de site en kan hier niet worden gelezen.")
    found, skipped, measured = [], [], set()
    for qid, raw in data["questionnaires"].items():
        if qid not in catalog.questionnaires:
            skipped.append(f"{quote(qid)} is overgeslagen: die vragenlijst kent deze site niet.")
            continue
        q = catalog.get(qid)
        try:
            if not isinstance(raw, dict) or not isinstance(raw.get("answers"), dict):
                raise LinkError(f"De antwoorden voor '{q.title}' in dit bestand zijn beschadigd.")
            entry = read_entry(catalog, q, raw)
        except LinkError as error:
            skipped.append(f"'{q.title}' is overgeslagen: {error}")
            continue
        date = next((d for d in (raw.get("saved"), data.get("exported"), now) if _dates.moment(d) is not None), "")
        migrated = catalog.migrate(q, entry.version, entry.answers)
        if migrated.from_version != q.version and date and entry.measure(_dates.iso(_dates.moment(date))):
            measured.add(q.id)  # the file's answers of an older version, kept whole as a measurement
        found.append((q, migrated, entry))
    if not found:
        raise LinkError(" ".join(["Uit dit bestand kon niets worden geïmporteerd.", *skipped])
                        if skipped else "Dit bestand bevat geen antwoorden.")
    return Read(found, skipped, frozenset(measured))


def imported(catalog: Catalog, text: object, now: str) -> dict[str, Any]:
    """The op ``import``: per questionnaire in the file, its answers mapped onto the current version (as
    ``Migrated.to_dict``), its ``history`` and the measurements set aside (``unreadable``), and the file's
    ``about``, ``targets`` and ``plan`` (cleaned), for the op ``entry`` with action ``import``; ``skipped``: why
    each questionnaire that could not be read was left out, and ``notice`` all of that in one text."""
    from ._saved import skipped_notice

    read_ = read(catalog, text, now)
    out = {}
    for q, m, entry in read_.found:
        reply = m.to_dict(q.version)
        kept = (f" De antwoorden van versie {m.from_version} staan zoals ze waren bij de eerdere metingen."
                if q.id in read_.measured else "")
        reply["notice"] = " ".join(n for n in (reply["notice"] + kept, skipped_notice(entry.skipped)) if n)
        out[q.id] = {**reply, "history": entry.history, "unreadable": entry.unreadable}
        # who filled it in for which organisation, and the targets and plan: cleaned, when the file has them
        out[q.id].update({key: value for key, value in (("about", entry.about), ("targets", entry.targets),
                                                         ("plan", entry.plan)) if value})
    count = f"{len(out)} vragenlijst{'' if len(out) == 1 else 'en'} geïmporteerd."
    return {"questionnaires": out, "skipped": read_.skipped, "notice": " ".join([count, *read_.skipped])}


def write(entries: object, clock: _dates.Clock) -> dict[str, Any]:
    """The op ``export``: the stored ``entries`` (``{questionnaire id: entry}``, as this browser keeps them) as a
    file to download. They go in as they are, those of questionnaires this site does not know included: the file is
    the reader's copy, and ``read`` checks every field when it comes back."""
    kept = {qid: entry for qid, entry in entries.items() if isinstance(entry, dict)} \
        if isinstance(entries, dict) else {}
    text = json.dumps({"type": EXPORT_TYPE, "format": FORMAT, "exported": clock.iso, "questionnaires": kept},
                      ensure_ascii=False, indent=2)
    return {"download": {"name": f"grip-zelftest-{clock.day}.json", "type": "application/json", "text": text},
            "count": len(kept)}
