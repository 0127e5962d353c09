"""The build plugin on small example sites built with --strict in a temp dir."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

from grip_build.runtime import build_wheel

from ..conftest import ROOT, build_site

VALID = ROOT / "tests" / "data" / "valid" / "basis.yml"
HISTORY = {"basis": {"code": 200, "versions": {"2": ["b-01", "b-02", "b-03", "b-04", "b-05"]},
                     "recommendations": ["b-r01", "b-r02", "b-r03", "b-r04"]}}


@pytest.fixture
def example(tmp_path) -> Path:
    """A minimal site: one page with a heading, one questionnaire, its version record."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n## Kop\n\nTekst.\n")
    (tmp_path / "questionnaires").mkdir()
    shutil.copy(VALID, tmp_path / "questionnaires" / "basis.yml")
    (tmp_path / "questionnaires" / "versions.json").write_text(json.dumps(HISTORY))
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Voorbeeld\nstrict: true\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  language: nl\n  font: false\n"
        f"plugins:\n  - grip:\n      pyodide: {ROOT / 'node_modules' / 'pyodide'}\n"
    )
    return tmp_path


def build(site: Path):
    result = build_site(site / "mkdocs.yml", site / "site")
    return result, site / "site"


def edit(site: Path, old: str, new: str) -> None:
    path = site / "questionnaires" / "basis.yml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_example_site_builds_with_page_runtime_and_wheel(example):
    result, out = build(example)
    assert result.returncode == 0, result.stderr
    page = (out / "zelftest" / "basis" / "index.html").read_text()
    assert 'name="b-01"' in page and "Er is een aanspreekpunt." in page
    config = json.loads(re.search(r'<script type="application/json" id="zt-config">(.*?)</script>', page).group(1))
    runtime = out / "zelftest" / "basis" / config["indexURL"]
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
        assert (runtime / name).is_file(), name
    lock_path = (out / "zelftest" / "basis" / config["lockURL"]).resolve()
    lock = json.loads(lock_path.read_text())
    entry = lock["packages"]["scoring"]
    wheel = lock_path.parent / entry["file_name"]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == entry["sha256"]
    assert entry["imports"] == ["scoring"] and lock["info"]["python"].startswith("3.14")
    assert config["lock"] == lock  # the page hands the lock to Pyodide (lockFileContents): never fetched first
    assert (out / "zelftest" / "index.html").is_file()
    assert not (example / "docs" / "zelftest").exists()  # generated pages never land in docs/


def test_wheel_is_reproducible_and_its_url_follows_its_content(example, tmp_path):
    first = build_wheel(ROOT / "scoring", "0.1.0")
    assert build_wheel(ROOT / "scoring", "0.1.0") == first
    copy = tmp_path / "scoring"
    shutil.copytree(ROOT / "scoring", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "_extra.py").write_text("X = 1\n")
    assert build_wheel(copy, "0.1.0")[1] != first[1]


def test_runtime_url_changes_when_the_questionnaire_bundle_or_wheel_changes(example):
    _, out = build(example)
    before = sorted(p.relative_to(out).as_posix() for p in (out / "assets" / "python").rglob("*"))
    edit(example, "text: Er is een mandaat.", "text: Er is een schriftelijk mandaat.")
    _, out = build(example)
    after = sorted(p.relative_to(out).as_posix() for p in (out / "assets" / "python").rglob("*"))
    bundles = lambda names: {n for n in names if n.endswith(".json") and "vragenlijsten" in n}  # noqa: E731
    assert bundles(before) != bundles(after)
    assert [p for p in before if "pyodide" not in p] != []


@pytest.mark.parametrize(("old", "new", "message"), [
    ("weight: 3}", "weight: 7}",
     "questionnaires/basis.yml:26: statements[3].weight: must be a whole number from 1 to 3, not 7"),
    ("theme: keten, text: Er is een ketenkaart.", "theme: kten, text: Er is een ketenkaart.",
     "questionnaires/basis.yml:25: statements[2].theme: unknown theme 'kten'"),
    ("learn_more: index.md, key: true, weight: 2}", "learn_more: nergens.md, key: true, weight: 2}",
     "questionnaires/basis.yml:23: statements[0].learn_more: links to 'nergens.md', which is not a page in docs/"),
    ("link: index.md#kop", "link: index.md#geen-kop",
     "questionnaires/basis.yml:42: recommendations[2].link: links to #geen-kop, "
     "which is not a heading or id on index.md"),
    ("statement: b-05, below: 4}", "statement: b-55, below: 4}",
     "questionnaires/basis.yml:43: recommendations[2].when[0].statement: unknown statement 'b-55'"),
    ("version: 2", "version: 3", "questionnaires/basis.yml:4: version: version 3 is not recorded"),
])
def test_invalid_questionnaire_fails_the_build_naming_file_line_and_field(example, old, new, message):
    edit(example, old, new)
    result, _ = build(example)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_changed_statements_without_a_version_bump_fail_the_build(example):
    edit(example, "  - {id: b-05,", "  - {id: b-06,")
    edit(example, "statement: b-05,", "statement: b-06,")
    result, _ = build(example)
    assert result.returncode != 0
    assert ("statements: the statements differ from those recorded for version 2 (added: b-06; removed: b-05"
            in result.stderr)


