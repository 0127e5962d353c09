"""Returning and offline readers (issue 15), through the production server (Caddy, deploy/Caddyfile):

    python -m bench.offline [--runs N] [--network-runs N] [--settle S] [--out FILE]

- 9.  a returning reader's first score: the questionnaire visited cold in a fresh profile, then (once the
      service worker is active, Python's files are kept and the memory snapshot is saved) again: the page
      from the service worker, the runtime from its cache, Python from the snapshot. Against the SurveyJS
      page's warm visit in the same runs, and against the same profile with service workers blocked (the
      browser's HTTP cache and the snapshot only: what the site did before).
- 9.  offline: the same profile, offline (Playwright's set_offline, which covers the service worker's
      fetches too), a third visit: first score against the warm one.
- 9N. the 4G profile (bench/network.py's Shaper): bytes of the runtime sent over the link on the revisit
      (must be 0), and every byte of the revisit (HTTP headers included).
- 10. a content page's first visit against stock Material (same Markdown, also through Caddy, also
      precompressed): the bytes the page itself fetched (transfer sizes, headers included) until the
      network is idle, without the service worker's own fetches; those (the shell, cached after load) are
      shown on their own row. First contentful paint of both.

`measure()` returns rows in bench/report.py's format, so `python -m bench` can add them to its table.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from grip_build import server as production
from grip_build.runtime import precompress_folder

from . import engines, network, peer, report, sites
from .measure import LAUNCH, PROBE, TIMEOUT
from .report import median, row

QUESTIONNAIRE = "zelftest/regie/"
CONTENT = "praktijken/ketenkaart/"
SCORE_TEXT = "[Tt]e weinig|[Nn]iveau"
RUNTIME = re.compile(r"/assets/(pyodide|python)/")
# the service worker is active (the shell is kept), Python's files are kept, the snapshot is saved
SETTLED = f"""async () => {{
  const registration = await navigator.serviceWorker.getRegistration();
  if (registration?.active?.state !== "activated") return false;
  const kept = await new Promise((resolve) => {{
    const {{ port1, port2 }} = new MessageChannel();
    port1.onmessage = ({{ data }}) => resolve(data.have === data.total);
    registration.active.postMessage({{ type: "RUNTIME" }}, [port2]);
  }});
  return kept && (async () => {{ {engines.KEPT} }})();
}}"""


class Site:
    """A URL to visit; take() is what the Shaper counted (nothing without a shaper)."""

    def __init__(self, url: str, shaper=None):
        self.url, self.shaper = url, shaper

    def take(self) -> int:
        return self.shaper.take()[0].body if self.shaper else 0


def say(text: str) -> None:
    print(f"[bench.offline {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


@contextlib.contextmanager
def profile(pw, answer: bool, score: str | None, service_workers: str = "allow"):
    """A fresh browser profile (a disk cache like a reader's) with the bench probe in every page."""
    with tempfile.TemporaryDirectory(prefix="grip-bench-offline-") as folder:
        context = pw.chromium.launch_persistent_context(folder, viewport={"width": 1280, "height": 800},
                                                        service_workers=service_workers, **LAUNCH)
        try:
            config = {"answer": answer, "score": score, "scoreText": SCORE_TEXT}
            context.add_init_script(f"window.__BENCH_CONFIG = {json.dumps(config)};\n{PROBE}")
            yield context
        finally:
            context.close()


def visit(context, url: str, done: str, then: str | None = None) -> dict:
    """One visit until `done` (on the probe's marks) and the network is idle (and `then`, a function polled in
    the page, is true): marks, how Python started, and every request as (URL, made by the service worker,
    served by the service worker, transfer bytes including headers)."""
    finished = []

    def listener(request) -> None:
        finished.append(request)

    context.on("requestfinished", listener)
    context.on("requestfailed", listener)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(url, wait_until="load", timeout=TIMEOUT)
    deadline = time.monotonic() + TIMEOUT / 1000
    while not page.evaluate(f"() => {{ const m = window.__bench.marks; return {done}; }}"):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}: not done: {page.evaluate('window.__bench')}")
        time.sleep(0.05)
    page.wait_for_load_state("networkidle", timeout=TIMEOUT)
    marks = page.evaluate("window.__bench.marks")
    while then and not page.evaluate(then):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url}: not true: {then}")
        time.sleep(0.1)
    started = page.evaluate("document.querySelector('[data-zt-started]')?.dataset.ztStarted ?? null")
    context.remove_listener("requestfinished", listener)
    context.remove_listener("requestfailed", listener)
    requests = []
    for request in finished:
        response = request.response() if request.failure is None else None
        from_worker = bool(response and response.from_service_worker)
        sizes = request.sizes() if response and not from_worker else {"responseBodySize": 0, "responseHeadersSize": 0}
        wire = max(0, sizes["responseBodySize"]) + max(0, sizes["responseHeadersSize"])
        requests.append((request.url, request.service_worker is not None, from_worker, wire))
    return {"marks": marks, "started": started, "requests": requests}


