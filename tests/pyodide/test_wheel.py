"""The ``scoring`` wheel the browser loads: the runtime modules only. The build-only modules (the YAML reader,
the folder validator, the CLI) stay out, and nothing in the wheel imports them."""

from __future__ import annotations

import ast
import io
import zipfile

from grip_build.runtime import BUILD_ONLY, build_wheel

from ..conftest import ROOT


def wheel_modules() -> dict[str, str]:
    _, data = build_wheel(ROOT / "scoring", "0.1.0")
    with zipfile.ZipFile(io.BytesIO(data)) as wheel:
        return {name: wheel.read(name).decode("utf-8") for name in wheel.namelist() if name.endswith(".py")}


def test_the_wheel_leaves_out_the_build_only_modules_and_keeps_the_rest():
    shipped = {name.removeprefix("scoring/") for name in wheel_modules()}
    source = {p.name for p in (ROOT / "scoring").glob("*.py")}
    assert set(BUILD_ONLY) == {"__main__.py", "_source.py", "_validate.py"}
    assert shipped == source - set(BUILD_ONLY)
    assert {"api.py", "__init__.py", "_dates.py"} <= shipped


def test_no_module_in_the_wheel_imports_a_build_only_module():
    left_out = {name.removesuffix(".py") for name in BUILD_ONLY}
    for name, text in wheel_modules().items():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                imported = {node.module} if node.module else {alias.name for alias in node.names}
                assert not imported & left_out, f"{name} imports {imported & left_out}"
