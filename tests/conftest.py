"""Shared fixtures: the site built once with --strict for publishing (precompressed), served by the
production web server (Caddy, configured from deploy/Caddyfile), and Debian's Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grip_build import server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


def build_site(config: Path, target: Path, **env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(target)],
        capture_output=True, text=True, env=env, cwd=config.parent,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", target, PRECOMPRESS="true")
    assert result.returncode == 0, result.stderr
    return target


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site as a reader gets it: Caddy with the headers, compression and 404 page of deploy/."""
    with server.running(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.exit(f"{CHROMIUM} is missing: run `make test` (it installs Chromium) or set CHROMIUM", 1)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}
