"""ruff (pinned in requirements.txt, configured in pyproject.toml) finds nothing in the Python this suite covers.
CPython only: Pyodide has no ruff and no subprocesses (tests/scoring/conftest.py leaves this file out there)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKED = ["scoring", "tests/scoring", "tests/pyodide", "grip_build/runtime.py", "grip_build/testdist.py"]


def test_ruff_finds_nothing():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", *CHECKED], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
