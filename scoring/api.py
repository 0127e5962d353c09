"""The one JSON-in/JSON-out door for the browser worker (and anything else that speaks JSON).

``load(bundle)`` once with the site's questionnaires (or ``warm(bundle)``, which also makes a page's first
requests once), then ``handle(request)`` per message, which never raises: a problem comes back as
``{"ok": false, "error": "<Dutch sentence for the reader>"}``. An exception nobody expected comes back as a
catch-all sentence with ``"detail"`` (for the console): that is a bug, and the hostile tests fail on it. Each op
below is an adapter: it checks the types of the fields it reads and hands them to the module that owns the rule.

The contract (requests are ``{"op": name, ...}``; every reply also has ``"ok": true``)
--------------------------------------------------------------------------------------

Dates. An op that shows or stores a date takes ``now``, the moment of the request as the page knows it
(``new Date().toISOString()``), and ``offset``, the reader's minutes east of UTC (``-new Date()
.getTimezoneOffset()``; absent means UTC). Python makes every date from the two (``_dates``): the reader's day,
each Dutch date, each stored moment. The page never sends a date of its own. A ``now`` that is no strict ISO
moment, or an ``offset`` that is no whole number of minutes within a day, is refused.

Stored entries (format in ``_saved``): the page writes only what ``save`` returns, inside one lock per
questionnaire (Web Locks): read what is stored, ask Python, write the reply. ``save`` with ``"changes": []``
opens the stored entry (carried onto the current version when it is older); the page calls it once Python is
ready. Every other change to answers, ``about``, targets or the plan is a change ``{"base", "mine"}``: ``base``
the entry this tab last read or wrote, ``mine`` that entry with the change made. The ops ``entry`` and ``plan``
make ``mine``: pass them the entry as stored now (read inside the lock) and save their ``entry`` with that same
entry as ``base``, so a stale tab (one opened on a share link, say) never measures or clears an old copy.

Request -> reply, per op (``?``: optional; the first five changed with issue "One owner for every rule")::

    save      questionnaire, stored (entry | null), changes [{base (entry | null), mine (entry)}], now, offset,
              others? {id: entry} (the other questionnaires' stored entries: their shared answers, see ``_shared``)
              -> entry, write (false: nothing to store, the entry is what is stored or empty), aside [entries to
                 keep as separate backup copies], notice ("" or Dutch)
    entry     questionnaire, action (measure | reset | adopt | import), entry, now, offset,
              answers? (adopt: the shared answers), imported? (import: one questionnaire of the op import)
              -> entry, notice
    plan      questionnaire, entry, action, now, offset, and per action: target {scope, value}, add {item},
              update {id, field, value}, remove {id}, export {format: csv | ics}
              -> entry, notice, download? {name, type, text} (export; the entry then as it was)
    history   questionnaire, entries [measurements], answers, offset
              -> html, count, notice (the measurements that could not be read)
    export    entries {id: entry} (as stored), now, offset  -> download {name, type, text}, count
    import    text (an export file), now? (dates a measurement when the file has no date)
              -> questionnaires {id: {answers, version, from_version, removed, added, replaced, notice,
                 history, unreadable, about?, targets?, plan?}}, skipped [Dutch sentences], notice
    score     questionnaire, answers, now?, offset?, base?, site?, about?, changed?, shared?, targets?, plan?,
              history? [measurements as stored in the entry's "history"], arrival? (true: the first score of a
              page just opened, the reader changed nothing yet)
              (now: the printout's day; offset: the moment of changed in the reader's time; history: the result
              then says what moved since the latest measurement, or, when the answers are that measurement, since
              the one before it; left out when shared)
              -> level, status, html, result, shared_line ("" unless shared: "Gedeeld resultaat van <by>
                 (<organisation>), antwoorden van <day of changed> · alleen-lezen", each part only when known)
    detail    link (a share link or the text of an export file), base?, now?, offset?, site?  -> html
    decode    link  -> questionnaires {id: {answers, version, from_version, removed, added, replaced,
                                            notice, changed, about}}
    encode    answers {id: answers}, meta? {id: {changed, about}}  -> link
    migrate   questionnaire, version (a whole number), answers (checked against that version)
              -> answers, version, from_version, removed, added, replaced, notice
    overview  saved {id: entry}, base?  -> statuses, cards, html
    team      lines?, entries? [{label, text}], base?, progress?  -> html, reports, count
    mail      to, question, situation?, sector?, saved?, site, consent? (true: the links count in the comparison),
              benchmark_sector? (a sector id of ``_sectors``)  -> to, subject, text, href
    route     questionnaire, answers, target, theme?  -> the route (``_route.to_dict``)
    dossier   action (view | file | notes | remove | export | import), dossier (as stored), ... (see
              ``_dossier_actions.act``)  -> per action: dossier (to save), clients, html, client_html, notice, download
    draft     link? | dossier + client, author?, now, offset  -> download {name, type, text} (a Tuesday answer)

The consultant's dossier is stored like an entry: ``save`` with ``dossier: true`` (no questionnaire), ``stored`` and
``changes`` as above, merges per client (``_merge.save_dossier``) -> entry (the dossier), write, aside, notice.

Answers are whole numbers 1-5, "?" or "-"; "1"-"5" and whole floats (3.0) are read as the number; anything
else is refused naming the statement (``_answers``). Versions are whole numbers only.
"""

