"""The consultant's dossier: shared results filed per client, kept over time, with the consultant's notes.

One JSON document, stored in the consultant's browser (and exported and imported whole)::

    {"type": DOSSIER_TYPE, "format": 1, "saved": ISO moment,
     "clients": {client key: {"name": "Gemeente Prinsenstad",         as first written; the key is its casefold
                              "notes": "...",                           the consultant's notes (several lines)
                              "results": [result, ...],                 oldest first, a set (``identity``)
                              "unreadable": [...]}}}                    results this site cannot read (yet)

A result is one questionnaire of one shared result: ``{"questionnaire": id, "date": ISO moment, "version": int,
"answers": {...}, "by": "Anna"}`` (``by`` only when known): a measurement as ``_saved`` reads it, with the
questionnaire and who filled it in. Two results are one when they have the same questionnaire, person, moment,
version and answers: filing one link twice keeps it once.

What is filed is read by the readers the team page and the viewer use: share links (``_links.decode``; pasted
lines as ``_team.parse_lines`` reads them, or a mail's text with its links), export files (``_export.read``: the
current answers and every earlier measurement in it) and exported dossiers. A result is filed under the
organisation its link names, else under the client name the consultant gives; it is dated by the link (or the
file), else by the moment it is filed. Merging two tabs' dossiers is ``_merge.save_dossier``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from . import _dates, _export, _json, _links, _team
from ._errors import LinkError
from ._saved import Unreadable, distinct, identity, measurement, union
from ._text import NAME_MAX, line, quote

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    from ._catalog import Catalog
    from ._dates import Clock

#: The ``type`` field of a dossier (stored and exported).
DOSSIER_TYPE: Final = "grip-op-uitbesteding/dossier"
FORMAT: Final = 1
#: 50 clients with 7 questionnaires measured four times stay far below this; a larger file is refused unread.
MAX_BYTES: Final = 4 * 1024 * 1024
#: The consultant's notes on one client: at most this many characters.
NOTES_MAX: Final = 10_000
NOT_A_DOSSIER: Final = "Dit bestand is geen dossier van Grip op uitbesteding."
TOO_LARGE: Final = "Dit bestand is groter dan 4 MB en kan geen dossier van Grip op uitbesteding zijn."
TEXT_TOO_LARGE: Final = "Deze tekst is groter dan 4 MB: daarin staan geen deellinks of exportbestanden van deze site."
NEWER: Final = "Dit dossier is gemaakt met een nieuwere versie van de site en kan hier niet worden gelezen."
NO_CLIENT: Final = "Kies een klant in het dossier."


def client_key(name: object) -> str:
    """The key a client is filed under: its name as one line, case folded ("" for no name)."""
    return line(name, NAME_MAX).casefold()


def result_identity(item: Any) -> str:
    """What makes two results one: the same questionnaire, person and measurement (``_saved.identity``)."""
    if not isinstance(item, dict):
        return json.dumps(item, sort_keys=True)
    return json.dumps([item.get("questionnaire"), item.get("by", ""), identity(item)])


def notes(value: object) -> str:
    """The consultant's notes: lines of printable text (tabs and other unprintable characters become spaces), the
    ends trimmed, at most ``NOTES_MAX`` characters; "" for anything that is not text."""
    if not isinstance(value, str):
        return ""
    lines = value[: NOTES_MAX * 2].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = "\n".join(" ".join("".join(c if c.isprintable() else " " for c in part).split()) for part in lines)
    return kept.strip()[:NOTES_MAX].rstrip()


@dataclass
class Dossier:
    """A dossier, checked: per client key its name, notes, readable results (oldest first) and the others."""

    clients: dict[str, dict[str, Any]] = field(default_factory=dict)
    saved: str = ""
    #: Why results could not be read this time (Dutch, for a notice).
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": DOSSIER_TYPE, "format": FORMAT, "clients": self.clients}
        if self.saved:
            out["saved"] = self.saved
        return out

    def client(self, key: object) -> dict[str, Any]:
        """The client filed under ``key`` (``LinkError`` when there is none)."""
        if not isinstance(key, str) or key not in self.clients:
            raise LinkError(NO_CLIENT)
        return self.clients[key]


def empty() -> Dossier:
    return Dossier()


def newer(raw: object) -> bool:
    """A dossier written by a newer version of the site (a tab of a later build)."""
    version = raw.get("format") if isinstance(raw, dict) else None
    return isinstance(version, int) and not isinstance(version, bool) and version > FORMAT


def read(catalog: Catalog, raw: object) -> Dossier:
    """A stored, exported or imported dossier, checked field by field; ``None`` is an empty one. ``LinkError``
    (Dutch) when it is no dossier at all. A client without a name is left out; a result that cannot be read
    (an unknown questionnaire or version, a damaged date) is kept aside in the client's ``unreadable``, where
    every later read tries it again."""
    if raw is None:
        return empty()
    if not isinstance(raw, dict) or raw.get("type") != DOSSIER_TYPE or not isinstance(raw.get("clients"), dict):
        raise LinkError(NOT_A_DOSSIER)
    if newer(raw):
        raise LinkError(NEWER)
    if raw.get("format", FORMAT) != FORMAT or isinstance(raw.get("format"), bool):
        raise LinkError(NOT_A_DOSSIER)
    out = Dossier(saved=_moment(raw.get("saved")))
    for given, client in raw["clients"].items():
        name = line(client.get("name"), NAME_MAX) if isinstance(client, dict) else ""
        key = client_key(name)
        if not key:
            out.skipped.append(f"Een klant zonder naam ({quote(given)}) is overgeslagen.")
            continue
        results, unreadable, why = _results(catalog, client.get("results"), client.get("unreadable"))
        out.skipped.extend(f"{name}: {reason}" for reason in why)
        read_client = {"name": name, "notes": notes(client.get("notes")), "results": results,
                       "unreadable": unreadable}
        out.clients[key] = join(out.clients.get(key), read_client)
    return out


def join(stored: dict[str, Any] | None, other: dict[str, Any]) -> dict[str, Any]:
    """Two copies of one client as one: every result of both (as a set); the name and notes of ``stored`` when
    it has them."""
    if stored is None:
        return _tidy(other)
    return _tidy({"name": stored["name"] or other["name"], "notes": stored.get("notes") or other.get("notes", ""),
                  "results": [*stored["results"], *other["results"]],
                  "unreadable": [*stored.get("unreadable", []), *other.get("unreadable", [])]})


def _tidy(client: dict[str, Any]) -> dict[str, Any]:
    """A client as stored: results as a set, oldest first; empty fields left out."""
    out = {"name": client["name"], "results": union(client["results"], key=result_identity)}
    if client.get("notes"):
        out["notes"] = client["notes"]
    unreadable = distinct(client.get("unreadable", []))
    if unreadable:
        out["unreadable"] = unreadable
    return out


def _results(catalog: Catalog, items: object, aside: object) -> tuple[list[dict], list[Any], list[str]]:
    """The readable results, those that are not (as they were) and why; those kept aside earlier are tried again
    (their reason was reported when they were first set aside)."""
    good: list[dict] = []
    bad: list[Any] = []
    why: list[str] = []
    for items_, report in ((items, True), (aside, False)):
        for item in items_ if isinstance(items_, list) else []:
            try:
                good.append(result(catalog, item))
            except Unreadable as reason:
                bad.append(item)
                if report:
                    why.append(f"een meting kon niet worden gelezen ({reason}) en is apart bewaard.")
    return good, bad, why


def result(catalog: Catalog, item: object) -> dict[str, Any]:
    """One result, checked (``Unreadable`` says why not): a measurement (``_saved.measurement``) of a questionnaire
    this site knows, dated by a moment, with who filled it in when known."""
    if not isinstance(item, dict) or not isinstance(item.get("questionnaire"), str):
        raise Unreadable("onleesbaar")
    if item["questionnaire"] not in catalog.questionnaires:
        raise Unreadable(f"vragenlijst {quote(item['questionnaire'])} onbekend")
    q = catalog.get(item["questionnaire"])
    found = measurement(catalog, q, item)
    found.pop("targets", None)
    by = line(item.get("by"), NAME_MAX)
    date = _moment(found["date"]) or found["date"]
    return {"questionnaire": q.id, "date": date, "version": found["version"], "answers": found["answers"],
            **({"by": by} if by else {})}


def _moment(value: object) -> str:
    found = _dates.moment(value)
    return "" if found is None else _dates.iso(found)


# --- filing --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One questionnaire of a shared result, before it is filed: for which organisation (when it says) and by
    whom, and the result itself (``result``, its ``date`` "" when the source does not say)."""

    organisation: str
    by: str
    result: dict[str, Any]


