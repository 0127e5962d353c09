"""The consultant's dossier at the size of a busy practice (issue 26), inside Pyodide in Node:

    python -m bench.dossier [--clients 50] [--repeats 5] [--out FILE]

Builds a dossier of ``--clients`` clients, each with a result of every questionnaire in two quarters (50 x 7 x 2
= 700 results), through the same ops the dossier page calls, then times, each ``--repeats`` times (the figure is
the median): opening the page (op ``dossier`` ``view``: the list of clients), opening one client (its
measurements over time, what moved, the team), filing one more link (``file``) and storing it (``save`` with
``dossier: true``, the merge of two tabs' changes), and the size of the stored dossier.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .report import finish, row
from .route import in_pyodide, say
from .sites import ROOT

#: Runs inside Pyodide; its last expression (JSON) is what Node prints.
SCRIPT = r"""
import json, time
import scoring.api as api

CLIENTS, REPEATS = %(clients)d, %(repeats)d
bundle = json.loads(open("/bundle.json").read())
api.load(json.dumps(bundle))
NOW, OFFSET = "2026-12-01T10:00:00.000Z", 60


def call(**request):
    reply = json.loads(api.handle(json.dumps(request)))
    if not reply.get("ok"):
        raise SystemExit(f"{request['op']} refused: {reply}")
    return reply


def median_ms(task):
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        task()
        samples.append((time.perf_counter() - start) * 1000)
    return sorted(samples)[len(samples) // 2]


def link(q, client, quarter, raise_by):
    answers = {s["id"]: min(5, 1 + (i + client + raise_by) %% 4) for i, s in enumerate(q["statements"])}
    changed = ["2026-05-12T09:00:00.000Z", "2026-10-20T09:00:00.000Z"][quarter]
    meta = {q["id"]: {"changed": changed, "about": {"organisation": f"Organisatie {client:02d}", "by": "Anna"}}}
    return call(op="encode", answers={q["id"]: answers}, meta=meta)["link"]


lines = [link(q, c, quarter, quarter) for c in range(CLIENTS) for q in bundle["questionnaires"] for quarter in (0, 1)]
start = time.perf_counter()
dossier = None
for c in range(CLIENTS):  # one client's links at a time, as a consultant pastes a mail
    mine = call(op="dossier", action="file", dossier=dossier, text="\n".join(lines[c * 14:(c + 1) * 14]),
                now=NOW, offset=OFFSET)["dossier"]
    dossier = call(op="save", dossier=True, stored=dossier, changes=[{"base": dossier, "mine": mine}], now=NOW)["entry"]
built = (time.perf_counter() - start) * 1000
client = call(op="dossier", action="view", dossier=dossier, offset=OFFSET)["clients"][0]["key"]
extra = link(bundle["questionnaires"][0], 0, 1, 2)


def file_and_save():
    mine = call(op="dossier", action="file", dossier=dossier, text=extra, now=NOW, offset=OFFSET)["dossier"]
    call(op="save", dossier=True, stored=dossier, changes=[{"base": dossier, "mine": mine}], now=NOW)


out = {
    "results": len(lines), "clients": CLIENTS, "bytes": len(json.dumps(dossier)), "built_ms": built,
    "open": median_ms(lambda: call(op="dossier", action="view", dossier=dossier, offset=OFFSET)),
    "client": median_ms(lambda: call(op="dossier", action="view", dossier=dossier, client=client, offset=OFFSET)),
    "file_save": median_ms(file_and_save),
}
import sys
json.dumps({"python": sys.version.split()[0], **out})
"""


def measure(clients: int = 50, repeats: int = 5) -> tuple[list, list, dict]:
    """Rows (section D), notes, and the raw figures."""
    say(f"the dossier with {clients} clients x 7 questionnaires x 2 quarters inside Pyodide (Node)")
    try:
        data = in_pyodide(SCRIPT % {"clients": clients, "repeats": repeats}, "grip-bench-dossier-")
    except (OSError, RuntimeError, ValueError) as error:
        return [row("D", "dossier: open", None, None, "ms", "")], [f"dossier: n/a, {error}"], {}
    size = f"{data['clients']} clients, {data['results']} results"
    rows = [row("D", f"dossier ({size}): open the page (list of clients)", data["open"], None, "ms", ""),
            row("D", "  open one client (over time, what moved, team)", data["client"], None, "ms", ""),
            row("D", "  file one link and store it (merge)", data["file_save"], None, "ms", ""),
            row("D", "  stored dossier", data["bytes"], None, "B", "")]
    notes = [f"dossier: Python {data['python']} in Pyodide (Node); filing all {data['results']} links client by client "
             f"took {data['built_ms'] / 1000:.1f} s"]
    return rows, notes, data


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.dossier", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=5, help="timings per figure; the figure is their median")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "dossier.json")
    args = parser.parse_args()
    return finish(*measure(args.clients, args.repeats), args.out)


if __name__ == "__main__":
    sys.exit(main())
