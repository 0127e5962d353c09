"""The build checks questionnaires with the same validator as `python -m scoring validate`: each folder
of tests/data/invalid-folders, built as a small site with --strict, fails once and names every problem
of every file that the CLI names (tests/scoring/test_validate.py)."""

from __future__ import annotations

import shutil

import pytest

from ..conftest import ROOT, build_site

FOLDERS = sorted(p for p in (ROOT / "tests" / "data" / "invalid-folders").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_the_build_fails_naming_every_problem_of_every_file(folder, tmp_path):
    shutil.copytree(folder, tmp_path, dirs_exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Voorbeeld\nstrict: true\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  language: nl\n  font: false\n"
        f"plugins:\n  - grip:\n      pyodide: {ROOT / 'node_modules' / 'pyodide'}\n"
    )
    result = build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    problems = (folder / "expected").read_text(encoding="utf-8").splitlines()
    assert [line for line in problems if f"  {line}\n" not in result.stderr] == [], result.stderr
