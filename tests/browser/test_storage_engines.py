"""What a browser keeps, in every engine a reader uses, tested in Chromium by taking away what other engines lack:
a page over plain http (no storage manager, no caches, no service worker), a worker without a synchronous file
handle (WebKit: Python's snapshot goes to IndexedDB), a browser without an HTTP cache for the service worker
to copy from (the runtime must still be downloaded once). Also: two deployments on one origin, other open tabs
when the reader removes everything, and a restore from the snapshot that hangs. Through the production server.
(The same checks in Firefox and WebKitGTK themselves: bench/engines.py, run by hand.)"""

from __future__ import annotations

import collections
import contextlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.server import Server
from grip_build import server

from ..conftest import CHROMIUM, CHROMIUM_ARGS
from .test_offline import READY, RUNTIME, RUNTIME_STATE, poll, score
from .test_questionnaire import PYODIDE_BOOT, SNAPSHOT, wait_for_snapshot

pytestmark = pytest.mark.browser
ANSWERS = {"rg-01": "4", "rg-02": "3"}

# The worker as WebKitGTK runs it: the synchronous handle exists, but every call rejects.
NO_SYNC_HANDLE = ("FileSystemFileHandle.prototype.createSyncAccessHandle = () => Promise.reject("
                  "new DOMException('Backend does not support this operation', 'NotSupportedError'));\n")
