"""One browser per engine for the whole session (Chromium through Playwright, Firefox ESR through WebDriver BiDi,
WebKitGTK through WebKitWebDriver and a small PyGObject program, under an Xvfb of our own), each missing engine
a clear failure, and a private web server a journey may stop (the network gone)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest

from grip_build import server

from . import webkit
from .chromium import Chromium
from .firefox import Firefox

FIREFOX = os.environ.get("FIREFOX", "/usr/bin/firefox-esr")
MISSING = "{} is missing: run `make test` (tools/ensure-tools installs Debian's {}) or install it yourself"


def needed(path: str, package: str) -> None:
    if not Path(path).exists():
        pytest.exit(MISSING.format(path, package), 1)


@pytest.fixture(scope="session")
def display():
    """An X display of our own (Xvfb) for WebKitGTK's windows; it picks a free display number itself."""
    needed("/usr/bin/Xvfb", "xvfb")
    read, write = os.pipe()
    process = subprocess.Popen(["/usr/bin/Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1200x24",
                                "-nolisten", "tcp"],
                               pass_fds=[write], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as answer:
        number = answer.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="session")
def engine(request):
    """The engine named by the test's parameter, started once per session."""
    if request.param == "chromium":
        yield Chromium(request.getfixturevalue("browser"))
        return
    if request.param == "firefox":
        needed(FIREFOX, "firefox-esr")
        firefox = Firefox(FIREFOX)
        yield firefox
        firefox.quit()
        return
    needed(webkit.DRIVER, "webkit2gtk-driver")
    needed(webkit.MINIBROWSER, "webkit2gtk-driver")
    needed(webkit.SYSTEM_PYTHON, "python3")
    check = subprocess.run([webkit.SYSTEM_PYTHON, "-c",
                            "import gi; gi.require_version('WebKit2', '4.1'); gi.require_foreign('cairo')"],
                           capture_output=True, text=True)
    if check.returncode:
        pytest.exit(MISSING.format("WebKitGTK for Debian's python3",
                                   "gir1.2-webkit2-4.1, python3-gi and python3-gi-cairo")
                    + f"\n{check.stderr.strip()}", 1)
    yield webkit.WebKit(request.getfixturevalue("display"))


@pytest.fixture
def browser_of(engine):
    """The session's engine; every page a journey opened is closed after it."""
    yield engine
    engine.close()


class OwnServer:
    """The built site served by a Caddy of its own, on its own port, until `stop()`: then the network is gone for
    this origin, for the page and its service worker alike, in every engine."""

    def __init__(self, site: Path):
        self._running = contextlib.ExitStack()
        self.url = self._running.enter_context(server.running(site))

    def stop(self):
        self._running.close()


@pytest.fixture
def own_server(built_site):
    started = []
    yield lambda: started.append(OwnServer(built_site)) or started[-1]
    for running in started:
        running.stop()
