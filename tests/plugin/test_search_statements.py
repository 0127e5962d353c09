"""Every questionnaire statement is in the site search, linking to its anchor on the questionnaire page;
the index is changed before it is precompressed (and listed by the service worker)."""

from __future__ import annotations

import gzip
import hashlib
import json
from html import unescape
from pathlib import Path

import brotli
import pytest
import yaml

from grip_build import search

from ..conftest import ROOT
from .test_build import build, example  # noqa: F401 - the example site fixture

QUESTIONNAIRES = sorted((ROOT / "questionnaires").glob("*.yml"))


def index_of(site: Path) -> dict:
    return json.loads((site / search.INDEX).read_text(encoding="utf-8"))


def assert_precompressed_copies_match(site: Path) -> None:
    data = (site / search.INDEX).read_bytes()
    br, gz = site / f"{search.INDEX}.br", site / f"{search.INDEX}.gz"
    assert br.is_file() and gz.is_file()
    assert brotli.decompress(br.read_bytes()) == data
    assert gzip.decompress(gz.read_bytes()) == data


def test_search_runs_before_our_plugin_in_mkdocs_yml():
    """MkDocs runs on_post_build in the order of ``plugins:``; Material's search writes its index there."""
    plugins = [next(iter(p)) if isinstance(p, dict) else p
               for p in yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)["plugins"]]
    assert plugins.index("search") < plugins.index("grip")


def test_every_statement_of_the_site_is_a_search_entry_at_its_anchor(built_site):
    docs = index_of(built_site)["docs"]
    by_location = {doc["location"]: doc for doc in docs}
    assert len(by_location) == len(docs), "a location twice"
    count = 0
    for path in QUESTIONNAIRES:
        q = yaml.safe_load(path.read_text(encoding="utf-8"))
        page = f"zelftest/{q['id']}/"
        assert page in by_location, page  # the page's own entry, which Material shows above its statements
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        for s in q["statements"]:
            if "shared" in s:  # asked here, found once: on the page of the questionnaire that writes it out
                assert f"{page}#{s['shared']}" not in by_location and f'id="{s["shared"]}"' in html
                continue
            entry = by_location.get(f"{page}#{s['id']}")
            assert entry is not None, f"{page}#{s['id']}"
            assert " ".join(unescape(entry["title"]).split()) == " ".join(s["text"].split())
            assert entry["text"] == ""  # the statement is the entry; its help stays on the page
            assert f'id="{s["id"]}"' in html
            count += 1
    assert count >= 7 * 10


def test_exitplan_finds_a_statement_of_exitgereedheid(built_site):
    found = [doc for doc in index_of(built_site)["docs"] if doc["location"].startswith("zelftest/exit-gereedheid/#")
             and "exitplan" in (doc["title"] + " " + doc["text"]).lower()]
    assert found
    assert any("exitplan" in doc["title"].lower() for doc in found)


def test_the_published_index_is_precompressed_after_the_statements_were_added(built_site):
    assert any("#" in doc["location"] and doc["location"].startswith("zelftest/")
               for doc in index_of(built_site)["docs"])
    assert_precompressed_copies_match(built_site)


@pytest.fixture
def searchable(example):  # noqa: F811 - the fixture imported above
    """The example site with Material's search before our plugin, precompressed (quickly)."""
    config = example / "mkdocs.yml"
    text = config.read_text()
    assert "plugins:\n  - grip:\n" in text
    config.write_text(text.replace("plugins:\n  - grip:\n", "plugins:\n  - search:\n      lang: nl\n  - grip:\n"
                                   "      precompress: true\n      brotli_quality: 1\n"))
    return example


def test_example_site_statements_are_indexed_escaped_and_precompressed(searchable):
    path = searchable / "questionnaires" / "basis.yml"
    path.write_text(path.read_text().replace("Er is een aanspreekpunt.",
                                             "Er is een <b>aanspreekpunt</b> & een plan.", 1))
    result, out = build(searchable)
    assert result.returncode == 0, result.stderr
    q = yaml.safe_load(path.read_text())
    docs = {doc["location"]: doc for doc in index_of(out)["docs"]}
    for s in q["statements"]:
        assert " ".join(unescape(docs[f"zelftest/basis/#{s['id']}"]["title"]).split()) == " ".join(s["text"].split())
    assert docs["zelftest/basis/#b-01"]["title"] == "Er is een &lt;b&gt;aanspreekpunt&lt;/b&gt; &amp; een plan."
    assert_precompressed_copies_match(out)
    # the service worker precaches the index with a revision of the index as it was published
    revision = hashlib.md5((out / search.INDEX).read_bytes()).hexdigest()
    assert f'{{"url":"{search.INDEX}","revision":"{revision}"}}' in (out / "sw.js").read_text()


def test_adding_twice_adds_each_statement_once_and_a_site_without_search_is_left_alone(tmp_path):
    from scoring import Questionnaire

    from ..scoring.helpers import load

    q: Questionnaire = load("basis.yml")
    (tmp_path / "search").mkdir()
    (tmp_path / search.INDEX).write_text(json.dumps({"config": {"lang": ["nl"]}, "docs": [
        {"location": "zelftest/basis/", "title": "Basistest", "text": "<p>Intro</p>"}]}))
    assert search.add_statements(tmp_path, {"zelftest/basis.md": q}) == len(q.statements)
    assert search.add_statements(tmp_path, {"zelftest/basis.md": q}) == len(q.statements)
    docs = index_of(tmp_path)["docs"]
    assert [d["location"] for d in docs] == ["zelftest/basis/", *(f"zelftest/basis/#{s.id}" for s in q.statements)]
    assert search.add_statements(tmp_path / "nothing", {"zelftest/basis.md": q}) == 0
    assert search.page_url("zelftest/basis.md", False) == "zelftest/basis.html"
    assert search.page_url("zelftest/index.md") == "zelftest/"