def settle(context, seconds: float) -> bool:
    page = context.pages[0]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if page.evaluate(SETTLED):
            return True
        time.sleep(0.25)
    return False


SCORED = "'scorePainted' in m && 'fcp' in m"


def returning(pw, site: Site, settle_s: float) -> dict:
    """Cold, warm (service worker + snapshot) and offline visits of the questionnaire in one profile."""
    url = site.url + QUESTIONNAIRE
    with profile(pw, True, "[data-zt-status]") as context:
        found = {"cold": visit(context, url, SCORED)}
        found["settled"] = settle(context, settle_s)
        site.take()
        found["warm"] = visit(context, url, SCORED)
        found["warm_wire"] = site.take()
        context.set_offline(True)
        found["offline"] = visit(context, url, SCORED)
        context.set_offline(False)
    return found


def without_worker(pw, site: Site, settle_s: float) -> dict:
    """The questionnaire with service workers blocked: HTTP cache and snapshot only (before issue 15)."""
    url = site.url + QUESTIONNAIRE
    with profile(pw, True, "[data-zt-status]", service_workers="block") as context:
        found = {"cold": visit(context, url, SCORED)}
        time.sleep(settle_s)
        found["warm"] = visit(context, url, SCORED)
    return found


def surveyjs(pw, site: Site, settle_s: float) -> dict:
    url = site.url + "_bench/surveyjs.html"
    with profile(pw, True, '[data-name="resultaat"]') as context:
        found = {"cold": visit(context, url, SCORED)}
        time.sleep(settle_s)
        found["warm"] = visit(context, url, SCORED)
    return found


def content(pw, site: Site) -> dict:
    with profile(pw, False, None) as context:
        active = "() => navigator.serviceWorker.getRegistration().then((r) => !r || r.active?.state === 'activated')"
        return visit(context, site.url + CONTENT, "'dcl' in m && 'fcp' in m", active)  # the shell kept too


def page_bytes(v: dict) -> int:
    return sum(wire for _, by_worker, _, wire in v["requests"] if not by_worker)


def worker_bytes(v: dict) -> int:
    return sum(wire for _, by_worker, _, wire in v["requests"] if by_worker)


def runtime_wire(v: dict) -> int:
    return sum(wire for url, _, _, wire in v["requests"] if RUNTIME.search(url))


def measure(site: Path, stock: Path, runs: int = 3, network_runs: int = 2,
            settle_s: float = 60) -> tuple[list, list, dict]:
    """Rows, notes and raw data; `site` and `stock` are built and precompressed, `site` has _bench/surveyjs.html."""
    data: dict = {"returning": [], "without_worker": [], "surveyjs": [], "content": [], "stock": [], "4G": []}
    with production.running(site) as ours_url, production.running(stock) as stock_url, sync_playwright() as pw:
        ours, stock_site = Site(ours_url), Site(stock_url)
        for run in range(runs):
            for name, task in (("returning", lambda: returning(pw, ours, settle_s)),
                               ("without_worker", lambda: without_worker(pw, ours, 8)),
                               ("surveyjs", lambda: surveyjs(pw, ours, 6)),
                               ("content", lambda: content(pw, ours)), ("stock", lambda: content(pw, stock_site))):
                say(f"run {run + 1}/{runs}: {name}")
                try:
                    data[name].append(task())
                except Exception as error:  # one failed visit must not sink the rest
                    say(f"  failed: {error}")
        port = int(ours_url.rsplit(":", 1)[1].strip("/"))
        profile_4g = next(p for p in network.PROFILES if p.name == "4G")
        with network.Shaper(port, profile_4g).running() as shaped:
            for run in range(network_runs):
                say(f"4G run {run + 1}/{network_runs}: returning reader")
                try:
                    data["4G"].append(returning(pw, Site(shaped.url, shaped), settle_s))
                except Exception as error:
                    say(f"  failed: {error}")
    return (*figures(data), data)


