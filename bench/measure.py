"""The browser side: headless Chromium, a fresh profile per cold visit, a second visit in it for warm."""

from __future__ import annotations

import json
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import sync_playwright

from .server import Server

LAUNCH = dict(executable_path="/usr/bin/chromium", headless=True,
              args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run"])
PROBE = (Path(__file__).resolve().parent / "probe.js").read_text()
TIMEOUT = 90_000  # ms; Pyodide boots in a few seconds here


@dataclass
class Target:
    """A page to measure and what 'done' means on it."""
    name: str
    server: Server
    path: str
    answer: bool = False          # click the first radio once the page's scripts have run
    score: str | None = None      # selector of the element that shows the score
    score_text: str = ""          # regular expression its text must match
    done: str = "'dcl' in m && 'fcp' in m"  # JavaScript condition on the marks `m`
    forget: str | None = None     # JavaScript that drops what a first visit left for the next (our snapshot):
                                  # with it, a third visit "warm_forgotten" runs after it

    @property
    def url(self) -> str:
        return self.server.url + self.path.lstrip("/")


@dataclass
class Visit:
    marks: dict
    longtasks: list
    hits: list = field(default_factory=list)  # (path, status, body bytes) answered by the server
    started: str | None = None  # how the site's Python started: "boot" or "snapshot" (data-zt-started)
    bare: dict | None = None  # the bare page's own step and file times (pages/bare.html)

    def longtasks_before(self, mark: str) -> list:
        end = self.marks.get(mark, float("inf"))
        return [t for t in self.longtasks if t["start"] < end]


class Browser:
    """Headless Chromium. Each cold/warm pair gets its own browser profile in a fresh temporary folder:
    Playwright's ordinary contexts keep their HTTP cache in memory and, here, do not keep the 9.6 MB
    pyodide.asm.wasm, so a "warm" visit would download it again; a profile has a disk cache like a
    reader's browser (and Chromium's compiled WebAssembly cache with it)."""

    def __enter__(self):
        self._pw = sync_playwright().start()
        browser = self._pw.chromium.launch(**LAUNCH)
        self.version = browser.version
        browser.close()
        return self

    def __exit__(self, *exc):
        self._pw.stop()

    @contextmanager
    def _context(self, target: Target):
        with tempfile.TemporaryDirectory(prefix="grip-bench-profile-") as profile:
            # Without the service worker: these figures are a first visit and the browser's own cache (the
            # worker's figures, 9 and 10, are bench/offline.py's).
            context = self._pw.chromium.launch_persistent_context(profile, viewport={"width": 1280, "height": 800},
                                                                  service_workers="block", **LAUNCH)
            try:
                config = {"answer": target.answer, "score": target.score, "scoreText": target.score_text}
                context.add_init_script(f"window.__BENCH_CONFIG = {json.dumps(config)};\n{PROBE}")
                yield context
            finally:
                context.close()

    def _visit(self, page, target: Target) -> Visit:
        target.server.take()
        page.goto(target.url, wait_until="load", timeout=TIMEOUT)
        # Polled from here: wait_for_function evaluates a string, which the site's CSP forbids.
        done = f"() => {{ const m = window.__bench.marks; return {target.done}; }}"
        deadline = time.monotonic() + TIMEOUT / 1000
        while not page.evaluate(done):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{target.name}: not done within {TIMEOUT / 1000:.0f} s: "
                                   f"{page.evaluate('window.__bench')}")
            time.sleep(0.05)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT)
        data = page.evaluate("window.__bench")
        started = page.evaluate("document.querySelector('[data-zt-started]')?.dataset.ztStarted ?? null")
        hits = [(h.path, h.status, h.body) for h in target.server.take()]
        return Visit(data["marks"], data["longtasks"], hits, started, page.evaluate("window.__bare ?? null"))

    def visits(self, target: Target, settle: float) -> dict[str, Visit]:
        """A cold visit in a fresh profile (empty cache), then, `settle` seconds later (a reader does not
        come back within milliseconds; work a page does after its first score ends), a warm one in the
        same profile; with `target.forget`, a third after it has run."""
        with self._context(target) as context:
            page = context.pages[0] if context.pages else context.new_page()
            visits = {"cold": self._visit(page, target)}
            time.sleep(settle)
            visits["warm"] = self._visit(page, target)
            if target.forget:
                page.evaluate(target.forget)
                visits["warm_forgotten"] = self._visit(page, target)
            return visits

    def page(self, target: Target):
        """A fresh profile with one page, for checks of its own (see bench/network.py)."""
        return self._context(target)

    def rescore(self, target: Target, count: int, pause_ms: int, form: str, status: str, result: str) -> list:
        """Re-score latencies on a page that has shown its first score (see probe.js)."""
        with self._context(target) as context:
            page = context.pages[0] if context.pages else context.new_page()
            self._visit(page, target)
            return page.evaluate("([c, p, f, s, r]) => window.__benchRescore(c, p, f, s, r)",
                                 [count, pause_ms, form, status, result])
