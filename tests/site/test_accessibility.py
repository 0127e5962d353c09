"""What the accessibility statement (docs/toegankelijkheid.md) says we test: axe on every page of the site at a
laptop's width, and on every kind of page at a phone's too, served as a reader gets it (Caddy with the
production headers). A kind is a section's first page at each depth and every tool page: the pages of one section share
their template, and a phone's layout comes from the template (the drawer, the tables as cards), not from an
article's text. Every page at both widths took five minutes of each test run."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

WIDTHS = [(1280, 900), (390, 844)]


def site_pages(built_site) -> list[str]:
    paths = sorted(p.relative_to(built_site).parent.as_posix() + "/" for p in built_site.rglob("index.html")
                   if "assets" not in p.parts)
    return ["" if p == "./" else p for p in paths]


def kinds(paths: list[str], site) -> set[str]:
    """The first page of each kind: per section (``casussen/``, ``praktijken/``, ...) and depth (the index, an
    article, an archive), a blog post apart from a page, and every page with a tool (a questionnaire, the
    team page, the ask page: the site's own controls)."""
    first, tools = {}, set()
    for path in paths:
        html = (site / path / "index.html").read_text(encoding="utf-8")
        if "data-zt-status" in html:  # the status line every tool page has
            tools.add(path)
        first.setdefault((path.split("/")[0], path.count("/"), "md-post__meta" in html), path)
    return set(first.values()) | tools


def test_axe_finds_no_violation_on_any_page_at_laptop_width_nor_on_any_kind_of_page_at_phone_width(
        browser, built_site, site_url):
    """One load per page, checked at 1280 px and, for a kind of page, again after narrowing the window to 390 px
    (Material's layout follows the width through CSS and its resize handlers, as when a reader turns a
    tablet)."""
    context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
    page = context.new_page()
    axe = Axe()
    reports, checked = [], 0
    paths = site_pages(built_site)
    phone = kinds(paths, built_site)
    for path in paths:
        page.goto(site_url + path, wait_until="load")
        for width, height in WIDTHS if path in phone else WIDTHS[:1]:
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
    assert checked > len(paths) + 20 and len(paths) > 60
    assert reports == [], "\n".join(reports)
