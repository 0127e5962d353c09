"""Every engine a reader uses: Chromium, Firefox and WebKitGTK (Safari's engine), in one run, through the
production server (Caddy, deploy/Caddyfile, precompressed):

    python -m bench.engines [--runs N] [--engines chromium,firefox,webkit] [--settle S] [--out FILE]

Per engine and run, each in a fresh persistent profile (a disk cache, a private file system, IndexedDB):

- **first visit**: the questionnaire `zelftest/regie/`, navigation to the first score painted (bench/probe.js
  clicks the first radio as soon as it is shown), against the **bare Pyodide page** (`_bench/bare.html`: the
  site's own runtime and lock in a module worker, one Python function) in the same engine. Target ≤ 1.2×.
- **return**: the same profile once the site kept what it keeps (the service worker active, Python's snapshot
  saved: bench waits for it, at most `--settle` seconds), the questionnaire again; against the **bare snapshot
  restore** (`_bench/bare-restore.html`: the runtime and a memory snapshot from the HTTP cache, restored, the
  questionnaires loaded and one score, nothing else; its second visit in its own profile). Target ≤ 1.5×.

Chromium runs through Playwright, Firefox (firefox-esr) through bench/firefox_profile.mjs (puppeteer-core,
WebDriver BiDi), WebKitGTK through bench/webkit_profile.py (PyGObject, under xvfb-run). An engine that is not
installed is skipped with a note. Each figure is the median over the runs; the load average of the machine at
each visit is kept beside it (other work on a 2-core machine slows every engine). The site's worker puts its
steps on the page's timeline (`python:loaded`, `python:warmed`, ... and `python:<file>` when each file
arrived), so each row also says where the time went.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

from grip_build import server as production
from grip_build.runtime import precompress_folder

from . import report, sites, webkit_profile
from .measure import LAUNCH, PROBE
from .report import median, row

QUESTIONNAIRE = "zelftest/regie/"
BENCH_DIR = "_bench"
PAGES = Path(__file__).resolve().parent / "pages"
FIREFOX = Path(__file__).resolve().parent / "firefox_profile.mjs"
ENGINES = ("chromium", "firefox", "webkit")
TIMEOUT = 180  # seconds per visit: a first visit in WebKit under load takes 30 s here

# Every page: which element shows the score (the site's status line after one answer, the bare pages' result).
INIT = """window.__BENCH_CONFIG = location.pathname.includes("/_bench/")
  ? { answer: false, score: "#result", scoreText: "klaar" }
  : { answer: true, score: "[data-zt-status]", scoreText: "[Tt]e weinig|[Nn]iveau" };
"""
# Until the first score is painted: the probe's marks, how Python started, and the worker's steps.
SCORED = r"""const b = window.__bench;
const failed = document.querySelector("[data-zt-error]:not([hidden])")
  ?? [...document.querySelectorAll("#result")].find((e) => /^mislukt/.test(e.textContent));
if (!failed && (!b || !("scorePainted" in b.marks))) return null;
const marks = Object.fromEntries(performance.getEntriesByType("mark").filter((m) => m.name.startsWith("python:"))
  .map((m) => [m.name.slice(7), Math.round(m.startTime)]));
const files = performance.getEntriesByType("resource").filter((r) => /\/(zelftest|_bench)\/|bundle/.test(r.name))
  .map((r) => [r.name.split("/").pop().split("?")[0], Math.round(r.startTime), Math.round(r.responseEnd)]);
return { failed: failed?.textContent.trim().slice(0, 300), marks: b.marks,
  started: document.querySelector("[data-zt-started]")?.dataset.ztStarted ?? null,
  python: { ...marks, ...(window.__bare?.marks ?? {}) }, files,
  page: Object.fromEntries(["responseEnd", "domInteractive", "domContentLoadedEventEnd", "loadEventEnd"]
    .map((k) => [k, Math.round(performance.getEntriesByType("navigation")[0]?.[k] ?? -1)])) };"""
# The site kept what a returning reader needs: its service worker active (where there is one) and Python's
# snapshot saved (asked of the site's own snapshot module, so the bench knows no file or database names).
KEPT = """const config = JSON.parse(document.getElementById("zt-config").textContent);
const snapshot = await import(new URL("snapshot.js", new URL(config.worker, location.href)).href);
const worker = !navigator.serviceWorker
  || (await navigator.serviceWorker.getRegistration())?.active?.state === "activated";
