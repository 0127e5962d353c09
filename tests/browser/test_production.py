"""The site as it is published: Caddy configured from deploy/ sends the right headers on every kind of
response, a build for a sub-path works under that path, and a runtime that cannot be fetched is
reported within seconds with its likely cause. (Every other browser test runs through Caddy too.)"""

from __future__ import annotations

import gzip
import re
import shutil
import socket
import time
import urllib.error
import urllib.request

import brotli
import pytest
from playwright.sync_api import expect

from grip_build import csp, server

from ..conftest import ROOT, build_site
from .test_questionnaire import PYODIDE_BOOT, cli_score, mixed_answers
from .watch import watch

pytestmark = pytest.mark.browser
IMMUTABLE = "public, max-age=31536000, immutable"


def get(url: str, encoding: str | None = None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        return response.status, response.headers, response.read()


def directives(header: str) -> dict[str, list[str]]:
    found = {}
    for part in header.split(";"):
        name, *values = part.split()
        found[name] = values
    return found


def relative(site, pattern: str) -> str:
    return next(site.glob(pattern)).relative_to(site).as_posix()


def test_every_kind_of_response_carries_the_production_headers(site_url, built_site):
    cases = {  # kind: (path, content type, cache-control, status)
        "page": ("praktijken/ketenkaart/", "text/html", "no-cache", 200),
        "questionnaire page": ("zelftest/regie/", "text/html", "no-cache", 200),
        "page module": (relative(built_site, "assets/zelftest/*/zelftest.js"), "text/javascript", IMMUTABLE, 200),
        "worker": (relative(built_site, "assets/zelftest/*/worker.js"), "text/javascript", IMMUTABLE, 200),
        "Pyodide module": (relative(built_site, "assets/pyodide/*/pyodide.mjs"), "text/javascript", IMMUTABLE, 200),
        "wasm": (relative(built_site, "assets/pyodide/*/pyodide.asm.wasm"), "application/wasm", IMMUTABLE, 200),
        "Material bundle": (relative(built_site, "assets/javascripts/bundle.*.min.js"), "text/javascript",
                            IMMUTABLE, 200),
        "questionnaires": (relative(built_site, "assets/python/vragenlijsten.*.json"), "application/json",
                           IMMUTABLE, 200),
        "unhashed script": ("assets/javascripts/cite.js", "text/javascript", "no-cache", 200),
        "search index": ("search/search_index.json", "application/json", "no-cache", 200),
        "404": ("bestaat-niet/", "text/html", "no-cache", 404),
    }
    every_inline_hash = set()
    for page in built_site.rglob("*.html"):
        every_inline_hash |= csp.inline_hashes(page.read_text())
    for kind, (path, content_type, cache, status) in cases.items():
        code, headers, body = get(site_url + path, "br, gzip")
        assert code == status, kind
        assert headers["Content-Type"].startswith(content_type), (kind, headers["Content-Type"])
        assert headers["Cache-Control"] == cache, kind
        assert headers["X-Content-Type-Options"] == "nosniff", kind
        assert headers["Referrer-Policy"] == "no-referrer", kind
        assert "camera=()" in headers["Permissions-Policy"], kind
        policy = directives(headers["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"], kind
        assert policy["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"], kind
        assert set(policy["script-src"][2:]) == every_inline_hash, kind  # no unsafe-inline, no other source
        for name, value in [("worker-src", "'self'"), ("connect-src", "'self'"), ("object-src", "'none'"),
                            ("base-uri", "'self'"), ("form-action", "'self'"), ("frame-ancestors", "'none'")]:
            assert policy[name] == [value], (kind, name)
        file = (built_site / (path + "index.html" if path.endswith("/") else path) if status == 200
                else built_site / "404.html")
        assert headers["Content-Encoding"] == "br", kind  # the build wrote a .br beside every text file and the wasm
        assert brotli.decompress(body) == file.read_bytes(), kind
    _, _, missing = get(site_url + "bestaat-niet/")
    assert "Content-Security-Policy" in missing.decode()  # the 404 page has its <meta> policy like every page


def test_no_page_makes_firefox_prefetch_the_next_one(built_site):
    # Firefox downloads a <link rel="next"> on every page view, gone there or not (Material writes one on every
    # page in the navigation); no other browser does anything with it. The rest of Material's head stays.
    pages = {p: p.read_text() for p in built_site.rglob("*.html")}
    assert [p for p, html in pages.items() if re.search(r"<link[^>]*\brel=\"?(next|prefetch|prerender)\b", html)] == []
    ketenkaart = pages[built_site / "praktijken" / "ketenkaart" / "index.html"]
    assert '<link rel="prev" href="' in ketenkaart and '<link rel="canonical"' in ketenkaart


def test_the_wasm_is_sent_compressed_as_the_browser_asks(site_url, built_site):
    path = relative(built_site, "assets/pyodide/*/pyodide.asm.wasm")
    raw = (built_site / path).read_bytes()
    _, plain, body = get(site_url + path)
    assert "Content-Encoding" not in plain and body == raw
    _, zipped, body = get(site_url + path, "gzip")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(body) == raw
    _, packed, body = get(site_url + path, "gzip, deflate, br")
    assert packed["Content-Encoding"] == "br" and brotli.decompress(body) == raw
    assert len(body) < 0.35 * len(raw)
    assert "Accept-Encoding" in packed["Vary"]


# --- A build for a sub-path ----------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def sub_path(tmp_path_factory):
    port = _free_port()
    public = f"http://127.0.0.1:{port}/grip/"
    target = tmp_path_factory.mktemp("grip")
    result = build_site(ROOT / "mkdocs.yml", target, PRECOMPRESS="true", SITE_URL=public)
    assert result.returncode == 0, result.stderr
    with server.running(target, "/grip/", port) as url:
        assert url == public
        yield url, target


def test_the_public_url_is_in_canonical_links_sitemap_and_feeds(sub_path):
    url, site = sub_path
    page = (site / "praktijken" / "ketenkaart" / "index.html").read_text()
    assert f'<link rel="canonical" href="{url}praktijken/ketenkaart/">' in page
    assert f"<loc>{url}praktijken/ketenkaart/</loc>" in (site / "sitemap.xml").read_text()
    assert f"{url}vraag-en-antwoord/" in (site / "feed_rss_created.xml").read_text()
    assert "127.0.0.1:8000" not in page + (site / "sitemap.xml").read_text()


def test_a_site_built_for_a_sub_path_works_under_it(browser, sub_path, tmp_path):
    url, _ = sub_path
    context = browser.new_context()
    seen = watch(context, url)
    failed = []
    context.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page = context.new_page()

    page.goto(url + "praktijken/ketenkaart/")  # a content page, styled
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    page.get_by_role("textbox", name="Zoeken").click()  # search, with its index and worker under /grip/
    expect(page.locator(".md-search-result__meta")).to_have_text("Typ om te beginnen met zoeken", timeout=30_000)
    page.get_by_role("textbox", name="Zoeken").press_sequentially("watermeloeneffect")
    expect(page.locator(".md-search-result__link").first).to_be_visible(timeout=30_000)
    hrefs = page.locator(".md-search-result__link").evaluate_all("links => links.map((a) => a.href)")
    assert all(h.startswith(url) for h in hrefs) and any("praktijken/xla-en-watermeloen/" in h for h in hrefs), hrefs

    answers = mixed_answers("regie")  # a questionnaire scored by Python, runtime under /grip/
    page.goto(url + "zelftest/regie/")
    for sid, value in answers.items():
        page.check(f"input[name='{sid}'][value='{value}']")
    expected = cli_score("regie", answers, tmp_path)
    level = f"Niveau {expected['level']} van 5" if expected["level"] else "Te weinig"
    expect(page.locator("[data-zt-status]")).to_contain_text(level, timeout=PYODIDE_BOOT)
    page.get_by_role("button", name="Deel resultaat").click()
    link = page.locator("[data-zt-share-link]")
    expect(link).to_have_value(re.compile(r"#delen="))
    shared = link.input_value()
    assert shared.startswith(url + "zelftest/regie/#delen=")

    other = browser.new_context()  # the share link in a fresh browser
    other.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    reader = other.new_page()
    reader.goto(shared)
    expect(reader.locator("[data-zt-shared]")).to_be_visible(timeout=PYODIDE_BOOT)
    expect(reader.locator("[data-zt-status]")).to_contain_text(level, timeout=PYODIDE_BOOT)
    other.close()

    page.goto(url + "zelftest/team/")  # the consultant's pages
    page.locator("[data-zt-team-lines]").fill(f"Anna: {shared}\nBram: {shared.replace(url, url + '../grip/')}")
    page.get_by_role("button", name="Vergelijk", exact=True).click(timeout=PYODIDE_BOOT)
    expect(page.locator("[data-zt-team-result] table").first).to_be_visible()
    page.goto(url + "zelftest/bekijk/#delen=" + shared.split("#delen=")[1])
    expect(page.locator("[data-zt-view-result] h2").first).to_contain_text("Regie", timeout=PYODIDE_BOOT)

    response = page.goto(url + "bestaat-niet/")  # the 404 page, with its styles and links under /grip/
    assert response.status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.locator(".md-header__button.md-logo").evaluate("a => a.href") == url
    assert [f for f in failed if "bestaat-niet" not in f] == []
    assert seen.foreign() == []
    assert seen.csp_violations(page) == []
    context.close()


# --- A runtime that cannot be fetched ------------------------------------------------------------

def error_within_seconds(page, failures: list[float], *texts: str) -> None:
    """The error box appears within 5 s of the first failure (times in `failures`) and says each text."""
    error = page.locator("[data-zt-error]")
    expect(error).to_be_visible(timeout=PYODIDE_BOOT)
    assert failures and time.monotonic() - failures[0] < 5
    for text in texts:
        expect(error).to_contain_text(text)


def test_a_blocked_wasm_is_reported_within_seconds_and_the_answers_are_kept(context, site_url):
    blocked = []

    def block(route):
        blocked.append(time.monotonic())
        route.abort("blockedbyclient")  # what a proxy that refuses .wasm looks like to the page

    context.route("**/*.wasm", block)
    page = context.new_page()
    page.goto(site_url + "zelftest/regie/")
    page.check("input[name='rg-02'][value='4']")
    error_within_seconds(page, blocked, "pyodide.asm.wasm", "het netwerk van je organisatie",
                         "Je antwoorden zijn bewaard")
    context.unroute("**/*.wasm")
    page.reload()
    expect(page.locator("input[name='rg-02'][value='4']")).to_be_checked()
    expect(page.locator("[data-zt-status]")).to_contain_text("Te weinig antwoorden", timeout=PYODIDE_BOOT)


def test_an_old_page_whose_runtime_is_gone_says_reload_within_seconds(browser, built_site, tmp_path):
    old = tmp_path / "site"  # a deploy removed the runtime this (cached) page still names
    shutil.copytree(built_site, old, ignore=shutil.ignore_patterns("*.gz"))
    shutil.rmtree(next(old.glob("assets/pyodide/*")))
    with server.running(old) as url:
        context = browser.new_context()
        missing = []
        context.on("response", lambda r: missing.append(time.monotonic()) if r.status == 404 else None)
        page = context.new_page()
        page.goto(url + "zelftest/regie/")
        page.check("input[name='rg-13'][value='2']")
        error_within_seconds(page, missing, "staat niet meer op de server", "Laad de pagina opnieuw")
        page.reload()
        expect(page.locator("input[name='rg-13'][value='2']")).to_be_checked()
        context.close()


@pytest.fixture(scope="module")
def impatient(built_site, tmp_path_factory):
    """The built site with an 8-second time limit for Python's start on the regie page (instead of 30)."""
    site = tmp_path_factory.mktemp("impatient") / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("*.gz"))
    page = site / "zelftest" / "regie" / "index.html"
    page.with_name("index.html.br").unlink()
    text = page.read_text()
    assert '"timeout": 30' in text
    page.write_text(text.replace('"timeout": 30', '"timeout": 8'))
    return site


def test_a_slow_download_is_not_a_hang(browser, impatient):
    from bench.network import PROFILES, Shaper

    with server.running(impatient) as url:
        port = int(url.rsplit(":", 1)[1].strip("/"))
        with Shaper(port, PROFILES[1]).running() as shaped:  # slow 4G: the runtime takes about 25 s
            context = browser.new_context()
            page = context.new_page()
            page.goto(shaped.url + "zelftest/regie/")
            page.check("input[name='rg-01'][value='3']")
            status = page.locator("[data-zt-status]")
            expect(status).to_contain_text("% binnen)", timeout=10_000)  # progress while it downloads
            expect(status).to_contain_text("Te weinig antwoorden", timeout=PYODIDE_BOOT)
            expect(page.locator("[data-zt-error]")).to_be_hidden()
            context.close()


def test_a_runtime_that_hangs_is_reported_after_the_time_limit(browser, impatient):
    with server.running(impatient) as url:
        context = browser.new_context()
        context.route("**/*.wasm", lambda route: None)  # never answered
        page = context.new_page()
        page.goto(url + "zelftest/regie/")
        error = page.locator("[data-zt-error]")
        expect(error).to_be_visible(timeout=20_000)
        expect(error).to_contain_text("8 seconden lang geen teken van leven")
        context.close()