def found_in(catalog: Catalog, text: str, label: str = "", now: str = "") -> tuple[list[Found], list[Dossier]]:
    """What one pasted text or file holds: the results of its share links or of an export file (its current
    answers and its earlier measurements), or a whole exported dossier. ``LinkError`` (Dutch) when it holds
    neither. ``label``: who filled it in when the source does not say."""
    stripped = text.strip()
    if stripped.startswith("{"):
        if len(text) > MAX_BYTES:
            raise LinkError(TOO_LARGE)
        try:
            data = _json.loads(stripped)
        except ValueError:
            raise LinkError(_export.NOT_AN_EXPORT) from None
        if isinstance(data, dict) and data.get("type") == DOSSIER_TYPE:
            return [], [read(catalog, data)]
        return _from_export(catalog, stripped, label, now), []
    return [Found(about.get("organisation", ""), about.get("by", "") or label,
                  {"questionnaire": qid, "date": changed, "version": catalog.get(qid).version, "answers": answers})
            for qid, (answers, changed, about) in _team.read_shared(catalog, stripped).items()], []


def _from_export(catalog: Catalog, text: str, label: str, now: str) -> list[Found]:
    read_ = _export.read(catalog, text, now)
    exported = _moment(_json.loads(text).get("exported"))
    out = []
    for q, migrated, entry in read_.found:
        organisation, by = entry.about.get("organisation", ""), entry.about.get("by", "") or label
        date = entry.saved or exported
        if migrated.answers:
            out.append(Found(organisation, by, {"questionnaire": q.id, "date": date, "version": q.version,
                                                "answers": migrated.answers}))
        for m in entry.history:
            out.append(Found(organisation, by, {"questionnaire": q.id, "date": m["date"], "version": m["version"],
                                                "answers": m["answers"]}))
    return out


