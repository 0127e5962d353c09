"""Offline after the first visit, the runtime kept only for readers who use it, updates that never mix two
builds, and storage the reader can clear: the service worker (grip_build/offline.py) and the page module
overrides/assets/zelftest/offline.js, in Chromium through the production server (Caddy)."""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.sites import copy_project, mkdocs_build
from grip_build import server
from scoring._source import load

from ..conftest import ROOT
from .test_questionnaire import PYODIDE_BOOT, wait_for_snapshot
from .watch import watch

pytestmark = pytest.mark.browser
RUNTIME = re.compile(r"/assets/(pyodide|python)/")
SCORED = re.compile(r"niveau \d|te weinig", re.I)  # the status once Python has scored

# {cache name: [URL paths]} of this site's caches (Workbox's precache keys carry ?__WB_REVISION__=)
CACHES = """async () => {
  const found = {};
  for (const name of await caches.keys()) {
    found[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname);
  }
  return found;
}"""
READY = "() => navigator.serviceWorker.ready.then((r) => r.active.state === 'activated')"  # the shell is precached
RUNTIME_STATE = """() => navigator.serviceWorker.ready.then(({ active }) => new Promise((resolve) => {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = ({ data }) => resolve(data);
  active.postMessage({ type: "RUNTIME" }, [port2]);
}))"""
STORED = """async () => ({
  localStorage: Object.keys(localStorage),
  caches: await caches.keys(),
  databases: (await indexedDB.databases()).map((d) => d.name),
  files: await (async () => {
    const names = [];
    for await (const name of (await navigator.storage.getDirectory()).keys()) names.push(name);
    return names;
  })(),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
})"""


def poll(page, script: str, arg=None, seconds: float = 60):
    """Wait until `script` (a function evaluated in the page) returns something truthy; return it. Polled from
    here: wait_for_function evaluates a string, which the site's CSP forbids."""
    deadline = time.monotonic() + seconds
    while not (value := page.evaluate(script, arg)):
        assert time.monotonic() < deadline, f"not within {seconds} s: {script}"
        time.sleep(0.2)
    return value


def runtime_kept(page) -> dict:
    return poll(page, f"async () => {{ const s = await ({RUNTIME_STATE})(); return s.have === s.total && s; }}")


def score(page, answers: dict[str, str]):
    for sid, value in answers.items():
        page.check(f"input[name='{sid}'][value='{value}']")
    status = page.locator("[data-zt-status]")
    expect(status).to_contain_text(SCORED, timeout=PYODIDE_BOOT)
    return status


REGIE = [s.id for s in load(ROOT / "questionnaires" / "regie.yml").statements]
ANSWERS = dict(zip(REGIE[:7], "4352434", strict=True))


def test_the_service_worker_gets_the_production_headers_and_is_never_cached(site_url, built_site):
    with urllib.request.urlopen(site_url + "sw.js", timeout=30) as response:
        headers = response.headers
        body = response.read().decode()
    assert headers["Cache-Control"] == "no-cache"  # a new build is found on the next visit
    assert headers["Content-Type"].startswith("text/javascript")
    policy = headers["Content-Security-Policy"]
    assert "worker-src 'self'" in policy and "script-src 'self' 'wasm-unsafe-eval'" in policy
    assert "unsafe-inline" not in policy
    assert "importScripts" not in body
    assert "http" not in body.split("const SITE")[1].split(";")[0]  # nothing from elsewhere
    ours = body[body.index("const SITE"):]
    assert re.findall(r".*skipWaiting.*", ours) == [  # only when the reader clicked "Nu bijwerken"
        '  if (type === "SKIP_WAITING") self.skipWaiting(); // only when the reader clicked "Nu bijwerken"']
    site = json.loads(re.search(r"const SITE = (\{.*?\});\n", body).group(1))
    shell = {e["url"] for e in site["shell"]}
    assert {"index.html", "praktijken/ketenkaart/index.html", "zelftest/regie/index.html", "offline/index.html",
            "search/search_index.json"} <= shell
    assert not any(RUNTIME.search("/" + url) or url.endswith((".map", ".br", ".gz")) for url in shell)
    assert "vraag-en-antwoord/passieve-leverancier/index.html" not in shell  # outside the navigation: kept once read
    assert sorted(Path(u).name for u in site["runtime"]["urls"]) == sorted(
        ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
         "scoring-0.1.0-py3-none-any.whl", next(built_site.glob("assets/python/vragenlijsten.*.json")).name])
    assert (built_site / "sw.js.br").is_file()  # written before the build precompressed every text file


