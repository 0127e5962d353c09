"""Firefox ESR through WebDriver BiDi: npm puppeteer-core in a small Node process (bridge.mjs) that takes one JSON
command a line. One Firefox for the whole session; a fresh profile is a new browser context (its own storage,
caches, service workers and private file system, kept for as long as the context lives)."""

from __future__ import annotations

import base64
import json
import subprocess
import tempfile
from pathlib import Path

from .driver import LIMIT, Engine, HarnessPage

BRIDGE = Path(__file__).with_name("bridge.mjs")


class Bridge:
    def __init__(self, firefox: str):
        self.downloads = tempfile.TemporaryDirectory(prefix="grip-firefox-downloads-")
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(["node", str(BRIDGE), firefox, self.downloads.name, str(LIMIT)],
                                        cwd=BRIDGE.parent, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.log, text=True)
        self.version = self._answer()

    def _answer(self):
        line = self.process.stdout.readline()
        if not line:
            self.log.seek(0)
            raise RuntimeError(f"the Firefox bridge stopped:\n{self.log.read().decode(errors='replace')[-3000:]}")
        reply = json.loads(line)
        if not reply["ok"]:
            raise AssertionError(f"firefox: {reply['error']}")
        return reply["value"]

    def __call__(self, op: str, **arguments):
        self.process.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def close(self):
        self.process.stdin.close()  # the bridge closes Firefox and ends
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.downloads.cleanup()
        self.log.close()


class FirefoxPage(HarnessPage):
    engine = "firefox"

    def __init__(self, bridge: Bridge, width: int, height: int):
        self.bridge = bridge
        self.id = bridge("fresh", width=width, height=height)

    def _do(self, op, **arguments):
        return self.bridge(op, id=self.id, **arguments)

    def goto(self, url):
        self._do("goto", url=url)

    def reload(self):
        self._do("reload")

    def click(self, selector):
        self._do("click", selector=selector)

    def type(self, selector, text):
        self._do("type", selector=selector, text=text)

    def select(self, selector, value):
        self._do("select", selector=selector, value=value)

    def download(self, selector):
        return base64.b64decode(self._do("download", selector=selector))

    def _close(self):
        self._do("close")


class Firefox(Engine):
    name = "firefox"

    def __init__(self, firefox: str):
        self.bridge = Bridge(firefox)
        self.pages: list[FirefoxPage] = []

    def fresh(self, width=1280, height=900):
        self.pages.append(FirefoxPage(self.bridge, width, height))
        return self.pages[-1]

    def close(self):
        while self.pages:
            self.pages.pop().close()

    def quit(self):
        self.close()
        self.bridge.close()

