"""python -m bench [--runs N] [--build-runs N] [--changes N] [--out FILE]: see bench/README.md."""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urljoin

from grip_build.runtime import precompress_folder

from . import dossier, engines, network, offline, peer, report, route, sites
from .measure import Browser, Target
from .report import Compressed, median, p95, row
from .server import Server

CONTENT = "praktijken/ketenkaart/"
CONTENT_MD = "praktijken/ketenkaart.md"
QUESTIONNAIRE = "zelftest/regie/"
RESCORE_PAUSE_MS = 50  # between two answer changes, so each is measured on its own
BENCH_DIR = "_bench"  # where the bench pages are served, next to the built site
SEARCH_INDEX = "/search/search_index.json"  # grows with the site: the one-page stock site has a tiny one
# Drops the site's memory snapshot of Python (through the site's own snapshot module), so the next visit boots
# Python: warm, no snapshot.
FORGET_SNAPSHOT = f"async () => {{ {engines.FORGET} }}"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# The peer measured once on this kind of machine (shared/PLATFORM.md and issue 8).
PLATFORM_SURVEYJS = {"first_answer_cold": 810, "first_answer_warm": 210, "score_cold": 1000, "score_warm": 400,
                     "longtasks_cold": 3, "bytes": 2.06e6}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="runs per browser figure; each figure is their median")
    parser.add_argument("--build-runs", type=int, help="runs per build-time figure (default: --runs)")
    parser.add_argument("--changes", type=int, default=100, help="answer changes for the re-score latency")
    parser.add_argument("--settle", type=float, default=6.0, help="seconds between a cold and a warm visit")
    parser.add_argument("--cache-control", default="max-age=600",
                        help="Cache-Control the test server sends (default like GitHub Pages)")
    parser.add_argument("--network-runs", type=int, default=3,
                        help="runs per figure over the throttled production server (0: none)")
    parser.add_argument("--network-only", action="store_true",
                        help="only the figures over the production server and a throttled network")
    parser.add_argument("--engine-runs", type=int, default=3,
                        help="runs per engine for the per-engine rows (E: Chromium, Firefox, WebKitGTK; 0: none)")
    parser.add_argument("--out", type=Path, default=sites.ROOT / "build" / "bench" / "results.json")
    args = parser.parse_args()
    build_runs = args.build_runs or args.runs

    with tempfile.TemporaryDirectory(prefix="grip-bench-") as tmp:
        tmp = Path(tmp)
        say("building the site, a stock Material site of the same Markdown, and a stock one-page site")
        site = tmp / "site"
        build_times = [sites.build_ours(site)]
        stock = sites.build_stock_site(tmp / "stock")
        stock_page = sites.build_stock(tmp / "stock-page", CONTENT_MD)
        config = zt_config(site / QUESTIONNAIRE / "index.html")
        index_path = urljoin("/" + QUESTIONNAIRE, config["indexURL"])
        lock_path = urljoin("/" + QUESTIONNAIRE, config["lockURL"])
        peer_sizes = peer.write_page(site / BENCH_DIR, sites.ROOT / "questionnaires" / "regie.yml")
        for name in ("bare.html", "bare-worker.mjs"):
            shutil.copy(peer.PAGES / name, site / BENCH_DIR / name)

        net = measure_network(args, site, tmp, index_path, lock_path) if args.network_runs else {}
        if args.network_only:
            results = {"rows": [], "notes": []}
        else:
            servers = [Server(root, args.cache_control) for root in (site, stock, stock_page)]
            for server in servers:
                server.start()
            try:
                browser_data = measure_browser(args, *servers, index_path, lock_path)
            finally:
                for server in servers:
                    server.stop()

            say("timing mkdocs builds")
            builds = measure_builds(tmp, build_runs, build_times)

            compressed = Compressed()

            def files(root, hits):
                return [served_file(root, path) for path, status, size in hits if status == 200]

            runtime = [site / index_path.lstrip("/") / f for f in PYODIDE_FILES] + [site / lock_path.lstrip("/")]
            results = figures(args, browser_data, builds, peer_sizes, compressed, files, site, stock, stock_page,
                              runtime)
        if net:
            rows, notes = network_figures(net, index_path, lock_path)
            results["rows"] += rows
            results["notes"] += notes
        if args.network_runs and not network.available():
            say("returning and offline readers: the service worker (bench/offline.py)")
            stock_site = sites.build_stock_site(tmp / "stock-offline")
            for folder in (site, stock_site):
                precompress_folder(folder, 11, sites.ROOT / "build" / "cache")
            rows, notes, _ = offline.measure(site, stock_site, min(args.runs, 3), args.network_runs)
            results["rows"] += rows
            results["notes"] += notes
            results["network"] = {profile: {name: value if name == "check" else
                                            {phase: [{"marks": v.marks, "hits": v.hits, "bare": v.bare} for v in visits]
                                             for phase, visits in value.items()}
                                            for name, value in found.items()}
                                  for profile, found in net.items() if profile != "skipped"}
        if not args.network_only:  # 11: the shortest route, D: the consultant's dossier, inside Pyodide in Node
            for rows, notes, _ in (route.measure(), dossier.measure()):
                results["rows"] += rows
                results["notes"] += notes
        if args.engine_runs and not args.network_only:  # E: each engine against its own bare Pyodide (bench/engines.py)
            say("every engine: Chromium, Firefox and WebKitGTK, each beside its bare Pyodide pages (bench/engines.py)")
            rows, notes, results["engines"] = engines.measure(site, args.engine_runs)
            results["rows"] += rows
            results["notes"] += notes

    print()
    print(report.table(results["rows"]))
    print()
    for note in results["notes"]:
        print("note:", note)
    report.write_json(args.out, results)
    print(f"\nJSON: {args.out}")
    return 0


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def zt_config(page: Path) -> dict:
    found = re.search(r'<script type="application/json" id="zt-config">(.*?)</script>', page.read_text(), re.S)
    return json.loads(found.group(1))


