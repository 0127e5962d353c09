"""The linters find nothing: ruff (pinned in requirements.txt, configured in pyproject.toml: pycodestyle, pyflakes,
import sorting, bugbear, pyupgrade) over every Python file of the project, and ESLint (pinned in package.json,
configured in eslint.config.mjs: its recommended rules, ES modules) over every JavaScript file of ours."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    out = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_eslint_finds_nothing():
    eslint = ROOT / "node_modules" / ".bin" / "eslint"
    assert eslint.exists(), "node_modules/.bin/eslint is missing: run `make setup`"
    out = subprocess.run([shutil.which("node") or "node", str(eslint), "--max-warnings", "0", "."], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
