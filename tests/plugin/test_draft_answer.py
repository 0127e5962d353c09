"""A Tuesday answer drafted from a share link (issue 26, point 2): the build accepts the draft unchanged. A copy of
the whole site gets one generated post and is built with --strict; the post is in the blog with its date, category
and tags, the weakest statements are cited as cards, and the recommended practices are linked."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import _dates, _links
from scoring.__main__ import _catalog
from scoring._draft import AUTHOR_SLOT, CATEGORIES, TAGS, draft, weakest
from scoring._score import score
from scoring._team import read_shared

from ..conftest import ROOT, build_site

CATALOG = _catalog(ROOT / "questionnaires")
REGIE = CATALOG.get("regie")
#: Every statement "Aanwezig" (3), one at 1, the chain map at 2 and the mandate (a basis statement) "weet ik niet":
#: good for level 3, capped to 2, and the weakest statements are clear.
ANSWERS = {**{s.id: 3 for s in REGIE.statements}, "rg-01": 2, "rg-07": "?", "rg-09": 1}
CHANGED = "2026-12-03T14:00:00.000Z"
META = {"regie": {"changed": CHANGED, "about": {"organisation": "Gemeente X", "by": "Anna"}}}
LINK = "https://voorbeeld.nl/zelftest/regie/#delen=" + _links.encode(CATALOG, {"regie": ANSWERS}, META)
CLOCK = _dates.clock("2026-12-09T08:00:00.000Z", 60)  # a Wednesday


@pytest.fixture(scope="module")
def post() -> dict[str, str]:
    return draft(CATALOG, read_shared(CATALOG, LINK), CLOCK, offset=60)


def test_the_front_matter_is_what_the_blog_expects(post):
    head = post["text"].split("---\n")[1]
    assert head.splitlines() == ["date: 2026-12-15", "slug: concept-regie-2026-12-15", AUTHOR_SLOT,
                                 "categories: [Regie]", "tags: [regie]"]
    assert post["name"] == "concept-regie-2026-12-15.md" and post["type"].startswith("text/markdown")
    assert "Gemeente X" not in post["text"] and "Anna" not in post["text"]  # who sent it never goes in a post
    assert "%" not in post["text"]  # a figure on the site needs a source (tests/site/test_figures.py)


def test_every_questionnaire_has_a_category_and_tags_the_blog_allows():
    allowed = re.search(r"tags_allowed:\n((?:\s+- .*\n)+)", (ROOT / "mkdocs.yml").read_text())[1]
    tags = {line.strip()[2:] for line in allowed.splitlines()}
    howto = (ROOT / "docs" / "vraag-en-antwoord" / "antwoord-toevoegen.md").read_text()
    categories = re.search(r"\*\*Categorieën\*\*: (.*)\.", howto)[1].split(", ")
    for q in CATALOG.ordered():
        assert CATEGORIES[q.id] in categories and set(TAGS[q.id]) <= tags, q.id


def test_the_weakest_statements_are_the_capping_ones_and_the_lowest():
    result = score(REGIE, ANSWERS)
    assert result.overall.capped_by  # the mandate's "weet ik niet" caps the level
    cited = weakest(result)
    assert cited == ["rg-07", "rg-09", "rg-01"]  # the cap, then the lowest answer, then the heaviest of the 2s


def test_a_site_with_the_draft_builds_strictly_and_shows_the_citations(post, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for name in ("docs", "questionnaires", "overrides", "includes", "sjablonen"):
        shutil.copytree(ROOT / name, site / name)
    shutil.copy(ROOT / "mkdocs.yml", site / "mkdocs.yml")
    (site / "node_modules").symlink_to(ROOT / "node_modules")
    (site / "docs" / "vraag-en-antwoord" / "posts" / post["name"]).write_text(post["text"], encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(site)], check=True)  # the RSS plugin wants a repository to be in
    result = build_site(site / "mkdocs.yml", site / "out")
    assert result.returncode == 0, result.stderr
    page = (site / "out" / "vraag-en-antwoord" / "concept-regie-2026-12-15" / "index.html").read_text()
    cards = re.findall(r'<aside class="zt-cite" aria-label="Stelling ([a-z0-9-]+)">(.*?)</aside>', page, re.S)
    assert [sid for sid, _ in cards] == weakest(score(REGIE, ANSWERS))
    for sid, card in cards:
        assert f'href="../../zelftest/regie/#{sid}">{REGIE.statement(sid).text}</a>' in card
    first = score(REGIE, ANSWERS).next_steps[0].recommendation
    target = first.link.partition("#")[0].removesuffix(".md")
    assert f'href="../../{target}/' in page and first.title in page
    assert "Niveau 2 van 5: Beheerst." in page and "3 december 2026" in page
    blog = (site / "out" / "vraag-en-antwoord" / "index.html").read_text()
    assert "concept-regie-2026-12-15/" in blog and "15 december 2026" in blog  # the newest post, on its Tuesday
    assert (site / "out" / "vraag-en-antwoord" / "category" / "regie" / "index.html").read_text().count(
        "concept-regie-2026-12-15/") >= 1


@pytest.mark.skipif(sys.platform == "emscripten", reason="the CLI runs in CPython")
def test_the_cli_writes_the_draft_into_the_posts_folder(tmp_path):
    def run(*args):
        return subprocess.run([sys.executable, "-m", "scoring", "draft-answer", *args], capture_output=True,
                              text=True, cwd=ROOT)

    done = run(LINK, "--author", "marieke", "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    written = next(tmp_path.glob("concept-regie-*.md"))
    assert done.stdout == f"geschreven: {written}\n"
    text = written.read_text()
    assert "authors: [marieke]" in text and "[[rg-01]]" in text
    again = run(LINK, "--out", str(tmp_path))  # never overwrites a post
    assert again.returncode == 2 and "bestaat al" in again.stderr
    bad = run(LINK[:-5])
    assert bad.returncode == 2 and bad.stderr.startswith("fout: Deze link is beschadigd")
    wrong = run(LINK, "--author", "Marieke van Dijk")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    # the page's op gives the same post
    from scoring import api

    api.load(json.dumps({"questionnaires": [q.to_dict() for q in CATALOG.ordered()], "history": CATALOG.history}))
    reply = json.loads(api.handle(json.dumps({"op": "draft", "link": LINK, "now": CLOCK.iso, "offset": 60})))
    assert reply["ok"] and reply["download"]["text"] == draft(CATALOG, read_shared(CATALOG, LINK), CLOCK,
                                                              offset=60)["text"]


def test_a_post_cites_nothing_when_nothing_is_weak():
    strong = {s.id: 5 for s in REGIE.statements}
    text = draft(CATALOG, {"regie": (strong, "", {})}, CLOCK)["text"]
    assert "[[" not in text and "Geen enkele stelling kreeg een 1 of een 2" in text


def test_the_draft_path_is_the_posts_folder():
    assert Path(ROOT / "docs" / "vraag-en-antwoord" / "posts").is_dir()