def served_file(root: Path, path: str) -> Path:
    file = root / unquote(path).lstrip("/")
    return file / "index.html" if file.is_dir() else file


# --- measuring --------------------------------------------------------------------------------------

def measure_browser(args, ours: Server, stock: Server, stock_page: Server, index_path: str, lock_path: str) -> dict:
    targets = {
        "content": Target("content", ours, CONTENT),
        "stock": Target("stock", stock, CONTENT),
        "stock-page": Target("stock-page", stock_page, CONTENT),
        "questionnaire": Target("questionnaire", ours, QUESTIONNAIRE, answer=True, score="[data-zt-status]",
                                score_text="Te weinig|Niveau", done="'scorePainted' in m && 'fcp' in m",
                                forget=FORGET_SNAPSHOT),
        "bare": Target("bare", ours, f"{BENCH_DIR}/bare.html?index={index_path}&lock={lock_path}",
                       score="#result", score_text="klaar|mislukt", done="'scorePainted' in m"),
        "surveyjs": Target("surveyjs", ours, f"{BENCH_DIR}/surveyjs.html", answer=True, score='[data-name="resultaat"]',
                           score_text="Te weinig|Niveau", done="'scorePainted' in m && 'fcp' in m"),
    }
    data = {name: {"cold": [], "warm": [], "warm_forgotten": []} for name in targets}
    with Browser() as browser:
        data["chromium"] = browser.version
        visit_all(browser, targets, args.runs, args.settle, data)
        say(f"re-score latency over {args.changes} changes")
        try:
            data["rescore"] = browser.rescore(targets["questionnaire"], args.changes, RESCORE_PAUSE_MS,
                                              "[data-zt-form]", "[data-zt-status]", "[data-zt-result]")
        except Exception as error:
            say(f"  failed: {error}")
            data["rescore"] = None
    return data


