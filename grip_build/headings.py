"""A "Kopieer link" button after the permalink of every h2, h3 and h4, written at build time (the page's
``cite.js`` only copies): consultants cite the exact heading of a case, practice or answer."""

from __future__ import annotations

import html
import re

_HEADING = re.compile(r'(<h([234]) id="([^"]+)"[^>]*>(.*?))'
                      r'(<a class="headerlink" href="#\3"[^>]*>[^<]*</a>)(</h\2>)', re.S)


def copy_buttons(page: str) -> str:
    def add(m: re.Match) -> str:
        text = html.unescape(re.sub(r"<[^>]+>", "", m[4])).strip()
        label = html.escape(f"Kopieer de link naar “{text}”", quote=True)
        button = (f'<button type="button" class="zt-copy zt-copy--heading" data-zt-copy="{m[3]}" '
                  f'aria-label="{label}">Kopieer link</button>')
        return m[1] + m[5] + button + m[6]

    return _HEADING.sub(add, page)
