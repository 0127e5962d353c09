"""No answer is ever lost: several tabs, the back/forward cache, a worker that dies, a snapshot that restores
but does not work, hostile imports, and the buttons of the shared view. Real worker, real Pyodide, Caddy."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from grip_build import server

from ..conftest import ROOT
from . import saved
from .test_experience import MIX, QID, STATEMENTS, level_of, open_page
from .test_questionnaire import PYODIDE_BOOT, SNAPSHOT, wait_for_snapshot

pytestmark = pytest.mark.browser
S1, S2, S3 = STATEMENTS[:3]


def scored(page) -> None:
    expect(page.locator("[data-zt-status]")).to_contain_text(re.compile("Te weinig|Niveau"), timeout=PYODIDE_BOOT)


def strings(answers: dict) -> dict:  # the form stores "2", Python 2: the same answer
    return {sid: str(value) for sid, value in answers.items()}


def stored(page) -> dict:
    """The entry once every waiting change is merged by Python."""
    return saved.settled(page, QID)


def checked(page) -> dict:
    return page.evaluate("Object.fromEntries([...document.querySelectorAll('[data-zt-form] input:checked')]"
                         ".map((i) => [i.name, i.value]))")


def test_two_tabs_never_overwrite_each_other(context, site_url):
    a, b = open_page(context, site_url), open_page(context, site_url)
    a.check(f"input[name='{S1}'][value='2']")
    b.check(f"input[name='{S2}'][value='4']")
    a.check(f"input[name='{S3}'][value='5']")
    fresh = open_page(context, site_url)
    expected = {S1: "2", S2: "4", S3: "5"}
    for page in (fresh, a, b):  # every tab ends up showing all answers, once each tab's Python merged its own
        expect(page.locator("[data-zt-count]")).to_have_text(f"3 van {len(STATEMENTS)} beantwoord",
                                                             timeout=PYODIDE_BOOT)
        assert checked(page) == expected
    expect(b.locator("[data-zt-notice]")).to_have_text("Bijgewerkt in een ander venster.")
    assert strings(stored(fresh)["answers"]) == expected


def test_three_tabs_keep_answers_and_a_saved_measurement(context, site_url):
    a, b, c = (open_page(context, site_url) for _ in range(3))
    a.check(f"input[name='{S1}'][value='3']")
    stored(a)  # merged by a's Python
    scored(b)  # Python is ready in b
    b.get_by_role("button", name="Bewaar als meting").click()
    expect(b.locator("[data-zt-measured]")).to_contain_text("is bewaard als meting", timeout=PYODIDE_BOOT)
    c.check(f"input[name='{S2}'][value='1']")
    a.check(f"input[name='{S3}'][value='4']")
    entry = stored(a)
    assert strings(entry["answers"]) == {S1: "3", S2: "1", S3: "4"}
    assert [strings(h["answers"]) for h in entry["history"]] == [{S1: "3"}]  # the measurement survived later saves
    for page in (a, b, c):
        expect(page.locator("[data-zt-count]")).to_have_text(f"3 van {len(STATEMENTS)} beantwoord",
                                                             timeout=PYODIDE_BOOT)
    b.reload()
    expect(b.locator("[data-zt-history] table tbody tr")).to_have_count(1, timeout=PYODIDE_BOOT)
    text = b.locator("article").inner_text()  # dates in Dutch, never an ISO timestamp
    assert re.search(r"\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
                     r"|december) 20\d\d, \d\d:\d\d", text)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", text)


def test_a_page_back_from_the_back_forward_cache_reads_storage_again(browser_type, browser_type_launch_args, site_url):
    # Playwright turns the back/forward cache off by default; a reader's browser has it on
    browser = browser_type.launch(**browser_type_launch_args, ignore_default_args=["--disable-back-forward-cache"])
    context = browser.new_context()
    page = open_page(context, site_url)
    evicted = []  # Chrome's reasons when it does not restore the page from the cache, for the message below
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.on("Page.backForwardCacheNotUsed", lambda event: evicted.append(event["notRestoredExplanations"]))
    page.check(f"input[name='{S1}'][value='2']")
    expect(page.locator("[data-zt-status]")).to_contain_text("Te weinig", timeout=PYODIDE_BOOT)
    page.evaluate("window.addEventListener('pageshow', (e) => { window.__restored = e.persisted; })")
    page.goto(site_url + "over/")
    other = open_page(context, site_url)  # meanwhile, another tab answers
    other.check(f"input[name='{S2}'][value='5']")
    other.close()
    page.go_back(wait_until="commit")  # a page from the cache fires no load event
    expect(page.locator(f"input[name='{S2}'][value='5']")).to_be_checked(timeout=PYODIDE_BOOT)
    assert page.evaluate("window.__restored") is True, f"the page did not come from the back/forward cache: {evicted}"
    page.check(f"input[name='{S3}'][value='3']")  # and its next save keeps the other tab's answer
    assert strings(stored(page)["answers"]) == {S1: "2", S2: "5", S3: "3"}
    browser.close()


STALE_WATCH = """() => {  // records whether the result was ever marked stale, and every notice shown
  window.__stale = false;
  window.__notices = [];
  new MutationObserver(() => {
    if (document.querySelector('[data-zt-result]').classList.contains('zt-stale')) window.__stale = true;
  }).observe(document.querySelector('[data-zt-result]'), { attributes: true });
  new MutationObserver(() => window.__notices.push(document.querySelector('[data-zt-notice]').textContent))
    .observe(document.querySelector('[data-zt-notice]'), { childList: true, characterData: true, subtree: true });
}"""


# Once it is back; what it said while it was away ("... tot de rekenmodule opnieuw is gestart") is in
# window.__notices: from a snapshot the restart can be quicker than a look at the page.
RESTARTED = "is opnieuw gestart. Je resultaat is bijgewerkt."


def python_worker(page):
    return next(w for w in page.workers if "/assets/zelftest/" in w.url)


def test_a_worker_that_dies_is_reported_restarted_and_its_old_result_not_shown_as_current(context, site_url):
    page = open_page(context, site_url)
    for sid, value in MIX.items():
        page.check(f"input[name='{sid}'][value='{value}']")
    level_of(page)
    result = page.locator("[data-zt-result]")
    page.evaluate(STALE_WATCH)
    python_worker(page).evaluate("setTimeout(() => { throw new Error('kapot'); })")  # an error nobody catches
    notice = page.locator("[data-zt-notice]")
    expect(notice).to_contain_text(RESTARTED, timeout=PYODIDE_BOOT)  # restarted by itself
    assert any("onverwacht gestopt" in n for n in page.evaluate("window.__notices"))
    assert page.evaluate("window.__stale") is True  # meanwhile the old result was marked as not current
    expect(result).not_to_have_class("zt-stale")
    expect(page.locator("[data-zt-status]")).to_contain_text("Niveau")
    page.check(f"input[name='{S1}'][value='1']")  # and it keeps scoring
    expect(result.locator(".zt-why")).to_be_attached()
    assert strings(stored(page)["answers"])[S1] == "1"


def test_a_silent_worker_is_noticed_by_the_time_limit_of_a_call(browser, built_site, tmp_path):
    site = tmp_path / "site"  # a 10-second limit instead of 30, to keep the test short
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    page_file = site / "zelftest" / QID / "index.html"
    page_file.write_text(page_file.read_text().replace('"timeout": 30', '"timeout": 10'))
    with server.running(site) as url:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + f"zelftest/{QID}/")
        page.check(f"input[name='{S1}'][value='4']")
        expect(page.locator("[data-zt-status]")).to_contain_text("Te weinig", timeout=PYODIDE_BOOT)
        page.evaluate(STALE_WATCH)
        python_worker(page).evaluate("self.onmessage = null")  # alive, but it no longer answers
        page.check(f"input[name='{S2}'][value='4']")
        notice = page.locator("[data-zt-notice]")
        expect(notice).to_contain_text(RESTARTED, timeout=PYODIDE_BOOT)
        notices = page.evaluate("window.__notices")
        assert any("antwoordde niet binnen 10 seconden" in n for n in notices), notices
        assert page.evaluate("window.__stale") is True
        expect(page.locator("[data-zt-status]")).to_contain_text("Te weinig")
        assert strings(stored(page)["answers"]) == {S1: "4", S2: "4"}
        context.close()


BROKEN_LOAD = '''
_real_load = load
def load(bundle):
    if len(json.loads(bundle)["questionnaires"]) > 1:
        raise RuntimeError("this scoring only knows one questionnaire")
    return _real_load(bundle)
'''


def test_a_snapshot_that_restores_but_fails_in_load_is_dropped_and_the_same_visit_scores(browser, built_site, tmp_path):
    # Site B: the same runtime with a `scoring` whose load() refuses more than one questionnaire; its
    # snapshot (Python with that scoring imported) is put under the key of the real site A.
    package = tmp_path / "broken" / "scoring"
    shutil.copytree(ROOT / "scoring", package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / "api.py").write_text((package / "api.py").read_text() + BROKEN_LOAD)
    example = tmp_path / "b"
    (example / "docs").mkdir(parents=True)
    (example / "docs" / "index.md").write_text("# B\n\n## Kop\n\nTekst.\n")
    (example / "questionnaires").mkdir()
    shutil.copy(ROOT / "tests" / "data" / "valid" / "basis.yml", example / "questionnaires")
    (example / "questionnaires" / "versions.json").write_text(json.dumps({"basis": {
        "code": 200, "versions": {"2": ["b-01", "b-02", "b-03", "b-04", "b-05"]},
        "recommendations": ["b-r01", "b-r02", "b-r03", "b-r04"]}}))
    (example / "mkdocs.yml").write_text(
        f"site_name: B\ntheme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  language: nl\n  font: false\n"
        f"plugins:\n  - grip:\n      pyodide: {ROOT / 'node_modules' / 'pyodide'}\n")
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    build = subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(package.parent)!r}); "
                            "from mkdocs.__main__ import cli; cli()", "build", "-f", str(example / "mkdocs.yml"),
                            "-d", str(site / "b")], cwd=tmp_path, capture_output=True, text=True,
                           env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 0, build.stderr
    with server.running(site) as url:
        context = browser.new_context()
        b = context.new_page()
        b.goto(url + "b/zelftest/basis/")
        expect(b.locator("[data-zt-status]")).to_have_attribute("data-zt-started", "boot", timeout=PYODIDE_BOOT)
        wait_for_snapshot(b)
        moved = b.evaluate(SNAPSHOT, ["rekey", snapshot_key(site, url), "/"])  # B's memory under A's key, in A's place
        assert moved
        a = context.new_page()
        a.goto(url + f"zelftest/{QID}/")
        a.check(f"input[name='{S1}'][value='3']")
        status = a.locator("[data-zt-status]")
        expect(status).to_contain_text("Te weinig", timeout=PYODIDE_BOOT)  # the same visit scores
        expect(status).to_have_attribute("data-zt-started", "boot")  # not from B's snapshot
        wait_for_snapshot(a)  # A saved a good snapshot in its place
        a.reload()
        expect(status).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
        expect(status).to_contain_text("Te weinig", timeout=PYODIDE_BOOT)
        context.close()


def snapshot_key(site, url) -> str:
    """The snapshot key the worker uses for site A's questionnaire page (absolute runtime, lock, wheel)."""
    import re
    from urllib.parse import urljoin

    page = (site / "zelftest" / QID / "index.html").read_text()
    found = re.search(r'<script type="application/json" id="zt-config">(.*?)</script>', page, re.S)
    config = json.loads(found.group(1))
    base = url + f"zelftest/{QID}/"
    return f"{urljoin(base, config['indexURL'])} {urljoin(base, config['lockURL'])} {config['wheelIntegrity']}"