def pieces(text: str) -> list[tuple[str, str]]:
    """A pasted text as ``(label, link or file text)`` pairs: an export file or dossier whole; a mail's text by the
    share links in it (a link's line may begin with a list's dash and the questionnaire's name); else the lines
    as the team page reads them (``_team.parse_lines``: ``Anna: <link>``)."""
    if text.strip().startswith("{"):
        return [("", text)]
    marker = f"{_links.PARAM}="
    lines = _team.parse_lines(text)
    if marker not in text:
        return lines
    out = []
    for label, rest in lines:
        if marker not in rest:
            continue  # the mail's other lines
        link = next(word for word in rest.split() if marker in word).strip("<>()[].,;:'\"")
        out.append(("" if label.startswith(("-", "*", "•")) else label, link))
    return out


@dataclass
class Filed:
    """What filing did: the dossier after it, the client last filed under, how many results were new, and a
    Dutch report per source that was left out or that said less than it should."""

    dossier: Dossier
    client: str = ""
    added: int = 0
    known: int = 0
    reports: list[str] = field(default_factory=list)

    @property
    def notice(self) -> str:
        if not self.added and not self.known:
            head = "Er is niets opgeborgen."
        else:
            head = f"{self.added} {'meting' if self.added == 1 else 'metingen'} opgeborgen"
            head += (f" bij {self.dossier.clients[self.client]['name']}." if self.client else ".")
            if self.known:
                head += f" {self.known} {'stond' if self.known == 1 else 'stonden'} al in het dossier."
        return " ".join([head, *self.reports])


