"""Chromium through Playwright (the browser of tests/browser/, launched by pytest-playwright's `browser` fixture with
the arguments of tests/conftest.py): a fresh profile is a new browser context."""

from __future__ import annotations

from .driver import LIMIT, Engine, Page, js


class ChromiumPage(Page):
    engine = "chromium"

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()

    def goto(self, url):
        self.page.goto(url, timeout=LIMIT * 1000)

    def reload(self):
        self.page.reload(timeout=LIMIT * 1000)

    def _middle(self, selector):
        element = self.page.locator(selector).first
        element.evaluate("(e) => e.scrollIntoView({ block: 'center' })")
        return element

    def click(self, selector):
        self._middle(selector).click()

    def type(self, selector, text):
        self._middle(selector).press_sequentially(text)

    def select(self, selector, value):
        self._middle(selector).select_option(value)

    def evaluate(self, script):
        return self.page.evaluate(f"async () => {script}")

    def resize(self, width, height):
        self.page.set_viewport_size({"width": width, "height": height})
        self.wait(f"innerWidth === {js(width)}", f"the window is {width} px wide")

    def screenshot(self, path):
        self.page.screenshot(path=path)

    def download(self, selector):
        with self.page.expect_download(timeout=LIMIT * 1000) as download:
            self.click(selector)
        return download.value.path().read_bytes()

    def _close(self):
        self.context.close()


class Chromium(Engine):
    name = "chromium"

    def __init__(self, browser):
        self.browser = browser
        self.pages: list[ChromiumPage] = []

    def fresh(self, width=1280, height=900):
        context = self.browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.pages.append(ChromiumPage(context))
        return self.pages[-1]

    def close(self):
        while self.pages:
            self.pages.pop().close()
