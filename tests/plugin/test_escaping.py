"""Questionnaire text is text (issue 13). Its fields are plain text (only `intro` is Markdown), MkDocs'
Jinja environment does not autoescape, and the CSP allows every inline script a page holds by its hash:
a `<script>` that a template printed raw would run. So an example site is built whose texts hold `<`,
`&`, both quotes, `<b>vet</b>` and `<script>alert(1)</script>`, and every page that prints questionnaire
data is parsed: the text nodes equal the original strings, and no element came from them."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ..conftest import ROOT
from .test_build import HISTORY, VALID, build


def nasty(label: str) -> str:
    return f"""{label} met reactietijd < 4 uur & <b>vet</b>, 'enkel' en "dubbel" <script>alert(1)</script>"""


TITLE = nasty("Titel")
SUMMARY = nasty("Samenvatting")
THEME = nasty("Thema")
STATEMENT = nasty("Stelling")
HELP = nasty("Hulp")
LEVEL = nasty("Niveau")
LEVEL_TEXT = nasty("Beschrijving")
ADVICE = nasty("Aanbeveling")
ADVICE_TEXT = nasty("Advies")
OWNER = "Eigenaar </script><script>alert(1)</script> & 'x'"  # in the JSON island: must not close it
EMAIL = 'vraag&"x"@voorbeeld.example'
CITING = "Vraag & antwoord: 3 < 4"  # a page title is HTML in MkDocs ("&amp;"): shown once, not twice escaped
Q = "zelftest/basis/index.html"
OVERVIEW = "zelftest/index.html"
ASK = "vraag-en-antwoord/stel-je-vraag/index.html"
CONSULTANT = ["zelftest/team/index.html", "zelftest/bekijk/index.html"]


def yaml(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """tests/data/valid/basis.yml with every plain-text field made hostile, a page citing it, built once."""
    root = tmp_path_factory.mktemp("escaping")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n\n## Kop\n\nTekst.\n")
    (root / "docs" / "antwoord.md").write_text(f"# {CITING}\n\n[[b-01]]\n\n[[b-r01]]\n")
    (root / "questionnaires").mkdir()
    text = VALID.read_text()
    for old, new in [
        ("title: Basistest", f"title: {yaml(TITLE)}"),
        ("summary: Een kleine vragenlijst om de regels mee te testen.", f"summary: {yaml(SUMMARY)}"),
        ("intro: Alleen voor tests.", "intro: Alleen voor **tests** & <i>meer</i>."),  # Markdown stays Markdown
        ("  - id: mandaat\n    title: Mandaat", f"  - id: mandaat\n    title: {yaml(THEME)}"),
        ("{name: Ad hoc, description: Niveau een.}", f"{{name: {yaml(LEVEL)}, description: {yaml(LEVEL_TEXT)}}}"),
        ("text: Er is een aanspreekpunt., help: Hulp.", f"text: {yaml(STATEMENT)}, help: {yaml(HELP)}"),
        ("title: Regel een aanspreekpunt\n    text: Doe het.", f"title: {yaml(ADVICE)}\n    text: {yaml(ADVICE_TEXT)}"),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (root / "questionnaires" / "basis.yml").write_text(text)
    (root / "questionnaires" / "versions.json").write_text(json.dumps(HISTORY))
    (root / "mkdocs.yml").write_text(
        "site_name: Voorbeeld\nstrict: true\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  language: nl\n  font: false\n"
        f"plugins:\n  - grip:\n      pyodide: {ROOT / 'node_modules' / 'pyodide'}\n"
        f"extra:\n  owner: {yaml(OWNER)}\n  contact_email: {yaml(EMAIL)}\n"
    )
    result, out = build(root)
    assert result.returncode == 0, result.stderr  # --strict: the questionnaire is still valid
    yield out
    shutil.rmtree(root, ignore_errors=True)


# --- a small DOM from html.parser --------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: Node | None):
        self.tag, self.attrs, self.parent, self.children = tag, attrs, parent, []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def strings(self) -> list[str]:
        """The text nodes of this element and below, in order, stripped, empty ones left out."""
        found = []
        for c in self.children:
            found += [c.strip()] if isinstance(c, str) else c.strings()
        return [s for s in found if s]

    def all(self, tag: str | None = None, **attrs: str | bool) -> list[Node]:
        """Elements below with this tag and attributes (True: present; class: one of its classes)."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}  # class_, data_zt_form
        found = []
        for c in self.children:
            if not isinstance(c, Node):
                continue
            if (tag is None or c.tag == tag) and all(_has(c, k, v) for k, v in wanted.items()):
                found.append(c)
            found += c.all(tag, **attrs)
        return found

    def one(self, tag: str | None = None, **attrs: str | bool) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, (tag, attrs, len(found))
        return found[0]


