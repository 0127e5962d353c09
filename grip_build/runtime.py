"""The browser runtime: the five Pyodide files and a reproducible ``scoring`` wheel, at content-hashed URLs."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: The modules of ``scoring`` that only the build and the command line use: left out of the browser's wheel.
#: ``_source`` reads YAML (PyYAML is not in the browser), ``_validate`` checks a folder of questionnaire files,
#: ``__main__`` is the CLI.
BUILD_ONLY = ("__main__.py", "_source.py", "_validate.py")
EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed timestamps: the same source gives the same wheel bytes


@dataclass(frozen=True)
class Runtime:
    """What the site ships, as ``{site path: bytes or source path}``, and the URLs the page needs."""

    files: dict[str, bytes | Path]
    index_url: str  # folder holding pyodide.mjs and friends
    lock_url: str  # our pyodide-lock.json, next to the wheel (its address names the snapshot; the page gets `lock`)
    wheel_url: str  # the scoring wheel, named in the lock
    wheel_integrity: str  # its Subresource Integrity hash ("sha256-..."), the lock's sha256 in base64

    @property
    def size(self) -> int:
        """Bytes Pyodide fetches (uncompressed: the wasm and the stdlib), for the progress the page
        shows while Python starts."""
        fetched = ("pyodide.asm.wasm", "python_stdlib.zip")
        return sum(len(s) if isinstance(s, bytes) else s.stat().st_size
                   for uri, s in self.files.items() if uri.endswith(fetched))

    @property
    def lock(self) -> dict:
        """The lock's contents, for ``loadPyodide({lockFileContents})``: in the page's config, so the worker
        never waits for a fetch of the lock before Python can start."""
        return json.loads(self.files[self.lock_url])


def _digest(*chunks: bytes) -> str:
    h = hashlib.sha256()
    for chunk in chunks:
        h.update(hashlib.sha256(chunk).digest())
    return h.hexdigest()[:12]


def build_wheel(package: Path, version: str, leave_out: tuple[str, ...] = BUILD_ONLY) -> tuple[str, bytes]:
    """A ``py3-none-any`` wheel of a pure-Python package, byte-for-byte reproducible, without the modules in
    ``leave_out`` (file names in the package's folder)."""
    name = package.name
    dist_info = f"{name}-{version}.dist-info"
    entries = {
        f"{name}/{p.relative_to(package).as_posix()}": p.read_bytes()
        for p in sorted(package.rglob("*.py"))
        if "__pycache__" not in p.parts and p.relative_to(package).as_posix() not in leave_out
    }
    entries[f"{dist_info}/METADATA"] = (
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        "Summary: Scoring for the Grip op uitbesteding self-assessments\n"
    ).encode()
    entries[f"{dist_info}/WHEEL"] = (
        b"Wheel-Version: 1.0\nGenerator: grip_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    )
    entries[f"{dist_info}/top_level.txt"] = f"{name}\n".encode()
    record = [
        f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}"
        for path, data in entries.items()
    ]
    entries[f"{dist_info}/RECORD"] = ("\n".join([*record, f"{dist_info}/RECORD,,"]) + "\n").encode()
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        for path, data in entries.items():
            info = zipfile.ZipInfo(path, date_time=EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            wheel.writestr(info, data)
    return f"{name}-{version}-py3-none-any.whl", buffer.getvalue()


def lock_for(npm_lock: dict, wheel_name: str, wheel: bytes, version: str) -> bytes:
    """A Pyodide lock that knows exactly one package, ``scoring``, with the wheel's real sha256."""
    lock = {
        "info": npm_lock["info"],
        "packages": {
            "scoring": {
                "name": "scoring",
                "version": version,
                "file_name": wheel_name,
                "install_dir": "site",
                "sha256": hashlib.sha256(wheel).hexdigest(),
                "package_type": "package",
                "imports": ["scoring"],
                "depends": [],
                "unvendored_tests": False,
            }
        },
    }
    return (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode()


def collect(pyodide: Path, package: Path, version: str, prefix: str = "assets", trim_stdlib: bool = True) -> Runtime:
    """Plan the runtime folder (hashed by its files) and the package folder (hashed by the lock).

    With ``trim_stdlib`` the stdlib zip holds only what Pyodide's boot and ``scoring`` import
    (see ``grip_build/stdlib.py``): about half of the 2.5 MB.
    """
    missing = [name for name in (*RUNTIME_FILES, "pyodide-lock.json") if not (pyodide / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"Pyodide runtime files missing in {pyodide}: {', '.join(missing)}. Run `npm ci` first."
        )
    runtime: dict[str, bytes | Path] = {name: pyodide / name for name in RUNTIME_FILES}
    if trim_stdlib:
        from .stdlib import needed, trim

        runtime["python_stdlib.zip"] = trim((pyodide / "python_stdlib.zip").read_bytes(), needed())
    contents = (source.read_bytes() if isinstance(source, Path) else source for source in runtime.values())
    runtime_dir = f"{prefix}/pyodide/{_digest(*contents)}"
    wheel_name, wheel = build_wheel(package, version)
    lock = lock_for(json.loads((pyodide / "pyodide-lock.json").read_text()), wheel_name, wheel, version)
    package_dir = f"{prefix}/python/{_digest(lock)}"
    files: dict[str, bytes | Path] = {f"{runtime_dir}/{name}": source for name, source in runtime.items()}
    files[f"{package_dir}/pyodide-lock.json"] = lock
    files[f"{package_dir}/{wheel_name}"] = wheel
    integrity = "sha256-" + base64.b64encode(hashlib.sha256(wheel).digest()).decode()
    return Runtime(files, f"{runtime_dir}/", f"{package_dir}/pyodide-lock.json", f"{package_dir}/{wheel_name}",
                   integrity)


#: Files worth compressing for hosts that serve precompressed files: every text file and the wasm. Zips,
#: wheels and images are compressed already.
COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".wasm")
_CACHED_FROM = 100_000  # bytes: larger files are compressed once per content (build/cache)


def precompress_folder(site: Path, quality: int, cache: Path) -> int:
    """Write ``.gz`` and ``.br`` next to every compressible file of the built site, where they are smaller.

    Brotli at quality 11 takes over a minute for the 9.6 MB ``pyodide.asm.wasm``; large files are cached
    by content in ``build/cache``, so only the first build after a Pyodide upgrade pays for it.
    Returns the number of files written.
    """
    import brotli  # build time only

    written = 0
    cache.mkdir(parents=True, exist_ok=True)
    compressors = ((".gz", lambda d: gzip.compress(d, 9, mtime=0)),
                   (".br", lambda d: brotli.compress(d, quality=quality)))
    for path in sorted(site.rglob("*")):
        if not path.is_file() or not path.name.endswith(COMPRESSIBLE):
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        for ext, compress in compressors:
            target = path.with_name(path.name + ext)
            if target.exists():  # mkdocs writes sitemap.xml.gz itself
                continue
            if len(data) >= _CACHED_FROM:
                cached = cache / f"{digest}.q{quality}{ext}"
                if not cached.exists():
                    partial = cached.with_name(cached.name + f".{os.getpid()}")
                    partial.write_bytes(compress(data))
                    partial.replace(cached)  # atomic: two builds at once never read half a file
                packed = cached.read_bytes()
            else:
                packed = compress(data)
            if len(packed) < 0.95 * len(data):
                target.write_bytes(packed)
                written += 1
    return written
