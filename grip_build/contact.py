"""Where readers send their question (Q&A Tuesday): the address and the site's owner from ``extra`` in
``mkdocs.yml``, checked for a public build and shown where a page asks for it with ``<!-- grip:contact -->``."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

MARKER = "<!-- grip:contact -->"
PLACEHOLDER = ".example"  # a reserved domain: fine for make serve, make test and make preview
LOCAL = {"127.0.0.1", "localhost", "::1"}


def problem(site_url: str, email: str | None) -> str | None:
    """Why this build may not go out: a public address with the placeholder contact address."""
    host = urlsplit(site_url or "").hostname
    if email and host and host not in LOCAL and email.strip().lower().endswith(PLACEHOLDER):
        return (f"site_url is the public address {site_url}, but the contact address for readers' questions is "
                f"still the placeholder {email}. Set CONTACT_EMAIL to the real address and build again.")
    return None


def block(email: str, owner: str, ask_page: str, page: str) -> str:
    """The Markdown that replaces the marker on ``page`` (a docs path): the address, the form, the owner."""
    form = posixpath.relpath(ask_page, posixpath.dirname(page) or ".")
    return (
        '!!! question "Stel je vraag"\n\n'
        f"    Mail je vraag naar [{email}](mailto:{email}), of gebruik [Stel je vraag]({form}): dat opent je "
        "mailprogramma met een opzet voor je bericht, en als je wilt met de deellinks van de zelftests die je "
        "hebt ingevuld. Een consultant beantwoordt een selectie van de vragen op dinsdag, anoniem en ingekort.\n\n"
        f"    Deze site is van {owner}.\n"
    )