def _has(node: Node, name: str, value: str | bool) -> bool:
    if name == "class":
        return value in (node.attrs.get("class") or "").split()
    return name in node.attrs if value is True else node.attrs.get(name) == value


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {}, None)

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # a stray end tag closes nothing
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(html: str) -> Node:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree.root


def parse(site: Path, page: str) -> Node:
    return parse_html((site / page).read_text())


def leaks(root: Node) -> list[tuple[str, str]]:
    """Elements that came out of the hostile strings (<b>vet</b>, <script>alert(1)</script>), each named by
    the element around it (tag.class) and its text, which starts with the field's label."""
    found = [n for n in root.all("b") if n.text() == "vet"] + [n for n in root.all("script") if n.text() == "alert(1)"]
    return [(n.parent.tag + "".join(f".{c}" for c in (n.parent.attrs.get("class") or "").split()),
             " ".join(n.parent.text().split())) for n in found]




def pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def island(root: Node) -> dict:
    return json.loads(root.one("script", id="zt-config").text())


# --- the tests ---------------------------------------------------------------------------------------

def test_questionnaire_page_shows_every_text_as_text(site):
    page = parse(site, Q)
    assert page.one("form", data_zt_form=True).attrs["aria-label"] == TITLE
    assert page.one("h2", id="thema-mandaat").strings() == [THEME]
    statement = page.one("fieldset", id="b-01")
    assert statement.one("span", class_="zt-text").strings() == [STATEMENT]
    assert statement.one("details", id="uitleg-b-01").all("p")[0].strings() == [HELP]
    advice = page.one("div", id="b-r01")
    assert advice.one("h3").strings() == [ADVICE]
    assert advice.all("p")[0].strings() == [ADVICE_TEXT]
    for item in (statement, advice):  # "Besproken in": the citing page's title, escaped once
        assert [a.text() for a in item.all("a", href="../../antwoord/")] == [CITING]
    content = page.one("article", class_="md-content__inner")
    assert content.one("strong").text() == "tests" and content.one("i").text() == "meer"  # intro: Markdown
    assert "Alleen voor tests & meer." in " ".join(content.text().split())
    assert content.one("h1")  # Material's page.content came through super() as HTML
    assert [s for s in page.one("head").all("link", rel="stylesheet") if "zelftest.css" in s.attrs["href"]]


def test_overview_card_shows_title_and_summary_as_text(site):
    card = parse(site, OVERVIEW).one("article", data_zt_card="basis")
    assert card.one("h2").strings() == [TITLE]
    assert card.one("a").attrs["href"] == "basis" and card.one("a").strings() == [TITLE]
    assert card.all("p")[0].strings() == [SUMMARY]


def test_ask_page_shows_the_title_and_the_address_as_text(site):
    page = parse(site, ASK)
    option = page.one("input", name="zelftest")
    assert option.attrs["value"] == "basis" and option.parent.strings()[0] == TITLE
    address = page.one("a", data_zt_ask_address=True)
    assert address.attrs["href"] == f"mailto:{EMAIL}" and address.text() == EMAIL


def test_pages_citing_a_statement_show_its_texts_as_text(site):
    cards = parse(site, "antwoord/index.html").all("aside", class_="zt-cite")
    assert [c.one("p", class_="zt-cite-title").strings() for c in cards] == [[STATEMENT], [ADVICE]]
    assert [c.one("p", class_="zt-cite-kind").all("a")[0].text() for c in cards] == [TITLE, TITLE]
    assert cards[1].one("p", class_="zt-cite-text").strings() == [ADVICE_TEXT]
    rows = parse(site, "index.html").one("ul", class_="zt-backlinks").all("li")  # "Test jezelf" on a linked page
    assert rows[0].one("a").text() == STATEMENT and rows[0].one("span").text() == f"({TITLE})"
    assert ([r.one("a").text() for r in rows if r.one("a").attrs["href"].endswith("#b-r01")]
            == [f"Aanbeveling: {ADVICE}"])


