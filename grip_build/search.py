"""Questionnaire statements in the site search.

Material's search plugin indexes a page's rendered Markdown; the statements of a questionnaire page come
from its template (``overrides/questionnaire.html``), so it never sees them. ``add_statements`` adds one
entry per statement to the index Material wrote (``search/search_index.json``, ``{"config", "docs":
[{"location", "title", "text"}]}``): location the questionnaire page and the statement's anchor (the
``fieldset`` has the statement id), title the statement, no text (the help stays on the page); a statement that
several questionnaires ask (``shared:``) gets one entry, on the page of the questionnaire that owns it.
Material's search groups an entry under the page of the part before ``#``, so the page's title (the
questionnaire) shows above it.

It must run after Material's ``on_post_build`` wrote the index (our plugin comes after ``search`` in
``plugins:``) and before anything compresses the index (``runtime.precompress_folder``).
"""

from __future__ import annotations

import json
from html import escape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from scoring import Questionnaire

INDEX = "search/search_index.json"


def page_url(uri: str, use_directory_urls: bool = True) -> str:
    """The URL of a generated page from its docs path, as MkDocs makes it: ``zelftest/regie.md`` gives
    ``zelftest/regie/`` (or ``zelftest/regie.html``)."""
    stem = uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem.removesuffix("index")
        return stem if use_directory_urls else stem + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


def entries(pages: Mapping[str, Questionnaire], use_directory_urls: bool = True) -> list[dict[str, str]]:
    """One search entry per statement of every questionnaire page (``{docs path: questionnaire}``), escaped
    as Material escapes what it indexes."""
    out = []
    for uri, q in pages.items():
        url = page_url(uri, use_directory_urls)
        for s in q.statements:
            if s.owner:  # a statement shared from another questionnaire is found once, on its owner's page
                continue
            # the statement only: its help text would make every page's first visit ~4.5 kB (brotli) heavier
            out.append({"location": f"{url}#{s.id}", "title": escape(s.text, quote=False), "text": ""})
    return out


def add_statements(site_dir: Path, pages: Mapping[str, Questionnaire], use_directory_urls: bool = True) -> int:
    """Add the statements to the built index (replacing entries of the same location, so running twice adds
    nothing twice); returns how many. A site without the search plugin has no index: nothing to do."""
    path = site_dir / INDEX
    if not path.is_file():
        return 0
    index = json.loads(path.read_text(encoding="utf-8"))
    added = entries(pages, use_directory_urls)
    ours = {entry["location"] for entry in added}
    index["docs"] = [doc for doc in index["docs"] if doc.get("location") not in ours] + added
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return len(added)