def test_after_one_visit_the_site_works_offline(browser, site_url):
    context = browser.new_context()
    seen = watch(context, site_url)
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")  # the one visit: a questionnaire, scored
    status = score(page, ANSWERS)
    level = SCORED.search(status.text_content()).group(0)  # "niveau 3" (of 5)
    poll(page, READY)
    assert runtime_kept(page)["total"] == 6
    wait_for_snapshot(page)
    page.get_by_role("button", name="Deel resultaat").click()
    expect(page.locator("[data-zt-share-link]")).to_have_value(re.compile("#delen="))
    shared = page.locator("[data-zt-share-link]").input_value()

    context.set_offline(True)
    page.goto(site_url)
    expect(page.locator("h1").first).to_contain_text("Grip op uitbesteding")
    page.goto(site_url + "praktijken/ketenkaart/")
    expect(page.locator("h1").first).to_contain_text("ketenkaart", ignore_case=True)
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"

    page.get_by_role("textbox", name="Zoeken").click()  # search: index, worker and language files are kept
    page.get_by_role("textbox", name="Zoeken").press_sequentially("watermeloeneffect")
    result = page.locator(".md-search-result__link[href*='xla-en-watermeloen']").first
    expect(result).to_be_visible(timeout=30_000)
    result.click()  # a result link carries ?h=…: still the kept page
    expect(page).to_have_url(re.compile(r"/praktijken/xla-en-watermeloen/\?h="))
    expect(page.locator("h1").first).to_be_visible()

    page.goto(site_url + "zelftest/regie/")  # the runtime from the cache, Python from the snapshot
    expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-status]")).to_contain_text(level)
    expect(page.locator("input[name='rg-01'][value='4']")).to_be_checked()
    page.check("input[name='rg-17'][value='5']")  # and it scores again
    expect(page.locator("[data-zt-status]")).to_contain_text(SCORED)
    with page.expect_download() as download:  # export works offline
        page.get_by_role("button", name="Exporteer antwoorden").click()
    assert json.loads(Path(download.value.path()).read_text())["questionnaires"]["regie"]["answers"]["rg-17"] == 5

    other = context.new_page()  # a share link, opened offline
    other.goto(shared)
    expect(other.locator("[data-zt-shared]")).to_be_visible(timeout=PYODIDE_BOOT)
    expect(other.locator("[data-zt-status]")).to_contain_text(level, timeout=PYODIDE_BOOT)

    page.goto(site_url + "vraag-en-antwoord/passieve-leverancier/")  # never visited: the offline page, in place
    expect(page.locator("h1").first).to_contain_text("Geen verbinding")
    assert page.url.endswith("/vraag-en-antwoord/passieve-leverancier/")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.get_by_role("link", name="praktijken", exact=True).get_attribute("href") is not None
    page.get_by_role("link", name="praktijken", exact=True).click()  # its links lead to kept pages
    expect(page).to_have_url(site_url + "praktijken/")
    assert seen.foreign() == []
    assert seen.csp_violations(page) == []
    context.close()


# When Python became ready on the page (the status gets data-zt-started), and when the search index arrived.
PYTHON_READY = """new MutationObserver((_, seen) => {
  if (document.querySelector("[data-zt-status]")?.dataset.ztStarted) {
    window.__pythonReady = performance.now();
    seen.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-zt-started"] });"""
TIMES = """() => {
  const index = performance.getEntriesByType("resource").find((e) => e.name.endsWith("/search/search_index.json"));
  return window.__pythonReady !== undefined && index?.responseEnd > 0
    && { ready: window.__pythonReady, index: index.responseEnd };
}"""