def visit_all(browser, targets: dict, runs: int, settle: float, data: dict, label: str = "") -> None:
    """Visit every target `runs` times, interleaved so machine noise spreads over all pages."""
    for run in range(runs):
        for name, target in targets.items():
            say(f"{label}run {run + 1}/{runs}: {name}")
            try:
                visits = browser.visits(target, settle)
            except Exception as error:  # one failed visit must not sink the rest
                say(f"  failed: {error}")
                continue
            for phase, visit in visits.items():
                data[name][phase].append(visit)


def measure_network(args, site: Path, tmp: Path, index_path: str, lock_path: str) -> dict:
    """Figures 2, 3 and 6 again, through Caddy with the production configuration and each network profile."""
    why = network.available()
    if why:
        say(f"no network figures: {why}")
        return {"skipped": why}
    network.write_check_page(site / BENCH_DIR)
    precompress_folder(site, 11, sites.ROOT / "build" / "cache")  # as `make build` does, bench pages included
    data: dict = {}
    with network.serve(site) as port, Browser() as browser:
        for profile in network.PROFILES:
            with network.Shaper(port, profile).running() as shaped:
                targets = {
                    "questionnaire": Target("questionnaire", shaped, QUESTIONNAIRE, answer=True,
                                            score="[data-zt-status]", score_text="Te weinig|Niveau",
                                            done="'scorePainted' in m && 'fcp' in m"),
                    "bare": Target("bare", shaped, f"{BENCH_DIR}/bare.html?index={index_path}&lock={lock_path}",
                                   score="#result", score_text="klaar|mislukt", done="'scorePainted' in m"),
                    "surveyjs": Target("surveyjs", shaped, f"{BENCH_DIR}/surveyjs.html", answer=True,
                                       score='[data-name="resultaat"]', score_text="Te weinig|Niveau",
                                       done="'scorePainted' in m && 'fcp' in m"),
                }
                found = data[profile.name] = {name: {"cold": [], "warm": []} for name in targets}
                say(f"{profile.name}: checking that the throttle applies in a worker")
                with browser.page(targets["bare"]) as context:
                    found["check"] = network.check(context.new_page(), shaped, BENCH_DIR)
                shaped.take()
                visit_all(browser, targets, args.network_runs, args.settle, found, f"{profile.name}, ")
    return data


