"""The shortest route's worst case inside Pyodide (issue 16), in Node (no browser needed):

    python -m bench.route [--repeats N] [--out FILE]

Boots Pyodide from ``node_modules/pyodide`` with the ``scoring`` wheel built from this tree (as
``grip_build.stdlib`` does; the worker loads it the same way), then, per questionnaire of the site, times
``route`` for every target 1-5, overall and per theme, on many answer sets: every statement on 1 (the most room
to raise), on 2, 1 and 5 alternating, the basisstellingen on "weet ik niet", and 40 seeded random sets with
"?" and "-" among them. Each case is timed ``--repeats`` times; its figure is the median, and the row is the
slowest case (the worst case). Also timed, the same way: the op ``score``, whose result now holds the target
and route sections (one route overall and one per theme), and the op ``plan`` adding a step.

`measure()` returns rows in bench/report.py's format, so `python -m bench` can add them to its table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .report import row, table, write_json
from .sites import ROOT

#: Runs inside Pyodide; its last expression (JSON) is what Node prints.
SCRIPT = r"""
import json, random, time
import scoring.api as api
from scoring import Questionnaire
from scoring._route import route
from scoring._render_plan import goal_and_plan
from scoring import score
import xml.etree.ElementTree as ET

REPEATS = %(repeats)d
bundle = json.loads(open("/bundle.json").read())
api.load(json.dumps(bundle))
questionnaires = [Questionnaire.from_dict(q) for q in bundle["questionnaires"]]


NOW, OFFSET = "2026-03-01T10:00:00.000Z", 60  # the reader's moment and minutes east of UTC (api.py: "Dates")


def checked(request):  # a request timed must succeed, or the figure would time an error message
    reply = json.loads(api.handle(request))
    if not reply.get("ok"):
        raise SystemExit(f"{json.loads(request)['op']} op refused: {reply}")


