"""The MkDocs plugin: thin handlers that hand the work to ``questionnaires``, ``runtime``, ``citations``,
``views``, ``csp`` and ``sjablonen``."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

import scoring
from scoring import Problem

from . import benchmark, contact, csp, headings, offline, runtime, search, sjablonen
from .citations import Citations
from .config import GripConfig
from .questionnaires import Loaded, SiteError, load_all
from .views import Views

_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_MODULES = "assets/zelftest/"
_FEED_LINK = re.compile(r"""[ \t]*<link rel="alternate" type="application/rss\+xml"[^>]*>\n?""")


class GripPlugin(BasePlugin[GripConfig]):
    def on_config(self, config):
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path).parent
        self.folder = root / self.config.questionnaires
        self.pyodide = root / self.config.pyodide
        self.theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else root / "overrides"
        refused = contact.problem(config.site_url, config.extra.get("contact_email"))
        if refused:
            raise PluginError(refused)
        config.watch.append(str(self.folder))
        config.watch.append(str(root / "scoring"))
        self.templates_dir = root / sjablonen.FOLDER
        self.benchmark_dir = root / benchmark.FOLDER
        if self.benchmark_dir.is_dir():
            config.watch.append(str(self.benchmark_dir))
        if self.templates_dir.is_dir():
            config.watch.append(str(self.templates_dir))
        return config

    def on_files(self, files: Files, *, config) -> Files:
        if not self.config.enabled:
            return files

        def page_exists(path: str) -> bool:
            found = files.get_file_from_path(path)
            return found is not None and found.is_documentation_page()

        try:
            self.loaded: Loaded = load_all(self.folder, page_exists)
            self.runtime = runtime.collect(self.pyodide, Path(scoring.__file__).parent, scoring.__version__,
                                           trim_stdlib=self.config.trim_stdlib)
            benchmarks = benchmark.load_all(self.benchmark_dir, self.loaded.catalog)
        except (SiteError, FileNotFoundError, benchmark.BenchmarkError) as error:
            raise PluginError(str(error)) from None
        section = self.config.section
        self.pages: dict[str, scoring.Questionnaire] = {}
        for q in self.loaded.catalog.questionnaires.values():
            uri = scoring.page_path(section, q.id).rstrip("/") + ".md"  # served at page_path
            files.append(File.generated(config, uri, content=_stub(q.title, q.intro, "questionnaire.html")))
            self.pages[uri] = q
        self.overview = f"{section}/index.md"
        texts = tool_pages()  # pages with a template but no questionnaire of their own (tool_pages.yml)
        self.tools = {self.overview: texts["overzicht"], f"{section}/team.md": texts["team"],
                      f"{section}/bekijk.md": texts["bekijk"], f"{section}/dossier.md": texts["dossier"],
                      self.config.ask_page: texts["vraag"]}
        for uri, page in self.tools.items():
            files.append(File.generated(config, uri, content=_stub(page["title"], page["intro"], page["template"])))
        for uri, source in {**self.runtime.files, **self._modules(files)}.items():
            if isinstance(source, Path):
                files.append(File.generated(config, uri, abs_src_path=str(source)))
            else:
                files.append(File.generated(config, uri, content=source))
        templates = self._templates(files, config)
        links = {link.partition("#")[0] for _, _, link in self.loaded.links()}
        links |= {benchmark.PAGE} if page_exists(benchmark.PAGE) else set()  # the result links there
        for qid, data in benchmarks.items():  # published as checked, for anyone who wants the numbers
            files.append(File.generated(config, f"{benchmark.FOLDER}/{qid}.json",
                                        content=json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)))
        bundle = json.dumps({
            "questionnaires": [q.to_dict() for q in self.loaded.catalog.questionnaires.values()],
            "history": self.loaded.catalog.history,
            "section": section,
            "pages": {path: files.get_file_from_path(path).url for path in sorted(links)},
            "templates": sjablonen.suggestions(templates),
            **({"benchmarks": benchmarks} if benchmarks else {}),  # the bundle of a site without one stays as it was
        }, ensure_ascii=False, sort_keys=True).encode()
        self.bundle_uri = f"assets/python/vragenlijsten.{hashlib.sha256(bundle).hexdigest()[:12]}.json"
        files.append(File.generated(config, self.bundle_uri, content=bundle))
        self.anchors: dict[str, set[str]] = {}
        self.citations = Citations(self.loaded.catalog, section)
        self.citation_problems: list[str] = []
        return files

    def _templates(self, files: Files, config) -> list[sjablonen.Template]:
        """The Word and Excel templates of ``sjablonen/``, generated into the site (see the ``sjablonen`` package)."""

        def page(path: str) -> str | None:
            found = files.get_file_from_path(path)
            return found.content_string if found is not None and found.is_documentation_page() else None

        ids = {r.id for q in self.loaded.catalog.questionnaires.values() for r in q.recommendations}
        try:
            templates = sjablonen.load_all(self.templates_dir, page, ids)
        except sjablonen.TemplateError as error:
            raise PluginError(f"Templates (sjablonen):\n{error}") from None
        for uri, data in sjablonen.generate(templates, config.site_name).items():
            files.append(File.generated(config, uri, content=data))
        return templates

    def _modules(self, files: Files) -> dict[str, Path]:
        """Our page modules, worker and stylesheet move from ``assets/zelftest/`` to a folder named by the
        hash of them all, so a page only ever imports modules of its own build (``./store.js`` resolves
        next to ``zelftest.js``) and a host may cache them for a year."""
        theme = [f for f in files if f.src_uri.startswith(_MODULES) and not f.src_uri.endswith(".md")]
        for f in theme:
            files.remove(f)
        sources = {f.src_uri.removeprefix(_MODULES): Path(f.abs_src_path)
                   for f in sorted(theme, key=lambda f: f.src_uri)}
        digest = hashlib.sha256(b"".join(hashlib.sha256(p.read_bytes()).digest() for p in sources.values()))
        self.modules_dir = f"{_MODULES}{digest.hexdigest()[:12]}/"
        return {self.modules_dir + name: path for name, path in sources.items()}

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str | None:
        if not self.config.enabled or page.file.src_uri in self.pages or page.file.src_uri in self.tools:
            return markdown
        if contact.MARKER in markdown:
            extra = config.extra
            markdown = markdown.replace(contact.MARKER, contact.block(
                extra.get("contact_email", ""), extra.get("owner", config.site_name), self.config.ask_page,
                page.file.src_uri))
        markdown, problems = self.citations.expand(markdown, page)
        self.citation_problems += [p.located(f"docs/{page.file.src_uri}") for p in problems]
        return markdown + self.citations.backlinks(page.file.src_uri, page.url)

    def on_page_content(self, html: str, *, page, config, files) -> str | None:
        if not self.config.enabled:
            return html
        self.anchors[page.file.src_uri] = set(_ID.findall(html))
        return html

    def on_env(self, env, *, config, files):
        if not self.config.enabled:
            return env
        if self.citation_problems:
            raise PluginError("Citations of unknown questionnaire ids:\n  " + "\n  ".join(self.citation_problems))
        problems: dict[str, list[Problem]] = {}
        for q, path, link in self.loaded.links():
            page, _, anchor = link.partition("#")
            if anchor and anchor not in self.anchors.get(page, set()):
                problems.setdefault(q.id, []).append(
                    Problem(path, f"links to #{anchor}, which is not a heading or id on {page}"))
        if problems:
            catalog = self.loaded.catalog
            raise PluginError("\n".join(str(self.loaded.error(catalog.get(qid), p)) for qid, p in problems.items()))
        return env

    def on_page_context(self, context, *, page, config, nav):
        uri = page.file.src_uri
        if self.config.enabled and (uri in self.pages or uri in self.tools):
            context["zt"] = self.views.context(page, self.pages.get(uri))
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        if not self.config.enabled:
            return output
        keep = self.config.feed_links
        if keep is not None and not page.is_homepage and not page.url.startswith(tuple(keep)):
            output = _FEED_LINK.sub("", output)
        output = headings.copy_buttons(output)  # after search indexing: the button is not part of a title
        return csp.add_meta(output) if self.config.csp else output

    def on_post_template(self, output: str, *, template_name: str, config) -> str:
        # the 404 page is a theme template, not a page: it needs the same policy
        if self.config.enabled and self.config.csp and template_name.endswith(".html"):
            return csp.add_meta(output)
        return output

    def on_post_build(self, *, config) -> None:
        if self.config.enabled:  # after Material's search wrote its index, before the worker lists it and compression
            search.add_statements(Path(config.site_dir), self.pages, config.use_directory_urls)
            offline.service_worker(config, list(self.pages))  # sw.js, before precompression: it gets .br and .gz too
        if self.config.enabled and self.config.precompress:
            cache = Path(config.config_file_path).parent / "build" / "cache"
            runtime.precompress_folder(Path(config.site_dir), self.config.brotli_quality, cache)

    def on_nav(self, nav, *, config, files):
        if self.config.enabled:
            self.views = Views(self.loaded, self.runtime, self.citations, self.bundle_uri, self.config.section,
                               self.config.timeout, self.modules_dir,
                               {f.src_uri: f.url for f in files.documentation_pages()},
                               {"email": config.extra.get("contact_email", ""),
                                "owner": config.extra.get("owner", config.site_name)}, config.site_name)
        return nav


def tool_pages() -> dict[str, dict[str, str]]:
    """The texts of the generated tool pages, from ``tool_pages.yml`` beside this module."""
    return yaml.safe_load((Path(__file__).with_name("tool_pages.yml")).read_text(encoding="utf-8"))


def _stub(title: str, intro: str, template: str) -> str:
    """A generated page: MkDocs and Material print page titles as HTML, so the title is escaped for HTML
    (and, in the heading, for Markdown). No table of contents: the form and the results need the width."""
    safe = html.escape(title)
    heading = re.sub(r"([\\`*_{}\[\]()#+!|])", r"\\\1", safe)
    return (f"---\ntemplate: {template}\ntitle: {json.dumps(safe, ensure_ascii=False)}\nhide:\n  - toc\n---\n\n"
            f"# {heading}\n\n{intro}\n")
