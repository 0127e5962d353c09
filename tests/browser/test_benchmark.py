"""The comparison on a result, through the production server in Chromium at a phone's and a laptop's width: a
site built with a benchmark generated from consented links shows where the reader stands; the real site (which
ships no benchmark) says there is none yet. And "Stel je vraag" writes the consent into the mailed link."""

from __future__ import annotations

import json
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from grip_build import server
from scoring import _comparison, _links, score
from scoring.__main__ import _catalog
from scoring.__main__ import main as cli

from ..conftest import ROOT, build_site
from .test_questionnaire import PYODIDE_BOOT, mixed_answers

pytestmark = pytest.mark.browser
SHOTS = ROOT / "build" / "screenshots"
CATALOG = _catalog(ROOT / "questionnaires")
LEVELS = [1, 2, 2, 3, 3, 3, 4, 4, 5, 2, 3, 4] * 2  # 24 links, 23 organisations (two mails from one sender)


def consented_mails(folder) -> list[str]:
    q = CATALOG.get("regie")
    paths = []
    for i, level in enumerate(LEVELS):
        meta = {"regie": {"changed": f"2026-{7 + i % 6:02d}-15T10:00:00Z", "consent": True,
                          "sector": "gemeente" if i % 2 else "zorg"}}
        code = _links.encode(CATALOG, {"regie": {s.id: level for s in q.statements}}, meta)
        sender = min(i, 22)  # the last two links come from one organisation: it counts once
        path = folder / f"mail-{sender}-{i}.txt"
        path.write_text(f"Mijn vraag: hoe?\n- Regie: https://example.org/zelftest/regie/#delen={code}\n")
        paths.append(str(path))
    return [p for p in paths if "mail-22-" not in p] + [str(folder / "afzender-22.txt")]


@pytest.fixture(scope="module")
def benchmarked(tmp_path_factory):
    """The real site with a benchmark made by the CLI from generated consented links, served by Caddy (the project
    linked into a folder of its own, with its git history for the feeds' dates)."""
    project = tmp_path_factory.mktemp("benchmarked")
    for name in ("docs", "questionnaires", "overrides", "includes", "sjablonen", "node_modules", ".git"):
        (project / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    mails = tmp_path_factory.mktemp("mails")
    paths = consented_mails(mails)
    (mails / "afzender-22.txt").write_text("".join((mails / f"mail-22-{i}.txt").read_text() for i in (22, 23)))
    assert cli(["benchmark", *paths, "--out", str(project / "benchmark"),
                "--questionnaires", str(ROOT / "questionnaires")]) == 0
    data = json.loads((project / "benchmark" / "regie.json").read_text())
    assert data["overall"]["alle"]["n"] == 23
    target = project / "site"
    result = build_site(project / "mkdocs.yml", target)
    assert result.returncode == 0, result.stderr
    with server.running(target) as url:
        yield url, data


def answer(page, url: str) -> dict:
    answers = mixed_answers("regie")
    page.goto(url + "zelftest/regie/")
    for sid, value in answers.items():
        page.check(f"input[name='{sid}'][value='{value}']")
    return answers


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [390, 1280])
def test_with_a_benchmark_the_result_shows_where_it_stands(browser, benchmarked, width):
    url, data = benchmarked
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    answers = answer(page, url)
    result = score(CATALOG.get("regie"), {k: v if v in ("?", "-") else int(v) for k, v in answers.items()})
    expected = _comparison.standing(data, result)
    section = page.locator("[data-zt-comparison]")
    expect(section).to_contain_text(expected[0][2], timeout=PYODIDE_BOOT)
    assert "van 23 organisaties, 2026 Q3–Q4" in expected[0][2]
    rows = section.locator("tbody tr")
    expect(rows).to_have_count(len(expected))
    for row, (title, _, sentence) in zip(rows.all(), expected, strict=True):
        expect(row).to_contain_text(title)
        expect(row).to_contain_text(sentence)
    link = section.get_by_role("link", name="Waar deze cijfers vandaan komen en wat ze niet zeggen")
    section.scroll_into_view_if_needed()
    assert fits(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SHOTS / f"vergelijking-{width}.png"))
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vergelijking met andere organisaties")
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_without_a_benchmark_the_result_says_none_is_available_yet(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    answer(page, site_url)
    section = page.locator("[data-zt-comparison]")
    expect(section).to_contain_text("Nog geen vergelijking beschikbaar", timeout=PYODIDE_BOOT)
    expect(section.locator("table")).to_have_count(0)
    section.scroll_into_view_if_needed()
    assert fits(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(SHOTS / f"vergelijking-geen-{width}.png"))
    context.close()


def test_the_consent_ticked_on_stel_je_vraag_travels_in_the_link(context, site_url):
    page = context.new_page()
    answer(page, site_url)
    expect(page.locator("[data-zt-status]")).to_contain_text("Niveau", timeout=PYODIDE_BOOT)
    page.goto(site_url + "vraag-en-antwoord/stel-je-vraag/")
    page.get_by_label("Je vraag").fill("Hoe doen andere gemeenten dit?")
    page.get_by_role("checkbox", name="Regie (ketenregie)").check()
    page.get_by_role("checkbox", name="Mijn resultaat mag anoniem meetellen in de vergelijking").check()
    page.get_by_label("Je branche in de vergelijking").select_option(label="Gemeente of gemeenschappelijke regeling")
    page.get_by_role("button", name="Zet mijn vraag in een e-mail").click(timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-ask-result]")).to_be_visible(timeout=PYODIDE_BOOT)
    body = parse_qs(urlsplit(page.get_by_role("link", name="Open in je mailprogramma").get_attribute("href")).query)
    text = body["body"][0]
    assert "Sector in de vergelijking: Gemeente of gemeenschappelijke regeling." in text
    shared = _links.decode(CATALOG, next(line for line in text.splitlines() if "#delen=" in line))["regie"]
    assert shared.consent is True and shared.sector == "gemeente" and shared.about == {}
