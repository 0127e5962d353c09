"""The whole scoring suite again, inside Pyodide (Python 3.14 in WebAssembly), with the same wheel the
site ships. Run by `make test` with `--runtime=node --dist-dir=build/pyodide-dist`."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
import yaml
from pytest_pyodide import run_in_pyodide

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.pyodide


def suite_archive() -> bytes:
    """tests/scoring and tests/data as a tar, with a JSON twin of every YAML file (no PyYAML in Pyodide)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        def add(name: str, data: bytes) -> None:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))

        add("tests/__init__.py", b"")
        for path in sorted((ROOT / "tests" / "scoring").glob("*.py")):
            add(f"tests/scoring/{path.name}", path.read_bytes())
        for path in sorted((ROOT / "tests" / "data").rglob("*")):
            if path.is_file():
                rel = path.relative_to(ROOT).as_posix()
                add(rel, path.read_bytes())
                if path.suffix == ".yml":
                    twin = json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str)
                    add(rel[: -len(".yml")] + ".json", twin.encode())
    return buffer.getvalue()


@run_in_pyodide(packages=["scoring", "pytest", "hypothesis"])
def _run_suite(selenium, archive):
    import contextlib
    import io
    import os
    import sys
    import tarfile

    import pytest

    os.makedirs("/tmp/suite", exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall("/tmp/suite", filter="data")
    os.chdir("/tmp/suite")
    sys.path.insert(0, "/tmp/suite")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        # the CLI tests need subprocesses, which Pyodide does not have; everything else must run
        code = pytest.main(["-q", "-p", "no:cacheprovider", "-W", "error", "-k", "not TestCli", "tests/scoring"])
    return int(code), sys.version, out.getvalue()


def test_scoring_suite_passes_inside_pyodide(selenium):
    selenium.set_script_timeout(1200)
    if hasattr(selenium, "p"):  # the node runner also waits for the end with pexpect's own timeout
        selenium.p.timeout = 1200
    code, version, output = _run_suite(selenium, suite_archive())
    assert version.startswith("3.14"), version
    assert code == 0, output
    summary = output.strip().splitlines()[-1]
    assert " passed" in summary and "skipped" not in summary and "deselected" in summary, output
