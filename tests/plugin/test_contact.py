"""Where readers send a question: the address in mkdocs.yml, refused as a placeholder on a public build."""

from __future__ import annotations

import pytest

from grip_build import contact

from ..conftest import build_site
from .test_build import example  # noqa: F401 - the example site fixture


@pytest.mark.parametrize(("site_url", "email", "refused"), [
    ("http://127.0.0.1:8000/", "vragen@grip-op-uitbesteding.example", False),  # make serve / test / preview
    ("http://localhost:8001/grip/", "vragen@grip-op-uitbesteding.example", False),
    ("https://example.org/grip/", "vragen@grip-op-uitbesteding.example", True),
    ("https://example.org/grip/", "vragen@organisatie.nl", False),
])
def test_a_public_build_refuses_the_placeholder_address(site_url, email, refused):
    assert bool(contact.problem(site_url, email)) == refused


def test_the_contact_block_links_the_form_relative_to_the_page():
    text = contact.block("vragen@organisatie.nl", "de redactie", "vraag-en-antwoord/stel-je-vraag.md", "over.md")
    assert "[vragen@organisatie.nl](mailto:vragen@organisatie.nl)" in text
    assert "(vraag-en-antwoord/stel-je-vraag.md)" in text and "de redactie" in text
    nested = contact.block("a@b.nl", "x", "vraag-en-antwoord/stel-je-vraag.md", "vraag-en-antwoord/index.md")
    assert "(stel-je-vraag.md)" in nested


def test_the_build_stops_with_a_clear_message_until_contact_email_is_set(example):  # noqa: F811
    config = example / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "plugins:", 'site_url: !ENV [SITE_URL, "http://127.0.0.1:8000/"]\n'
                   'extra:\n  contact_email: !ENV [CONTACT_EMAIL, "vragen@site.example"]\nplugins:', 1))
    refused = build_site(config, example / "site", SITE_URL="https://example.org/")
    assert refused.returncode != 0
    assert "still the placeholder vragen@site.example. Set CONTACT_EMAIL" in refused.stderr
    built = build_site(config, example / "site", SITE_URL="https://example.org/", CONTACT_EMAIL="vragen@org.nl")
    assert built.returncode == 0, built.stderr