def test_imports_too_large_or_with_a_bad_measurement_lose_nothing(context, site_url):
    page = open_page(context, site_url)
    page.check(f"input[name='{S1}'][value='2']")
    scored(page)
    big = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "questionnaires": {}, "ballast": "x" * 5_000_000})
    page.locator("[data-zt-import]").set_input_files(files=[{"name": "groot.json", "mimeType": "application/json",
                                                             "buffer": big.encode()}])
    expect(page.locator("[data-zt-notice]")).to_contain_text("groter dan 1 MB")
    assert strings(stored(page)["answers"]) == {S1: "2"}
    version = stored(page)["version"]
    export = {"type": "grip-op-uitbesteding/antwoorden", "format": 1, "questionnaires": {QID: {
        "version": version, "answers": {S2: 4},
        "history": [{"date": "2026-06-01T10:00:00Z", "version": version, "answers": {S3: 5}},
                    {"date": "2026-07-01T10:00:00Z", "version": 99, "answers": {S3: 1}}]}}}
    page.locator("[data-zt-import]").set_input_files(files=[{"name": "export.json", "mimeType": "application/json",
                                                             "buffer": json.dumps(export).encode()}])
    expect(page.locator("[data-zt-notice]")).to_contain_text("overgeslagen", timeout=PYODIDE_BOOT)
    entry = stored(page)
    assert strings(entry["answers"]) == {S2: "4"}
    kept = [strings(h["answers"]) for h in entry["history"]]
    assert {S1: "2"} in kept and any(S3 in h for h in kept)  # own answers archived, good measurement imported


def test_the_shared_view_offers_nothing_that_acts_on_own_answers_and_says_so(browser, context, site_url):
    page = open_page(context, site_url)
    page.check(f"input[name='{S1}'][value='2']")
    scored(page)
    page.get_by_role("button", name="Deel resultaat").click()
    link = page.locator("[data-zt-share-link]")
    expect(link).not_to_have_value("")
    viewer = context.new_page()
    viewer.goto(link.input_value())
    expect(viewer.locator("[data-zt-status]")).to_contain_text("Gedeeld resultaat", timeout=PYODIDE_BOOT)
    for name in ("Bewaar als meting", "Begin opnieuw"):  # not offered on someone else's result
        expect(viewer.get_by_role("button", name=name)).to_have_count(0)
    expect(viewer.locator("[data-zt-import]")).to_be_disabled()
    expect(viewer.locator("[data-zt-import]")).to_be_hidden()
    expect(viewer.locator("[data-zt-shared]")).to_contain_text("alleen-lezen")
    viewer.get_by_role("button", name="Naar mijn eigen antwoorden").click()
    expect(viewer.get_by_role("button", name="Begin opnieuw")).to_be_enabled()
