"""The journeys that matter most to a reader, written once against driver.Page and run in every engine
(test_journeys.py). Each gets the session's engine (`browser`), the site served by Caddy with its production
headers (`site`: the URL), and what it needs of the fixtures (`tools`: tmp_path, own_server, shots)."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scoring._plan_files import CSV_COLUMNS
from scoring._source import load

from ..browser.test_questionnaire import cli_score, mixed_answers
from ..conftest import ROOT
from .driver import Engine, Page, js

STATUS = "[data-zt-status]"
STEPS = ("[...(document.querySelector('.zt-result .zt-steps')?.querySelectorAll('li > strong') ?? [])]"
         ".map((e) => e.innerText.trim())")
# The runtime kept for offline use, as "Beschikbaar maken zonder internet" asks for it (a first visit keeps only
# what the browser's HTTP cache holds, and WebKit's service worker cannot read that cache: measured)
RUNTIME_KEPT = """navigator.serviceWorker.ready.then(({ active }) => new Promise((resolve) => {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = ({ data }) => resolve(data.have === data.total);
  active.postMessage({ type: "RUNTIME", fill: "network" }, [port2]);
}))"""
KEPT = """(async () => ({
  answers: Object.keys(localStorage).filter((k) => k.startsWith("grip-")),
  caches: await caches.keys(),
  workers: (await navigator.serviceWorker.getRegistrations()).length,
  databases: (await indexedDB.databases()).map((d) => d.name),
  files: navigator.storage?.getDirectory ? await Array.fromAsync((await navigator.storage.getDirectory()).keys()) : [],
}))()"""  # what the site keeps in this profile (files: the private file system, where the engine has one)


@dataclass(frozen=True)
class Tools:
    tmp_path: Path
    own_server: Callable  # () -> OwnServer: the built site on a server of its own, which the journey may stop
    shots: Path  # where the screenshots go (build/engines/)


def expected_of(questionnaire: str, answers: dict, tools: Tools) -> tuple[str, list[str]]:
    """The status line's level and the titles of the next steps, as `python -m scoring score` computes them."""
    result = cli_score(questionnaire, answers, tools.tmp_path)
    titles = {r["id"]: r["title"] for r in result["recommendations"]}
    level = f"Niveau {result['level']} van 5" if result["level"] else "Te weinig antwoorden"
    return level, [titles[rid] for rid in result["next_steps"]]


def status(page: Page, says: str) -> None:
    """Wait until the questionnaire's status line says `says` (a regular expression); a failure quotes the page's
    error box (Python did not start: why)."""
    page.wait(f"new RegExp({js(says)}).test(document.querySelector({js(STATUS)}).innerText)",
              lambda: f"the status says {says!r}; it says {page.text(STATUS)!r} "
                      f"{page.text('[data-zt-error-text]') or ''}")


def scored(page: Page, questionnaire: str, answers: dict, tools: Tools) -> str:
    """Wait until the page shows the level and next steps Python computes for `answers`; return the level's words."""
    level, steps = expected_of(questionnaire, answers, tools)
    status(page, level)
    page.wait(f"JSON.stringify({STEPS}) === {js(json.dumps(steps, ensure_ascii=False, separators=(',', ':')))}",
              lambda: f"the next steps are {steps} (shown: {page.evaluate(STEPS)})")
    return level


def content_and_search(browser: Engine, site: str, tools: Tools) -> None:
    """A content page renders with its styles under the site's policy, and search finds a page by a word in it."""
    page = browser.fresh()
    page.goto(site + "praktijken/ketenkaart/")
    page.wait_text("article h1", "ketenkaart")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.click("input.md-search__input")
    # a query typed while Material still builds its index ("Zoeken initialiseren") is lost
    page.wait_text(".md-search-result__meta", "Typ om te beginnen met zoeken")
    page.type("input.md-search__input", "watermeloeneffect")  # Material searches on key events
    result = ".md-search-result__link[href*='xla-en-watermeloen']"
    page.wait(f"Boolean(document.querySelector({js(result)}))", lambda: "a search result for the XLA practice (the box "
              f"holds {page.evaluate('document.querySelector(`input.md-search__input`).value')!r}, the results say "
              f"{page.text('.md-search-result__meta')!r})")
    page.click(result)
    page.wait("location.pathname.endsWith('/praktijken/xla-en-watermeloen/')", "the practice opened from search")
    page.wait_text("article h1", "XLA")


