"""The ops ``dossier`` and ``draft``: what the dossier page asks (see ``api``). Each action reads the dossier as
stored (``dossier``), checked by ``_dossier.read``; one that changes it answers with the ``dossier`` to save (the
page saves it with op ``save``, ``dossier: true``, that same stored dossier as ``base``) and a Dutch ``notice``."""

from __future__ import annotations

from . import _dates, _dossier
from ._dossier_view import client_html, client_view, clients, overview_html
from ._errors import LinkError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from ._catalog import Catalog
    from ._html import Href

ACTIONS = ("view", "file", "notes", "remove", "export", "import")


def act(catalog: Catalog, message: Mapping[str, Any], clock: Callable[[], _dates.Clock], href: Href) -> dict[str, Any]:
    """``{op: "dossier", action, dossier, ...}`` per action:

    - ``view``: ``client?``, ``offset`` -> ``clients`` [{key, name, count}], ``html`` (the list), ``client_html``
      ("" without ``client``), ``notes`` (the client's), ``notice`` (results that could not be read)
    - ``file``: ``text`` (pasted links, a mail's text, a file's text), ``client?`` (the name for a link that names no
      organisation), ``now``, ``offset`` -> ``dossier``, ``client`` (the key filed under last), ``added``, ``notice``
    - ``notes``: ``client``, ``notes`` -> ``dossier``, ``notice``
    - ``remove``: ``client`` -> ``dossier``, ``notice``
    - ``export``: ``now``, ``offset`` -> ``download`` {name, type, text}
    - ``import``: ``text`` (an exported dossier) -> ``dossier`` (to save with no ``base``: joined with what is
      stored), ``notice``
    """
    action = message.get("action")
    if action not in ACTIONS:
        raise LinkError("Deze handeling met het dossier kent de rekenmodule niet.")
    if action == "import":
        read = _dossier.load(catalog, message.get("text"))
        count = len(read.clients)
        notice = f"{count} {'klant' if count == 1 else 'klanten'} ingelezen."
        return {"dossier": read.to_dict(), "notice": " ".join([notice, *read.skipped])}
    dossier = _dossier.read(catalog, message.get("dossier"))
    if action == "view":
        offset = _dates.zone(message.get("offset"))
        key = message.get("client")
        found = key if isinstance(key, str) and key in dossier.clients else ""
        return {"clients": clients(dossier), "html": overview_html(dossier, offset),
                "client_html": client_html(client_view(catalog, dossier, found), href, offset) if found else "",
                "notes": dossier.clients[found].get("notes", "") if found else "",
                "notice": " ".join(dossier.skipped)}
    if action == "file":
        text = message.get("text")
        if not isinstance(text, str) or not text.strip():
            raise LinkError("Plak eerst een deellink, de tekst van een e-mail of een exportbestand.")
        if len(text) > _dossier.MAX_BYTES:
            raise LinkError(_dossier.TEXT_TOO_LARGE)
        name = message.get("client")
        if name is not None and not isinstance(name, str):
            raise LinkError("De naam van de klant is onleesbaar.")
        filed = _dossier.file(catalog, dossier, _dossier.pieces(text), name or "", clock())
        return {"dossier": dossier.to_dict(), "client": filed.client, "added": filed.added, "notice": filed.notice}
    if action == "notes":
        _dossier.set_notes(dossier, message.get("client"), message.get("notes"))
        return {"dossier": dossier.to_dict(), "notice": "Je notities zijn bewaard."}
    if action == "remove":
        notice = _dossier.remove(dossier, message.get("client"))
        return {"dossier": dossier.to_dict(), "notice": notice}
    return {"download": _dossier.export(dossier, clock())}


def draft(catalog: Catalog, message: Mapping[str, Any], clock: Callable[[], _dates.Clock]) -> dict[str, Any]:
    """``{op: "draft", link?, dossier?, client?, author?, now, offset}``: a Tuesday answer (see ``_draft``) from a
    share link or export file (``link``), or from a client's newest result per questionnaire in the dossier."""
    from ._draft import draft as write
    from ._team import read_shared

    author = message.get("author")
    if author is not None and (not isinstance(author, str) or not author.replace("-", "").isalnum()
                               or not author.isascii()):
        raise LinkError("Je id als auteur bestaat uit kleine letters, cijfers en streepjes, zoals in .authors.yml.")
    link = message.get("link")
    if link is not None:
        if not isinstance(link, str):
            raise LinkError("De link is onleesbaar.")
        if len(link) > _dossier.MAX_BYTES:
            raise LinkError(_dossier.TEXT_TOO_LARGE)
        shared = read_shared(catalog, link)
    else:
        dossier = _dossier.read(catalog, message.get("dossier"))
        view = client_view(catalog, dossier, message.get("client"))  # refuses a client not in the dossier
        shared = {m.result.questionnaire.id: (m.result.answers, m.date, {}) for m in view.latest}
    now = clock()
    return {"download": write(catalog, shared, now, (author or "").lower(), now.offset),
            "notice": "Het conceptantwoord staat in het bestand. Zet het in docs/vraag-en-antwoord/posts/ en vul "
                      "de vraag en je antwoord in."}
