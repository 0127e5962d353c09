"""What a page keeps in localStorage (overrides/assets/zelftest/store.js), read the way a test needs it.

A change is noted at once under ``<key>:wacht:<tab>`` and merged by Python into ``<key>``; ``settled`` waits
until no change of that questionnaire waits any more, then reads the entry."""

from __future__ import annotations

import json

ROOT = "/"  # the test site is served at the root of its address


def key(qid: str, root: str = ROOT) -> str:
    return f"grip-zelftest:{root}{qid}"


def stored(page, qid: str, root: str = ROOT) -> dict | None:
    """The entry as stored now (merged or not)."""
    return json.loads(page.evaluate("(name) => localStorage.getItem(name)", key(qid, root)) or "null")


def waiting(page, qid: str, root: str = ROOT) -> list[str]:
    """The keys of changes Python has not merged yet."""
    prefix = key(qid, root) + ":wacht:"
    return page.evaluate("(prefix) => Object.keys(localStorage).filter((k) => k.startsWith(prefix))", prefix)


def settled(page, qid: str, root: str = ROOT, timeout: float = 120_000) -> dict | None:
    """The entry once every change of this page (and of closed tabs) is merged."""
    prefix = key(qid, root) + ":wacht:"
    page.wait_for_function("(prefix) => !Object.keys(localStorage).some((k) => k.startsWith(prefix))", arg=prefix,
                           timeout=timeout)
    return stored(page, qid, root)


def put(page, qid: str, entry: dict, root: str = ROOT) -> None:
    """Store an entry as an earlier visit (or an older build) left it."""
    page.evaluate("([name, text]) => localStorage.setItem(name, text)", [key(qid, root), json.dumps(entry)])
