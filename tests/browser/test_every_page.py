"""Every page: nothing fetched from elsewhere, no CSP violation; axe on the pages readers use most;
and how the pages look at laptop and phone width (screenshots kept in build/screenshots)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ..conftest import ROOT
from .test_experience import MIX, answer, level_of
from .watch import watch

pytestmark = pytest.mark.browser
SHOTS = ROOT / "build" / "screenshots"  # pytest-playwright empties test-results/ at each run


def site_pages(built_site):
    return sorted(p.relative_to(built_site).parent.as_posix() + "/" for p in built_site.rglob("index.html")
                  if "assets" not in p.parts)


def test_every_page_loads_only_from_the_site_without_csp_violations(browser, site_url, built_site):
    context = browser.new_context()
    seen = watch(context, site_url)
    page = context.new_page()
    checked = []
    for path in site_pages(built_site):
        path = "" if path == "./" else path
        page.goto(site_url + path, wait_until="load")
        assert seen.csp_violations(page) == [], path
        checked.append(path)
    assert len(checked) > 50
    assert seen.foreign() == []
    assert not [m for m in seen.console_errors if "Content Security Policy" in m]
    context.close()


@pytest.mark.parametrize("path", ["praktijken/ketenkaart/", "casussen/falende-bpo/", "begrippen/", "rollen/regisseur/"])
def test_a_content_page_loads_no_python_and_nothing_it_does_not_need(context, site_url, path):
    seen = watch(context, site_url)
    page = context.new_page()
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    names = [url.removeprefix(site_url).split("?")[0] for url in seen.requests]
    assert not [n for n in names if n.startswith(("assets/pyodide/", "assets/python/"))], names
    # offline.js (the service worker) and search-index.js (the search index waits until search opens)
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("assets/zelftest/")) == [
        "offline.js", "search-index.js"], names
    assert "search/search_index.json" not in names  # fetched when the reader opens the search
    assert "sitemap.xml" not in names  # Material fetches it for rel="alternate" links: none here
    assert not [n for n in names if "palette" in n]  # Material's default colours need no extra stylesheet


def axe_violations(page) -> str:
    results = Axe().run(page)
    return results.generate_report() if results.violations_count else ""


@pytest.mark.parametrize("path", ["", "casussen/falende-bpo/", "praktijken/ketenkaart/", "vraag-en-antwoord/",
                                  "vraag-en-antwoord/grip-op-uitbesteed-proces/", "zelftest/", "begrippen/"])
def test_axe_finds_no_violations(page, site_url, path):
    page.goto(site_url + path)
    assert axe_violations(page) == ""


def test_axe_finds_no_violations_on_a_questionnaire_before_and_after_answering(page, site_url):
    page.goto(site_url + "zelftest/demand-management/")
    assert axe_violations(page) == ""
    answer(page, MIX)
    level_of(page)
    page.locator(".zt-why > summary").click()
    page.locator("[data-zt-plan-click*='\"add\"']:not([disabled]):visible").first.click()  # a plan, with its fields
    expect(page.locator("[data-zt-plan-item]")).to_have_count(1, timeout=90_000)
    page.locator(".zt-route-themes > summary").click()
    assert axe_violations(page) == ""
    page.goto(site_url + "zelftest/")
    expect(page.locator("[data-zt-roles-result] svg.zt-bars")).to_have_count(1, timeout=90_000)  # one role: bars
    assert axe_violations(page) == ""


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_pages_fit_the_screen_and_are_kept_as_screenshots(browser, site_url, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    for name, path in [("home", ""), ("casus", "casussen/falende-bpo/"), ("praktijk", "praktijken/ketenkaart/"),
                       ("vraag", "vraag-en-antwoord/grip-op-uitbesteed-proces/"), ("zelftest", "zelftest/"),
                       ("vragenlijst", "zelftest/demand-management/")]:
        page.goto(site_url + path)
        if name == "vragenlijst":
            answer(page, MIX)
            level_of(page)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} is {overflow}px wider than a {width}px screen"
        page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=name != "vragenlijst")
    context.close()


def test_abbreviations_show_as_tooltips(page, site_url):
    page.goto(site_url + "casussen/falende-bpo/")
    abbr = page.locator("article abbr", has_text="BPO").first
    abbr.hover()
    tooltip = page.locator(".md-tooltip2--active")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("Business process outsourcing")


@pytest.mark.parametrize(("query", "expected"), [
    ("watermeloeneffect", "praktijken/xla-en-watermeloen/"),  # a word from a practice
    ("leveranciers", "praktijken/ketenkaart/"),  # Dutch stemming: plural finds the pages
    ("Prinsenstad", "casussen/falende-bpo/"),  # a name from a case
    ("lijnmanager", "zelftest/demand-management/"),  # a generated questionnaire page (a word only it has)
])
def test_dutch_search_finds_words_from_pages(page, site_url, query, expected):
    page.goto(site_url)
    box = page.get_by_role("textbox", name="Zoeken")
    box.click()
    # a query typed while Material is still building its index ("Zoeken initialiseren") is lost
    expect(page.locator(".md-search-result__meta")).to_have_text("Typ om te beginnen met zoeken", timeout=30_000)
    box.press_sequentially(query)  # Material searches on key events, not on a programmatic fill
    links = page.locator(".md-search-result__link")
    expect(links.first).to_be_visible(timeout=30_000)
    hrefs = [h.split("?")[0].split("#")[0] for h in links.evaluate_all("els => els.map(e => e.href)")]
    assert any(h.endswith(expected) for h in hrefs), hrefs[:10]
