"""Export files: the answers a reader saved, as the page writes them. Read back without trusting them.

``{"type": EXPORT_TYPE, "format": 1, "exported": ISO time, "questionnaires": {id: stored entry}}``: every
field is checked, the earlier measurements one by one (see ``_saved``).
"""

from __future__ import annotations

from . import _dates, _json
from ._catalog import Catalog, Migrated
from ._errors import LinkError
from ._model import Questionnaire
from ._saved import Entry, read_entry

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


def read(catalog: Catalog, text: object, now: str = "") -> list[tuple[Questionnaire, Migrated, Entry]]:
    """Every questionnaire in an export: its answers checked and mapped onto the current version, and its
    entry as read (answers on their own version, readable history, measurements set aside and why). Answers
    the current version no longer asks are kept whole as a measurement, dated when the file says they were
    saved or exported, else ``now``."""
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
    out = []
    for qid, raw in data["questionnaires"].items():
        q = catalog.get(qid)
        if not isinstance(raw, dict) or not isinstance(raw.get("answers"), dict):
            raise LinkError(f"De antwoorden voor '{q.title}' in dit bestand zijn beschadigd.")
        entry = read_entry(catalog, q, raw)
        migrated = catalog.migrate(q, entry.version, entry.answers)
        date = next((d for d in (raw.get("saved"), data.get("exported"), now) if _dates.moment(d) is not None), "")
        if migrated.removed and date:  # answers the current version no longer asks: kept whole, as a measurement
            entry.measure(_dates.iso(_dates.moment(date)))
        out.append((q, migrated, entry))
    if not out:
        raise LinkError("Dit bestand bevat geen antwoorden.")
    return out


def imported(catalog: Catalog, text: object, now: str) -> dict[str, Any]:
    """The op ``import``: per questionnaire in the file, its answers mapped onto the current version (as
    ``Migrated.to_dict``), its ``history`` and the measurements set aside (``unreadable``), and the file's
    ``about``, ``targets`` and ``plan`` (cleaned), for the op ``entry`` with action ``import``."""
    from . import _saved
    from ._plan import clean_plan, clean_targets

    out = {}
    for q, m, entry in read(catalog, text, now):
        reply = m.to_dict(q.version)
        reply["notice"] = " ".join(n for n in (reply["notice"], _saved.skipped_notice(entry.skipped)) if n)
        out[q.id] = {**reply, "history": entry.history, "unreadable": entry.unreadable}
        if _saved.about(entry.extra.get("about")):  # who filled it in, for which organisation
            out[q.id]["about"] = _saved.about(entry.extra["about"])
        if "targets" in entry.extra or "plan" in entry.extra:  # the reader's targets and plan, cleaned
            out[q.id].update(targets=clean_targets(q, entry.extra.get("targets")),
                             plan=clean_plan(entry.extra.get("plan")))
    return {"questionnaires": out}