def figures(d: dict) -> tuple[list, list]:
    def score(visits, phase):
        return median(v[phase]["marks"].get("scorePainted") for v in visits)

    rows = [
        row("9", "returning reader: navigation to first score (service worker + snapshot)",
            score(d["returning"], "warm"), None, "ms", "≤ 600 ms"),
        row("9", "  the same vs SurveyJS warm (same runs)", score(d["returning"], "warm"), score(d["surveyjs"], "warm"),
            "ms", "≤ 2.0"),
        row("9", "  the same vs no service worker (HTTP cache + snapshot)", score(d["returning"], "warm"),
            score(d["without_worker"], "warm"), "ms", ""),
        row("9", "offline: navigation to first score vs warm", score(d["returning"], "offline"),
            score(d["returning"], "warm"), "ms", "≤ 1.0"),
        row("9", "  first visit (cold) vs SurveyJS cold", score(d["returning"], "cold"), score(d["surveyjs"], "cold"),
            "ms", ""),
        row("9N", "4G: runtime bytes over the wire on the revisit",
            median(runtime_wire(v["warm"]) for v in d["4G"]), None, "B", "0"),
        row("9N", "4G:   every byte of the revisit (headers included, shaper)",
            median(v["warm_wire"] for v in d["4G"]), None, "B", ""),
        row("9N", "4G: navigation to first score, revisit vs first visit", score(d["4G"], "warm"),
            score(d["4G"], "cold"), "ms", ""),
        row("10", "content page first visit: bytes the page fetched vs stock Material",
            median(page_bytes(v) for v in d["content"]), median(page_bytes(v) for v in d["stock"]), "B",
            "≤ 1.1× stock"),
        row("10", "  first contentful paint vs stock Material", median(v["marks"].get("fcp") for v in d["content"]),
            median(v["marks"].get("fcp") for v in d["stock"]), "ms", ""),
        row("10", "  the shell, kept by the service worker after load (not the page's; headers included)",
            median(worker_bytes(v) for v in d["content"]), None, "B", ""),
    ]
    notes = []
    started = [v["warm"]["started"] for v in d["returning"]] + [v["offline"]["started"] for v in d["returning"]]
    if started.count("snapshot") != len(started):
        notes.append(f"offline bench: {started.count('snapshot')} of {len(started)} warm/offline visits restored "
                     "Python from the snapshot")
    served = [all(from_worker for url, _, from_worker, _ in v["warm"]["requests"] if RUNTIME.search(url))
              for v in d["returning"]]
    if not all(served):
        notes.append(f"offline bench: the runtime came from the service worker in {sum(served)} of {len(served)} "
                     "warm visits")
    if not all(v["settled"] for v in d["returning"] + d["4G"]):
        notes.append("offline bench: some first visits had not settled (worker, runtime kept, snapshot) "
                     "before the revisit")
    for name in ("returning", "without_worker", "surveyjs", "content", "stock", "4G"):
        if not d[name]:
            notes.append(f"offline bench: {name}: no run succeeded")
    return rows, notes


def prepare(tmp: Path) -> tuple[Path, Path]:
    """The site (with the SurveyJS page under _bench/) and stock Material, built and precompressed."""
    say("building the site and a stock Material site of the same Markdown")
    site = tmp / "site"
    sites.build_ours(site)
    peer.write_page(site / "_bench", sites.ROOT / "questionnaires" / "regie.yml")
    stock = sites.build_stock_site(tmp / "stock")
    for folder in (site, stock):
        precompress_folder(folder, 11, sites.ROOT / "build" / "cache")
    return site, stock


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.offline", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs over loopback; each figure is their median")
    parser.add_argument("--network-runs", type=int, default=2, help="runs under the 4G profile")
    parser.add_argument("--settle", type=float, default=60,
                        help="at most this many seconds for a first visit to settle")
    parser.add_argument("--out", type=Path, default=sites.ROOT / "build" / "bench" / "offline.json")
    args = parser.parse_args()
    if why := network.available():
        print(why, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="grip-bench-offline-") as tmp:
        site, stock = prepare(Path(tmp))
        rows, notes, data = measure(site, stock, args.runs, args.network_runs, args.settle)
    return report.finish(rows, notes, data, args.out)


if __name__ == "__main__":
    sys.exit(main())