@pytest.mark.parametrize("page", [Q, OVERVIEW, ASK, *CONSULTANT])
def test_json_island_parses_and_no_text_can_close_it(site, page):
    root = parse(site, page)
    config = island(root)  # html.parser ends a <script> at the first "</script": all of it must be JSON
    assert config["contact"] == {"email": EMAIL, "owner": OWNER}
    assert config["ids"] == ["basis"]
    raw = root.one("script", id="zt-config").text()
    assert "<" not in raw and "&" not in raw and "'" not in raw  # tojson: \u003c, \u0026, \u0027
    modules = [node.attrs["src"].rsplit("/", 1)[1] for node in root.all("script", type="module", src=True)]
    assert sorted(modules) == ["offline.js", "zelftest.js"]  # the page module, the offline one on every page
    classic = [node.attrs["src"].rsplit("/", 1)[1] for node in root.all("script", src=True)
               if "/zelftest/" in node.attrs["src"] and node.attrs.get("type") != "module"]
    # early.js starts Python's worker from the head; search-index.js holds Material's index back until search opens
    assert classic == ["early.js", "search-index.js"]


def test_the_questionnaire_bundle_keeps_the_texts_for_python(site):
    """The level names and descriptions are shown only in the result that Python renders (escaped there):
    the bundle it reads must hold them unchanged."""
    bundle = json.loads(next(site.glob("assets/python/vragenlijsten.*.json")).read_text())
    [q] = bundle["questionnaires"]
    assert q["title"] == TITLE and q["summary"] == SUMMARY
    assert q["levels"]["1"] == {"name": LEVEL, "description": LEVEL_TEXT}


def test_python_rendered_views_show_the_texts_as_text(site):
    """What the pages show later comes from `scoring` (the same wheel runs in the browser), fed the bundle of
    this build: the result on the questionnaire page (the only place level names and descriptions appear),
    the consultant's view (zelftest/bekijk/), the team comparison (zelftest/team/) and earlier measurements."""
    from scoring import api

    saved = dict(api._state)
    try:
        api.load(next(site.glob("assets/python/vragenlijsten.*.json")).read_text())

        def call(**message) -> dict:
            reply = json.loads(api.handle(json.dumps(message)))
            assert reply["ok"], reply
            return reply

        answers = {"b-01": 1, "b-02": 2, "b-03": 1, "b-04": 1, "b-05": 1}
        link = call(op="encode", answers={"basis": answers})["link"]
        views = {
            "score": (call(op="score", questionnaire="basis", answers=answers),
                      [TITLE, LEVEL, LEVEL_TEXT, THEME, STATEMENT, ADVICE, ADVICE_TEXT]),
            "detail": (call(op="detail", link=link), [TITLE, LEVEL, LEVEL_TEXT, THEME, STATEMENT, ADVICE, ADVICE_TEXT]),
            "team": (call(op="team", lines=f"{nasty('Anna')}: {link}\nBart: {link}"), [TITLE, THEME]),
            "history": (call(op="history", questionnaire="basis", answers=answers,
                             entries=[{"date": "2026-01-06", "version": 2, "answers": answers}]), [THEME]),
        }
    finally:
        api._state.clear()
        api._state.update(saved)
    for name, (reply, texts) in views.items():
        root = parse_html(reply["html"])
        assert leaks(root) == [], name
        strings = root.strings()
        assert [text for text in texts if not any(text in s for s in strings)] == [], name


def test_no_element_comes_from_questionnaire_text_in_our_templates(site):
    """On every page of the site, nothing turns into markup but the questionnaire's title in Material's <title>,
    header and navigation and in the page's Markdown heading (see the last test): not on the questionnaire
    page, the overview, the consultant views, the ask page or a citing page."""
    assert {Q, OVERVIEW, ASK, *CONSULTANT, "antwoord/index.html", "index.html"} <= set(pages(site))
    found = {page: leaks(parse(site, page)) for page in pages(site)}
    assert {page: leaked for page, leaked in found.items() if leaked} == {}


def test_the_questionnaire_title_is_text_in_the_navigation_header_and_heading_too(site):
    alert = "'sha256-" + base64.b64encode(hashlib.sha256(b"alert(1)").digest()).decode() + "'"
    for page in pages(site):
        root = parse(site, page)
        assert leaks(root) == [], page
        assert alert not in (site / page).read_text(), page
    assert parse(site, Q).one("h1").strings() == [TITLE]
