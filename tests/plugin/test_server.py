"""The production web server's configuration, filled in from deploy/Caddyfile for a built site."""

from __future__ import annotations

import subprocess
import sys

import pytest

from grip_build import csp, server

from ..conftest import ROOT


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("built")
    (folder / "404.html").write_text("<html><head></head><script>a()</script></html>")
    (folder / "deep").mkdir()
    (folder / "deep" / "index.html").write_text("<html><head></head><script>b()</script>"
                                                "<script src=x.js></script></html>")
    return folder


def test_the_header_policy_allows_every_inline_script_of_the_build_and_frames_nothing(site):
    text = server.caddyfile(site, "http://127.0.0.1:8001")
    policy = next(line for line in text.splitlines() if line.strip().startswith("Content-Security-Policy"))
    hashes = csp.inline_hashes("<script>a()</script>") | csp.inline_hashes("<script>b()</script>")
    assert all(h in policy for h in hashes) and policy.count("'sha256-") == 2
    assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
    assert f"root * {site.resolve()}" in text and "auto_https off" in text and "{{" not in text
    assert "\thandle {" in text


def test_a_sub_path_is_served_under_its_path_and_redirects_without_its_slash(site):
    text = server.caddyfile(site, "example.org", "/grip")
    assert "redir /grip /grip/ 308" in text and "handle_path /grip/*" in text
    assert "auto_https off" not in text  # a domain name: Caddy gets its HTTPS certificate itself


@pytest.mark.parametrize(("site_url", "address"), [
    ("https://example.org/grip/", "example.org"),
    ("http://127.0.0.1:8001/", "http://127.0.0.1:8001"),
    ("", "http://127.0.0.1:8001"),
])
def test_the_address_follows_site_url(site_url, address):
    assert server.address_for(site_url) == address


def test_the_command_writes_the_configuration_and_refuses_a_folder_that_is_no_site(site, tmp_path):
    out = tmp_path / "Caddyfile"
    ok = subprocess.run([sys.executable, "-m", "grip_build.server", str(site), "--out", str(out)],
                        capture_output=True, text=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin", "SITE_URL": "https://example.org/grip/"})
    assert ok.returncode == 0, ok.stderr
    assert "example.org {" in out.read_text() and "handle_path /grip/*" in out.read_text()
    bad = subprocess.run([sys.executable, "-m", "grip_build.server", str(tmp_path), "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "is not a built site" in bad.stderr


def test_caddy_accepts_the_configuration(site, tmp_path):
    config = tmp_path / "Caddyfile"
    config.write_text(server.caddyfile(site, "http://127.0.0.1:8001", "/grip/"))
    checked = subprocess.run([server.caddy(), "validate", "--config", str(config), "--adapter", "caddyfile"],
                             capture_output=True, text=True, env=server._environment(tmp_path))
    assert checked.returncode == 0, checked.stderr
