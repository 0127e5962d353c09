"""A ``python_stdlib.zip`` with only what Pyodide's boot and ``scoring`` use (about half the size).

``stdlib-modules.txt`` lists those modules. It is made by running ``probe.mjs`` in Node, which loads
``scoring`` the way the site's worker does and calls every API operation:

    python -m grip_build.stdlib        # after `npm ci`; rewrites grip_build/stdlib-modules.txt

``tests/pyodide/test_trimmed_stdlib.py`` runs the probe and the whole scoring suite on the trimmed zip.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = HERE / "stdlib-modules.txt"
#: Packages kept whole: Pyodide's own, and the codecs any text may need.
WHOLE = ("encodings", "pyodide", "_pyodide")
EPOCH = (1980, 1, 1, 0, 0, 0)


def _module(name: str) -> str | None:
    if not name.endswith(".py"):
        return None
    module = name[:-3].replace("/", ".")
    return module.removesuffix(".__init__")


def trim(full: bytes, modules: set[str]) -> bytes:
    """The stdlib zip reduced to ``modules`` (and the packages in ``WHOLE``), byte-for-byte reproducible."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(full)) as source, zipfile.ZipFile(out, "w") as target:
        for name in sorted(source.namelist()):
            module = _module(name)
            if module is None or not (module in modules or module.split(".")[0] in WHOLE):
                continue
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(name))
    return out.getvalue()


def needed() -> set[str]:
    return {line.strip() for line in MODULES.read_text().splitlines() if line.strip() and not line.startswith("#")}


def probe(index_dir: Path, lock: Path, bundle: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(HERE / "probe.mjs"), f"{index_dir}/", str(lock), str(bundle)],
                          capture_output=True, text=True, cwd=HERE.parent)


def main() -> None:
    from scoring import __version__

    from .runtime import build_wheel, lock_for

    root = HERE.parent
    pyodide = root / "node_modules" / "pyodide"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        name, wheel = build_wheel(root / "scoring", __version__)
        (tmp / name).write_bytes(wheel)
        (tmp / "pyodide-lock.json").write_bytes(
            lock_for(json.loads((pyodide / "pyodide-lock.json").read_text()), name, wheel, __version__))
        site = tmp / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=root, check=True)
        bundle = next(site.glob("assets/python/vragenlijsten.*.json"))
        result = probe(pyodide, tmp / "pyodide-lock.json", bundle)
    if result.returncode:
        sys.exit(result.stderr)
    modules = sorted(m for m in json.loads(result.stdout.strip().splitlines()[-1]) if not m.startswith("scoring"))
    MODULES.write_text("# Python modules loaded after Pyodide's boot and every scoring API call "
                       "(python -m grip_build.stdlib)\n" + "\n".join(modules) + "\n")
    print(f"{MODULES.relative_to(root)}: {len(modules)} modules")


if __name__ == "__main__":
    main()
