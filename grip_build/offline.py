"""The service worker (``sw.js`` at the site's root): the site works offline after one visit, a returning
reader's questionnaire starts from the browser's own copy, and a new build waits until the reader agrees.

This module decides what goes where; ``sw.mjs`` (Node, with Workbox's ``getManifest``) lists the files with
their revisions and writes the worker from ``service-worker.js``. Three groups:

- **shell**, precached when the worker installs (after the first page has loaded): the pages in the
  navigation, the offline page, CSS, JavaScript (Material's, ours), the search index and the Dutch search
  language files, images and the Word and Excel templates. Pages outside the navigation (Q&A answers, their
  archive and categories, the how-to for consultants) are kept once visited, so the shell does not grow
  with every answer.
- **runtime**, cached only when Python runs on a page or the reader asks for it: the Pyodide files, the
  ``scoring`` wheel and lock, the questionnaire bundle.
- the rest (feeds, the sitemap, source maps, other search languages, Material's palette stylesheet when the
  theme has no palette, precompressed copies): never cached.

Call ``service_worker(config)`` after the site is written and before it is precompressed, so ``sw.js`` gets
its ``.br`` and ``.gz`` like every file. ``mkdocs serve`` gets no service worker: an author must see each
change on reload, not a cached page and an update prompt.
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = Path(__file__).resolve().parent / "sw.mjs"
OUT = "sw.js"
OFFLINE_PAGE = "offline.md"
# Content-hashed URLs: fetched through the HTTP cache, no revision needed (the Caddyfile's @hashed, unrooted).
HASHED = r"^assets/(pyodide|python|zelftest)/[0-9a-f]{12}/|\.[0-9a-f]{8,}\.(min\.)?(js|css|json)$"
RUNTIME = ["assets/pyodide/*/*", "assets/python/*/*", "assets/python/vragenlijsten.*.json"]
ASSETS = ["assets/stylesheets/*.css", "assets/javascripts/*.js", "assets/javascripts/workers/*.js",
          "assets/zelftest/*/*", "search/search_index.json", "sjablonen/*.docx", "sjablonen/*.xlsx",
          *(f"**/*.{ext}" for ext in ("svg", "png", "jpg", "jpeg", "gif", "webp", "ico"))]
NEVER = ["**/*.map", "**/*.br", "**/*.gz", OUT, "_bench/**"]
#: Runtime files the page never fetches: the lock comes with the page (``lockFileContents``), its address only
#: names the snapshot.
NOT_FETCHED = ["assets/python/*/pyodide-lock.json"]
log = logging.getLogger("mkdocs.plugins.grip")


class OfflineError(PluginError):
    """Node or Workbox is missing, or the service worker could not be written (fails the build)."""


def serving() -> bool:
    """Whether this build is ``mkdocs serve``'s (MkDocs imports its serve command only to serve)."""
    return "mkdocs.commands.serve" in sys.modules


def nav_pages(nav, use_directory_urls: bool = True) -> list[str] | None:
    """The built HTML file of every page in ``nav`` (as in mkdocs.yml), or None without a ``nav``."""
    if nav is None:
        return None
    sources: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            if item.endswith(".md"):  # not an external link
                sources.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return [File(src, "", "", use_directory_urls).dest_uri for src in sources]


def search_languages(config) -> list[str]:
    search = config.plugins.get("search") or config.plugins.get("material/search")
    return list(getattr(search, "config", {}).get("lang") or []) if search else []


def plan(site: Path, pages: list[str] | None, languages: list[str], use_directory_urls: bool = True,
         palette: bool = False, questionnaires: list[str] = ()) -> dict:
    """What ``sw.mjs`` needs: glob patterns (only those that match a file here) per group, and the addresses
    of the questionnaire pages (``questionnaires``: their Markdown paths), where Python goes first."""
    offline = File(OFFLINE_PAGE, "", "", use_directory_urls).dest_uri
    if pages is None:
        pages = [p.relative_to(site).as_posix() for p in sorted(site.rglob("*.html")) if p.name != "404.html"]
    lunr = ["lunr.stemmer.support.min.js", "lunr.multi.min.js", *(f"lunr.{lang}.min.js" for lang in languages)]
    shell = [*pages, offline, *(f"assets/javascripts/lunr/min/{name}" for name in lunr), *ASSETS]
    present = lambda pattern: next(iter(site.glob(pattern)), None) is not None  # noqa: E731
    return {
        "site": str(site),
        "out": OUT,
        "hashed": HASHED,
        "offline": offline if (site / offline).is_file() else None,
        "python_first": [File(uri, "", "", use_directory_urls).url for uri in questionnaires],
        "shell": {"patterns": [p for p in dict.fromkeys(shell) if present(p)],
                  "ignore": [*NEVER, *RUNTIME, "404.html", *([] if palette else ["assets/stylesheets/palette.*"])],
                  "max_bytes": 8_000_000},
        "runtime": {"patterns": [p for p in RUNTIME if present(p)], "ignore": [*NEVER, *NOT_FETCHED],
                    "max_bytes": 64_000_000},
    }


def write(work: dict) -> dict:
    """Run ``sw.mjs`` on a plan; returns what it wrote (build id, sizes, Workbox's warnings)."""
    node = shutil.which("node")
    if not node:
        raise OfflineError("Node.js is needed to write the service worker (sw.js): install Node.js 20 or newer.")
    run = subprocess.run([node, str(SCRIPT)], input=json.dumps(work), capture_output=True, text=True, cwd=ROOT)
    if run.returncode:
        hint = " Run `npm ci` first." if "workbox" in run.stderr.lower() else ""
        raise OfflineError(f"Writing the service worker failed:{hint}\n{run.stderr[-2000:]}")
    return json.loads(run.stdout)


def service_worker(config, questionnaires: list[str] = ()) -> dict | None:
    """Write ``sw.js`` into the built site of ``config`` (an MkDocs config), unless this is ``mkdocs serve``;
    ``questionnaires``: the Markdown paths of the questionnaire pages."""
    if serving():
        return None
    site = Path(config.site_dir)
    written = write(plan(site, nav_pages(config.nav, config.use_directory_urls), search_languages(config),
                         config.use_directory_urls, palette=bool(config.theme.get("palette")),
                         questionnaires=questionnaires))
    for warning in written["warnings"]:
        log.warning("Service worker: %s", warning)
    log.info("Service worker %s: %d shell files (%.1f MB), runtime %d files (%.1f MB), kept on demand", OUT,
             written["shell"]["files"], written["shell"]["bytes"] / 1e6, written["runtime"]["files"],
             written["runtime"]["bytes"] / 1e6)
    return written
