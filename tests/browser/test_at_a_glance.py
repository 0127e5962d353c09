"""A result a manager understands at a glance, on a phone, and can hand to the director (issue 17):
every page type fits a 390 px screen, a shared link opens on its result, dates are Dutch, the print is
director-ready, the team comparison reads at a glance and search finds statements."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from .test_consultant import CAT, REGIE
from .test_experience import MIX, QID, STATEMENTS, answer, level_of, open_page
from .test_questionnaire import PYODIDE_BOOT

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
ISO = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?")

# Everything that does not fit: the page wider than the screen, a chart label outside its chart or not 12-14 px, a table
# wider than its container. Fold-outs are opened first, so what they hide is measured too.
MISFITS = """() => {
  document.querySelectorAll('article details').forEach((d) => { d.open = true; });
  const out = [];
  const page = document.documentElement.scrollWidth;
  if (page > innerWidth) out.push(`page is ${page}px wide on a ${innerWidth}px screen`);
  for (const svg of document.querySelectorAll('article svg.zt-radar, article svg.zt-bars')) {
    if (!svg.getClientRects().length) continue;  // not shown at this width
    const box = svg.viewBox.baseVal;
    const scale = svg.getBoundingClientRect().width / box.width;
    for (const text of svg.querySelectorAll('text')) {
      const b = text.getBBox();
      if (b.x < box.x - 0.5 || b.y < box.y - 0.5
          || b.x + b.width > box.x + box.width + 0.5 || b.y + b.height > box.y + box.height + 0.5)
        out.push(`chart label "${text.textContent}" lies outside its chart`);
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < 12 || px > 14.6) out.push(`chart label "${text.textContent}" is ${px.toFixed(1)} px`);
    }
  }
  for (const table of document.querySelectorAll('article table')) {
    if (!table.getClientRects().length) continue;  // not shown
    const room = table.parentElement.getBoundingClientRect();
    const box = table.getBoundingClientRect();
    if (table.scrollWidth > table.clientWidth + 1 || box.right > room.right + 1 || box.left < room.left - 1)
      out.push(`table "${(table.caption || table.rows[0]).textContent.trim().slice(0, 50)}" does not fit`);
  }
  return out;
}"""


def team_lines():
    from scoring import encode

    # Anna's rg-02: no basis
    anna = dict(zip(REGIE, ["3", "5", "3", "3", "3", "3", "3", "3", "3", "3", "3", "3"], strict=True))
    bram = dict(zip(REGIE, ["3", "?", "3", "3", "3", "3", "3", "3", "3", "3", "3", "3"], strict=True))
    return f"Anna: {encode(CAT, {'regie': anna})}\nBram: {encode(CAT, {'regie': bram})}", anna


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


def test_every_page_type_fits_a_phone(phone, site_url):
    page = open_page(phone, site_url)
    answer(page, MIX)
    level_of(page)
    page.locator("[data-zt-plan-click*='\"add\"']:not([disabled]):visible").first.click()  # a plan, to fit too
    expect(page.locator("[data-zt-plan-item]")).to_have_count(1, timeout=PYODIDE_BOOT)
    regie = phone.new_page()
    regie.goto(site_url + "zelftest/regie/")
    answer(regie, dict.fromkeys(REGIE[:6], "3"))
    expect(regie.locator("[data-zt-result] .zt-level")).to_be_visible(timeout=PYODIDE_BOOT)
    lines, _ = team_lines()
    checked = {}
    for name, path in [("home", ""), ("casus", "casussen/falende-bpo/"), ("praktijk", "praktijken/ketenkaart/"),
                       ("rol", "rollen/regisseur/"), ("begrippen", "begrippen/"), ("vraag", "vraag-en-antwoord/"),
                       ("vragenlijst", f"zelftest/{QID}/"), ("overzicht", "zelftest/"), ("team", "zelftest/team/"),
                       ("bekijk", "zelftest/bekijk/#delen=" + lines.split("\n")[0].split(": ")[1])]:
        page.goto(site_url + path)
        if name == "vragenlijst":
            level_of(page)
        elif name == "overzicht":
            expect(page.locator("[data-zt-roles-result] svg")).not_to_have_count(0, timeout=PYODIDE_BOOT)
        elif name == "team":
            page.locator("[data-zt-team-lines]").fill(lines)
            page.get_by_role("button", name="Vergelijk", exact=True).click(timeout=PYODIDE_BOOT)
            expect(page.locator("[data-zt-team-result] table").first).to_be_visible()
        elif name == "bekijk":
            expect(page.locator("[data-zt-view-result] .zt-level")).to_be_visible(timeout=PYODIDE_BOOT)
        checked[name] = page.evaluate(MISFITS)
        if name in ("vragenlijst", "overzicht", "team", "bekijk"):
            assert page.locator("article svg.zt-radar, article svg.zt-bars").count() >= 1, name
            assert page.locator("article table").count() >= 1, name
    assert {name: misfits for name, misfits in checked.items() if misfits} == {}


def test_a_shared_link_opens_on_its_result(browser, context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    page.get_by_role("button", name="Deel resultaat").click()
    expect(page.locator("[data-zt-share-link]")).to_have_value(re.compile("#delen="))
    link = page.locator("[data-zt-share-link]").input_value()
    for viewport in (PHONE, {"width": 1280, "height": 800}):
        fresh = browser.new_context(viewport=viewport)
        other = fresh.new_page()
        other.goto(link)
        banner = other.locator("[data-zt-shared]")
        expect(banner).to_contain_text("Gedeeld resultaat")
        level = other.locator("[data-zt-result] .zt-level")
        expect(level).to_be_visible(timeout=PYODIDE_BOOT)
        top = level.bounding_box()["y"]
        assert top < viewport["height"] - 100, f"the result starts at {top}px on a {viewport['height']}px screen"
        expect(other.locator("[data-zt-form]")).to_be_hidden()  # folded away, and can be opened
        expect(other.locator("article > p:not([class])").first).to_be_hidden()  # the intro is for filling in
        other.get_by_role("button", name="Toon de antwoorden").click()
        expect(other.locator(f"input[name='{STATEMENTS[0]}'][value='{MIX[STATEMENTS[0]]}']")).to_be_checked()
        other.get_by_role("button", name="Verberg de antwoorden").click()
        expect(other.locator("[data-zt-form]")).to_be_hidden()
        fresh.close()


def test_on_a_phone_the_scale_takes_two_rows_the_bar_stays_and_the_last_answer_points_to_the_result(phone, site_url):
    page = open_page(phone, site_url)
    rows = page.locator(f"[data-zt-statement='{STATEMENTS[0]}'] .zt-option").evaluate_all(
        "els => new Set(els.map((e) => Math.round(e.getBoundingClientRect().top))).size")
    assert rows <= 2, f"the answer scale takes {rows} rows at 390 px"
    answer(page, {sid: "3" for sid in STATEMENTS[:-1]})
    page.locator(f"[data-zt-statement='{STATEMENTS[-2]}']").scroll_into_view_if_needed()
    bar = page.locator("[data-zt-bar]")
    box = bar.bounding_box()
    assert 0 <= box["y"] < PHONE["height"], "the progress bar scrolled away"
    expect(page.locator("[data-zt-count]")).to_have_text(f"{len(STATEMENTS) - 1} van {len(STATEMENTS)} beantwoord")
    answer(page, {STATEMENTS[-1]: "4"})
    prompt = page.get_by_role("link", name="Bekijk je resultaat")
    expect(prompt).to_be_in_viewport()
    expect(page.locator("[data-zt-count]")).to_have_text(f"Alle {len(STATEMENTS)} beantwoord")
    prompt.click()
    expect(page.locator("#resultaat")).to_be_in_viewport()


def test_sharing_on_a_phone_opens_its_share_menu(browser, site_url):
    context = browser.new_context(viewport=PHONE)
    context.add_init_script("navigator.share = (data) => { window.sharedWith = data; return Promise.resolve(); };")
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    page.get_by_role("button", name="Deel resultaat").click()
    page.wait_for_function("window.sharedWith")
    assert "#delen=" in page.evaluate("window.sharedWith.url")
    context.close()


def test_no_iso_timestamp_on_any_page_after_use(context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    page.get_by_role("button", name="Bewaar als meting").click()
    expect(page.locator("[data-zt-measured]")).to_contain_text("bewaard als meting")
    expect(page.locator("[data-zt-history] table")).to_be_visible()
    page.get_by_role("button", name="Deel resultaat").click()
    expect(page.locator("[data-zt-share-link]")).to_have_value(re.compile("#delen="))
    link = page.locator("[data-zt-share-link]").input_value()
    texts = {"vragenlijst": page.locator("body").inner_text()}
    page.goto(site_url + "zelftest/")
    expect(page.locator("[data-zt-roles-result] svg")).not_to_have_count(0, timeout=PYODIDE_BOOT)
    texts["overzicht"] = page.locator("body").inner_text()
    page.goto(site_url + "zelftest/team/")
    page.locator("[data-zt-team-lines]").fill(team_lines()[0])
    page.get_by_role("button", name="Vergelijk", exact=True).click(timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-team-result] table").first).to_be_visible()
    texts["team"] = page.locator("body").inner_text()
    page.goto(site_url + "zelftest/bekijk/" + link[link.index("#"):])
    expect(page.locator("[data-zt-view-result] .zt-level")).to_be_visible(timeout=PYODIDE_BOOT)
    texts["bekijk"] = page.locator("body").inner_text()
    assert "gewijzigd op" in texts["bekijk"] or "ingevuld op" in texts["bekijk"]
    assert {name: ISO.findall(text) for name, text in texts.items() if ISO.search(text)} == {}


#: The least text a printed page holds: a page with only a line or a heading is a page the reader pays for.
PAGE_FLOOR = 300


def pdf_of(page):
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    texts = [p.extract_text() for p in pdf.pages]
    thin = [(n, len(text.strip())) for n, text in enumerate(texts, 1) if len(text.strip()) < PAGE_FLOOR]
    assert not thin, f"printed pages (number, characters) with almost nothing on them: {thin}"
    return len(pdf.pages), " ".join(texts)


def test_the_print_is_ready_for_a_director(context, site_url):
    page = open_page(context, site_url)
    answer(page, MIX)
    level_of(page)
    assert page.evaluate(MISFITS) == []  # at 1280 px the radar, its labels 12-14 px
    page.get_by_label("Organisatie / contract").fill("Waterschap Voorbeeld, contract werkplekbeheer")
    page.get_by_label("Ingevuld door").fill("Jolanda de Wit")
    page.get_by_label("Ingevuld door").press("Tab")  # a change event: kept and printed
    expect(page.locator(".zt-print-meta")).to_contain_text("Jolanda de Wit", use_inner_text=False)
    pages, text = pdf_of(page)
    assert pages <= 2, f"{pages} pages without the answers"
    flat = re.sub(r"\s+", " ", text)
    for expected in ("Grip op uitbesteding", "Demand management", "Jolanda de Wit", "Waterschap Voorbeeld"):
        assert expected in flat, expected
    assert re.search(r"niveau 1.*niveau 5|1\s.*2\s.*3\s.*4\s.*5", flat, re.I), "no ladder in the print"
    assert re.search(r"https?://127\.0\.0\.1:\d+/\S+", flat), "no printed URL"
    page.reload()  # kept in this browser
    expect(page.get_by_label("Ingevuld door")).to_have_value("Jolanda de Wit", timeout=PYODIDE_BOOT)
    level_of(page)
    page.get_by_label("Druk ook alle antwoorden af").check()
    pages, text = pdf_of(page)
    assert pages <= 4, f"{pages} pages with the answers"
    unknown = next(sid for sid, value in MIX.items() if value == "?")
    flat = re.sub(r"\s+", " ", text)
    assert re.sub(r"\s+", " ", CAT.get(QID).statement(unknown).text) in flat and "weet ik niet" in flat.lower()
    assert not re.search(r"\b[a-z]{2}-\d\d\b", flat), "a statement's id in the printout"


def test_the_team_comparison_flags_weet_ik_niet_against_a_score(page, site_url):
    lines, anna = team_lines()
    page.goto(site_url + "zelftest/team/")
    page.locator("[data-zt-team-lines]").fill(lines)
    page.get_by_role("button", name="Vergelijk", exact=True).click(timeout=PYODIDE_BOOT)
    result = page.locator("[data-zt-team-result]")
    expect(result.locator("svg.zt-radar")).to_have_count(1)
    flagged = result.locator(".zt-disagreements li", has_text=CAT.get("regie").statement(REGIE[1]).text)
    expect(flagged).to_contain_text("weet ik niet")
    roles = result.locator("table", has=page.locator("caption", has_text="Niveau per rol"))
    expect(roles.locator("tbody tr").first.locator("td").last).to_have_text("geen")


def test_search_finds_a_statement_and_opens_it(page, site_url):
    page.goto(site_url)
    box = page.get_by_role("textbox", name="Zoeken")
    box.click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Typ om te beginnen met zoeken", timeout=30_000)
    box.press_sequentially("exitplan")
    links = page.locator(".md-search-result__link")
    expect(links.first).to_be_visible(timeout=30_000)
    hrefs = links.evaluate_all("els => els.map(e => e.href)")
    statement = [h for h in hrefs if re.search(r"zelftest/exit-gereedheid/(\?[^#]*)?#[a-z]+-\d+$", h)]
    assert statement, hrefs[:10]
    page.goto(statement[0])
    sid = statement[0].rsplit("#", 1)[1]
    expect(page.locator(f"[data-zt-statement='{sid}']")).to_be_in_viewport()