DATABASES = "() => indexedDB.databases().then((found) => found.map((d) => d.name))"
FILES = ("async () => { const names = []; "
         "for await (const name of (await navigator.storage.getDirectory()).keys()) names.push(name); return names; }")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def caddy_at(site: Path, host: str):
    """The production server for `site` at http://HOST:PORT/ (grip_build.server.running serves 127.0.0.1 only)."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="grip-caddy-") as state:
        state = Path(state)
        (state / "Caddyfile").write_text(server.caddyfile(site, f"http://{host}:{port}"), encoding="utf-8")
        log = state / "caddy.log"
        with open(log, "wb") as out:
            process = subprocess.Popen([server.caddy(), "run", "--config", str(state / "Caddyfile"),
                                        "--adapter", "caddyfile"],
                                       stdout=out, stderr=subprocess.STDOUT, env=server._environment(state))
        try:
            server._wait(port, process, log)
            yield f"http://{host}:{port}/"
        finally:
            process.terminate()
            process.wait(10)


def without_sync_handle(context) -> None:
    """Every worker script of the site starts by taking the synchronous handle away (as WebKitGTK has it)."""
    def patch(route):
        response = route.fetch()
        route.fulfill(response=response, body=NO_SYNC_HANDLE + response.text())
    context.route(re.compile(r"/assets/zelftest/[0-9a-f]{12}/worker\.js$"), patch)


# --- A page over plain http --------------------------------------------------------------------------------

def test_remove_all_works_and_says_what_it_removed_on_a_plain_http_origin(playwright, built_site):
    browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                         args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP grip.test 127.0.0.1"])
    with caddy_at(built_site, "grip.test") as url:  # not loopback by name: not a secure context
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "zelftest/regie/")
        assert page.evaluate("[isSecureContext, typeof navigator.storage, typeof caches, "
                             "typeof navigator.serviceWorker]") == [False, "undefined", "undefined", "undefined"]
        score(page, ANSWERS)
        wait_for_snapshot(page)  # no private file system here: Python's snapshot is kept in IndexedDB
        assert page.evaluate(SNAPSHOT, ["where", None, None]) == "database"
        page.reload()
        expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)

        page.goto(url + "zelftest/")
        panel = page.locator("[data-grip-offline]")
        expect(panel.locator("[data-grip-storage]")).to_contain_text(re.compile(
            r"Deze site bewaart nu 3\d(,\d)? MB in deze browser: pagina's en rekenmodule 0 MB, snelle start van de "
            r"rekenmodule 3\d(,\d)? MB, antwoorden minder dan 0,1 MB\."))
        # no service worker here
        expect(panel.get_by_role("button", name="Beschikbaar maken zonder internet")).to_be_hidden()
        panel.get_by_role("button", name="Verwijder alles").click()
        dialog = page.locator("[data-grip-remove-dialog]")
        dialog.get_by_role("button", name="Verwijder alles").click()
        expect(dialog).to_be_hidden(timeout=30_000)
        expect(panel.locator("[data-grip-offline-state]")).to_have_text(
            "Verwijderd uit deze browser: je antwoorden; de snelle start van de rekenmodule.")
        expect(panel.locator("[data-grip-storage]")).to_have_text("Deze site bewaart nu niets in deze browser.")
        assert page.evaluate("Object.keys(localStorage)") == []
        assert page.evaluate(DATABASES) == []
        context.close()
    browser.close()


# --- A worker without a synchronous file handle (WebKit) ------------------------------------------------------

@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_without_a_sync_handle_the_snapshot_is_kept_in_indexeddb_with_the_same_rules(browser, site_url, damage):
    context = browser.new_context(service_workers="block")  # the worker script is patched on its way in
    without_sync_handle(context)
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    status = score(page, ANSWERS)
    level = re.search(r"Niveau \d van 5|Te weinig antwoorden", status.text_content()).group(0)  # on arrival too
    expect(status).to_have_attribute("data-zt-started", "boot")
    wait_for_snapshot(page)
    assert page.evaluate(SNAPSHOT, ["where", None, None]) == "database"
    assert page.evaluate(FILES) == []  # no empty file left behind where the handle failed

    page.reload()  # a returning reader: Python from the snapshot in IndexedDB, the same result
    expect(status).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
    expect(status).to_contain_text(level)

    assert page.evaluate(SNAPSHOT, [damage, None, None]) == damage
    page.reload()  # a damaged snapshot, or a write cut short: Python boots, the same result
    expect(status).to_have_attribute("data-zt-started", "boot", timeout=PYODIDE_BOOT)
    expect(status).to_contain_text(level)
    expect(page.locator("[data-zt-error]")).to_be_hidden()
    wait_for_snapshot(page)
    page.reload()  # and a good one took its place
    expect(status).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
    assert page.evaluate(FILES) == []
    context.close()


def test_without_a_sync_handle_a_foreign_snapshot_is_refused(browser, site_url):
    context = browser.new_context(service_workers="block")
    without_sync_handle(context)
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    status = score(page, ANSWERS)
    wait_for_snapshot(page)
    assert page.evaluate(SNAPSHOT, ["rekey", "another runtime", None]) == "rekey"
    page.reload()  # kept under another key (another build's runtime): not used, and replaced
    expect(status).to_have_attribute("data-zt-started", "boot", timeout=PYODIDE_BOOT)
    poll(page, f"async () => ({SNAPSHOT})(['key', null, null]).then((key) => key && key !== 'another runtime')")
    page.reload()
    expect(status).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
    context.close()


# --- Two deployments on one origin -----------------------------------------------------------------------------

def test_two_deployments_on_one_origin_keep_their_own_snapshot(browser, built_site, tmp_path):
    both = tmp_path / "origin"
    for path in ("grip", "grip-test"):
        shutil.copytree(built_site, both / path, ignore=shutil.ignore_patterns("*.gz"))
    shutil.copy(built_site / "404.html", both / "404.html")
    with server.running(both) as url:
        context = browser.new_context()
        page = context.new_page()
        for path in ("grip/", "grip-test/"):
            page.goto(url + path + "zelftest/regie/")
            score(page, ANSWERS)
            expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", "boot")
            wait_for_snapshot(page)
        assert sorted(page.evaluate(FILES)) == ["python-start-%2Fgrip%2F.bin", "python-start-%2Fgrip-test%2F.bin"]
        page.goto(url + "grip/zelftest/regie/")  # /grip-test/ did not take its place
        expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)

        page.goto(url + "grip-test/zelftest/")  # "Verwijder alles" there removes that deployment's only
        page.locator("[data-grip-remove]").click()
        page.locator("[data-grip-remove-confirm]").click()
        expect(page.locator("[data-grip-offline-state]")).to_contain_text("Verwijderd uit deze browser:",
                                                                          timeout=30_000)
        # (this page's own Python may be reading the file a moment longer: it removes it when done)
        poll(page, f"async () => JSON.stringify(await ({FILES})()) === '[\"python-start-%2Fgrip%2F.bin\"]'")
        context.close()


# --- Other tabs ------------------------------------------------------------------------------------------------

HEAR = ('() => { window.__heard = []; '
        'new BroadcastChannel("grip:/").onmessage = ({ data }) => window.__heard.push(data); }')


def test_remove_all_tells_the_other_tabs_and_their_python_writes_no_snapshot_after_it(browser, site_url):
    context = browser.new_context()
    remover = context.new_page()
    remover.goto(site_url + "zelftest/")
    remover.locator("[data-grip-remove]").click()  # the dialog open, ready to confirm
    listener = context.new_page()
    listener.goto(site_url + "praktijken/ketenkaart/")
    listener.evaluate(HEAR)
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    score(page, ANSWERS)  # Python booted: its snapshot waits until the worker has been idle for 2 s
    remover.locator("[data-grip-remove-confirm]").click()
    expect(remover.locator("[data-grip-offline-state]")).to_contain_text("Verwijderd uit deze browser:", timeout=30_000)
    assert listener.evaluate("window.__heard") == [{"type": "forget"}]  # what the questionnaire pages listen for
    time.sleep(5)  # well past the worker's idle time: a snapshot written now would be one it should have dropped
    assert page.evaluate(SNAPSHOT, ["key", None, None]) is None
    page.check("input[name='rg-04'][value='2']")  # the tab's Python still scores
    expect(page.locator("[data-zt-status]")).to_contain_text(re.compile("Niveau|Te weinig"))
    context.close()


# --- A restore that hangs --------------------------------------------------------------------------------------

HANG = "await loadPyodide({ ...options, _loadSnapshot: saved })"


def test_a_restore_that_hangs_drops_the_snapshot_and_python_starts_without_it(browser, site_url):
    context = browser.new_context(service_workers="block")  # the worker script is patched on its way in
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    status = score(page, ANSWERS)
    wait_for_snapshot(page)

    def hang(route):  # this restore never ends; a start without the snapshot works as ever
        response = route.fetch()
        assert HANG in response.text()
        route.fulfill(response=response, body=response.text().replace(HANG, "await new Promise(() => {})"))
    context.route(re.compile(r"/worker\.js$"), hang)
    page.reload()  # 30 s without a sign of life (the page's limit), then Python starts without it, in the same visit
    expect(status).to_have_attribute("data-zt-started", "boot", timeout=PYODIDE_BOOT)
    expect(status).to_contain_text(re.compile("Niveau|Te weinig"))
    expect(page.locator("[data-zt-error]")).to_be_hidden()
    context.unroute(re.compile(r"/worker\.js$"))
    wait_for_snapshot(page)  # a new snapshot from this start; the next visit restores it
    page.reload()
    expect(status).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
    context.close()


# --- The runtime, downloaded once ---------------------------------------------------------------------------

def test_the_runtime_is_downloaded_once_also_where_the_browser_keeps_no_http_cache(browser, built_site, tmp_path):
    site = tmp_path / "site"  # served uncompressed with Cache-Control: no-store (nothing in the HTTP cache)
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.gz", "*.br"))
    plain = Server(site, "no-store")
    plain.start()
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(plain.url + "zelftest/regie/")
        score(page, ANSWERS)
        poll(page, READY)
        fill = RUNTIME_STATE.replace('{ type: "RUNTIME" }', '{ type: "RUNTIME", fill: "cached" }')
        first = page.evaluate(fill)  # what the page asks once Python runs, answered when done
        fetched = collections.Counter(h.path for h in plain.take() if RUNTIME.search(h.path))
        assert len(fetched) == 6 and set(fetched.values()) == {1}, fetched  # each file once (the lock: in the page)
        assert first["have"] < first["total"]  # nothing to copy from: kept on the next visit instead

        page.reload()  # under the service worker: it keeps each file as the worker fetches it
        expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", re.compile("boot|snapshot"),
                                                                   timeout=PYODIDE_BOOT)
        poll(page, f"async () => {{ const s = await ({RUNTIME_STATE})(); return s.have === s.total; }}")
        page.reload()
        expect(page.locator("[data-zt-status]")).to_have_attribute("data-zt-started", re.compile("boot|snapshot"),
                                                                   timeout=PYODIDE_BOOT)
        again = collections.Counter(h.path for h in plain.take() if RUNTIME.search(h.path))
        assert again == collections.Counter(fetched.keys()), again  # once more on the second visit, never after
        context.close()
    finally:
        plain.stop()

