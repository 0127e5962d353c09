"""A reader answers a questionnaire; Python under Pyodide, in a module worker, computes the result."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from scoring._source import load

from ..conftest import ROOT
from .watch import watch

pytestmark = pytest.mark.browser
PYODIDE_BOOT = 90_000  # ms; Pyodide boots in ~5 s here, CI machines can be slower


def cli_score(questionnaire: str, answers: dict, tmp_path) -> dict:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    out = subprocess.run([sys.executable, "-m", "scoring", "score", f"questionnaires/{questionnaire}.yml", str(path)],
                         cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def mixed_answers(questionnaire: str) -> dict:
    q = load(ROOT / "questionnaires" / f"{questionnaire}.yml")
    values = itertools.cycle(["4", "2", "5", "3", "?", "4", "1", "-"])
    return {s.id: next(values) for s in q.statements}


def test_questionnaire_is_scored_by_python_in_the_browser(context, site_url, tmp_path):
    seen = watch(context, site_url)
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    answers = mixed_answers("regie")
    for sid, value in answers.items():  # the form works before Python is ready
        page.check(f"input[name='{sid}'][value='{value}']")
    expect(page.locator("[data-zt-count]")).to_have_text(f"Alle {len(answers)} beantwoord")

    expected = cli_score("regie", answers, tmp_path)
    status = page.locator("[data-zt-status]")
    expect(status).to_contain_text("Niveau" if expected["level"] else "Te weinig", timeout=PYODIDE_BOOT)
    if expected["level"]:
        expect(status).to_contain_text(f"Niveau {expected['level']} van 5")
    titles = page.locator(".zt-result .zt-steps").first.locator("li > strong")
    by_id = {r["id"]: r["title"] for r in expected["recommendations"]}
    expect(titles).to_have_text([by_id[rid] for rid in expected["next_steps"]])

    page.check("input[name='rg-01'][value='5']")  # a change is scored again
    answers["rg-01"] = "5"
    again = cli_score("regie", answers, tmp_path)
    named = {r["id"]: r["title"] for r in again["recommendations"]}
    expect(titles).to_have_text([named[r] for r in again["next_steps"]])

    assert seen.foreign() == []
    assert seen.csp_violations(page) == []


def test_runtime_and_wheel_come_from_the_site_itself(context, site_url):
    seen = watch(context, site_url)
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    page.check("input[name='rg-01'][value='3']")
    expect(page.locator("[data-zt-status]")).to_contain_text("Te weinig antwoorden", timeout=PYODIDE_BOOT)
    names = {url.rsplit("/", 1)[-1].split("?")[0] for url in seen.requests}
    assert {"pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
            "scoring-0.1.0-py3-none-any.whl"} <= names
    assert "pyodide-lock.json" not in names  # the lock comes with the page (lockFileContents), no fetch to wait for
    assert seen.foreign() == []


def test_when_python_cannot_start_the_reader_gets_a_dutch_message_and_keeps_answers(context, site_url):
    page = context.new_page()
    page.route("**/pyodide.mjs", lambda route: route.abort())
    page.goto(site_url + "zelftest/regie/")
    page.check("input[name='rg-02'][value='4']")
    error = page.locator("[data-zt-error]")
    expect(error).to_be_visible(timeout=PYODIDE_BOOT)
    expect(error).to_contain_text("De rekenmodule start niet")
    expect(page.locator("[data-zt-status]")).to_contain_text("Je antwoorden zijn bewaard")
    page.unroute("**/pyodide.mjs")
    page.get_by_role("button", name="Probeer opnieuw").click()
    expect(page.locator("[data-zt-status]")).to_contain_text("Te weinig antwoorden", timeout=PYODIDE_BOOT)
    expect(error).to_be_hidden()
    page.reload()
    expect(page.locator("input[name='rg-02'][value='4']")).to_be_checked()


def test_a_damaged_wheel_is_refused_with_a_dutch_message(context, site_url):
    page = context.new_page()  # the browser checks the wheel against the sha256 in the lock file
    page.route("**/scoring-*.whl", lambda route: route.fulfill(status=200, body=b"PK\x05\x06" + bytes(18)))
    page.goto(site_url + "zelftest/regie/")
    page.check("input[name='rg-02'][value='4']")
    error = page.locator("[data-zt-error]")
    expect(error).to_be_visible(timeout=PYODIDE_BOOT)
    expect(error).to_contain_text("Het pakket scoring kon niet worden opgehaald of is beschadigd")
    expect(page.locator("input[name='rg-02'][value='4']")).to_be_checked()


# Python's memory snapshot (snapshot.js), one per deployment (the site's root path): a file in the origin's private
# file system, "python-start-<root, URI-encoded>.bin" (4 bytes with the key's length, the key, the memory), or,
# where the worker has no synchronous file handle, the IndexedDB database "grip-python:<root>" (store
# "snapshot": "memory" as a Blob, then "key" = {key, bytes}). [action, key, root]: "key": the key it holds (null: no
# usable snapshot, or a write cut short); "where": "file" or "database"; "garbage": the memory replaced by random
# bytes; "truncated": the memory cut to its first megabyte (a write cut short); "rekey": the same memory under
# `key`, in the deployment at `root` (default: this page's).
SNAPSHOT = """async ([action, key, root]) => {
  const config = JSON.parse(document.getElementById("zt-config").textContent);
  const own = new URL("../../../", new URL(config.worker, location.href)).pathname;
  const names = (r) => ({ file: `python-start-${encodeURIComponent(r)}.bin`, database: `grip-python:${r}` });
  const header = (text) => {
    const t = new TextEncoder().encode(text);
    const h = new Uint8Array(4 + t.length);
    h.set(t, 4);
    new DataView(h.buffer).setUint32(0, t.length);
    return h;
  };
  const request = (r) => new Promise((resolve, reject) =>
    Object.assign(r, { onsuccess: () => resolve(r.result), onerror: () => reject(r.error) }));
  const open = (r) => {
    const o = indexedDB.open(names(r).database, 1);
    o.onupgradeneeded = () => o.result.createObjectStore("snapshot");
    return request(o);
  };
  const folder = await navigator.storage?.getDirectory?.().catch(() => null);
  async function get(r) {
    const file = folder && await folder.getFileHandle(names(r).file).catch(() => null);
    if (file) {
      const bytes = new Uint8Array(await (await file.getFile()).arrayBuffer());
      const length = bytes.length >= 4 ? new DataView(bytes.buffer).getUint32(0) : 0;
      const key = new TextDecoder().decode(bytes.subarray(4, 4 + length));
      if (length) return { where: "file", key, memory: async () => bytes.subarray(4 + length) };
    }
    if (!(await indexedDB.databases()).some((d) => d.name === names(r).database)) return null;
    const db = await open(r);
    const store = db.transaction("snapshot").objectStore("snapshot");
    const [head, memory] = await Promise.all([request(store.get("key")), request(store.get("memory"))]);
    db.close();
    return head ? { where: "database", key: memory?.size === head.bytes ? head.key : null, bytes: head.bytes,
                    memory: async () => new Uint8Array(memory ? await memory.arrayBuffer() : 0) } : null;
  }
  async function put(r, where, key, memory, bytes) {
    if (where === "file") {
      const writable = await (await folder.getFileHandle(names(r).file, { create: true })).createWritable();
      await writable.write(new Blob([header(key), memory]));
      return writable.close();
    }
    const db = await open(r);
    const t = db.transaction("snapshot", "readwrite");
    t.objectStore("snapshot").put(new Blob([memory]), "memory");
    t.objectStore("snapshot").put({ key, bytes }, "key");
    await new Promise((done) => (t.oncomplete = done));
    db.close();
  }
  const found = await get(own);
  if (!found) return null;
  if (action === "key" || action === "where") return found[action];
  const garbage = crypto.getRandomValues(new Uint8Array(65536));
  if (action === "garbage") await put(own, found.where, found.key, garbage, garbage.length);
  const memory = await found.memory();
  if (action === "truncated") await put(own, found.where, found.key, memory.subarray(0, 1 << 20), memory.length);
  if (action === "rekey") await put(root ?? own, found.where, key, memory, memory.length);
  return action;
}"""


def wait_for_snapshot(page):
    deadline = time.monotonic() + 60
    while not page.evaluate(SNAPSHOT, ["key", None, None]):  # saved in the background after the first score
        assert time.monotonic() < deadline, "no snapshot was saved"
        time.sleep(0.2)


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_returning_reader_starts_from_a_snapshot_and_a_damaged_one_is_replaced(context, site_url, tmp_path, damage):
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    answers = mixed_answers("regie")
    for sid, value in answers.items():
        page.check(f"input[name='{sid}'][value='{value}']")
    status = page.locator("[data-zt-status]")
    expected = cli_score("regie", answers, tmp_path)
    level = f"Niveau {expected['level']} van 5" if expected["level"] else "Te weinig"
    titles = page.locator(".zt-result .zt-steps").first.locator("li > strong")
    steps = [{r["id"]: r["title"] for r in expected["recommendations"]}[r] for r in expected["next_steps"]]
    expect(status).to_have_attribute("data-zt-started", "boot", timeout=PYODIDE_BOOT)
    expect(status).to_contain_text(level)
    wait_for_snapshot(page)

    page.reload()  # Python restored from this browser's snapshot: the same result
    expect(status).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)
    assert len([w for w in page.workers if "/assets/zelftest/" in w.url]) == 1  # started from the head, taken over
    expect(status).to_contain_text(level)
    expect(titles).to_have_text(steps)
    page.check("input[name='rg-01'][value='5']")  # and it keeps scoring
    answers["rg-01"] = "5"
    again = cli_score("regie", answers, tmp_path)
    named = {r["id"]: r["title"] for r in again["recommendations"]}
    expect(titles).to_have_text([named[r] for r in again["next_steps"]])

    assert page.evaluate(SNAPSHOT, [damage, None, None]) == damage
    page.reload()  # the damaged snapshot is dropped, Python boots, the result is the same
    expect(status).to_have_attribute("data-zt-started", "boot", timeout=PYODIDE_BOOT)
    expect(status).to_contain_text(f"Niveau {again['level']} van 5" if again["level"] else "Te weinig")
    expect(page.locator("[data-zt-error]")).to_be_hidden()
    wait_for_snapshot(page)
    page.reload()  # and a good one took its place
    expect(status).to_have_attribute("data-zt-started", "snapshot", timeout=PYODIDE_BOOT)


def test_two_weet_ik_niet_answers_are_named_in_the_result(context, site_url):
    q = load(ROOT / "questionnaires" / "regie.yml")
    unknown = [q.statements[1], q.statements[4]]
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    for s in q.statements:
        page.check(f"input[name='{s.id}'][value='{'?' if s in unknown else '3'}']")
    note = page.locator(".zt-result .zt-unknown")
    expect(note).to_contain_text("2 stellingen weet je niet: zoek ze uit.", timeout=PYODIDE_BOOT)
    expect(note.locator("li")).to_have_text([s.text for s in unknown])
    note.locator("a").first.click()  # each one leads back to its statement
    assert page.evaluate("location.hash") == f"#{unknown[0].id}"