def network_figures(net: dict, index_path: str, lock_path: str) -> tuple[list, list]:
    if "skipped" in net:
        return [], [f"network figures: n/a, {net['skipped']}"]
    rows, notes = [], []
    runtime = {index_path.rstrip("/") + "/" + f for f in PYODIDE_FILES} | {lock_path}
    for profile in network.PROFILES:
        d, p = net[profile.name], profile.name

        def marks(name, phase, key, d=d):
            return median(v.marks.get(key) for v in d[name][phase])

        def first_answer(name, phase, d=d):
            return median(max(v.marks["radioShown"], v.marks["fcp"]) if "radioShown" in v.marks and "fcp" in v.marks
                          else None for v in d[name][phase])

        def wire(name, d=d):  # everything the proxy sent down the link, HTTP headers included
            return median(sum(size for path, status, size in v.hits) for v in d[name]["cold"])

        check = d["check"]
        rows.append(row("N", f"{p}: 1 MB fetched in a worker vs the profile's rate", check["worker"]["ms"],
                        network.expected_ms(profile), "ms", "≥ 1 (throttled)"))
        rows.append(row("N", f"{p}:   the same in the page", check["page"]["ms"], network.expected_ms(profile), "ms",
                        ""))
        for phase in ("cold", "warm"):
            rows.append(row("2N", f"{p}: first answer possible ({phase}) vs SurveyJS",
                            first_answer("questionnaire", phase), first_answer("surveyjs", phase), "ms", "≤ 1.0"))
        for phase in ("cold", "warm"):
            rows.append(row("3N", f"{p}: navigation to first score ({phase}) vs bare Pyodide",
                            marks("questionnaire", phase, "scorePainted"), marks("bare", phase, "scorePainted"), "ms",
                            "≤ 1.10" if phase == "cold" else ""))
        for phase in ("cold", "warm"):
            rows.append(row("3N", f"{p}:   navigation to first score ({phase}) vs SurveyJS",
                            marks("questionnaire", phase, "scorePainted"), marks("surveyjs", phase, "scorePainted"),
                            "ms", ""))
        rows.append(row("6N", f"{p}: questionnaire page bytes over the wire vs the bare Pyodide page",
                        wire("questionnaire"), wire("bare"), "B", "≤ 1.05"))
        rows.append(row("6N", f"{p}:   SurveyJS page bytes over the wire", wire("surveyjs"), None, "B", ""))
        bare = [v.bare for v in d["bare"]["cold"] if v.bare]
        if bare:  # where the time goes on the bare page: the last runtime byte, Python ready, first score
            downloaded = median(max((f["end"] for f in b["files"] if any(f["name"].endswith(r) for r in runtime)),
                                    default=None) for b in bare)
            ready = median(b["marks"].get("loaded") for b in bare)
            rows.append(row("3N", f"{p}:   bare page: last runtime byte arrived", downloaded, None, "ms", ""))
            rows.append(row("3N", f"{p}:   bare page: Python ready (loadPyodide resolved)", ready, None, "ms", ""))
            score = marks("bare", "cold", "scorePainted")
            if downloaded and ready and score:
                notes.append(f"{p}: on the bare page the runtime's last byte arrives at {downloaded:,.0f} ms, "
                             f"Python is ready {ready - downloaded:,.0f} ms later (compile and start), "
                             f"the score shows at {score:,.0f} ms: the download is {downloaded / score:.0%} "
                             "of the time to the first score")
        for name in ("questionnaire", "bare", "surveyjs"):
            if not d[name]["cold"]:
                notes.append(f"{p}: {name}: no run succeeded")
    return rows, notes


def measure_builds(tmp: Path, runs: int, first: list[float]) -> dict:
    builds = {}
    project = sites.copy_project(tmp / "project")
    base_posts = sites.count_posts(project)
    for factor in (1, 10, 100):
        sites.add_posts(project, base_posts * factor - sites.count_posts(project))
        times = list(first) if factor == 1 else []
        while len(times) < runs:
            say(f"build with {base_posts * factor} Q&A posts ({len(times) + 1}/{runs})")
            out = tmp / f"build-{factor}"
            times.append(sites.mkdocs_build(project / "mkdocs.yml", out))
            shutil.rmtree(out)
        builds[factor] = {"posts": base_posts * factor, "seconds": times, "median": statistics.median(times)}
    return builds


# --- the figures --------------------------------------------------------------------------------------

