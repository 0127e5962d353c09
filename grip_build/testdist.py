"""A Pyodide dist folder for pytest-pyodide: the runtime, our ``scoring`` wheel and the pure-Python
wheels the scoring suite needs inside Pyodide (pytest, hypothesis and their dependencies).

    python -m grip_build.testdist build/pyodide-dist
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import scoring

from .runtime import RUNTIME_FILES, build_wheel, lock_for

ROOT = Path(__file__).resolve().parent.parent
#: Test wheels for inside Pyodide, with the packages each needs; versions come from requirements.txt.
TEST_WHEELS = {
    "pytest": ["iniconfig", "packaging", "pluggy", "pygments"],
    "iniconfig": [],
    "packaging": [],
    "pluggy": [],
    "pygments": [],
    "hypothesis": ["attrs", "sortedcontainers"],
    "attrs": [],
    "sortedcontainers": [],
}


#: Hypothesis after 6.155.7 ships compiled wheels only; Pyodide takes the last pure-Python one.
PURE_PINS = {"hypothesis": "6.155.7"}


def _pins() -> dict[str, str]:
    import importlib.metadata as md

    return {name: PURE_PINS.get(name) or md.version(name) for name in TEST_WHEELS}


def _imports(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        tops = {n.split("/")[0] for n in z.namelist() if not n.split("/")[0].endswith((".dist-info", ".data"))}
    return sorted(t.removesuffix(".py") for t in tops if t.endswith(".py") or "." not in t)


def main(target: str) -> None:
    dist = Path(target)
    shutil.rmtree(dist, ignore_errors=True)
    dist.mkdir(parents=True)
    pyodide = ROOT / "node_modules" / "pyodide"
    for name in (*RUNTIME_FILES, "pyodide.js"):  # pytest-pyodide's node driver require()s pyodide.js
        shutil.copy2(pyodide / name, dist / name)
    npm_lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    wheel_name, wheel = build_wheel(ROOT / "scoring", scoring.__version__)
    (dist / wheel_name).write_bytes(wheel)
    lock = json.loads(lock_for(npm_lock, wheel_name, wheel, scoring.__version__))
    pins = _pins()
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "--no-deps",
         "--platform", "any", "--implementation", "py", "--abi", "none", "--python-version", "3.14",
         "--dest", str(dist), *(f"{n}=={v}" for n, v in pins.items())],
        check=True,
    )
    for name, depends in TEST_WHEELS.items():
        file = next(dist.glob(f"{name}-{pins[name]}-*.whl"))
        lock["packages"][name] = {
            "name": name, "version": pins[name], "file_name": file.name, "install_dir": "site",
            "sha256": hashlib.sha256(file.read_bytes()).hexdigest(), "package_type": "package",
            "imports": _imports(file), "depends": depends, "unvendored_tests": False,
        }
    (dist / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True) + "\n")
    print(f"{dist}: Pyodide runtime, {wheel_name} and {len(TEST_WHEELS)} test wheels")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/pyodide-dist")
