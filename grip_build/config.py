from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GripConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (no questionnaire pages, no runtime, no CSP)."""

    questionnaires = c.Type(str, default="questionnaires")
    """Folder with one YAML file per questionnaire and ``versions.json``, relative to ``mkdocs.yml``."""

    pyodide = c.Type(str, default="node_modules/pyodide")
    """Folder of the npm ``pyodide`` package whose runtime files are shipped into the site."""

    section = c.Type(str, default="zelftest")
    """Where the generated pages go: ``<section>/index.md`` (overview) and ``<section>/<id>.md``."""

    trim_stdlib = c.Type(bool, default=True)
    """Ship a python_stdlib.zip with only the modules Pyodide's boot and ``scoring`` use
    (``grip_build/stdlib-modules.txt``, made by ``python -m grip_build.stdlib``)."""

    timeout = c.Type(int, default=30)
    """Seconds the page waits for Python to start before it shows an error and a retry button."""

    csp = c.Type(bool, default=True)
    """Add a Content-Security-Policy ``<meta>`` to every page, with hashes of its inline scripts."""

    precompress = c.Type(bool, default=False)
    """Write ``.gz`` and ``.br`` beside the Pyodide runtime and the questionnaire bundle, for hosts that
    serve precompressed files. Off for ``make serve``; ``make build`` turns it on (PRECOMPRESS=true)."""

    brotli_quality = c.Type(int, default=11)
    """Brotli quality for ``precompress`` (11 is smallest; results are cached in ``build/cache``)."""

    ask_page = c.Type(str, default="vraag-en-antwoord/stel-je-vraag.md")
    """Where the generated "Stel je vraag" page goes: a form that writes the reader's e-mail to Q&A Tuesday
    (to ``extra.contact_email``), with share links of the questionnaires they choose."""

    feed_links = c.Optional(c.ListOfItems(c.Type(str)))
    """URL prefixes of the pages that keep the RSS ``<link rel="alternate">`` Material adds to every page
    (the home page always keeps them). Material reads every ``rel="alternate"`` as another language of
    the site and fetches ``sitemap.xml`` for it, on every page: 8 kB and a request a content page does
    not need. Unset: every page keeps them."""
