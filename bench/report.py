"""Statistics, compression sizes, the printed table and the JSON file."""

from __future__ import annotations

import gzip
import json
import math
import statistics
from pathlib import Path

try:
    import brotli  # optional: not in requirements.txt
except ImportError:
    brotli = None


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def p95(values):
    values = sorted(v for v in values if v is not None)
    return values[max(0, math.ceil(0.95 * len(values)) - 1)] if values else None


def ratio(a, b):
    return a / b if a is not None and b else None


class Compressed:
    """gzip (stdlib, level 9) and brotli (quality 11, only if `import brotli` works) sizes of files."""

    def __init__(self):
        self._cache = {}

    def sizes(self, path: Path) -> tuple[int, int, int | None]:
        if path not in self._cache:
            data = path.read_bytes()
            self._cache[path] = (len(data), len(gzip.compress(data, 9, mtime=0)),
                                 len(brotli.compress(data, quality=11)) if brotli else None)
        return self._cache[path]

    def total(self, paths) -> dict:
        sizes = [self.sizes(p) for p in paths]
        return {"raw": sum(s[0] for s in sizes), "gzip": sum(s[1] for s in sizes),
                "brotli": sum(s[2] for s in sizes) if brotli else None}


# --- formatting ------------------------------------------------------------------------------------

def _fmt(value, unit):
    if value is None:
        return "n/a"
    if isinstance(value, str):
        return value
    if unit == "ms":
        if value == 0:
            return "0 ms"
        return f"{value:,.0f} ms" if value >= 100 else f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "B":
        if value == 0:
            return "0 B"
        return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.1f} kB"
    if unit == "n":
        return f"{value:g}"
    return str(value)


def table(rows: list[dict]) -> str:
    head = ("#", "metric", "ours", "reference", "ratio", "target")
    lines = []
    for r in rows:
        lines.append((r["section"], r["metric"], _fmt(r["ours"], r["unit"]), _fmt(r["reference"], r["reference_unit"]),
                      "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}", r["target"]))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines, strict=True)]
    out = []
    for i, line in enumerate([head, *lines]):
        out.append("  ".join(str(x).ljust(w) for x, w in zip(line, widths, strict=True)).rstrip())
        if i == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def row(section, metric, ours, reference, unit, target="", reference_unit=None, ratio_value="auto", note=""):
    if ratio_value == "auto":
        ratio_value = (ratio(ours, reference) if isinstance(ours, (int, float)) and isinstance(reference, (int, float))
                       else None)
    return {"section": section, "metric": metric, "ours": ours, "reference": reference, "unit": unit,
            "reference_unit": reference_unit or unit, "ratio": ratio_value, "target": target, "note": note}


def write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False))


def finish(rows: list[dict], notes: list[str], data, out: Path) -> int:
    """Print a benchmark's table and notes, write them and its raw figures to ``out`` as JSON."""
    print()
    print(table(rows))
    print()
    for note in notes:
        print("note:", note)
    write_json(out, {"rows": rows, "notes": notes, "data": data})
    print(f"\nJSON: {out}")
    return 0