return worker && (await snapshot.size()) > 0 && { snapshot: await snapshot.size() };"""
# Forget the site's snapshot (a bench run that wants a boot; not used by the default rows).
FORGET = """const config = JSON.parse(document.getElementById("zt-config").textContent);
await (await import(new URL("snapshot.js", new URL(config.worker, location.href)).href)).forget();
return true;"""


def say(text: str) -> None:
    print(f"[bench.engines {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def load() -> float:
    return round(os.getloadavg()[0], 1)


# --- the three engines, one plan format (see bench/webkit_profile.py) -------------------------------------

def missing(engine: str) -> str | None:
    if engine == "chromium":
        return None if Path(LAUNCH["executable_path"]).exists() else "Chromium is missing (make test installs it)"
    if engine == "firefox":
        if not shutil.which("firefox-esr"):
            return "Firefox is missing (apt-get install -y firefox-esr)"
        found = subprocess.run(["node", "-e", "require.resolve('puppeteer-core')"], cwd=sites.ROOT, capture_output=True)
        return None if found.returncode == 0 else "puppeteer-core is missing (npm install --no-save puppeteer-core)"
    return webkit_profile.available()


def run_plan(engine: str, plan: dict) -> list[dict]:
    """Run a plan (visits in one persistent profile) in `engine`; one result per visit."""
    if engine == "webkit":
        return webkit_profile.run(plan)
    if engine == "firefox":
        done = subprocess.run(["node", str(FIREFOX)], input=json.dumps(plan), capture_output=True, text=True,
                              cwd=sites.ROOT,
                              timeout=60 + sum(v.get("timeout", TIMEOUT) + v.get("pause", 0) for v in plan["visits"]))
        if done.returncode:
            raise RuntimeError(f"Firefox harness failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout)
    return _chromium(plan)


def _chromium(plan: dict) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(plan["profile"], viewport={"width": 1280, "height": 800},
                                                        **LAUNCH)
        try:
            if plan.get("init_script"):
                context.add_init_script(plan["init_script"])
            page = context.pages[0] if context.pages else context.new_page()
            for visit in plan["visits"]:
                time.sleep(visit.get("pause", 0))
                started = time.monotonic()
                deadline = started + visit.get("timeout", TIMEOUT)
                try:
                    if visit.get("url"):
                        page.goto(visit["url"], wait_until="commit")
                    value = None
                    while not value:
                        if time.monotonic() > deadline:
                            raise TimeoutError(f"not within {visit.get('timeout', TIMEOUT)} s")
                        try:
                            value = page.evaluate(f"async () => {{ {visit['until']} }}")
                        except Exception:  # noqa: BLE001 - the page is still loading: try again
                            value = None
                        if not value:
                            time.sleep(0.1)
                    results.append({"value": value, "seconds": round(time.monotonic() - started, 3)})
                except Exception as error:  # noqa: BLE001 - a failed visit is a note, not the end of the run
                    results.append({"error": str(error)[:500]})
        finally:
            context.close()
    return results


# --- one run in one engine -------------------------------------------------------------------------------

def site_pair(engine: str, url: str, settle: float) -> dict:
    """First visit and return of the questionnaire in one fresh profile."""
    with tempfile.TemporaryDirectory(prefix=f"grip-bench-{engine}-") as profile:
        visits = [{"url": url + QUESTIONNAIRE, "until": SCORED, "timeout": TIMEOUT},
                  {"url": None, "until": KEPT, "timeout": settle},
                  {"url": url + QUESTIONNAIRE, "until": SCORED, "timeout": TIMEOUT, "pause": 1}]
        before = load()
        first, kept, back = run_plan(engine, {"profile": profile, "init_script": INIT + PROBE, "visits": visits})
    return {"first": first, "kept": kept, "return": back, "load": [before, load()]}


def bare_pair(engine: str, url: str, query: str, restore_query: str) -> dict:
    """The bare Pyodide page (first visit), then the bare snapshot restore (its second visit is the one measured)."""
    with tempfile.TemporaryDirectory(prefix=f"grip-bench-{engine}-bare-") as profile:
        bare = f"{url}{BENCH_DIR}/bare.html?{query}"
        restore = f"{url}{BENCH_DIR}/bare-restore.html?{restore_query}"
        visits = [{"url": bare, "until": SCORED, "timeout": TIMEOUT},
                  {"url": restore, "until": SCORED, "timeout": TIMEOUT, "pause": 1},
                  {"url": restore, "until": SCORED, "timeout": TIMEOUT, "pause": 3}]
        before = load()
        first, _, back = run_plan(engine, {"profile": profile, "init_script": INIT + PROBE, "visits": visits})
    return {"first": first, "return": back, "load": [before, load()]}


# --- preparing the site ---------------------------------------------------------------------------------

def prepare(site: Path) -> tuple[str, str]:
    """The bench pages and a memory snapshot for the bare restore, next to the built site; returns the bare
    pages' queries (the site's own runtime, lock, wheel and questionnaires)."""
    page = (site / QUESTIONNAIRE / "index.html").read_text()
    config = json.loads(page.split('id="zt-config">', 1)[1].split("</script>", 1)[0])
    base = "/" + QUESTIONNAIRE
    paths = {k: urljoin(base, config[k]) for k in ("indexURL", "lockURL", "wheelURL", "bundleURL")}
    folder = site / BENCH_DIR
    folder.mkdir(exist_ok=True)
    for name in ("bare.html", "bare-worker.mjs", "bare-restore.html", "bare-restore.mjs", "bare-restore-worker.mjs"):
        shutil.copy(PAGES / name, folder / name)
    make_snapshot(site, paths, folder / "python-start.bin")
    query = f"index={paths['indexURL']}&lock={paths['lockURL']}"
    restore = f"{query}&wheel={paths['wheelURL']}&bundle={paths['bundleURL']}&snapshot=/{BENCH_DIR}/python-start.bin"
    return query, restore


SNAPSHOT_MAKER = """
import { loadPyodide } from "%(pyodide)s";
import { readFileSync, writeFileSync } from "node:fs";
const [wheel, bundle] = [new Uint8Array(readFileSync(%(wheel)s)), readFileSync(%(bundle)s, "utf8")];
const pyodide = await loadPyodide({ indexURL: %(index)s, lockFileURL: %(lock)s, _makeSnapshot: true });
pyodide.FS.writeFile("/lib/scoring.whl", wheel);
const sys = pyodide.pyimport("sys");
sys.path.unshift("/lib/scoring.whl");
const api = pyodide.pyimport("scoring.api");
api.warm(bundle);
[api, sys].forEach((proxy) => proxy.destroy());
writeFileSync(%(out)s, pyodide.makeMemorySnapshot());
"""


def make_snapshot(site: Path, paths: dict, out: Path) -> None:
    """Python with the questionnaires loaded and scored once, as the site's worker snapshots it, made by the
    site's own Pyodide in Node (a snapshot is the wasm memory: the same in every engine)."""
    file = lambda key: site.resolve() / paths[key].lstrip("/")  # noqa: E731
    index = file("indexURL")
    script = SNAPSHOT_MAKER % {"pyodide": (index / "pyodide.mjs").as_uri(), "wheel": json.dumps(str(file("wheelURL"))),
                               "bundle": json.dumps(str(file("bundleURL"))), "index": json.dumps(str(index) + "/"),
                               "lock": json.dumps(str(file("lockURL"))), "out": json.dumps(str(out))}
    done = subprocess.run(["node", "--input-type=module", "-e", script], capture_output=True, text=True, cwd=sites.ROOT)
    if done.returncode or not out.is_file():
        raise RuntimeError(f"making the bare page's snapshot failed:\n{done.stderr[-2000:]}")


