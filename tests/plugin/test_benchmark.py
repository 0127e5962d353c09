"""The build and the comparison (benchmark): files that ``python -m scoring benchmark`` wrote, from generated
consented links, are checked and published; a bad file fails the build naming file and field; no folder, no
comparison. The repository itself ships none."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from scoring import Catalog, Questionnaire, _links

from ..conftest import ROOT
from .test_build import HISTORY, VALID, build, example  # noqa: F401 - the example site fixture

LEVELS = (1, 2, 2, 3, 3, 3, 4, 5)


def consented_mails(folder: Path, levels=LEVELS) -> list[str]:
    """One mail per organisation, each with a consented share link of ``basis`` at a level."""
    from scoring._source import read

    q = Questionnaire.from_dict(read(VALID)[0])
    catalog = Catalog.of([q], HISTORY)
    folder.mkdir(exist_ok=True)
    paths = []
    for i, level in enumerate(levels):
        meta = {"basis": {"changed": f"2026-{9 + i % 3:02d}-01T10:00:00Z", "consent": True, "sector": "zorg",
                          "about": {"organisation": f"Organisatie {i}", "by": f"Persoon {i}"}}}
        code = _links.encode(catalog, {"basis": {s.id: level for s in q.statements}}, meta)
        path = folder / f"mail-{i}.txt"
        path.write_text(f"Mijn vraag: hoe?\n- Basis: https://example.org/zelftest/basis/#{_links.PARAM}={code}\n")
        paths.append(str(path))
    return paths


def run_cli(site: Path, *inputs: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scoring", "benchmark", *inputs, "--out", str(site / "benchmark"),
                           "--questionnaires", str(site / "questionnaires")], capture_output=True, text=True)


def bundle_of(out: Path) -> dict:
    page = (out / "zelftest" / "basis" / "index.html").read_text()
    config = json.loads(re.search(r'<script type="application/json" id="zt-config">(.*?)</script>', page).group(1))
    return json.loads((out / "zelftest" / "basis" / config["bundleURL"]).resolve().read_text())


def test_a_generated_benchmark_is_published_and_reaches_the_worker(example, tmp_path):  # noqa: F811
    done = run_cli(example, *consented_mails(tmp_path / "mails"))
    assert done.returncode == 0, done.stderr
    written = json.loads((example / "benchmark" / "basis.json").read_text())
    assert written["overall"]["alle"]["n"] == 8 and written["overall"]["zorg"]["n"] == 8
    (example / "docs" / "vergelijking.md").write_text("# Vergelijking\n\nUitleg.\n")
    result, out = build(example)
    assert result.returncode == 0, result.stderr
    assert json.loads((out / "benchmark" / "basis.json").read_text()) == written
    bundle = bundle_of(out)
    assert bundle["benchmarks"] == {"basis": written} and bundle["pages"]["vergelijking.md"] == "vergelijking/"
    published = (out / "benchmark" / "basis.json").read_text()
    assert "Organisatie" not in published and "Persoon" not in published and "2026-" not in published


def test_without_a_benchmark_folder_the_bundle_has_none(example):  # noqa: F811
    result, out = build(example)
    assert result.returncode == 0, result.stderr
    assert "benchmarks" not in bundle_of(out) and not (out / "benchmark").exists()


def test_a_bad_benchmark_file_fails_the_build_naming_file_and_field(example, tmp_path):  # noqa: F811
    assert run_cli(example, *consented_mails(tmp_path / "mails")).returncode == 0
    path = example / "benchmark" / "basis.json"
    data = json.loads(path.read_text())
    data["themes"]["keten"]["alle"]["n"] = 3
    path.write_text(json.dumps(data))
    (example / "benchmark" / "kapot.json").write_text("{\n  \"format\": 1,\n")
    result, _ = build(example)
    assert result.returncode != 0
    assert "benchmark/basis.json: themes.keten.alle.n: moet een geheel getal van minstens 5 zijn" in result.stderr
    assert "benchmark/kapot.json:3: geen geldige JSON" in result.stderr


def test_the_cli_writes_nothing_for_fewer_than_five_organisations(example, tmp_path):  # noqa: F811
    done = run_cli(example, *consented_mails(tmp_path / "mails", levels=(1, 2, 3, 4)))
    assert done.returncode == 0 and done.stdout == "niets geschreven\n"
    assert "minder dan 5 organisaties" in done.stderr and not (example / "benchmark").exists()


def test_the_repository_ships_no_benchmark():
    assert not (ROOT / "benchmark").exists()
