"""What the accessibility statement (docs/toegankelijkheid.md) says we test: axe on every page of the site, at
a laptop's width and a phone's, served as a reader gets it (Caddy with the production headers)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WIDTHS = [(1280, 900), (390, 844)]


def site_pages(built_site) -> list[str]:
    paths = sorted(p.relative_to(built_site).parent.as_posix() + "/" for p in built_site.rglob("index.html")
                   if "assets" not in p.parts)
    return ["" if p == "./" else p for p in paths]


def test_axe_finds_no_violation_on_any_page_at_laptop_and_phone_width(browser, built_site, site_url):
    """One load per page, checked at 1280 px and again after narrowing the window to 390 px (Material's layout
    follows the width through CSS and its resize handlers, as when a reader turns a tablet)."""
    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
    page = context.new_page()
    axe = Axe()
    reports, checked = [], 0
    for path in site_pages(built_site):
        page.goto(site_url + path, wait_until="load")
        for width, height in WIDTHS:
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_function(f"() => window.innerWidth === {width}")  # a function: the CSP forbids eval
            # Material fades its tabs in and slides its drawer: check the colours once they have settled
            page.wait_for_function("() => document.getAnimations().filter(a => a instanceof CSSTransition)"
                                   ".every(a => a.playState !== 'running')")
            results = axe.run(page)
            if results.violations_count:
                reports.append(f"--- {path or '/'} at {width}px\n{results.generate_report()}")
            checked += 1
    context.close()
    assert checked > 100
    assert reports == [], "\n".join(reports)
