"""Building the sites to measure: ours, a stock Material site of one page, and ours with many Q&A posts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
POSTS = "docs/vraag-en-antwoord/posts"
TEMPLATE_POST = "passieve-leverancier.md"


def mkdocs_build(config: Path, site_dir: Path) -> float:
    """Run `mkdocs build` (not strict) and return its wall time in seconds."""
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config), "-d", str(site_dir)],
                         cwd=config.parent, env=ENV, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if run.returncode:
        raise RuntimeError(f"mkdocs build of {config} failed:\n{run.stdout}{run.stderr}")
    return seconds


def build_ours(site_dir: Path) -> float:
    return mkdocs_build(ROOT / "mkdocs.yml", site_dir)


def build_stock(work: Path, page: str) -> Path:
    """A stock Material site holding only `page` (a path under docs/); returns its site folder.

    Theme material with font: false and the same language, no custom_dir, no plugins but search,
    and the project's Markdown extensions (so the article renders the same)."""
    ours = _load_config(ROOT / "mkdocs.yml")
    docs = work / "docs"
    (docs / Path(page).parent).mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "docs" / page, docs / page)
    config = {
        "site_name": ours["site_name"],
        "theme": {"name": "material", "language": ours["theme"]["language"], "font": False},
        "plugins": [{"search": {"lang": "nl"}}],
        "markdown_extensions": _extensions(ours),
        "nav": [page],
    }
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    mkdocs_build(work / "mkdocs.yml", work / "site")
    return work / "site"


def build_stock_site(work: Path) -> Path:
    """Stock Material for the same Markdown as ours: all of docs/, the same nav, theme features and
    language, Material's own plugins (search, blog, tags) with our settings and the same Markdown
    extensions, but none of ours: no custom_dir (overrides), no extra CSS or JavaScript, no `grip`
    plugin (so no self-test pages, citation cards or CSP) and no RSS. Returns its site folder.

    This is the fair reference for a content page: its navigation and search index cover the same
    pages, so the difference is what our theme and plugins add."""
    ours = _load_config(ROOT / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", work / "docs")
    for page in (work / "docs").rglob("*.md"):  # a page on one of our templates gets Material's own
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n") and "\ntemplate:" in text.split("\n---", 1)[0]:
            head, rest = text.split("\n---", 1)
            kept = "\n".join(line for line in head.split("\n") if not line.startswith("template:"))
            page.write_text(kept + "\n---" + rest, encoding="utf-8")
    stock_plugins = ("search", "blog", "tags")
    plugins = [p for p in ours["plugins"] if (next(iter(p)) if isinstance(p, dict) else p) in stock_plugins]
    config = {
        "site_name": ours["site_name"],
        "theme": {"name": "material", "language": ours["theme"]["language"], "font": False,
                  "features": ours["theme"].get("features", [])},
        "plugins": plugins,
        "markdown_extensions": _extensions(ours),
        "nav": ours["nav"],
    }
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True))
    mkdocs_build(work / "mkdocs.yml", work / "site")
    return work / "site"


def _extensions(ours: dict) -> list:
    """Our Markdown extensions, with snippets reading from the project (the stock sites build elsewhere)."""
    extensions = []
    for ext in ours["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext = {"pymdownx.snippets": {**ext["pymdownx.snippets"], "base_path": [str(ROOT)]}}
        extensions.append(ext)
    return extensions


def copy_project(target: Path) -> Path:
    """A copy of the project to build in (node_modules is linked, not copied)."""
    ignore = shutil.ignore_patterns(".venv", "node_modules", "site", "build", ".git", "*.egg-info", "__pycache__")
    shutil.copytree(ROOT, target, ignore=ignore)
    os.symlink(ROOT / "node_modules", target / "node_modules")
    return target


def add_posts(project: Path, count: int) -> None:
    """Generate `count` Q&A posts by copying an existing one with a new slug, date and title."""
    text = (project / POSTS / TEMPLATE_POST).read_text()
    first = date(2020, 1, 7)  # a Tuesday
    for n in range(count):
        day = first + timedelta(weeks=n)
        slug = f"gegenereerd-{n:04d}"
        post = re.sub(r"^date: .*$", f"date: {day.isoformat()}", text, count=1, flags=re.M)
        post = re.sub(r"^slug: .*$", f"slug: {slug}\ndraft: false", post, count=1, flags=re.M)
        post = re.sub(r"^# .*$", f"# Gegenereerde vraag {n + 1}", post, count=1, flags=re.M)
        (project / POSTS / f"{slug}.md").write_text(post)


def count_posts(project: Path) -> int:
    return len(list((project / POSTS).glob("*.md")))


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml; tags such as !ENV are kept as their plain value (only the theme, site name and
    Markdown extensions are used from it)."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: (
    loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else
    loader.construct_mapping(node) if isinstance(node, yaml.MappingNode) else loader.construct_scalar(node)))


def _load_config(path: Path) -> dict:
    return yaml.load(path.read_text(), Loader=_Loader)