def file(catalog: Catalog, dossier: Dossier, entries: list[tuple[str, str]], client: str, clock: Clock) -> Filed:
    """File every ``(label, text)`` (a share link, an export file, a mail's text, an exported dossier) into
    ``dossier``: each result under the organisation its source names, else under ``client``. A source that cannot
    be read, or that names no organisation when no client is given, is left out and reported; nothing else is
    lost. A result without a date is dated ``clock`` (now) and reported."""
    out = Filed(dossier)
    given = line(client, NAME_MAX)
    for index, (label, text) in enumerate(entries, 1):
        single = "Het bestand" if isinstance(text, str) and text.lstrip().startswith("{") else "De link"
        name = line(label, NAME_MAX) or (f"Link {index}" if len(entries) > 1 else single)
        if not isinstance(text, str):
            out.reports.append(f"{name}: niet opgeborgen. Deze tekst is onleesbaar.")
            continue
        if len(text) > MAX_BYTES:
            out.reports.append(f"{name}: niet opgeborgen. {TEXT_TOO_LARGE}")
            continue
        try:
            found, dossiers = found_in(catalog, text, line(label, NAME_MAX), clock.iso)
        except LinkError as error:
            out.reports.append(f"{name}: niet opgeborgen. {error}")
            continue
        for other in dossiers:
            for key, theirs in other.clients.items():
                before = len(dossier.clients.get(key, {}).get("results", []))
                dossier.clients[key] = join(dossier.clients.get(key), theirs)
                grown = len(dossier.clients[key]["results"]) - before
                out.added += grown
                out.known += len(theirs["results"]) - grown
                out.client = key
            out.reports.extend(other.skipped)
        named = next((f.organisation for f in found if f.organisation), "") or given
        if found and not named:
            out.reports.append(f"{name}: niet opgeborgen. Deze link noemt geen organisatie: geef de naam van de klant "
                               "op en probeer het opnieuw.")
            continue
        undated = False
        for f in found:
            organisation = f.organisation or named
            key = client_key(organisation)
            item = {**f.result, **({"by": f.by} if f.by else {})}
            if not item["date"]:
                item["date"], undated = clock.iso, True
            stored = dossier.clients.get(key)
            before = len(stored["results"]) if stored else 0
            dossier.clients[key] = join(stored, {"name": organisation, "results": [result(catalog, item)]})
            grown = len(dossier.clients[key]["results"]) - before
            out.added += grown
            out.known += 1 - grown
            out.client = key
        if undated:
            out.reports.append(f"{name} draagt geen datum: opgeborgen met de datum van vandaag.")
    return out


# --- the consultant's changes and the file -------------------------------------------------------------------


def set_notes(dossier: Dossier, key: object, text: object) -> None:
    client = dossier.client(key)
    if not isinstance(text, str):
        raise LinkError("De notities zijn onleesbaar.")
    kept = notes(text)
    if kept:
        client["notes"] = kept
    else:
        client.pop("notes", None)


def remove(dossier: Dossier, key: object) -> str:
    """Take a client out of the dossier; the Dutch notice says who."""
    name = dossier.client(key)["name"]
    del dossier.clients[key]
    return f"{name} is uit het dossier verwijderd, met alle metingen en notities."


def export(dossier: Dossier, clock: Clock) -> dict[str, str]:
    """The whole dossier as one file to download (what ``load`` reads back)."""
    text = json.dumps({**dossier.to_dict(), "exported": clock.iso}, ensure_ascii=False, indent=1)
    return {"name": f"grip-dossier-{clock.day}.json", "type": "application/json", "text": text}


def load(catalog: Catalog, text: object) -> Dossier:
    """An exported dossier, checked like an export of answers: refused unread when it is too large, no JSON or too
    deeply nested; each result checked (see ``read``)."""
    if not isinstance(text, str):
        raise LinkError(NOT_A_DOSSIER)
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise LinkError(TOO_LARGE)
    try:
        data = _json.loads(text)
    except ValueError:
        raise LinkError(NOT_A_DOSSIER) from None
    return read(catalog, data)
