"""The site ships a trimmed python_stdlib.zip. Prove it is enough: boot Pyodide on it the way the
worker does, import every scoring module and call every API operation, then run the whole scoring
suite in that same interpreter (the full stdlib is added after, for pytest and Hypothesis only)."""

from __future__ import annotations

import json
import shutil
import tarfile
from io import BytesIO

import pytest

from grip_build.runtime import RUNTIME_FILES
from grip_build.stdlib import needed, probe, trim

from ..conftest import ROOT
from .test_scoring_in_pyodide import suite_archive

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


def test_trimmed_stdlib_is_about_half_and_carries_scoring_and_its_suite(trimmed_runtime, built_site, tmp_path):
    trimmed = (trimmed_runtime / "python_stdlib.zip").stat().st_size
    assert trimmed < 0.6 * (trimmed_runtime / "full_stdlib.zip").stat().st_size
    with tarfile.open(fileobj=BytesIO(suite_archive())) as tar:
        tar.extractall(tmp_path, filter="data")
    bundle = next(built_site.glob("assets/python/vragenlijsten.*.json"))
    result = probe(trimmed_runtime, DIST / "pyodide-lock.json", bundle,
                   str(trimmed_runtime / "full_stdlib.zip"), str(tmp_path))
    hint = "\nA stdlib module is missing from the trimmed zip? Run `python -m grip_build.stdlib`.\n"
    assert result.returncode == 0, hint + result.stdout[-3000:] + result.stderr[:3000]
    loaded = json.loads(next(line for line in result.stdout.splitlines() if line.startswith("[")))
    assert "scoring.api" in loaded and "pytest" not in loaded  # scoring ran before the full stdlib came
    summary = [line for line in result.stdout.splitlines() if " passed" in line]
    assert summary and "failed" not in summary[-1] and "error" not in summary[-1], result.stdout[-4000:]
