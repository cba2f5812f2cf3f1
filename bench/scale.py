"""The scaling curve: bench/run.py on PostgreSQL at 10,000, 100,000 and 1,000,000 placements.

    make bench-scale        # each volume in its own throwaway cluster, then this section of RESULTS.md
    .venv/bin/python bench/scale.py report bench/out bench/RESULTS.md   # the section from existing runs

Writes (or replaces) the section "Scaling curve" of bench/RESULTS.md, keeping every other section:
each page's p50/p95 under the locust load at each volume, the statistics computed afresh, each
page's share of the layout floor's throughput, and the memory of each gunicorn worker and of its
PDF checking server. The aims (issue 17): page latency within 1.5x from the smallest to the
largest volume, statistics afresh under 1 s at 1,000,000, every page at least 50 % of the layout
floor's throughput in the same run, p95 under 50 ms at 20 users.
"""
import json
import re
import sys
from pathlib import Path

VOLUMES = (10_000, 100_000, 1_000_000)
HEADING = "Scaling curve"
LATENCY_GROWTH_AIM, STATS_AFRESH_AIM_MS, LAYOUT_SHARE_AIM, PAGE_AIM_MS = 1.5, 1000, 0.5, 50
AFRESH = "whole page (coordinator, all placements), computed afresh"
MATCHING_CASES = ("computed afresh", "after a follow-up is recorded", "after a slot is changed")


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    return "\n".join(lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows])


def mark(ok):
    return "yes" if ok else "**no**"


def section(runs):
    volumes = sorted(runs)
    pages = sorted({name for run in runs.values() for name in run["load"] if name != "floor"})
    parts = [f"## {HEADING}\n\n`make bench-scale`: bench/run.py on PostgreSQL (a throwaway cluster per volume) "
             "with the placements shown and the other tables in the default volume's proportions. Pages: locust "
             "p50 / p95 in ms with 20 users; growth is the largest volume's p95 over the smallest's (aim "
             f"≤ {LATENCY_GROWTH_AIM}×)."]
    rows = []
    for name in pages:
        cells = [f"{runs[n]['load'][name]['p50']:.0f} / {runs[n]['load'][name]['p95']:.0f}"
                 if name in runs[n]["load"] else "–" for n in volumes]
        first, last = runs[volumes[0]]["load"].get(name), runs[volumes[-1]]["load"].get(name)
        growth = last["p95"] / first["p95"] if first and last and first["p95"] else None
        rows.append((name, *cells, f"{growth:.2f}×" if growth else "–",
                     mark(growth is not None and growth <= LATENCY_GROWTH_AIM),
                     mark(all(runs[n]["load"].get(name, {}).get("p95", 1e9) < PAGE_AIM_MS for n in volumes))))
    parts.append(table(("page", *(f"{n:,}" for n in volumes), "p95 growth", f"≤ {LATENCY_GROWTH_AIM}×",
                        f"p95 < {PAGE_AIM_MS} ms at all"), rows))

    rows = []
    for n in volumes:
        figures = runs[n]["statistics"].get(AFRESH, {})
        rows.append((f"{n:,}", figures.get("median", "–"), figures.get("p95", "–"),
                     mark(n != max(volumes) or figures.get("p95", 1e9) < STATS_AFRESH_AIM_MS)))
    parts.append("Statistics page computed afresh (in-process, ms; aim under "
                 f"{STATS_AFRESH_AIM_MS} ms at the largest volume):\n\n"
                 + table(("placements", "median", "p95", "aim"), rows))

    rows = [(f"{n:,}", runs[n]["matching"].get("open slots", "–"),
             *(runs[n]["matching"].get(case, {}).get("median", "–") for case in MATCHING_CASES))
            for n in volumes if "matching" in runs[n]]
    if rows:
        parts.append("The matching page's open slots read again (in-process, median ms): afresh (a new day), after a "
                     "follow-up is recorded (no slot changed), after one slot is changed:\n\n"
                     + table(("placements", "open slots", *MATCHING_CASES), rows))

    rows = []
    for n in volumes:
        saturation = runs[n]["saturation"]
        layout = saturation.get("layout floor (logged in)", {}).get("rps") or 1
        for name, run in saturation.items():
            if "floor" in name:
                continue
            share = run["rps"] / layout
            rows.append((f"{n:,}", name, f"{run['rps']:.0f}", f"{layout:.0f}", f"{share:.0%}",
                         mark(share >= LAYOUT_SHARE_AIM)))
    parts.append("Throughput (wrk, req/s) against the layout floor in the same run "
                 f"(aim ≥ {LAYOUT_SHARE_AIM:.0%}):\n\n"
                 + table(("placements", "page", "req/s", "layout floor req/s", "share", "aim"), rows))

    rows = [(f"{n:,}", ", ".join(str(m) for m in runs[n].get("memory", {}).get("workers_mib", [])) or "–",
             ", ".join(str(m) for m in runs[n].get("memory", {}).get("checking_servers_mib", [])) or "–")
            for n in volumes]
    parts.append("Resident memory after the load (MiB):\n\n"
                 + table(("placements", "each gunicorn worker", "each worker's PDF checking server"), rows))
    return "\n\n".join(parts)


def write(folder, target):
    runs = {}
    for n in VOLUMES:
        path = Path(folder) / f"scale-{n}.json"
        if path.exists():
            runs[n] = json.loads(path.read_text())
    if not runs:
        raise SystemExit(f"no scale-*.json in {folder}: run `make bench-scale`")
    target = Path(target)
    text = target.read_text() if target.exists() else "# Benchmarks\n"
    parts = re.split(r"(?m)^(?=## )", text)
    kept = [part.rstrip() for part in parts if not part.startswith(f"## {HEADING}")]
    target.write_text("\n\n".join(kept + [section(runs)]) + "\n")
    print(f"written the scaling curve into {target}")


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "report":
        write(sys.argv[2] if len(sys.argv) > 2 else "bench/out", sys.argv[3] if len(sys.argv) > 3 else "bench/RESULTS.md")
    else:
        print(" ".join(str(n) for n in VOLUMES))