def questionnaire_scored(browser: Engine, site: str, tools: Tools) -> None:
    """A questionnaire answered in full is scored by Python in the page: the level and next steps of the CLI. A
    reload shows the answers given, and Python starts again and scores them the same."""
    page = browser.fresh()
    page.goto(site + "zelftest/regie/")
    answers = mixed_answers("regie")
    page.answer(answers)
    count = "document.querySelector('[data-zt-count]').textContent"  # the bar may have stepped aside (hidden)
    page.wait(f"{count} === {js(f'Alle {len(answers)} beantwoord')}", lambda: page.evaluate(count))
    scored(page, "regie", answers, tools)
    page.answer({"rg-01": "5"})  # a change is scored again
    answers["rg-01"] = "5"
    scored(page, "regie", answers, tools)

    page.reload()
    assert page.answers() == answers
    assert page.started() in ("boot", "snapshot")
    scored(page, "regie", answers, tools)


def snapshot_restored(browser: Engine, site: str, tools: Tools) -> None:
    """A returning reader's Python starts from the memory snapshot kept in this browser profile (saved a moment
    after the first score, once the worker is idle), and scores the same."""
    page = browser.persistent()
    page.goto(site + "zelftest/regie/")
    answers = mixed_answers("regie")
    page.answer(answers)
    assert page.started() == "boot"
    scored(page, "regie", answers, tools)
    for pause in (4, 15):  # the snapshot is written once the worker is idle for 2 s, in well under a second here;
        time.sleep(pause)  # a slow machine gets a second chance (a reload cuts a write short, the next start writes)
        page.reload()
        if page.started() == "snapshot":
            break
    else:
        raise AssertionError(f"{page.engine}: after two reloads Python still started without a snapshot")
    assert page.answers() == answers
    scored(page, "regie", answers, tools)


def share_link(browser: Engine, site: str, tools: Tools) -> None:
    """A share link opened in a fresh profile shows the shared result, and stores nothing there."""
    page = browser.fresh()
    page.goto(site + "zelftest/regie/")
    answers = mixed_answers("regie")
    page.answer(answers)
    scored(page, "regie", answers, tools)
    page.click("[data-zt-share]")
    link = page.wait("document.querySelector('[data-zt-share-link]').value", "the share link")
    assert "#delen=" in link
    page.close()  # (WebKit: one browser less at work while the next starts Python)

    other = browser.fresh()
    other.goto(link)
    other.wait("!document.querySelector('[data-zt-shared]').hidden", "the banner of a shared result")
    scored(other, "regie", answers, tools)
    assert other.evaluate("localStorage.getItem('grip-zelftest:/regie')") is None


def plan_and_export(browser: Engine, site: str, tools: Tools) -> None:
    """A target and a plan item added, kept with the answers, and the plan downloaded as CSV for Excel."""
    low = dict(zip((s.id for s in load(ROOT / "questionnaires" / "demand-management.yml").statements), "223232323232",
                   strict=True))
    page = browser.fresh()
    page.goto(site + "zelftest/demand-management/")
    page.answer(low)
    status(page, "Niveau")
    page.select("select[data-zt-plan*='\"overall\"']", "4")
    page.wait_text("[data-zt-route-overall]", "naar niveau 4")
    add = "[data-zt-plan-click*='\"add\"']:not([disabled])"
    page.click(add)
    page.wait("document.querySelectorAll('[data-zt-plan-item]').length === 1", "one item on the plan")
    item = page.evaluate("document.querySelector('[data-zt-plan-item]').dataset.ztPlanItem")
    stored = json.loads(page.evaluate("localStorage.getItem('grip-zelftest:/demand-management')"))
    assert [i["id"] for i in stored["plan"]] == [item] and stored["targets"]["overall"] == 4

    raw = page.download("[data-zt-plan-click*='\"csv\"']")
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(CSV_COLUMNS) and len(rows) == 2, rows
    assert rows[1][0] in page.text("[data-zt-plan-item]"), (rows[1], page.text("[data-zt-plan-item]"))


