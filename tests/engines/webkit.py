"""WebKitGTK (the engine of Safari and of every browser on an iPhone) in two ways, both under an X display (Xvfb):

- `WebKitPage`: WebKitWebDriver driving MiniBrowser over WebDriver classic (Selenium's WebKitGTK driver). Its
  automation session is ephemeral (nothing outlives it; no private file system) and takes one session per driver
  process, so each page has its own driver and browser: a fresh profile. Downloads land in the page's own HOME.
  MiniBrowser's window is never narrower than its toolbar (447 px), so narrower pages are `ProfilePage`s.
- `ProfilePage`: a small PyGObject program (webkit_profile.py, run by Debian's python3) showing the page in a GTK
  window with a persistent profile folder, for the checks that need one (a memory snapshot kept between visits).
  It has no input driver: a click there is the element's click() in the page, typing sets the value.

Both use WebKitGTK's default settings, as Debian ships them: no navigator.storage, no private file system.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.support.select import Select
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from .driver import LIMIT, Engine, HarnessPage, Page, js

DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = next(iter(glob.glob("/usr/lib/*/webkit2gtk-4.1/MiniBrowser")),
                   "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser")
SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, with PyGObject and gir1.2-webkit2-4.1
HARNESS = Path(__file__).with_name("webkit_profile.py")
NARROWEST = 500  # CSS px; below this a page is a ProfilePage (MiniBrowser's toolbar keeps its window at 447 px or more)


class WebKitPage(Page):
    engine = "webkit"

    def __init__(self, display: str, width: int, height: int):
        self.home = Path(tempfile.mkdtemp(prefix="grip-webkit-"))  # MiniBrowser saves downloads in $HOME
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        self.service = Service(executable_path=DRIVER, log_output=subprocess.DEVNULL,
                               env={**os.environ, "DISPLAY": display, "HOME": str(self.home)})
        self.driver = webdriver.WebKitGTK(options=options, service=self.service)
        self.driver.set_script_timeout(LIMIT)
        self.driver.set_page_load_timeout(LIMIT)
        self.resize(width, height)

    def goto(self, url):
        self.driver.get(url)

    def reload(self):
        self.driver.refresh()

    def _act(self, selector, action):
        """Find the element, scroll it to the middle, act; again if the page replaced the element meanwhile (search
        results are drawn anew as the query grows)."""
        for attempt in range(5):
            try:
                element = self.driver.find_element("css selector", selector)
                self.driver.execute_script("arguments[0].scrollIntoView({ block: 'center' })", element)
                return action(element)
            except StaleElementReferenceException:
                if attempt == 4:
                    raise
                time.sleep(0.5)

    def click(self, selector):
        self._act(selector, lambda e: e.click())

    def type(self, selector, text):
        self._act(selector, lambda e: e.send_keys(text))

    def select(self, selector, value):
        self._act(selector, lambda e: Select(e).select_by_value(value))

    def evaluate(self, script):
        return self.driver.execute_script(f"return (async () => {script})()")

    def resize(self, width, height):
        self.driver.set_window_size(width, height)  # the window's outer size: correct by what the page got
        inner = self.evaluate("[innerWidth, innerHeight]")
        self.driver.set_window_size(2 * width - inner[0], 2 * height - inner[1])
        got = self.evaluate("innerWidth")
        assert got == width, f"webkit: MiniBrowser's window is {got} px wide, not {width} (it is never under 447 px)"

    def screenshot(self, path):
        self.driver.save_screenshot(str(path))

    def download(self, selector):
        before = set(self.home.iterdir())
        self.click(selector)
        deadline = time.monotonic() + LIMIT
        while True:  # a download is written under another name and renamed when complete
            new = [p for p in set(self.home.iterdir()) - before
                   if p.is_file() and not p.name.endswith((".download", ".part"))]
            if new and not any(p.name.endswith((".download", ".part")) for p in self.home.iterdir()):
                return new[0].read_bytes()
            assert time.monotonic() < deadline, f"webkit: no download within {LIMIT} s after a click on {selector}"
            time.sleep(0.2)

    def _close(self):
        self.driver.quit()
        shutil.rmtree(self.home, ignore_errors=True)


class ProfilePage(HarnessPage):
    engine = "webkit"

    def __init__(self, display: str, width: int, height: int):
        self.profile = Path(tempfile.mkdtemp(prefix="grip-webkit-profile-"))
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([SYSTEM_PYTHON, str(HARNESS), str(self.profile), str(width), str(height)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                        env={**os.environ, "DISPLAY": display})
        self.wait(f"innerWidth === {js(width)}", f"the window is {width} px wide")

    def _do(self, op, **arguments):
        self.process.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.log.seek(0)
            raise RuntimeError(f"webkit_profile.py stopped:\n{self.log.read().decode(errors='replace')[-3000:]}")
        reply = json.loads(line)
        assert reply["ok"], f"webkit (profile): {reply['error']}"
        return reply["value"]

    def goto(self, url):
        self._do("goto", url=url)

    def reload(self):
        self._do("reload")

    def _element(self, selector, action):
        return self.evaluate(f"((e) => {{ if (!e) throw new Error('no element matches ' + {js(selector)});"
                             f" e.scrollIntoView({{ block: 'center' }}); {action}; return null; }})"
                             f"(document.querySelector({js(selector)}))")

    def click(self, selector):
        self._element(selector, "e.click()")

    def type(self, selector, text):
        self._element(selector, f"e.focus(); e.value += {js(text)}; "
                                "e.dispatchEvent(new Event('input', { bubbles: true }))")

    def select(self, selector, value):
        self._element(selector, f"e.value = {js(value)}; e.dispatchEvent(new Event('change', {{ bubbles: true }}))")

    def download(self, selector):
        raise NotImplementedError("webkit_profile.py does not save downloads: use a WebKitPage")

    def _close(self):
        self._do("close")
        self.process.wait(30)
        self.process.stdin.close()
        self.process.stdout.close()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class WebKit(Engine):
    name = "webkit"

    def __init__(self, display: str):
        self.display = display
        self.pages: list[Page] = []

    def fresh(self, width=1280, height=900):
        page = (WebKitPage if width >= NARROWEST else ProfilePage)(self.display, width, height)
        self.pages.append(page)
        return page

    def persistent(self, width=1280, height=900):
        self.pages.append(ProfilePage(self.display, width, height))
        return self.pages[-1]

    def close(self):
        while self.pages:
            self.pages.pop().close()