def figures(args, d, builds, peer_sizes, compressed, files, site, stock, stock_page_root, runtime) -> dict:
    rows, notes = [], []

    def marks(name, phase, key):
        return median(v.marks.get(key) for v in d[name][phase])

    def first_answer(name, phase):  # the first frame that shows an enabled radio, not before the first paint
        return median(max(v.marks["radioShown"], v.marks["fcp"]) if "radioShown" in v.marks and "fcp" in v.marks
                      else None for v in d[name][phase])

    def transfer(name, root, skip=()):
        totals = [compressed.total(files(root, [h for h in v.hits if h[0] not in skip])) | {"requests": len(v.hits)}
                  for v in d[name]["cold"]]
        return {k: median(t[k] for t in totals) for k in ("raw", "gzip", "brotli", "requests")}

    def longtasks(name, phase):
        counts = [len(v.longtasks_before("scorePainted")) for v in d[name][phase]]
        total = [sum(t["duration"] for t in v.longtasks_before("scorePainted")) for v in d[name][phase]]
        return median(counts), median(total)

    # 1. content page against stock Material: the same Markdown (whole site), and one page on its own
    content, stock_page = transfer("content", site), transfer("stock", stock)
    one_page = transfer("stock-page", stock_page_root)
    pyodide_bytes = median(sum(s for p, _, s in v.hits if "/assets/pyodide/" in p or "/assets/python/" in p)
                           for v in d["content"]["cold"])
    rows += [
        row("1", "content page bytes (raw, cold)", content["raw"], stock_page["raw"], "B", "≤ 1.1× stock"),
        row("1", "content page bytes (gzip)", content["gzip"], stock_page["gzip"], "B", "≤ 1.1× stock"),
        row("1", "  the same without search_index.json (raw)", transfer("content", site, [SEARCH_INDEX])["raw"],
            transfer("stock", stock, [SEARCH_INDEX])["raw"], "B", ""),
        row("1", "content page requests", content["requests"], stock_page["requests"], "n", ""),
        row("1", "  vs a stock site of this one page (raw)", content["raw"], one_page["raw"], "B", ""),
        row("1", "  the same without search_index.json (raw)", transfer("content", site, [SEARCH_INDEX])["raw"],
            transfer("stock-page", stock_page_root, [SEARCH_INDEX])["raw"], "B", ""),
        row("1", "Pyodide bytes on a content page", pyodide_bytes, None, "B", "0"),
    ]
    # 2. first answer possible
    for phase in ("cold", "warm"):
        ours = first_answer("questionnaire", phase)
        rows.append(row("2", f"first answer possible ({phase}) vs content page FCP", ours,
                        marks("content", phase, "fcp"), "ms", "≤ 1.2"))
    for phase in ("cold", "warm"):
        rows.append(row("2", f"  DOMContentLoaded ({phase}) vs content page", marks("questionnaire", phase, "dcl"),
                        marks("content", phase, "dcl"), "ms", ""))
    for phase in ("cold", "warm"):
        rows.append(row("2", f"first answer possible ({phase}) vs SurveyJS", first_answer("questionnaire", phase),
                        first_answer("surveyjs", phase), "ms", "≤ 1.0"))
    # 3. first score
    for phase in ("cold", "warm"):
        rows.append(row("3", f"navigation to first score ({'warm, from the snapshot' if phase == 'warm' else phase})"
                             " vs bare Pyodide",
                        marks("questionnaire", phase, "scorePainted"), marks("bare", phase, "scorePainted"), "ms",
                        "≤ 1.15"))
    rows.append(row("3", "  warm without the snapshot (dropped; as on a first visit) vs bare",
                    marks("questionnaire", "warm_forgotten", "scorePainted"), marks("bare", "warm", "scorePainted"),
                    "ms", ""))
    started = [v.started for v in d["questionnaire"]["warm"]]
    if started.count("snapshot") != len(started):
        notes.append(f"questionnaire: {started.count('snapshot')} of {len(started)} warm visits restored Python from "
                     "the snapshot (raise --settle if the first visit had not saved it yet)")
    for phase in ("cold", "warm"):
        rows.append(row("3", f"navigation to first score ({phase}) vs SurveyJS",
                        marks("questionnaire", phase, "scorePainted"), marks("surveyjs", phase, "scorePainted"), "ms",
                        "≤ 1.5 (ambition)"))
    # 4. re-score latency
    changes = d.get("rescore") or []
    painted = [c["painted"] if c else None for c in changes]
    changed = [c["changed"] if c else None for c in changes]
    missed = sum(1 for c in changes if c is None)
    rows += [row("4", f"re-score median, change→painted (n={len(changes)})", median(painted), None, "ms", "< 16 ms"),
             row("4", "re-score p95, change→painted", p95(painted), None, "ms", ""),
             row("4", "re-score median, change→DOM changed", median(changed), None, "ms", "")]
    if missed:
        notes.append(f"re-score: {missed} of {len(changes)} changes showed no update within 5 s")
    if not changes:
        notes.append("re-score: n/a, the measurement failed (see the log above)")
    # 5. long tasks while Pyodide boots
    for phase in ("cold", "warm"):
        count, total = longtasks("questionnaire", phase)
        rows.append(row("5", f"long tasks until first score ({phase}), count", count, None, "n", "0 from Pyodide"))
        rows.append(row("5", f"long tasks until first score ({phase}), total", total, None, "ms", ""))
    # 6. questionnaire bytes against the Pyodide minimum
    questionnaire = transfer("questionnaire", site)
    minimum = compressed.total(runtime)
    for kind in ("raw", "gzip", "brotli"):
        rows.append(row("6", f"questionnaire page bytes ({kind}) vs Pyodide's 5 files", questionnaire[kind],
                        minimum[kind], "B", "close to 1"))
    rows.append(row("6", "questionnaire page requests (cold)", questionnaire["requests"], None, "n", ""))
    if minimum["brotli"] is None:
        notes.append("brotli: n/a, the optional `brotli` package is not installed (pip install brotli)")
    # 7. build time
    base = builds[1]
    for factor, b in builds.items():
        rows.append(row("7", f"mkdocs build, {b['posts']} Q&A posts", b["median"],
                        base["median"] if factor > 1 else None, "s", "grows ≤ linearly" if factor > 1 else ""))
    # 8. the peer
    for phase in ("cold", "warm"):
        rows.append(row("8", f"SurveyJS first answer possible ({phase}) vs PLATFORM.md",
                        first_answer("surveyjs", phase), PLATFORM_SURVEYJS[f"first_answer_{phase}"], "ms"))
    for phase in ("cold", "warm"):
        rows.append(row("8", f"SurveyJS navigation to score ({phase}) vs PLATFORM.md",
                        marks("surveyjs", phase, "scorePainted"), PLATFORM_SURVEYJS[f"score_{phase}"], "ms"))
    for phase in ("cold", "warm"):
        count, total = longtasks("surveyjs", phase)
        rows.append(row("8", f"SurveyJS long tasks until score ({phase}), count", count,
                        PLATFORM_SURVEYJS["longtasks_cold"] if phase == "cold" else None, "n"))
        rows.append(row("8", f"SurveyJS long tasks until score ({phase}), total", total, None, "ms"))
    rows.append(row("8", "SurveyJS JS+CSS bytes (raw) vs PLATFORM.md", sum(peer_sizes.values()),
                    PLATFORM_SURVEYJS["bytes"], "B"))
    surveyjs = transfer("surveyjs", site)
    rows.append(row("8", "SurveyJS page bytes (raw / gzip)", surveyjs["raw"], surveyjs["gzip"], "B",
                    reference_unit="B", ratio_value=None, note="reference column holds the gzip size"))

    for name in d:
        if isinstance(d[name], dict) and "cold" in d[name] and len(d[name]["cold"]) < args.runs:
            notes.append(f"{name}: only {len(d[name]['cold'])} of {args.runs} runs succeeded")
    raw = {name: {phase: [{"marks": v.marks, "longtasks": v.longtasks, "hits": v.hits, "started": v.started}
                          for v in d[name][phase]]
                  for phase in ("cold", "warm", "warm_forgotten") if d[name].get(phase)}
           for name in d if isinstance(d[name], dict) and "cold" in d[name]}
    return {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "chromium": d.get("chromium"), "runs": args.runs,
        "cache_control": args.cache_control, "brotli_available": report.brotli is not None,
        "rows": rows, "notes": notes, "builds": {str(k): v for k, v in builds.items()},
        "pyodide_minimum": minimum, "transfer": {"content": content, "stock": stock_page, "stock-page": one_page,
                                                  "questionnaire": questionnaire, "surveyjs": surveyjs},
        "rescore": changes, "raw": raw,
    }


if __name__ == "__main__":
    sys.exit(main())
