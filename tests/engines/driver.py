"""The few things a journey asks of a browser, the same in every engine. An adapter per engine (chromium.py,
firefox.py, webkit.py) implements the primitives; everything else is built here on `evaluate`, so a journey is
written once and reads the same whichever engine runs it.

Nothing here measures time: every wait is for a condition, with a generous limit (`LIMIT`), because Python
starts in 2 s in one engine and in 30 s in another on a busy machine.
"""

from __future__ import annotations

import json
import time

LIMIT = 120  # seconds; the limit for any condition (Python starting in WebKit on a busy machine included)
js = json.dumps  # a Python value (a selector, a text) as a JavaScript literal


class Page:
    """One tab in one browser profile."""

    engine: str  # "chromium", "firefox" or "webkit"

    # --- what each adapter implements --------------------------------------------------------------------------
    def goto(self, url: str) -> None:
        """Open `url` and return once its `load` event has fired."""
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def click(self, selector: str) -> None:
        """Click the first element matching `selector` with the driver's own input, after scrolling it to the middle
        of the window (so no sticky bar covers it)."""
        raise NotImplementedError

    def type(self, selector: str, text: str) -> None:
        """Type `text` key by key into the first element matching `selector`."""
        raise NotImplementedError

    def select(self, selector: str, value: str) -> None:
        """Choose the option with `value` in the <select> matching `selector`."""
        raise NotImplementedError

    def evaluate(self, script: str):
        """The JSON value of the JavaScript expression `script` in the page (a promise is awaited)."""
        raise NotImplementedError

    def resize(self, width: int, height: int) -> None:
        """Make the page's viewport `width` by `height` CSS pixels."""
        raise NotImplementedError

    def screenshot(self, path) -> None:
        """Save what the viewport shows as a PNG."""
        raise NotImplementedError

    def download(self, selector: str) -> bytes:
        """Click `selector` and return the bytes of the file the browser saves."""
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    # --- built on the primitives -----------------------------------------------------------------------------
    closed = False

    def close(self) -> None:
        """Close the page and its profile (once: the engine closes what a journey left open)."""
        if not self.closed:
            self.closed = True
            self._close()

    def wait(self, script: str, what, seconds: float = LIMIT):
        """Evaluate `script` until it is truthy and return its value; after `seconds`, fail naming `what` (a text, or
        a function that says what the page shows then)."""
        deadline = time.monotonic() + seconds
        while not (value := self.evaluate(script)):
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.engine}: not within {seconds:.0f} s: {what() if callable(what) else what}")
            time.sleep(0.25)
        return value

    def text(self, selector: str) -> str | None:
        """The text of the first element matching `selector` as the reader sees it (None when there is none)."""
        return self.evaluate(f"document.querySelector({js(selector)})?.innerText ?? null")

    def texts(self, selector: str) -> list[str]:
        return self.evaluate(f"[...document.querySelectorAll({js(selector)})].map((e) => e.innerText.trim())")

    def wait_text(self, selector: str, pattern: str, seconds: float = LIMIT) -> str:
        """Wait until the text of `selector` matches the regular expression `pattern` (case-insensitive); return it."""
        script = f"new RegExp({js(pattern)}, 'i').test(document.querySelector({js(selector)})?.innerText ?? '')"
        self.wait(script, lambda: f"{selector} says /{pattern}/ (it says {self.text(selector)!r})", seconds)
        return self.text(selector)

    def visible(self, selector: str) -> bool:
        return self.evaluate("((e) => Boolean(e && e.getClientRects().length"
                             " && getComputedStyle(e).visibility !== 'hidden'))"
                             f"(document.querySelector({js(selector)}))")

    def answer(self, answers: dict[str, str]) -> None:
        """Answer statements of a questionnaire: {statement id: value of the radio button}."""
        for sid, value in answers.items():
            self.click(f"input[name={js(sid)}][value={js(value)}]")

    def answers(self) -> dict[str, str]:
        """The answers the questionnaire form shows as checked."""
        return self.evaluate("Object.fromEntries([...document.querySelectorAll('[data-zt-form] input:checked')]"
                             ".map((i) => [i.name, i.value]))")

    def started(self, seconds: float = LIMIT) -> str:
        """Wait until Python is ready on a questionnaire page; return how it started ("boot" or "snapshot")."""
        return self.wait("document.querySelector('[data-zt-status]')?.dataset.ztStarted",
                         "Python is ready (data-zt-started on the status)", seconds)

    def url(self) -> str:
        return self.evaluate("location.href")


class HarnessPage(Page):
    """A page driven by a small harness that takes one command at a time (`_do`): Firefox's bridge and the WebKit
    profile harness speak the same commands for these."""

    def _do(self, op: str, **arguments):
        raise NotImplementedError

    def evaluate(self, script):
        return self._do("evaluate", script=script)

    def resize(self, width, height):
        self._do("resize", width=width, height=height)
        self.wait(f"innerWidth === {js(width)}", f"the window is {width} px wide")

    def screenshot(self, path):
        self._do("screenshot", file=str(path))


class Engine:
    """One browser of one engine, shared by every journey of a test session; it opens the pages."""

    name: str

    def fresh(self, width: int = 1280, height: int = 900) -> Page:
        """A page in a new, empty profile (nothing stored, nothing cached), `width` by `height` CSS pixels."""
        raise NotImplementedError

    def persistent(self, width: int = 1280, height: int = 900) -> Page:
        """A page in a new profile that keeps everything a browser keeps between visits (the private file system
        included). A fresh profile does that in Chromium and Firefox; WebKitWebDriver's session does not."""
        return self.fresh(width, height)

    def close(self) -> None:
        """Close every page opened since the last close."""
        raise NotImplementedError
