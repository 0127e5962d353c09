"""The one validator for a folder of questionnaires (``scoring._validate``), the same in the build and
the CLI. Data-driven: each folder in tests/data/invalid-folders holds questionnaires/ (with
versions.json), docs/ and ``expected``: every problem of every file, in file order. The build names the
same problems (tests/plugin/test_validate.py). Inside Pyodide (no PyYAML) the folders are read from the
JSON twins, which have no lines: the same problems, compared without line numbers."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoring import Problem, Questionnaire
from scoring._model import shared_definitions
from scoring._validate import FolderError, load_folder, pages_in

from .helpers import DATA, has_yaml, read_data

ROOT = DATA.parent.parent
FOLDERS = sorted(p for p in (DATA / "invalid-folders").iterdir() if p.is_dir())
QUESTIONNAIRES = sorted((ROOT / "questionnaires").glob("*.yml")) + sorted((DATA / "valid").glob("*.yml"))


def expected(folder: Path) -> list[str]:
    return (folder / "expected").read_text(encoding="utf-8").splitlines()


def read(path: Path):
    """A file as the validator reads it: PyYAML with lines in CPython, the JSON twin in Pyodide."""
    if has_yaml():
        from scoring._source import read as read_yaml

        return read_yaml(path)
    return json.loads(path.with_suffix(".json").read_text(encoding="utf-8")), {}


def comparable(lines: list[str]) -> list[str]:
    """With lines (CPython) as they are; without (Pyodide) stripped of line numbers, order by file."""
    if has_yaml():
        return lines
    return sorted(re.sub(r"(\.yml|\.json):\d+", r"\1", line) for line in lines)


def test_found_data_folders():
    assert len(FOLDERS) >= 5 and all(expected(f) for f in FOLDERS)


@pytest.mark.parametrize("path", QUESTIONNAIRES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_to_dict_reads_back_to_an_equal_questionnaire(path):
    shared = shared_definitions(read_data(p) for p in sorted(path.parent.glob("*.yml")) if p != path)
    q = Questionnaire.from_dict(read_data(path), shared)  # statements asked from another file (shared:) resolved
    assert Questionnaire.from_dict(q.to_dict()) == q


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_every_problem_in_every_file_at_once(folder, monkeypatch):
    monkeypatch.chdir(folder)
    with pytest.raises(FolderError) as info:
        load_folder("questionnaires", pages_in("docs").__contains__, read=read)
    assert comparable(info.value.located()) == comparable(expected(folder))
    assert str(info.value).count(" in questionnaire\n") == len(info.value.errors)  # a heading per file


def test_a_valid_folder_gives_the_catalog_and_each_file_with_its_lines(tmp_path, monkeypatch):
    (tmp_path / "q").mkdir()
    for name in ("basis.yml", "basis.json"):
        if (DATA / "valid" / name).exists():
            shutil.copy(DATA / "valid" / name, tmp_path / "q" / name)
    q = Questionnaire.from_dict(read_data(DATA / "valid" / "basis.yml"))
    history = {"basis": {"code": 200, "versions": {"2": [s.id for s in q.statements]},
                         "recommendations": [r.id for r in q.recommendations]}}
    (tmp_path / "q" / "versions.json").write_text(json.dumps(history), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = load_folder("q", {"index.md"}.__contains__, read=read)
    assert loaded.catalog.questionnaires == {"basis": q} and loaded.catalog.history == history
    assert loaded.sources == {"basis": "q/basis.yml"} and loaded.lines["basis"].get("code") in (3, None)
    assert ("statements[0].learn_more", "index.md") in [(path, link) for _, path, link in loaded.links()]
    error = loaded.error(q, [Problem("recommendations[2].link", "no anchor")])
    assert error.source == "q/basis.yml" and error.problems[0].line in (42, None)


def test_an_empty_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "leeg").mkdir()
    with pytest.raises(FolderError) as info:
        load_folder("leeg", read=read)
    assert info.value.located() == ["leeg: no questionnaires (*.yml) found"]


def test_pages_are_the_markdown_files_mkdocs_builds(tmp_path):
    for name in ("index.md", "praktijken/a.md", "praktijken/plaatje.png", ".verborgen/b.md", "templates/c.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert pages_in(tmp_path) == {"index.md", "praktijken/a.md"}


@pytest.mark.skipif(sys.platform == "emscripten", reason="the CLI runs in CPython; Pyodide has no subprocesses")
class TestCli:
    def run(self, *args, cwd=ROOT):
        return subprocess.run([sys.executable, "-m", "scoring", "validate", *args], capture_output=True, text=True,
                              cwd=cwd)

    @pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
    def test_validate_prints_every_problem_and_exits_2(self, folder):
        out = self.run(cwd=folder)  # docs/ beside questionnaires/: links are checked
        lines = expected(folder)
        files = len({line.split(":", 1)[0] for line in lines})
        summary = [f"{len(lines)} problemen in {files} bestand{'en' if files > 1 else ''}"] if len(lines) > 1 else []
        assert out.returncode == 2 and out.stdout == ""
        assert out.stderr.splitlines() == [f"fout: {line}" for line in lines] + summary

    def test_invalid_yaml_is_reported_with_the_rest_in_file_order(self, tmp_path):
        shutil.copytree(DATA / "invalid-folders" / "two-broken-files-and-a-code-twice", tmp_path, dirs_exist_ok=True)
        (tmp_path / "questionnaires" / "bb.yml").write_text("id: bb\nthemes: [\n", encoding="utf-8")
        out = self.run(cwd=tmp_path)
        lines = out.stderr.splitlines()
        assert out.returncode == 2 and lines[3].startswith("fout: questionnaires/bb.yml:3: invalid YAML")
        assert lines[4].startswith("fout: questionnaires/c.yml:3: code") and lines[5] == "5 problemen in 4 bestanden"

    def test_the_sites_questionnaires_pass(self):
        out = self.run()
        assert out.returncode == 0, out.stderr
        count = len(list((ROOT / "questionnaires").glob("*.yml")))
        assert out.stdout == f"{count} vragenlijsten in orde (links naar docs kloppen)\n"

    def test_links_are_checked_against_the_docs_folder_given(self, tmp_path):
        folder = DATA / "invalid-folders" / "links-to-missing-pages"
        (tmp_path / "praktijken").mkdir()
        for name in ("index.md", "nergens.md", "praktijken/weg.md"):
            (tmp_path / name).write_text("# Pagina\n")
        out = self.run("--questionnaires", str(folder / "questionnaires"), "--docs", str(tmp_path))
        assert out.returncode == 0, out.stderr
        assert out.stdout == f"1 vragenlijst in orde (links naar {tmp_path} kloppen)\n"
        shutil.copytree(folder / "questionnaires", tmp_path / "zonder-docs" / "questionnaires")
        out = self.run("--questionnaires", str(tmp_path / "zonder-docs" / "questionnaires"))
        assert out.stdout == "1 vragenlijst in orde (links niet gecontroleerd: geen map docs)\n", out.stderr
        out = self.run("--docs", str(tmp_path / "nergens"))
        assert out.returncode == 2 and out.stderr == f"fout: {tmp_path / 'nergens'}: geen map met pagina's\n"
