"""The one JSON-in/JSON-out door for the browser worker (and anything else that speaks JSON).

``load(bundle)`` once with the site's questionnaires, then ``handle(request)`` per message. Neither
raises: a problem comes back as ``{"ok": false, "error": "<Dutch message for the reader>"}``.
"""

from __future__ import annotations

import json

from . import _links, _report
from ._catalog import Catalog
from ._errors import LinkError
from ._model import Questionnaire
from ._render import result_html
from ._score import score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_state: dict[str, Any] = {"catalog": None, "pages": {}}

_FAILED = "Er ging iets mis bij het berekenen. Je antwoorden zijn bewaard; laad de pagina opnieuw."


def load(bundle: str) -> str:
    """Take the bundle the build wrote: ``{"questionnaires": [...], "history": {...}, "pages": {...}}``."""
    data = json.loads(bundle)
    questionnaires = [Questionnaire.from_dict(q) for q in data["questionnaires"]]
    _state["catalog"] = Catalog.of(questionnaires, data.get("history", {}))
    _state["pages"] = data.get("pages", {})
    return json.dumps({"ok": True, "questionnaires": [q.id for q in questionnaires]})


def handle(request: str) -> str:
    try:
        message = json.loads(request)
        op = _OPS[message["op"]]
        return json.dumps({"ok": True, **op(_state["catalog"], message)}, ensure_ascii=False)
    except LinkError as error:
        return json.dumps({"ok": False, "error": str(error)}, ensure_ascii=False)
    except Exception as error:  # noqa: BLE001 - the page must get an answer, never a trace
        return json.dumps({"ok": False, "error": _FAILED, "detail": f"{type(error).__name__}: {error}"})


def href_for(pages: dict[str, str], base: str):
    def href(link: str) -> str:
        path, _, anchor = link.partition("#")
        return base + pages.get(path, path) + (f"#{anchor}" if anchor else "")
    return href


def _score(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    q = catalog.get(message["questionnaire"])
    result = score(q, message.get("answers") or {})
    href = href_for(_state["pages"], message.get("base", ""))
    return {
        "level": result.overall.level,
        "status": _report.level_text(result),
        "html": result_html(result, href),
        "result": _report.to_dict(result),
    }


def _encode(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    return {"link": _links.encode(catalog, message["answers"])}


def _decode(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    decoded = _links.decode(catalog, message["link"])
    return {"questionnaires": {qid: _migrated(catalog.get(qid), m) for qid, m in decoded.items()}}


def _migrate(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    q = catalog.get(message["questionnaire"])
    return _migrated(q, catalog.migrate(q, int(message["version"]), message.get("answers") or {}))


def _migrated(q: Questionnaire, m) -> dict[str, Any]:
    notice = ""
    if m.from_version != q.version:
        notice = f"Deze antwoorden zijn gegeven bij versie {m.from_version}; de vragenlijst is nu versie {q.version}."
        if m.removed:
            notice += f" Vervallen stellingen: {', '.join(m.removed)} (die antwoorden tellen niet meer mee)."
        if m.added:
            notice += f" Nieuwe stellingen: {', '.join(m.added)}."
    return {"answers": m.answers, "version": q.version, "from_version": m.from_version,
            "removed": list(m.removed), "added": list(m.added), "notice": notice}


_OPS = {"score": _score, "encode": _encode, "decode": _decode, "migrate": _migrate}
