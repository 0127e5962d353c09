"""The production web server: Caddy, configured from ``deploy/Caddyfile`` for one built site.

    python -m grip_build.server SITE [--address http://127.0.0.1:8001] [--path /grip/] [--out FILE] [--run]

writes the filled-in configuration (default ``build/deploy/Caddyfile``) and, with ``--run``, serves the
site with it until stopped. The tests and the benchmark use ``running()``, which does the same on a
free port of this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from . import csp

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "deploy" / "Caddyfile"
INSTALL_HINT = "Caddy is needed: run `make preview` (it installs Debian's caddy), or `apt-get install caddy`."


class ServerError(Exception):
    """Caddy is missing, or refused the configuration, or did not start."""


def site_policy(site: Path) -> str:
    """One header policy for the whole site: the union of every page's inline-script hashes.

    Each page's ``<meta>`` policy stays exact; the header, which is the same for every response, allows
    the few inline scripts Material writes (one per page depth) on any page.
    """
    hashes: set[str] = set()
    for page in site.rglob("*.html"):
        hashes |= csp.inline_hashes(page.read_text(encoding="utf-8", errors="replace"))
    return csp.policy(hashes, header=True)


def caddyfile(site: Path, address: str, path: str = "/") -> str:
    """The Caddyfile for ``site`` served at ``address`` under ``path`` (``/`` or ``/grip/``)."""
    if not (site / "404.html").is_file():
        raise ServerError(f"{site} is not a built site (no 404.html): run `make build` first")
    path = "/" + path.strip("/") + "/" if path.strip("/") else "/"
    route = "handle" if path == "/" else f"redir {path.rstrip('/')} {path} 308\n\thandle_path {path}*"
    plain_http = address.startswith("http://")
    values = {
        "{{GLOBAL_OPTIONS}}": "auto_https off" if plain_http else "",
        "{{CSP}}": site_policy(site),
        "{{ADDRESS}}": address.rstrip("/"),
        "{{ROOT}}": str(site.resolve()),
        "{{ROUTE}}": route,
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def address_for(site_url: str) -> str:
    """Caddy's site address for a public URL: ``https://example.org/grip/`` -> ``example.org`` (Caddy then
    gets and renews the certificate itself); a plain ``http://`` URL is served as it is."""
    parts = urlsplit(site_url)
    if not parts.hostname:
        return "http://127.0.0.1:8001"
    if parts.scheme == "http":
        return f"http://{parts.netloc}"
    return parts.netloc


def caddy() -> str:
    found = shutil.which("caddy")
    if not found:
        raise ServerError(INSTALL_HINT)
    return found


def _environment(state: Path) -> dict[str, str]:
    # Caddy keeps its state (autosave.json, certificates) here instead of in the user's home
    return {**os.environ, "XDG_DATA_HOME": str(state / "data"), "XDG_CONFIG_HOME": str(state / "config")}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, process: subprocess.Popen, log: Path, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"Caddy stopped at once:\n{log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.05)
    raise ServerError(f"Caddy did not listen on port {port} within {seconds:.0f} s")


@contextlib.contextmanager
def running(site: Path, path: str = "/", port: int = 0):
    """Serve ``site`` with Caddy on ``http://127.0.0.1:PORT`` and yield the site's URL (ending in ``/``)."""
    port = port or _free_port()
    with tempfile.TemporaryDirectory(prefix="grip-caddy-") as state:
        state = Path(state)
        config = state / "Caddyfile"
        config.write_text(caddyfile(site, f"http://127.0.0.1:{port}", path), encoding="utf-8")
        log = state / "caddy.log"
        with open(log, "wb") as out:
            process = subprocess.Popen([caddy(), "run", "--config", str(config), "--adapter", "caddyfile"],
                                       stdout=out, stderr=subprocess.STDOUT, env=_environment(state))
        try:
            _wait(port, process, log)
            yield f"http://127.0.0.1:{port}{'/' + path.strip('/') + '/' if path.strip('/') else '/'}"
        finally:
            process.terminate()
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grip_build.server", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (make build writes site/)")
    parser.add_argument("--address", default=None,
                        help="what Caddy listens on: http://host:port, or a domain name for automatic HTTPS "
                             "(default: from SITE_URL, else http://127.0.0.1:8001)")
    parser.add_argument("--path", default=None, help="the path the site lives under (default: from SITE_URL, else /)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "deploy" / "Caddyfile")
    parser.add_argument("--run", action="store_true", help="serve the site with it until Ctrl+C")
    args = parser.parse_args(argv)
    site_url = urlsplit(os.environ.get("SITE_URL", ""))
    path = args.path if args.path is not None else site_url.path or "/"
    address = args.address or address_for(os.environ.get("SITE_URL", ""))
    try:
        text = caddyfile(args.site, address, path)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote {args.out}")
        if not args.run:
            return 0
        binary = caddy()
    except ServerError as error:
        print(error, file=sys.stderr)
        return 2
    state = ROOT / "build" / "caddy"
    print(f"Serving {args.site} at {address.rstrip('/')}{path} with Caddy (Ctrl+C stops it)")
    with contextlib.suppress(KeyboardInterrupt):
        return subprocess.call([binary, "run", "--config", str(args.out), "--adapter", "caddyfile"],
                               env=_environment(state))
    return 0


if __name__ == "__main__":
    sys.exit(main())