# --- figures ----------------------------------------------------------------------------------------------

def painted(result: dict) -> float | None:
    value = result.get("value") or {}
    return (value.get("marks") or {}).get("scorePainted")


def failure(result: dict) -> str | None:
    return result.get("error") or (result.get("value") or {}).get("failed")


def measure(site: Path, runs: int = 3, engines=ENGINES, settle: float = 60) -> tuple[list, list, dict]:
    """Rows, notes and raw data for `site` (built, not yet precompressed: the bench pages are added first)."""
    query, restore = prepare(site)
    precompress_folder(site, 11, sites.ROOT / "build" / "cache")
    available = {e: missing(e) for e in engines}
    data: dict = {e: {"site": [], "bare": []} for e in engines}
    notes = [f"{e}: not measured: {why}" for e, why in available.items() if why]
    with production.running(site) as url:
        for n in range(runs):
            order = [e for e in engines if not available[e]]
            order = order[n % len(order):] + order[:n % len(order)] if order else []  # each engine first in turn
            for engine in order:
                say(f"run {n + 1}/{runs}: {engine}")
                data[engine]["site"].append(site_pair(engine, url, settle))
                data[engine]["bare"].append(bare_pair(engine, url, query, restore))
    rows = []
    for engine in engines:
        if available[engine]:
            continue
        rows += figures(engine, data[engine], notes)
    return rows, notes, data