def test_every_problem_in_every_file_is_reported_at_once(example):
    edit(example, "weight: 3}", "weight: 7}")
    edit(example, "minutes: 5", "minutes: vijf")
    (example / "questionnaires" / "kapot.yml").write_text("id: kapot\nthemes: [\n")
    result, _ = build(example)
    assert "basis.yml:7: minutes" in result.stderr and "basis.yml:26: statements[3].weight" in result.stderr
    assert "kapot.yml:3: invalid YAML" in result.stderr


def test_every_page_gets_a_csp_with_the_hashes_of_its_inline_scripts(example):
    import base64

    _, out = build(example)
    for page in (out / "index.html", out / "zelftest" / "basis" / "index.html"):
        html = page.read_text()
        policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
        assert html.index("Content-Security-Policy") < html.index("<script")
        assert "default-src 'self'" in policy and "object-src 'none'" in policy and "base-uri 'self'" in policy
        assert "'wasm-unsafe-eval'" in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        inline = re.findall(r"<script>(.*?)</script>", html, re.S)
        assert inline, "Material's inline scripts"
        for body in inline:
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in policy


def test_missing_pyodide_runtime_says_to_run_npm_ci(example):
    config = example / "mkdocs.yml"
    config.write_text(config.read_text().replace(str(ROOT / "node_modules" / "pyodide"), str(example / "nope")))
    result, _ = build(example)
    assert result.returncode != 0 and "Run `npm ci` first" in result.stderr


def test_built_site_references_no_other_host(built_site):
    """Nothing in the built HTML or CSS makes a browser fetch from elsewhere."""
    # rel=canonical and rel=alternate name the site's own address; browsers do not fetch them
    fetching = re.compile(r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\ssrc=["']?(?:https?:)?//"""
                          r"""|<link\b(?![^>]*rel=["']?(?:canonical|alternate))[^>]*\shref=["']?(?:https?:)?//""", re.I)
    css_url = re.compile(r"url\(\s*['\"]?(https?:)?//", re.I)
    offenders = []
    for path in built_site.rglob("*"):
        if path.suffix == ".html" and fetching.search(path.read_text(errors="replace")):
            offenders.append(path)
        if path.suffix == ".css" and css_url.search(path.read_text(errors="replace")):
            offenders.append(path)
    assert offenders == []


def test_precompressed_runtime_for_hosts_that_serve_it(example):
    import gzip

    import brotli

    config = example / "mkdocs.yml"
    config.write_text(config.read_text() + "      precompress: true\n      brotli_quality: 1\n")
    result, out = build(example)
    assert result.returncode == 0, result.stderr
    wasm = next(out.glob("assets/pyodide/*/pyodide.asm.wasm"))
    raw = wasm.read_bytes()
    assert gzip.decompress(wasm.with_name(wasm.name + ".gz").read_bytes()) == raw
    assert brotli.decompress(wasm.with_name(wasm.name + ".br").read_bytes()) == raw
    bundle = next(out.glob("assets/python/vragenlijsten.*.json"))
    assert brotli.decompress(bundle.with_name(bundle.name + ".br").read_bytes()) == bundle.read_bytes()
    for page in [out / "index.html", out / "404.html", out / "zelftest" / "basis" / "index.html",
                 next(out.glob("assets/zelftest/*/zelftest.js")), next(out.glob("assets/javascripts/bundle.*.min.js"))]:
        assert brotli.decompress(page.with_name(page.name + ".br").read_bytes()) == page.read_bytes(), page
        assert gzip.decompress(page.with_name(page.name + ".gz").read_bytes()) == page.read_bytes(), page
    assert not list(out.glob("assets/pyodide/*/python_stdlib.zip.*"))  # a zip does not shrink further


def test_page_modules_live_in_a_folder_named_by_their_content(example):
    _, out = build(example)
    folders = [p.name for p in (out / "assets" / "zelftest").iterdir()]
    assert len(folders) == 1 and re.fullmatch(r"[0-9a-f]{12}", folders[0]), folders
    modules = out / "assets" / "zelftest" / folders[0]
    assert ({"zelftest.js", "store.js", "python.js", "tools.js", "worker.js", "zelftest.css"}
            <= {p.name for p in modules.iterdir()})
    page = (out / "zelftest" / "basis" / "index.html").read_text()
    assert f'src="../../assets/zelftest/{folders[0]}/zelftest.js"' in page
    config = json.loads(re.search(r'<script type="application/json" id="zt-config">(.*?)</script>', page).group(1))
    assert config["worker"] == f"../../assets/zelftest/{folders[0]}/worker.js"
    source = ROOT / "overrides" / "assets" / "zelftest" / "store.js"  # a module that changes moves them all
    original = source.read_text()
    try:
        source.write_text(original + "\n// changed\n")
        _, again = build(example)
        assert [p.name for p in (again / "assets" / "zelftest").iterdir()] != folders
    finally:
        source.write_text(original)


def test_the_404_page_carries_the_csp_like_every_page(example):
    _, out = build(example)
    missing = (out / "404.html").read_text()
    assert ('<head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
            'script-src \'self\' \'wasm-unsafe-eval\' \'sha256-') in missing


def test_site_ships_a_trimmed_stdlib_unless_turned_off(example):
    npm = (ROOT / "node_modules" / "pyodide" / "python_stdlib.zip").stat().st_size
    _, out = build(example)
    shipped = next(out.glob("assets/pyodide/*/python_stdlib.zip")).stat().st_size
    assert shipped < 0.6 * npm
    config = example / "mkdocs.yml"
    config.write_text(config.read_text() + "      trim_stdlib: false\n")
    _, out = build(example)
    assert next(out.glob("assets/pyodide/*/python_stdlib.zip")).stat().st_size == npm