def remove_all(browser: Engine, site: str, tools: Tools) -> None:
    """'Verwijder alles' on the Zelftest page removes the answers, the kept pages and runtime and the service worker."""
    page = browser.fresh()
    page.goto(site + "zelftest/regie/")
    page.answer({"rg-01": "4", "rg-02": "3"})
    status(page, "Te weinig antwoorden")
    page.wait("!Object.keys(localStorage).some((k) => k.includes(':wacht:'))", "the answers merged by Python")
    page.wait(RUNTIME_KEPT, "the runtime kept by the service worker")
    page.goto(site + "zelftest/")
    before = page.evaluate(KEPT)
    assert before["answers"] == ["grip-zelftest:/regie"] and before["caches"] and before["workers"] == 1, before
    page.wait("!document.querySelector('[data-grip-offline]').hidden", "the storage panel")
    # the page settled: Python's overview drawn above the panel and the panel's figures in, so the button no longer
    # moves under the click (on a busy machine they came after it, and the click missed)
    page.wait("document.querySelector('[data-zt-status]').hasAttribute('data-zt-started') && "
              "document.querySelector('[data-grip-storage]').textContent.includes('bewaart')", "the page settled")
    page.click("[data-grip-remove]")
    page.wait("document.querySelector('[data-grip-remove-dialog]').open", "the dialog that offers the export first")
    page.evaluate("(window.__failed = [], "
                  "addEventListener('unhandledrejection', (e) => __failed.push(String(e.reason))))")
    page.click("[data-grip-remove-confirm]")
    page.wait("!document.querySelector('[data-grip-remove-dialog]').open || __failed.length", "the dialog closed")
    assert not (failed := page.evaluate("__failed")), f"{page.engine}: removing everything stopped: {failed}"
    assert page.evaluate(KEPT) == {"answers": [], "caches": [], "workers": 0, "databases": [], "files": []}
    page.goto(site + "zelftest/regie/")
    assert page.answers() == {}


def offline_after_a_visit(browser: Engine, site: str, tools: Tools) -> None:
    """After one visit the site works without the network: a kept page, the questionnaire with its answers scored by
    Python from the kept runtime, and the offline page for a page never visited. The network is taken away by
    stopping the site's own server, the same way in every engine: WebKitWebDriver has no offline switch, and
    Firefox's (BiDi network emulation) takes the tab offline but not its service worker (tried: a page never
    visited still came from the server)."""
    own = tools.own_server()
    page = browser.fresh()
    page.goto(own.url + "zelftest/regie/")
    answers = mixed_answers("regie")
    page.answer(answers)
    scored(page, "regie", answers, tools)
    page.wait(RUNTIME_KEPT, "the runtime kept by the service worker")
    own.stop()

    page.goto(own.url + "praktijken/ketenkaart/")
    page.wait_text("article h1", "ketenkaart")
    page.goto(own.url + "zelftest/regie/")
    assert page.answers() == answers
    scored(page, "regie", answers, tools)
    page.goto(own.url + "vraag-en-antwoord/passieve-leverancier/")  # never visited: the offline page, in place
    page.wait_text("article h1", "Geen verbinding")
    assert page.url() == own.url + "vraag-en-antwoord/passieve-leverancier/"


def result_fits_phone_and_desktop(browser: Engine, site: str, tools: Tools) -> None:
    """A questionnaire's result fits a phone (390 px) and a laptop (1280 px) without sideways scrolling; both kept as
    screenshots in build/engines/ to look at."""
    page = browser.fresh(390, 844)
    page.goto(site + "zelftest/regie/")
    answers = mixed_answers("regie")
    page.answer(answers)
    scored(page, "regie", answers, tools)
    overflow = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    for width, height in ((390, 844), (1280, 900)):
        page.resize(width, height)
        page.evaluate("document.getElementById('resultaat').scrollIntoView()")
        page.wait(f"{overflow} <= 0", lambda width=width: f"no sideways scrolling at {width} px (the page is wider by "
                  f"{page.evaluate(overflow)} px)", 30)  # once the layout has followed the new width
        page.screenshot(tools.shots / f"{page.engine}-resultaat-{width}.png")


JOURNEYS = {f.__name__.replace("_", "-"): f for f in (
    content_and_search, questionnaire_scored, snapshot_restored, share_link, plan_and_export,
    remove_all, offline_after_a_visit, result_fits_phone_and_desktop)}
