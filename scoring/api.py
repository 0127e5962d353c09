"""The one JSON-in/JSON-out door for the browser worker (and anything else that speaks JSON).

``load(bundle)`` once with the site's questionnaires (or ``warm(bundle)``, which also scores once), then
``handle(request)`` per message, which never raises: a problem comes back as
``{"ok": false, "error": "<Dutch message for the reader>"}``.
"""

from __future__ import annotations

import json

from . import _dates, _json, _links, _report
from ._catalog import Catalog
from ._errors import LinkError
from ._model import Questionnaire
from ._render import result_html
from ._render_history import history
from ._render_views import team_html
from ._score import score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_state: dict[str, Any] = {"catalog": None, "pages": {}, "section": "zelftest", "templates": {}}

_FAILED = "Er ging iets mis bij het berekenen. Je antwoorden zijn bewaard; laad de pagina opnieuw."


def load(bundle: str) -> str:
    """Take the bundle the build wrote: ``{"questionnaires": [...], "history": {...}, "pages": {...}}``
    and ``"templates"``: ``{recommendation id: [{"title", "url"}]}``, the downloads it offers."""
    data = json.loads(bundle)
    questionnaires = [Questionnaire.from_dict(q) for q in data["questionnaires"]]
    _state["catalog"] = Catalog.of(questionnaires, data.get("history", {}))
    _state["pages"] = data.get("pages", {})
    _state["section"] = data.get("section", "zelftest")
    _state["templates"] = data.get("templates", {})
    return json.dumps({"ok": True, "questionnaires": [q.id for q in questionnaires]})


def warm(bundle: str) -> None:
    """``load(bundle)`` and make the requests a questionnaire page makes first (its score, its earlier
    measurements) once. The browser takes its memory snapshot of Python right after this, so a restored Python
    has every module and cache those use already in memory: the page's first score then skips compiling them
    (about 0.3 s in Pyodide on a laptop)."""
    load(bundle)
    first = json.loads(bundle)["questionnaires"][0]
    now = "2026-01-01T00:00:00.000Z"
    handle(json.dumps({"op": "score", "questionnaire": first["id"], "answers": {}, "now": now, "offset": 60,
                       "changed": now}))
    measured = [{"date": now, "version": first["version"], "answers": {}}]
    handle(json.dumps({"op": "history", "questionnaire": first["id"], "entries": measured, "offset": 60}))


def handle(request: str) -> str:
    """Answer one request: ``{"ok": true, ...}``, or ``{"ok": false, "error": "<Dutch sentence>"}`` for
    anything else, whatever it is sent (no JSON, wrong types, junk): it never raises."""
    try:
        message = _json.loads(request)
        op = _OPS[message["op"]]
        return _reply({"ok": True, **op(_state["catalog"], message)})
    except LinkError as error:
        return _reply({"ok": False, "error": str(error)})
    except Exception as error:  # noqa: BLE001 - the page must get an answer, never a trace
        return _reply({"ok": False, "error": _FAILED, "detail": f"{type(error).__name__}: {error}"[:500]})


