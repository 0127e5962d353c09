"""The Content-Security-Policy: a ``<meta>`` per page allowing exactly the inline scripts that page has,
and the same policy as a response header for a web server (``grip_build/server.py``), which is the only
way it reaches the module worker and the only place ``frame-ancestors`` counts."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

_INLINE = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_DATA_TYPES = ("application/json", "application/ld+json")


def _executable(attrs: str) -> bool:
    if re.search(r"\ssrc\s*=", attrs, re.I):
        return False
    kind = re.search(r"\stype\s*=\s*[\"']?([^\"'\s>]+)", attrs, re.I)
    return not (kind and kind.group(1).lower() in _DATA_TYPES)


def inline_hashes(html: str) -> set[str]:
    """The CSP source of every inline script the page runs (``'sha256-…'``)."""
    return {
        "'sha256-" + base64.b64encode(hashlib.sha256(m["body"].encode()).digest()).decode() + "'"
        for m in _INLINE.finditer(html)
        if _executable(m["attrs"])
    }


def policy(hashes: Iterable[str], header: bool = False) -> str:
    """The site's policy. The header adds what a ``<meta>`` policy may not carry (``frame-ancestors``)."""
    directives = [
        "default-src 'self'",
        " ".join(["script-src 'self' 'wasm-unsafe-eval'", *sorted(set(hashes))]),
        "worker-src 'self'",
        "connect-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def add_meta(html: str) -> str:
    """Insert the policy as the first element of ``<head>``, before any script can run."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(inline_hashes(html))}">'
    return re.sub(r"<head>", lambda m: m.group(0) + meta, html, count=1, flags=re.I)