def median_ms(task):
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        task()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[len(samples) // 2]


def answer_sets(q):
    ids = [s.id for s in q.statements]
    yield "all 1", {sid: 1 for sid in ids}
    yield "all 2", {sid: 2 for sid in ids}
    yield "1 and 5", {sid: 1 if i %% 2 else 5 for i, sid in enumerate(ids)}
    yield "keys '?'", {s.id: "?" if s.key else 1 for s in q.statements}
    rng = random.Random(16)
    for n in range(40):
        yield f"random {n}", {sid: rng.choice([1, 1, 2, 2, 3, 3, 4, 5, "?", "-"]) for sid in ids}


route(questionnaires[0], {}, 3)  # imports and first-call costs out of the figures
out = {}
for q in questionnaires:
    worst_route = worst_score = worst_sections = (0.0, "")
    for name, answers in answer_sets(q):
        for scope in [None, *(t.id for t in q.themes)]:
            for target in range(1, 6):
                ms = median_ms(lambda: route(q, answers, target, scope))
                if ms > worst_route[0]:
                    worst_route = (ms, f"{name}, target {target}, {scope or 'overall'}")
        request = json.dumps({"op": "score", "questionnaire": q.id, "answers": answers, "base": "../", "now": NOW,
                              "offset": OFFSET, "targets": {"overall": 5}})
        checked(request)
        ms = median_ms(lambda: api.handle(request))
        if ms > worst_score[0]:
            worst_score = (ms, name)
        result = score(q, answers)
        ms = median_ms(lambda: goal_and_plan(ET.Element("div"), result, {"overall": 5}))
        if ms > worst_sections[0]:
            worst_sections = (ms, name)
    entry = {"version": q.version, "answers": {s.id: 1 for s in q.statements}}
    add = json.dumps({"op": "plan", "questionnaire": q.id, "entry": entry, "action": "add", "now": NOW,
                      "offset": OFFSET, "item": {"kind": "step", "ref": q.statements[0].id}})
    checked(add)
    out[q.id] = {"route": worst_route, "score": worst_score, "sections": worst_sections,
                 "plan_add": median_ms(lambda: api.handle(add))}
import sys
json.dumps({"python": sys.version.split()[0], "results": out})
"""


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def in_pyodide(script: str, prefix: str = "grip-bench-") -> dict:
    """Build the wheel and lock, write the site's questionnaires as ``/bundle.json``, run ``script`` in Pyodide in
    Node (bench/route.mjs); the JSON of the script's last expression. bench/dossier.py runs its script so too."""
    from grip_build.runtime import build_wheel, lock_for
    from scoring import __version__
    from scoring._source import load

    pyodide = ROOT / "node_modules" / "pyodide"
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        tmp = Path(tmp)
        name, wheel = build_wheel(ROOT / "scoring", __version__)
        (tmp / name).write_bytes(wheel)
        (tmp / "pyodide-lock.json").write_bytes(
            lock_for(json.loads((pyodide / "pyodide-lock.json").read_text()), name, wheel, __version__))
        questionnaires = [load(p).to_dict() for p in sorted((ROOT / "questionnaires").glob("*.yml"))]
        (tmp / "bundle.json").write_text(json.dumps({"questionnaires": questionnaires}))
        (tmp / "measure.py").write_text(script)
        done = subprocess.run(["node", str(ROOT / "bench" / "route.mjs"), f"{pyodide}/", str(tmp / "pyodide-lock.json"),
                               str(tmp / "bundle.json"), str(tmp / "measure.py")],
                              capture_output=True, text=True, cwd=ROOT, timeout=1800)
    if done.returncode:
        raise RuntimeError(done.stderr.strip()[-2000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(repeats: int) -> dict:
    return in_pyodide(SCRIPT % {"repeats": repeats}, "grip-bench-route-")


def measure(repeats: int = 5) -> tuple[list, list, dict]:
    """Rows (section 11), notes, and the raw figures."""
    say(f"the shortest route's worst case inside Pyodide (Node), {repeats} repeats per case")
    try:
        data = run(repeats)
    except (OSError, RuntimeError, subprocess.TimeoutExpired, ValueError) as error:
        missing = row("11", "route, worst case inside Pyodide", None, None, "ms", "≤ 20 ms")
        return [missing], [f"route: n/a, {error}"], {}
    results = data["results"]
    worst = max(results, key=lambda qid: results[qid]["route"][0])
    slowest_score = max(results, key=lambda qid: results[qid]["score"][0])
    rows = [row("11", "route, worst case inside Pyodide (Node), one call", results[worst]["route"][0], None, "ms",
                "≤ 20 ms")]
    for qid, found in results.items():
        rows.append(row("11", f"  {qid}: slowest route", found["route"][0], None, "ms", ""))
    rows.append(row("11", "score op with the target and route sections, worst case", results[slowest_score]["score"][0],
                    None, "ms", ""))
    sections = max(results, key=lambda qid: results[qid]["sections"][0])
    rows.append(row("11", "  of which the target and route sections, worst case", results[sections]["sections"][0],
                    None, "ms", ""))
    rows.append(row("11", "plan op: add a step (median of the questionnaires' figures)",
                    sorted(f["plan_add"] for f in results.values())[len(results) // 2], None, "ms", ""))
    notes = [f"route: slowest case {worst}: {results[worst]['route'][1]} (Python {data['python']} in Pyodide, Node)",
             f"score op: slowest case {slowest_score}: {results[slowest_score]['score'][1]}"]
    return rows, notes, data


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.route", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5, help="timings per case; each case's figure is their median")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "route.json")
    args = parser.parse_args()
    rows, notes, data = measure(args.repeats)
    print()
    print(table(rows))
    print()
    for note in notes:
        print("note:", note)
    write_json(args.out, {"rows": rows, "notes": notes, "raw": data})
    print(f"\nJSON: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