def figures(engine: str, found: dict, notes: list) -> list:
    pairs, bares = found["site"], found["bare"]
    first = median([painted(p["first"]) for p in pairs])
    back = median([painted(p["return"]) for p in pairs
                   if (p["return"].get("value") or {}).get("started") == "snapshot"])
    bare_first = median([painted(b["first"]) for b in bares])
    bare_back = median([painted(b["return"]) for b in bares])
    loads = [x for p in pairs + bares for x in p["load"]]
    load_text = f"load {min(loads):.1f}–{max(loads):.1f}" if loads else ""
    name = {"chromium": "Chromium", "firefox": "Firefox", "webkit": "WebKitGTK"}[engine]
    rows = [
        row("E", f"{name}: first visit, navigation to first score ({load_text})", first, bare_first, "ms",
            "≤ 1.2× bare Pyodide page"),
        row("E", f"{name}: return, navigation to first score ({load_text})", back, bare_back, "ms",
            "≤ 1.5× bare snapshot restore"),
    ]
    for r, limit, what in ((rows[0], 1.2, "first visit"), (rows[1], 1.5, "return")):
        if r["ratio"] is not None and r["ratio"] > limit:
            notes.append(f"{name} {what}: {r['ratio']:.2f}× its bare page (target ≤ {limit}×): "
                         f"{where(pairs, bares, what)}")
        elif r["ours"] is None:
            notes.append(f"{name} {what}: no figure ({problems(pairs, bares, what)})")
    started = [(p["return"].get("value") or {}).get("started") for p in pairs]
    if any(s != "snapshot" for s in started):
        notes.append(f"{name}: returns restored from the snapshot in {started.count('snapshot')} of {len(started)} "
                     f"runs ({started})")
    return rows


def where(pairs: list, bares: list, what: str) -> str:
    """Where the time went: the median of each step of the site's worker and of the bare page's."""
    key = "first" if what == "first visit" else "return"

    def steps(results):
        return {k: median([(r.get("value") or {}).get("python", {}).get(k) for r in results])
                for k in sorted({k for r in results for k in ((r.get("value") or {}).get("python") or {})})}

    def fmt(found):
        return ", ".join(f"{k} {v:,.0f}" for k, v in sorted(found.items(), key=lambda kv: kv[1] or 0)
                         if v is not None)

    ours = steps([p[key] for p in pairs])
    bare = steps([b[key] for b in bares])
    return f"site steps (ms after navigation): {fmt(ours)}; bare: {fmt(bare)}"


def problems(pairs: list, bares: list, what: str) -> str:
    key = "first" if what == "first visit" else "return"
    errors = [failure(r[key]) for r in pairs + bares if failure(r[key])]
    return "; ".join(dict.fromkeys(errors))[:300] or "no run finished"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: chromium, firefox, webkit")
    parser.add_argument("--settle", type=float, default=60,
                        help="at most this many seconds for the site to keep what it keeps")
    parser.add_argument("--out", type=Path, default=sites.ROOT / "build" / "bench" / "engines.json")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := set(engines) - set(ENGINES):
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="grip-bench-engines-") as tmp:
        say("building the site")
        site = Path(tmp) / "site"
        sites.build_ours(site)
        rows, notes, data = measure(site, args.runs, engines, args.settle)
    return report.finish(rows, notes, data, args.out)


if __name__ == "__main__":
    sys.exit(main())