def _reply(reply: dict[str, Any]) -> str:
    """JSON that JavaScript reads: no NaN (that raises, and becomes an error reply), and only characters
    UTF-8 can carry (a lone surrogate echoed from the request is written escaped)."""
    text = json.dumps(reply, ensure_ascii=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(reply, allow_nan=False)
    return text


def _questionnaire(catalog: Catalog, message: dict[str, Any]) -> Questionnaire:
    qid = message.get("questionnaire")
    if not isinstance(qid, str):
        raise LinkError("Er is geen vragenlijst gekozen.")
    return catalog.get(qid)


def _clock(message: dict[str, Any]) -> _dates.Clock:
    """The reader's now (``now``, an ISO moment) and offset (``offset``, minutes east of UTC), both checked."""
    return _dates.clock(message.get("now"), message.get("offset"))


def _today(message: dict[str, Any]) -> str:
    """The reader's day in Dutch, for an op that shows it but stores nothing: "" without ``now``."""
    return "" if message.get("now") is None else _clock(message).today


def href_for(pages: dict[str, str], base: str):
    def href(link: str) -> str:
        path, _, anchor = link.partition("#")
        return base + pages.get(path, path) + (f"#{anchor}" if anchor else "")
    return href


def _score(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    q = _questionnaire(catalog, message)
    result = score(q, message.get("answers") or {})
    base = message.get("base")
    href = href_for(_state["pages"], base if isinstance(base, str) else "")
    shared = message.get("shared") is True  # the print details below: wrong types are left out by result_html
    return {
        "level": result.overall.level,
        "status": _report.status_text(result, shared),
        "html": result_html(result, href, _today(message), downloads=_state["templates"],
                            site=message.get("site"), about=message.get("about"), changed=message.get("changed"),
                            offset=_dates.zone(message.get("offset")), shared=shared, targets=message.get("targets"),
                            plan=message.get("plan")),
        "result": _report.to_dict(result),
    }


def _encode(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """``answers`` as a link; optional ``meta``: ``{questionnaire id: {"changed": ISO moment, "about":
    {"organisation", "by"}}}`` (``about`` only when the reader chose to share it). Odd meta is left out."""
    return {"link": _links.encode(catalog, message["answers"], message.get("meta"))}


def _decode(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    decoded = _links.decode(catalog, message["link"])
    return {"questionnaires": {qid: {**m.migrated.to_dict(catalog.get(qid).version), "changed": m.changed,
                                     "about": m.about} for qid, m in decoded.items()}}


def _migrate(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    q = _questionnaire(catalog, message)
    return catalog.migrate(q, int(message["version"]), message.get("answers") or {}).to_dict(q.version)


def _overview(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Per saved questionnaire its status and card, and the roles and theme questionnaires (see ``_overview``)."""
    from ._overview import overview

    return overview(catalog, message.get("saved") or {}, message.get("base", ""), _state["section"])


def _history(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Earlier measurements of one questionnaire (newest first) against the current answers."""
    return history(catalog, _questionnaire(catalog, message), message.get("entries"), message.get("answers"),
                   _dates.zone(message.get("offset")))


def _import(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Check an export file (``text``) and map its answers onto the current versions (see ``_export.imported``)."""
    from ._export import imported  # the import tools only: kept out of the first score's start-up

    return imported(catalog, message.get("text"), "" if message.get("now") is None else _clock(message).iso)


def _entry(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The next stored entry of one questionnaire after ``action`` (see ``_saved.next_entry``)."""
    from . import _saved

    q = _questionnaire(catalog, message)
    step = _saved.next_entry(catalog, q, message.get("action"), message.get("entry"), _clock(message),
                             shared=message.get("answers"), imported=message.get("imported"))
    return {"entry": step.entry, "notice": step.notice}


def _merge(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """One entry from two copies of it, ``stored`` and ``mine`` (see ``_saved.merge``)."""
    from . import _saved

    q = _questionnaire(catalog, message)
    entry, notice = _saved.merge(catalog, q, message.get("stored"), message.get("mine"), _clock(message).iso)
    return {"entry": entry, "notice": notice}


def _team_op(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Compare people: pasted ``lines`` (``[name: ]link``) and ``entries`` of ``{label, text}`` (files)."""
    from . import _team

    entries = _team.parse_lines(str(message.get("lines") or ""))
    entries += [(str(e.get("label") or ""), str(e.get("text") or "")) for e in message.get("entries") or []]
    members, reports = _team.read_members(catalog, entries)
    base = message.get("base", "")

    def href(target: str) -> str:
        qid, _, anchor = target.partition("#")
        return f"{base}{_links.page_path(_state['section'], qid)}#{anchor}"

    progress = bool(message.get("progress"))
    if len(members) < (2 if progress else 1):
        return {"html": "", "reports": reports, "count": len(members)}
    team = _team.compare(catalog, members)
    return {"html": team_html(team, href, progress), "reports": reports, "count": len(members)}


def _detail(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """A consultant's view of one shared result: every questionnaire in the link, in full, dated by the link
    (``changed``, in the reader's time: ``offset``); without a date in it, the day it is viewed (``now``)."""
    from . import _team

    href = href_for(_state["pages"], message.get("base", ""))
    text = message["link"]
    if isinstance(text, str) and not text.strip().startswith("{"):
        shared = {qid: (m.answers, m.changed, m.about) for qid, m in _links.decode(catalog, text).items()}
    else:  # an export file (or junk, which read_member refuses)
        shared = {qid: (answers, "", {}) for qid, answers in _team.read_member(catalog, text).items()}
    parts = []
    for qid, (answers, changed, about) in shared.items():
        parts.append(result_html(score(catalog.get(qid), answers), href, _today(message), detailed=True,
                                 downloads=_state["templates"], about=about, changed=changed,
                                 offset=_dates.zone(message.get("offset")), shared=True, site=message.get("site")))
    return {"html": "".join(parts)}


def _mail(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The reader's question for Q&A Tuesday as an e-mail, with share links of the questionnaires they chose."""
    from . import _mail  # only the "Stel je vraag" page needs it

    return _mail.compose(catalog, str(message.get("to") or ""), str(message.get("situation") or ""),
                         str(message.get("question") or ""), str(message.get("sector") or ""),
                         dict(message.get("saved") or {}), str(message["site"]), _state["section"])


def _route(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The shortest route to ``target`` (overall, or for ``theme``): the same dict as the CLI's JSON."""
    from . import _route as route_module  # only when a target is set

    q = _questionnaire(catalog, message)
    found = route_module.route(q, message.get("answers") or {}, message.get("target"), message.get("theme") or None)
    return route_module.to_dict(found)


def _plan_op(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """One change to the reader's targets or improvement plan, or a download of the plan (see ``_plan_actions``)."""
    from ._plan_actions import act

    return act(catalog, _questionnaire(catalog, message), message, _clock(message))


_OPS = {"team": _team_op, "mail": _mail, "detail": _detail, "score": _score, "encode": _encode, "decode": _decode,
        "migrate": _migrate, "overview": _overview, "history": _history, "import": _import, "entry": _entry,
        "merge": _merge, "route": _route, "plan": _plan_op}