from __future__ import annotations

import json

from . import _dates, _json, _links, _print, _report, _saved
from ._catalog import Catalog
from ._errors import LinkError
from ._model import Questionnaire
from ._render import result_html
from ._render_history import history, since
from ._render_views import team_html
from ._score import score

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

_state: dict[str, Any] = {"catalog": None, "pages": {}, "section": "zelftest", "templates": {}, "benchmarks": {}}

_FAILED = "Er ging iets mis bij het berekenen. Je antwoorden zijn bewaard; laad de pagina opnieuw."
_UNREADABLE = "Deze vraag aan de rekenmodule is onleesbaar. Je antwoorden zijn bewaard; laad de pagina opnieuw."
_UNKNOWN_OP = "Deze vraag kent de rekenmodule niet. Je antwoorden zijn bewaard; laad de pagina opnieuw."
_NOT_LOADED = "De vragenlijsten zijn nog niet geladen. Je antwoorden zijn bewaard; laad de pagina opnieuw."


def load(bundle: str) -> str:
    """Take the bundle the build wrote: ``{"questionnaires": [...], "history": {...}, "pages": {...}}``
    and ``"templates"``: ``{recommendation id: [{"title", "url"}]}``, the downloads it offers; ``"benchmarks"``
    (optional): ``{questionnaire id: benchmark file}``, the comparison a result shows (``_comparison``)."""
    data = json.loads(bundle)
    questionnaires = [Questionnaire.from_dict(q) for q in data["questionnaires"]]
    _state["catalog"] = Catalog.of(questionnaires, data.get("history", {}))
    _state["pages"] = data.get("pages", {})
    _state["section"] = data.get("section", "zelftest")
    _state["templates"] = data.get("templates", {})
    _state["benchmarks"] = data.get("benchmarks", {})  # checked by the build (``_comparison.problems``)
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
        try:
            message = _json.loads(request)
        except ValueError:
            raise LinkError(_UNREADABLE) from None
        if not isinstance(message, dict):
            raise LinkError(_UNREADABLE)
        op = _OPS.get(message["op"]) if isinstance(message.get("op"), str) else None
        if op is None:
            raise LinkError(_UNKNOWN_OP)
        if _state["catalog"] is None:
            raise LinkError(_NOT_LOADED)
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


# --- reading a request's fields ------------------------------------------------------------------------


def _field(message: dict[str, Any], name: str, kind: type, refusal: str, default: Any = None) -> Any:
    """``message[name]`` when it is of ``kind`` (absent or null: ``default``); else refused with ``refusal``."""
    value = message.get(name)
    if value is None:
        return default
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise LinkError(refusal)
    return value


def _text(message: dict[str, Any], name: str, refusal: str) -> str:
    return _field(message, name, str, refusal, "")


def _mapping(message: dict[str, Any], name: str, refusal: str) -> dict[str, Any]:
    return _field(message, name, dict, refusal, {})


def _answers(message: dict[str, Any]) -> Any:
    """The ``answers`` of a request as sent (none: ``{}``); ``normalize`` checks them, naming the questionnaire."""
    answers = message.get("answers")
    return {} if answers is None else answers


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


def _href(message: dict[str, Any]) -> Callable[[str], str]:
    """Links as the questionnaires write them (``rollen/regie.md#kop``) as addresses from the page (``base``:
    the way up to the site's root)."""
    base, pages = _text(message, "base", "Het adres van de pagina is onleesbaar."), _state["pages"]

    def href(link: str) -> str:
        path, _, anchor = link.partition("#")
        return base + pages.get(path, path) + (f"#{anchor}" if anchor else "")

    return href


def _question_href(message: dict[str, Any]) -> Callable[[str], str]:
    """Links to a statement or recommendation (``regie#rg-03``) as addresses on its questionnaire's page."""
    base, section = _text(message, "base", "Het adres van de pagina is onleesbaar."), _state["section"]

    def href(target: str) -> str:
        qid, _, anchor = target.partition("#")
        return f"{base}{_links.page_path(section, qid)}#{anchor}"

    return href


