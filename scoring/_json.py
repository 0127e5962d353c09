"""JSON from outside (a request from the page, an export file), read without trusting its shape.

Parsing deeply nested JSON recurses in C. Under Pyodide that overflows the WebAssembly stack before Python
notices (about 10,000 levels in Node), and the worker dies instead of raising. So nesting is measured
first, in a way that never recurses nor backtracks: strings out, then the innermost ``[]`` and ``{}``
pairs away, one level per pass.
"""

from __future__ import annotations

import json
import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

#: Far above anything the site writes (an export is six levels deep).
MAX_DEPTH: Final = 64
#: A string, or an unterminated one up to the end (so no position is scanned twice).
_STRING = re.compile(r'"(?:[^"\\]+|\\.)*"?', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def loads(text: str) -> Any:
    """``json.loads`` for text only; ``ValueError`` for text that is no JSON or nested too deep. ``NaN`` and
    ``Infinity`` (which Python's ``json`` writes, a browser never does, and a reply may not carry) read as null."""
    if not isinstance(text, str):
        raise ValueError("not text")
    if text.count("[") + text.count("{") > MAX_DEPTH and not _shallow(text):
        raise ValueError(f"nested deeper than {MAX_DEPTH}")
    return json.loads(text, parse_constant=_null)


def _null(name: str) -> None:
    return None


def _shallow(text: str) -> bool:
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(MAX_DEPTH):
        inner = brackets.replace("[]", "").replace("{}", "")
        if inner == brackets:
            break
        brackets = inner
    return not brackets
