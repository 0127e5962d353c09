"""The pages under "Over deze site" that a public body needs before it publishes: colophon, privacy and
accessibility statements, disclaimer and licence. Every page links to them from its footer, whose Material
credit is Dutch; they show the publisher from `extra` in mkdocs.yml; the home page promises only what exists;
the Q&A consultants are said to be example personas; each context page says up to when it was checked."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from ..conftest import ROOT, build_site

TRUST = {"colofon": "Colofon", "privacy": "Privacyverklaring", "toegankelijkheid": "Toegankelijkheid",
         "disclaimer": "Disclaimer", "licentie": "Licentie"}
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


class _Footer(HTMLParser):
    """The links and text inside the footer's navigation 'Voettekst: over deze site', and the footer's text."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.in_nav = False
        self.links: dict[str, str] = {}
        self.href = ""
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "footer":
            self.depth += 1
        if tag == "nav" and attrs.get("aria-label") == "Voettekst: over deze site":
            self.in_nav = True
        if tag == "a" and self.in_nav:
            self.href = attrs.get("href", "")

    def handle_endtag(self, tag):
        if tag == "footer":
            self.depth -= 1
        if tag == "nav":
            self.in_nav = False

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
        if self.in_nav and self.href and data.strip():
            self.links[data.strip()] = self.href
            self.href = ""


def footer(path: Path) -> _Footer:
    parser = _Footer()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(built_site: Path) -> list[Path]:
    return sorted(p for p in built_site.rglob("index.html") if "assets" not in p.parts) + [built_site / "404.html"]


def test_every_page_links_the_trust_pages_from_its_footer_with_a_dutch_credit(built_site):
    checked = 0
    for path in pages(built_site):
        found = footer(path)
        text = " ".join(" ".join(found.text).split())
        assert set(TRUST.values()) | {"Over deze site"} <= set(found.links), path
        assert "Gemaakt met Material for MkDocs" in text and "Made with" not in text, path
        for name, label in TRUST.items():  # each link resolves from this page to the trust page
            href = found.links[label]
            target = (path.parent / href).resolve() if not href.startswith("/") else built_site / href.lstrip("/")
            assert (target / "index.html").exists() if target.is_dir() else target.exists(), (path, href)
            assert target.resolve() == (built_site / name).resolve(), (path, href)
        checked += 1
    assert checked > 50


def _config_extra() -> dict:
    class Loader(yaml.SafeLoader):
        pass
    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])  # the default
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["extra"]


def _publisher_block(html: str) -> str:
    last_h2 = list(re.finditer(r"<h2 id=\"([^\"]+)\"", html))[-1]
    assert last_h2.group(1) == "uitgever-en-contact", "the page's last heading must be 'Uitgever en contact'"
    after = html[last_h2.start():]
    block = re.search(r"<dl class=\"grip-uitgever\" data-grip-publisher>(.*?)</dl>", after, re.S)
    assert block, "the publisher's details follow the last heading"
    return block.group(1)


@pytest.mark.parametrize("name", TRUST)
def test_a_trust_page_ends_with_the_publisher_from_mkdocs_yml(built_site, name):
    extra = _config_extra()
    block = _publisher_block((built_site / name / "index.html").read_text(encoding="utf-8"))
    assert extra["owner"] in block
    assert f'href="mailto:{extra["contact_email"]}"' in block
    assert extra["publisher"]["retention"] in block
    assert "nog niet ingevuld door de uitgever" in block  # the address is empty by default, and says so


def test_a_publisher_who_fills_in_extra_sees_it_on_every_trust_page(tmp_path):
    """The organisation that publishes sets its details (here through the environment, as with CONTACT_EMAIL)."""
    result = build_site(ROOT / "mkdocs.yml", tmp_path / "site", PUBLISHER_ADDRESS="Voorbeeldstraat 1, 1234 AB Grip",
                        PUBLISHER_PRIVACY_OFFICER="fg@gemeente-voorbeeld.example <b>vet</b>")
    assert result.returncode == 0, result.stderr
    for name in TRUST:
        block = _publisher_block((tmp_path / "site" / name / "index.html").read_text(encoding="utf-8"))
        assert "Voorbeeldstraat 1, 1234 AB Grip" in block, name
        assert "fg@gemeente-voorbeeld.example &lt;b&gt;vet&lt;/b&gt;" in block and "<b>" not in block, name  # text


def test_the_privacy_statement_names_what_the_browser_keeps_and_what_the_service_receives():
    text = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    for needed in ("`grip-zelftest:`", "`team`", "momentopname", "service worker", "deellinks",
                   "Autoriteit Persoonsgegevens", "Verwijder alles", "anoniem", "toestemming"):
        assert needed in text, needed
    # the storage keys it names are the ones the page modules use
    modules = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "overrides" / "assets" / "zelftest").glob("*.js"))
    assert "`grip-zelftest:${ROOT}`" in modules and 'TEAM_KEY = "team"' in modules


def test_the_home_page_promises_only_what_exists():
    home = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    assert "elke dinsdag" not in home.lower()
    assert "voorbeelden" in home


def test_the_example_consultants_are_said_to_be_example_personas():
    authors = yaml.safe_load((ROOT / "docs" / "vraag-en-antwoord" / ".authors.yml").read_text(encoding="utf-8"))
    personas = [a["name"] for a in authors["authors"].values() if a["description"].startswith("Voorbeeldpersonage")]
    assert personas, "no example personas found"
    colofon = (ROOT / "docs" / "colofon.md").read_text(encoding="utf-8")
    qa = (ROOT / "docs" / "vraag-en-antwoord" / "index.md").read_text(encoding="utf-8")
    for name in personas:
        assert name in colofon and name in qa, name


@pytest.mark.parametrize("path", sorted((ROOT / "docs" / "context").glob("*.md")), ids=lambda p: p.stem)
def test_each_context_page_says_up_to_when_it_was_checked(path):
    found = re.search(r"Stand per (\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})", path.read_text(encoding="utf-8"))
    assert found, f"{path.name} has no 'Stand per <datum>'"
    checked = date(int(found[3]), MONTHS.index(found[2]) + 1, int(found[1]))
    assert date(2026, 1, 1) <= checked <= date.today(), checked