# --- the ops ------------------------------------------------------------------------------------------------


def _score(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The result of ``answers`` as HTML, with the printout's details (``site``, ``about``, ``changed``: left
    out when odd) and the reader's ``targets`` and ``plan``; ``shared`` speaks to a viewer. With ``history`` (the
    entry's measurements as stored) the result says what moved since the latest one (see
    ``_render_history.since``); a measurement that cannot be read is left out there. ``arrival``: the first score of
    a page just opened (its status line says where the reader stands, not that something changed)."""
    q = _questionnaire(catalog, message)
    result = score(q, _answers(message))
    shared = message.get("shared") is True
    offset = _dates.zone(message.get("offset"))
    history = _field(message, "history", list, "De eerdere metingen zijn onleesbaar.", [])
    found = None if shared or not history else since(catalog, q, history, result)
    return {
        "level": result.overall.level,
        "status": _report.status_text(result, shared, message.get("arrival") is True),
        "html": result_html(result, _href(message), _today(message), downloads=_state["templates"],
                            site=message.get("site"), about=message.get("about"), changed=message.get("changed"),
                            offset=offset, shared=shared, targets=message.get("targets"),
                            plan=message.get("plan"), since=found,
                            benchmark=_state["benchmarks"].get(q.id, {})),
        "result": _report.to_dict(result),
        "shared_line": _print.shared_line(message.get("about"), message.get("changed"), offset) if shared else "",
    }


def _encode(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """``answers`` (``{questionnaire id: {statement id: answer}}``) as a link; optional ``meta``:
    ``{questionnaire id: {"changed": ISO moment, "about": {"organisation", "by"}}}`` (``about`` only when the
    reader chose to share it). Odd meta is left out."""
    answers = _mapping(message, "answers", "De antwoorden zijn onleesbaar.")
    for qid, given in answers.items():
        if not isinstance(given, dict):
            raise LinkError(f"De antwoorden voor '{catalog.get(qid).title}' zijn onleesbaar.")
    return {"link": _links.encode(catalog, answers, message.get("meta"))}


def _decode(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """A share ``link`` (the whole address, its fragment or the bare code): per questionnaire its answers on the
    current version (see ``Migrated.to_dict``), ``changed`` and ``about``."""
    decoded = _links.decode(catalog, _text(message, "link", "De link is onleesbaar."))
    return {"questionnaires": {qid: {**m.migrated.to_dict(catalog.get(qid).version), "changed": m.changed,
                                     "about": m.about} for qid, m in decoded.items()}}


def _migrate(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """``answers`` given for ``version`` (checked against that version), mapped onto the current version."""
    q = _questionnaire(catalog, message)
    version = message.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise LinkError(f"De versie van de antwoorden voor '{q.title}' is onleesbaar.")
    return catalog.migrate(q, version, _saved.clean(catalog, q, version, message.get("answers"))).to_dict(q.version)


def _overview(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Per saved questionnaire its status and card, and the roles and theme questionnaires (see ``_overview``)."""
    from ._overview import overview

    return overview(catalog, _mapping(message, "saved", "De bewaarde antwoorden zijn onleesbaar."),
                    _text(message, "base", "Het adres van de pagina is onleesbaar."), _state["section"])


