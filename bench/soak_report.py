"""bench/soak.sh's report: soak.svg (RSS, heap after GC, open fds per node, the load test's p99 tick age and
open connections, over time) and the verdict: exit 1 when heap after GC or fds grew from the first third to
the last third of the run (after a 30 s warm-up) by more than SOAK_MAX_HEAP_GROWTH_MB / SOAK_MAX_FD_GROWTH,
or when a node logged SEVERE (severe.txt)."""
import csv
import json
import os
import sys
from pathlib import Path

WARMUP_S = 30
COLORS = {"n1": "#1f77b4", "n2": "#ff7f0e", "n3": "#2ca02c", "load test": "#d62728"}


def panel(title, series, y0, width=900, height=160):
    """One chart: series = {name: [(t, value)]}, drawn at vertical offset y0; returns SVG elements."""
    points = [p for s in series.values() for p in s]
    if not points:
        return [f'<text x="10" y="{y0 + 20}">{title}: no data</text>']
    tmax = max(t for t, _ in points) or 1
    vmax = max(v for _, v in points) or 1
    left, top, w, h = 60, y0 + 25, width - 80, height - 45
    out = [f'<text x="10" y="{y0 + 16}" font-weight="bold">{title}</text>',
           f'<rect x="{left}" y="{top}" width="{w}" height="{h}" fill="none" stroke="#ccc"/>',
           f'<text x="5" y="{top + 10}" font-size="11">{vmax:g}</text>',
           f'<text x="{left + w - 40}" y="{top + h + 14}" font-size="11">{tmax:g} s</text>']
    for name, data in series.items():
        path = " ".join(f"{left + w * t / tmax:.1f},{top + h - h * v / vmax:.1f}" for t, v in data)
        out.append(f'<polyline fill="none" stroke="{COLORS.get(name, "#000")}" stroke-width="1.5" points="{path}"/>')
    legend = " ".join(f'<tspan fill="{COLORS.get(n, "#000")}">{n}</tspan>' for n in series)
    out.append(f'<text x="{left + w - 200}" y="{y0 + 16}" font-size="12">{legend}</text>')
    return out


def growth(rows, key):
    """Largest per-node growth of key from the first third to the last third of the run after the warm-up."""
    worst = 0.0
    for node in sorted({r["node"] for r in rows}):
        values = [(int(r["t"]), float(r[key])) for r in rows if r["node"] == node and int(r["t"]) >= WARMUP_S]
        if len(values) < 6:
            continue
        third = len(values) // 3
        worst = max(worst, min(v for _, v in values[-third:]) - min(v for _, v in values[:third]))
    return worst


def main(folder):
    res = Path(folder)
    rows = list(csv.DictReader((res / "samples.csv").open()))
    per_node = lambda key: {n: [(int(r["t"]), float(r[key] or 0)) for r in rows if r["node"] == n] for n in ("n1", "n2", "n3")}
    timeline = json.loads((res / "loadtest.json").read_text()).get("timeline", []) if (res / "loadtest.json").exists() else []
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="900" height="820" font-family="sans-serif" font-size="13">']
    svg += panel("RSS (MB)", per_node("rss_mb"), 0)
    svg += panel("heap after GC (MB)", per_node("heap_after_gc_mb"), 160)
    svg += panel("open file descriptors", per_node("fds"), 320)
    svg += panel("p99 tick age (ms), load test", {"load test": [(s["t"], s["ageP99"] or 0) for s in timeline]}, 480)
    svg += panel("connections per node", per_node("connections"), 640)
    svg.append("</svg>")
    (res / "soak.svg").write_text("\n".join(svg))

    heap = growth(rows, "heap_after_gc_mb")
    fds = growth(rows, "fds")
    severe = (res / "severe.txt").read_text().strip().splitlines() if (res / "severe.txt").exists() else []
    max_heap = float(os.environ.get("SOAK_MAX_HEAP_GROWTH_MB", "64"))
    max_fds = float(os.environ.get("SOAK_MAX_FD_GROWTH", "200"))
    failures = []
    if heap > max_heap:
        failures.append(f"heap after GC grew {heap:.1f} MB (more than {max_heap:g})")
    if fds > max_fds:
        failures.append(f"open fds grew {fds:.0f} (more than {max_fds:g})")
    if severe:
        failures.append(f"{len(severe)} SEVERE log lines, e.g. {severe[0][:200]}")
    print(f"soak: heap after GC growth {heap:.1f} MB, fd growth {fds:.0f}, SEVERE lines {len(severe)}; plot {res / 'soak.svg'}")
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
