"""The site ships a trimmed python_stdlib.zip. Prove it is enough: boot Pyodide on it the way the
worker does, import every scoring module and call every API operation. (The whole scoring suite runs inside
Pyodide in test_scoring_in_pyodide.py; run here too, it proved nothing more about the trimmed zip, since
pytest needs the full stdlib beside it, and it took 80 s of every test run.)"""

from __future__ import annotations

import json
import shutil

import pytest

from grip_build.runtime import RUNTIME_FILES
from grip_build.stdlib import needed, probe, trim

from ..conftest import ROOT

pytestmark = pytest.mark.pyodide
DIST = ROOT / "build" / "pyodide-dist"  # made by `make test`: runtime, lock with scoring and test wheels


@pytest.fixture(scope="module")
def trimmed_runtime(tmp_path_factory):
    if not (DIST / "pyodide-lock.json").exists():
        pytest.fail("build/pyodide-dist is missing: run `make test` (it runs python -m grip_build.testdist)")
    folder = tmp_path_factory.mktemp("runtime")
    for name in RUNTIME_FILES:
        shutil.copy(DIST / name, folder / name)
    full = (DIST / "python_stdlib.zip").read_bytes()
    (folder / "python_stdlib.zip").write_bytes(trim(full, needed()))
    (folder / "full_stdlib.zip").write_bytes(full)
    return folder


def test_trimmed_stdlib_is_about_half_and_carries_every_scoring_operation(trimmed_runtime, built_site):
    trimmed = (trimmed_runtime / "python_stdlib.zip").stat().st_size
    assert trimmed < 0.6 * (trimmed_runtime / "full_stdlib.zip").stat().st_size
    bundle = next(built_site.glob("assets/python/vragenlijsten.*.json"))
    result = probe(trimmed_runtime, DIST / "pyodide-lock.json", bundle)
    hint = "\nA stdlib module is missing from the trimmed zip? Run `python -m grip_build.stdlib`.\n"
    assert result.returncode == 0, hint + result.stdout[-3000:] + result.stderr[:3000]
    loaded = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("[")))
    assert "scoring.api" in loaded and "scoring._plan_files" in loaded