def _history(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Earlier measurements (``entries``) of one questionnaire, newest first, against the current ``answers``."""
    return history(catalog, _questionnaire(catalog, message), message.get("entries"),
                   _answers(message), _dates.zone(message.get("offset")))


def _import(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Check an export file (``text``) and map its answers onto the current versions (see ``_export.imported``)."""
    from ._export import imported  # the import tools only: kept out of the first score's start-up

    return imported(catalog, message.get("text"), "" if message.get("now") is None else _clock(message).iso)


def _export(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The reader's stored entries as a file (see ``_export.write``)."""
    from ._export import write

    return write(_mapping(message, "entries", "De antwoorden om te exporteren zijn onleesbaar."), _clock(message))


def _entry(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The next stored entry of one questionnaire after ``action`` (see ``_saved_actions.next_entry``)."""
    from ._saved_actions import next_entry

    q = _questionnaire(catalog, message)
    step = next_entry(catalog, q, message.get("action"), message.get("entry"), _clock(message),
                      shared=message.get("answers"), imported=message.get("imported"))
    return {"entry": step.entry, "notice": step.notice}


def _save(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The entry to store from what is ``stored`` now and this page's ``changes`` (see ``_merge``)."""
    from ._merge import save, save_dossier

    changes = _field(message, "changes", list, "De wijzigingen om te bewaren zijn onleesbaar.", [])
    if message.get("dossier") is True:
        saved = save_dossier(catalog, message.get("stored"), changes, _clock(message))
        return {"entry": saved.entry, "aside": saved.aside, "notice": saved.notice, "write": saved.write}
    q = _questionnaire(catalog, message)
    others = _field(message, "others", dict, "De antwoorden van de andere vragenlijsten zijn onleesbaar.", {})
    saved = save(catalog, q, message.get("stored"), changes, _clock(message), others)
    return {"entry": saved.entry, "aside": saved.aside, "notice": saved.notice, "write": saved.write}


def _team_op(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """Compare people: pasted ``lines`` (``[name: ]link``) and ``entries`` of ``{label, text}`` (files); with
    ``progress``, two moments of one organisation."""
    from . import _team

    people = _team.parse_lines(_text(message, "lines", "De geplakte links zijn onleesbaar."))
    for file in _field(message, "entries", list, "De gekozen bestanden zijn onleesbaar.", []):
        readable = isinstance(file, dict) and isinstance(file.get("label", ""), str)
        if not readable or not isinstance(file.get("text"), str):
            raise LinkError("De gekozen bestanden zijn onleesbaar.")
        people.append((file.get("label", ""), file["text"]))
    members, reports = _team.read_members(catalog, people)
    href = _question_href(message)
    progress = message.get("progress") is True
    if len(members) < (2 if progress else 1):
        return {"html": "", "reports": reports, "count": len(members)}
    return {"html": team_html(_team.compare(catalog, members), href, progress), "reports": reports,
            "count": len(members)}


def _detail(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """A consultant's view of one shared result (``link``: a share link or the text of an export file): every
    questionnaire in it, in full, dated by the link (``changed``, in the reader's time: ``offset``); without a
    date in it, the day it is viewed (``now``)."""
    from ._team import read_shared

    href, today, offset = _href(message), _today(message), _dates.zone(message.get("offset"))
    shared = read_shared(catalog, _text(message, "link", "De link is onleesbaar."))
    parts = [result_html(score(catalog.get(qid), answers), href, today, detailed=True, downloads=_state["templates"],
                         about=about, changed=changed, offset=offset, shared=True, site=message.get("site"))
             for qid, (answers, changed, about) in shared.items()]
    return {"html": "".join(parts)}


def _mail(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The reader's question for Q&A Tuesday as an e-mail, with share links of the questionnaires they chose."""
    from . import _mail  # only the "Stel je vraag" page needs it

    return _mail.compose(catalog, _text(message, "to", "Het adres voor vragen is onleesbaar."),
                         _text(message, "situation", "De situatie is onleesbaar."),
                         _text(message, "question", "De vraag is onleesbaar."),
                         _text(message, "sector", "De sector is onleesbaar."),
                         _mapping(message, "saved", "De bewaarde antwoorden zijn onleesbaar."),
                         _text(message, "site", "Het adres van de site is onleesbaar."), _state["section"],
                         message.get("consent") is True, _text(message, "benchmark_sector", "De sector is onleesbaar."))


def _route(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The shortest route to ``target`` (overall, or for ``theme``): the same dict as the CLI's JSON."""
    from . import _route as route_module  # only when a target is set

    q = _questionnaire(catalog, message)
    found = route_module.route(q, _answers(message), message.get("target"),
                               message.get("theme") or None)
    return route_module.to_dict(found)


def _plan_op(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """One change to the reader's targets or improvement plan, or a download of the plan (see ``_plan_actions``)."""
    from ._plan_actions import act

    return act(catalog, _questionnaire(catalog, message), message, _clock(message))


def _dossier_op(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """The consultant's dossier: view, file results, notes, remove a client, export, import (``_dossier_actions``)."""
    from ._dossier_actions import act

    return act(catalog, message, lambda: _clock(message), _question_href(message))


def _draft(catalog: Catalog, message: dict[str, Any]) -> dict[str, Any]:
    """A Tuesday answer drafted from a result, as a Markdown file (``_draft``)."""
    from ._dossier_actions import draft

    return draft(catalog, message, lambda: _clock(message))


_OPS = {"team": _team_op, "mail": _mail, "detail": _detail, "score": _score, "encode": _encode, "decode": _decode,
        "migrate": _migrate, "overview": _overview, "history": _history, "import": _import, "entry": _entry,
        "save": _save, "route": _route, "plan": _plan_op, "export": _export, "dossier": _dossier_op, "draft": _draft}
