"""Export files: the answers a reader saved, as the page writes them. Read back without trusting them."""

from __future__ import annotations

import json

from ._catalog import Catalog, Migrated
from ._errors import LinkError
from ._model import Questionnaire
from ._score import normalize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: The ``type`` field of an export file.
EXPORT_TYPE = "grip-op-uitbesteding/antwoorden"
NOT_AN_EXPORT = "Dit bestand is geen export van de zelftests van Grip op uitbesteding."


def read(catalog: Catalog, text: str) -> list[tuple[Questionnaire, Migrated, dict[str, Any]]]:
    """Every questionnaire in an export, its answers mapped onto the current version, and its raw entry."""
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        raise LinkError(NOT_AN_EXPORT) from None
    if not isinstance(data, dict) or data.get("type") != EXPORT_TYPE or not isinstance(data.get("questionnaires"), dict):
        raise LinkError(NOT_AN_EXPORT)
    out = []
    for qid, entry in data["questionnaires"].items():
        if not isinstance(entry, dict) or not isinstance(entry.get("answers"), dict):
            raise LinkError(f"De antwoorden voor '{qid}' in dit bestand zijn beschadigd.")
        q = catalog.get(str(qid))
        try:
            version = int(entry.get("version", q.version))
        except (TypeError, ValueError):
            raise LinkError(f"De versie van '{q.title}' in dit bestand is onleesbaar.") from None
        migrated = catalog.migrate(q, version, entry["answers"])
        normalize(q, migrated.answers)  # refuses anything outside the answer scale, in Dutch
        out.append((q, migrated, entry))
    if not out:
        raise LinkError("Dit bestand bevat geen antwoorden.")
    return out