INDEX_ASKED = "() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/search/search_index.json'))"


def test_on_a_questionnaire_page_python_goes_first_and_search_works_there(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    score(page, ANSWERS)
    poll(page, READY)
    runtime_kept(page)
    wait_for_snapshot(page)
    context.add_init_script(PYTHON_READY)
    page.reload()  # a returning reader, under the service worker: the search index waits for the search and Python
    expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
    assert page.evaluate(INDEX_ASKED) is False  # not before the reader opens the search
    page.get_by_role("textbox", name="Zoeken").click()
    page.get_by_role("textbox", name="Zoeken").press_sequentially("watermeloeneffect")
    expect(page.locator(".md-search-result__link[href*='xla-en-watermeloen']").first).to_be_visible(timeout=30_000)
    times = poll(page, TIMES)
    assert times["index"] > times["ready"] - 100, times  # (the page hears "ready" a moment after the worker says it)

    page.goto(site_url + "praktijken/ketenkaart/")  # elsewhere too, the index comes when the search opens
    page.wait_for_load_state("networkidle")
    assert page.evaluate(INDEX_ASKED) is False
    page.get_by_role("textbox", name="Zoeken").click()
    poll(page, INDEX_ASKED)
    context.close()


# Counts the calls to navigator.storage.persist(): Firefox answers one with a permission prompt.
PERSIST = """window.__persisted = 0;
const persist = StorageManager.prototype.persist;
StorageManager.prototype.persist = function () { window.__persisted++; return persist.call(this); };"""


def test_a_reader_of_articles_gets_no_runtime_until_asking_for_it(browser, site_url):
    context = browser.new_context()
    context.add_init_script(PERSIST)
    fetched = []
    context.on("request", lambda r: fetched.append(r.url) if RUNTIME.search(r.url) else None)
    page = context.new_page()
    for path in ("", "praktijken/ketenkaart/", "casussen/falende-bpo/"):
        page.goto(site_url + path)
    poll(page, READY)
    caches = page.evaluate(CACHES)
    assert fetched == []  # neither the page nor the service worker fetched Python
    assert not any(RUNTIME.search(path) for paths in caches.values() for path in paths)
    assert any("praktijken/ketenkaart/index.html" in p for paths in caches.values() for p in paths)

    page.goto(site_url + "zelftest/")  # "Beschikbaar maken zonder internet"
    panel = page.locator("[data-grip-offline]")
    expect(panel).to_be_visible()
    assert page.evaluate("window.__persisted") == 0  # no permission prompt before the reader asks for anything
    panel.get_by_role("button", name="Beschikbaar maken zonder internet").click()
    expect(panel.locator("[data-grip-offline-state]")).to_have_text("De vragenlijsten werken zonder internet.",
                                                                    timeout=60_000)
    assert page.evaluate("window.__persisted") == 1  # asked to keep it, now that the reader wants it offline
    expect(panel.get_by_role("button", name="Beschikbaar maken zonder internet")).to_be_hidden()
    assert runtime_kept(page)["total"] == 6

    context.set_offline(True)  # a questionnaire never opened before scores offline (Python boots, no snapshot)
    page.goto(site_url + "zelftest/exit-gereedheid/")
    page.locator("[data-zt-form] input[type=radio]").first.check()
    expect(page.locator("[data-zt-status]")).to_contain_text(SCORED, timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", "boot")
    context.close()


def test_save_data_means_nothing_is_downloaded_in_the_background(browser, site_url):
    context = browser.new_context()
    context.add_init_script("Object.defineProperty(navigator, 'connection', { value: { saveData: true } })")
    page = context.new_page()
    page.goto(site_url + "praktijken/ketenkaart/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1000)
    assert page.evaluate("navigator.serviceWorker.getRegistrations().then((r) => r.length)") == 0
    assert page.evaluate("caches.keys()") == []
    context.close()


def test_remove_all_offers_the_export_first_and_leaves_nothing(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    score(page, ANSWERS)
    runtime_kept(page)
    wait_for_snapshot(page)
    page.goto(site_url + "zelftest/")
    panel = page.locator("[data-grip-offline]")
    expect(panel.locator("[data-grip-storage]")).to_contain_text(re.compile(r"Deze site bewaart nu \d+(,\d)? MB"))
    expect(panel.locator("[data-grip-storage]")).to_contain_text("antwoorden minder dan 0,1 MB")  # not "0 MB"
    expect(panel.locator("[data-grip-offline-state]")).to_have_text("De vragenlijsten werken zonder internet.")
    before = page.evaluate(STORED)
    assert "grip-zelftest:/regie" in before["localStorage"] and before["files"] == ["python-start-%2F.bin"]
    assert before["caches"] and before["workers"] == 1
    expect(panel.locator("[data-grip-storage]")).to_contain_text(re.compile(  # counted here, not the origin's estimate
        r"pagina's en rekenmodule 1\d(,\d)? MB, snelle start van de rekenmodule 3\d(,\d)? MB"))

    panel.get_by_role("button", name="Verwijder alles").click()
    dialog = page.locator("[data-grip-remove-dialog]")
    expect(dialog).to_be_visible()
    with page.expect_download() as download:  # the export is offered before anything is removed
        dialog.get_by_role("button", name="Eerst exporteren").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert exported["questionnaires"]["regie"]["answers"] == {sid: int(value) for sid, value in ANSWERS.items()}
    dialog.get_by_role("button", name="Verwijder alles").click()
    expect(dialog).to_be_hidden(timeout=30_000)
    expect(panel.locator("[data-grip-offline-state]")).to_have_text(
        "Verwijderd uit deze browser: je antwoorden; de snelle start van de rekenmodule; de bewaarde pagina's en "
        "rekenmodule; de offlinefunctie (service worker).")
    expect(panel.locator("[data-grip-storage]")).to_have_text("Deze site bewaart nu niets in deze browser.")
    after = page.evaluate(STORED)
    assert after == {"localStorage": [], "caches": [], "databases": [], "files": [], "workers": 0}, after
    expect(panel.get_by_role("button", name="Beschikbaar maken zonder internet")).to_be_visible()
    context.close()


# --- An update: build A, then build B with other content and another module, at the same address ----------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    """Build A (the project as it is) and build B: a changed practice page and a changed page module."""
    work = tmp_path_factory.mktemp("update")
    project = copy_project(work / "project")
    sites = []
    for name in ("a", "b"):
        if name == "b":
            page = project / "docs" / "praktijken" / "ketenkaart.md"
            page.write_text(page.read_text() + "\nDeze zin staat alleen in versie B.\n")
            module = project / "overrides" / "assets" / "zelftest" / "store.js"
            module.write_text(module.read_text() + "// build B\n")
        mkdocs_build(project / "mkdocs.yml", work / name)  # not --strict: the copy is no git repository (RSS warns)
        sites.append(work / name)
    return sites[0], sites[1]


def module_folder(site: Path) -> str:
    return next(site.glob("assets/zelftest/*/offline.js")).parent.name


def modules_run(page) -> set[str]:
    """The hashed module folders of every script this page and its workers loaded."""
    names = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    return {m.group(1) for m in map(re.compile(r"/assets/zelftest/([0-9a-f]{12})/").search, names) if m}


def answered_under_a_service_worker(page, url) -> None:
    """regie answered, then the page again, now served by the build's service worker from its precache (and the
    runtime kept as that visit fetched it: uncompressed here, it may be too big for the in-memory HTTP cache)."""
    page.goto(url + "zelftest/regie/")
    score(page, {"rg-01": "3"})
    poll(page, READY)
    page.reload()
    expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", re.compile("boot|snapshot"),
                                                               timeout=PYODIDE_BOOT)


def test_an_update_waits_for_the_reader_and_never_mixes_two_builds(browser, builds):
    a, b = builds
    folder_a, folder_b = module_folder(a), module_folder(b)
    assert folder_a != folder_b
    port = _free_port()
    context = browser.new_context()
    page = context.new_page()
    with server.running(a, port=port) as url:
        answered_under_a_service_worker(page, url)
        runtime_kept(page)
        page.goto(url + "praktijken/ketenkaart/")
        poll(page, READY)
    with server.running(b, port=port) as url:  # a deploy: the same address now serves B
        page.goto(url + "praktijken/ketenkaart/")
        prompt = page.locator("[data-grip-update]")
        expect(prompt).to_contain_text("Er is een nieuwe versie van deze site", timeout=60_000)
        assert "alleen in versie B" not in page.content()  # until the click: A's page, A's modules
        assert modules_run(page) == {folder_a}
        page.goto(url + "zelftest/regie/")  # also a questionnaire page with its worker and Python
        expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", re.compile("boot|snapshot"),
                                                                   timeout=PYODIDE_BOOT)
        assert modules_run(page) == {folder_a}
        assert f"/{folder_a}/worker.js" in page.locator("#zt-config").text_content()
        expect(prompt).to_be_visible(timeout=30_000)

        page.goto(url + "praktijken/ketenkaart/")
        with page.expect_navigation():
            page.locator("[data-grip-update]").get_by_role("button", name="Nu bijwerken").click()
        expect(page.locator("article")).to_contain_text("Deze zin staat alleen in versie B.")
        assert modules_run(page) == {folder_b}  # after it: B's page, B's modules
        expect(page.locator("[data-grip-update]")).to_have_count(0)
        page.goto(url + "zelftest/regie/")
        expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", re.compile("boot|snapshot"),
                                                                   timeout=PYODIDE_BOOT)
        assert modules_run(page) == {folder_b}
        kept = [p for paths in page.evaluate(CACHES).values() for p in paths]
        assert kept.count("/praktijken/ketenkaart/index.html") == 1  # A's entries went when B took over
        assert not any(f"/{folder_a}/" in p for p in kept)
    context.close()


@pytest.fixture(scope="module")
def renewed(tmp_path_factory) -> Path:
    """Build C: the project with a changed scoring package, so its wheel (and the lock naming it) moves to a new
    address and build A's is gone from the server."""
    work = tmp_path_factory.mktemp("renewed")
    project = copy_project(work / "project")
    module = project / "scoring" / "_text.py"
    module.write_text(module.read_text() + "\n# build C\n")
    mkdocs_build(project / "mkdocs.yml", work / "c")
    return work / "c"


def wheel_folder(site: Path) -> str:
    return next(site.glob("assets/python/*/scoring-*.whl")).parent.name


def test_a_page_kept_from_before_a_new_wheel_reloads_once_as_the_new_build(browser, builds, renewed):
    a, c = builds[0], renewed
    assert wheel_folder(a) != wheel_folder(c)
    port = _free_port()
    context = browser.new_context()
    page = context.new_page()
    with server.running(a, port=port) as url:
        answered_under_a_service_worker(page, url)
        # a reader who never kept the runtime: no runtime cache, no HTTP cache, no snapshot
        page.evaluate("""async () => {
          for (const name of await caches.keys()) if (name.startsWith('grip-runtime-')) await caches.delete(name);
        }""")
        context.new_cdp_session(page).send("Network.clearBrowserCache")
        poll(page, "async () => !(await caches.keys()).some((n) => n.startsWith('grip-runtime-'))")
    with server.running(c, port=port) as url:  # a deploy: A's wheel is no longer on the server
        loads = []
        page.on("load", lambda _: loads.append(page.url))
        page.goto(url + "zelftest/regie/")  # A's page from the precache; its Python finds its files gone
        status = page.locator("[data-zt-status]")
        expect(status).to_have_attribute("data-zt-started", re.compile("boot|snapshot"), timeout=3 * PYODIDE_BOOT)
        assert f"/{wheel_folder(c)}/" in page.locator("#zt-config").text_content()  # C's page, C's wheel
        expect(page.locator("input[name='rg-01'][value='3']")).to_be_checked()  # the answer kept across
        expect(page.locator("[data-zt-error]")).to_be_hidden()
        page.wait_for_timeout(1000)  # no further reload follows
        assert len(loads) == 2, loads  # A's page, then one reload as C
    context.close()
