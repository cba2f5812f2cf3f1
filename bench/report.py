"""Write bench/RESULTS.md from the JSON files of bench/run.py (per database) and bench/ops.py.

    .venv/bin/python bench/report.py bench/out bench/RESULTS.md   (make bench does this)

Sections of an existing RESULTS.md that this script does not write (a heading it does not use)
are kept, at the end, as they were.
"""
import json
import os
import platform
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE_AIM_MS, SHARE_AIM, STATS_AIM_MS = 50, 0.5, 300
DATABASES = (("sqlite", "SQLite"), ("postgresql", "PostgreSQL"))
OWN_HEADINGS = ("Machine", "How to reproduce", "Volume", "Pages under load", "Throughput against the floor",
                "Statistics with every placement", "Single operations", "Database size", "Reading the figures")


def cpu_model():
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def memory():
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return "unknown"


def tool_version(command):
    try:
        output = subprocess.run(command, capture_output=True, text=True, timeout=10)
        return (output.stdout or output.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "not installed"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def mark(ok):
    return "yes" if ok else "**no**"


def machine(results):
    versions = {key: results[key]["database"]["version"] for key, _label in DATABASES if key in results}
    loads = [f"{label}: {' / '.join(f'{value:.1f}' for value in results[key]['load_average'])}"
             for key, label in DATABASES if "load_average" in results.get(key, {})]
    rows = [
        ("date", date.today().isoformat()),
        ("cores (nproc)", os.cpu_count()),
        ("CPU", cpu_model()),
        ("memory", memory()),
        ("Python", platform.python_version()),
        ("SQLite", versions.get("sqlite", "–")),
        ("PostgreSQL", versions.get("postgresql", "–") + " (throwaway cluster: fsync, synchronous_commit and full_page_writes off)"),
        ("gunicorn", tool_version([sys.executable, "-m", "gunicorn", "--version"])),
        ("locust", tool_version([str(Path(sys.executable).parent / "locust"), "--version"]).split(" from ")[0]),
        ("wrk", tool_version(["wrk", "--version"]).split(" [")[0]),
        ("load average (1 min) at start / end of each run", "; ".join(loads) or "–"),
    ]
    return "## Machine\n\n" + table(("", ""), rows)


def volume(results):
    key = next((key for key, _label in DATABASES if key in results), None)
    if key is None:
        return ""
    counts = results[key]["seed"]["counts"]
    rows = [(name, f"{count:,}") for name, count in counts.items()]
    timing = ", ".join(f"{label} {results[k]['seed']['seconds']} s" for k, label in DATABASES if k in results)
    return (f"## Volume\n\n`flask --app portal seed-bench` (bench/volume/seed.py): generated, no real people. "
            f"Seeding took {timing} (bulk Core inserts, then ANALYZE).\n\n" + table(("table", "rows"), rows))


def pages_under_load(results):
    parts = ["## Pages under load\n\nlocust, headless: "
             "20 logged-in users (8 employers, 6 coordinators, 6 job-seekers), each pausing 0.5–1.5 s between pages, "
             "every user also loading the floor page now and then. The users arrive over two seconds and are "
             "counted from when all are there, after the wrk runs (so both workers have served every page). "
             "Milliseconds; the aim is p95 under "
             f"{PAGE_AIM_MS} ms for every page. *× floor* is the page's median over the floor's median in the same run."]
    for key, label in DATABASES:
        if key not in results:
            continue
        load = results[key]["load"]
        floor = load.get("floor", {}).get("p50") or 1
        rows = []
        for name, row in sorted(load.items(), key=lambda item: (item[0] != "floor", item[0])):
            rows.append((name, row["requests"], row["failures"], f"{row['rps']:.1f}", f"{row['p50']:.0f}",
                         f"{row['p95']:.0f}", f"{row['p99']:.0f}", f"{row['p50'] / floor:.1f}",
                         mark(row["p95"] < PAGE_AIM_MS)))
        parts.append(f"### {label}\n\n" + table(
            ("page", "requests", "failures", "req/s", "p50", "p95", "p99", "× floor", f"p95 < {PAGE_AIM_MS} ms"), rows))
    return "\n\n".join(parts)


def throughput(results):
    parts = ["## Throughput against the floor\n\nwrk, one page at a time at full speed: 20 connections for the "
             "time shown, each page as one logged-in user (the employer's organisation is at the 60th percentile "
             "by number of slots). "
             "The floor is a bare view that loads one organisation by primary key through Flask-SQLAlchemy and "
             "renders a one-line template, served by the same gunicorn. The *layout floor* is the same row for a "
             "logged-in coordinator in the portal's layout (base.html) and nothing else: what every page costs "
             "before its own work (the session, the user, the header with its links and log-out form). "
             "Milliseconds; the aim is at least "
             f"{SHARE_AIM:.0%} of the floor's requests per second."]
    for key, label in DATABASES:
        if key not in results:
            continue
        runs = results[key]["saturation"]
        rows = []
        for name, run in runs.items():
            share = run["rps"] / (run.get("floor_rps") or runs["floor"]["rps"] or 1)
            floor_text = f"{run.get('floor_rps', runs['floor']['rps']):.0f}"
            rows.append((name, f"{run['rps']:.0f}", floor_text, f"{share:.0%}", f"{run['p50']:.1f}", f"{run['p95']:.1f}",
                         f"{run['p99']:.1f}", run["not_ok"] + run["socket_errors"],
                         "–" if "floor" in name else mark(share >= SHARE_AIM)))  # the floors are yardsticks
        server = results[key]["server"]
        floors = ", ".join(f"{value:.0f}" for value in runs["floor"].get("runs", []))
        parts.append(f"### {label}\n\n{server['wrk_seconds']} s per page, each right after a run of the floor "
                     f"(its req/s in the *floor* column; the floor row is the median of those runs: {floors}); "
                     f"gunicorn {server['workers']} workers × {server['threads']} threads (gthread).\n\n" + table(
                         ("page", "req/s", "floor req/s", "of floor", "p50", "p95", "p99", "errors",
                          f"≥ {SHARE_AIM:.0%}"), rows))
    return "\n\n".join(parts)


def statistics_section(results):
    rows = []
    for key, label in DATABASES:
        for case, figures in results.get(key, {}).get("statistics", {}).items():
            placements = results[key]["size"]["placements"]
            rows.append((label, case, f"{placements:,}", figures["n"], figures["median"], figures["p95"],
                         mark(figures["p95"] < STATS_AIM_MS)))
    return ("## Statistics with every placement\n\nIn-process: `report.build` (portal/stats/report.py, the SQL "
            "aggregates and the suppression) as the statistics page calls it, without HTTP and the template, "
            "*computed afresh* (the cache emptied first: a new day, a new filter, or a change that cannot be traced "
            "to organisations, such as a union scope), *from the cache* (nothing changed since: portal/figure_cache.py) "
            "and *after a follow-up is recorded* (one outcome changed and committed before each round: only that "
            "placement's organisation is counted again); then the whole page through Flask's test client, "
            "template included. "
            f"Milliseconds; the aim (issue 7) is under {STATS_AIM_MS} ms.\n\n"
            + table(("database", "who and which filters", "placements", "n", "median", "p95",
                     f"p95 < {STATS_AIM_MS} ms"), rows))


def operations(ops):
    if not ops:
        return ""
    parts = ["## Single operations\n\nThe agreements' PDF, signatures and verification and the guide's answer, "
             "in-process, by the existing scripts (their own throwaway SQLite databases; the placement volume plays "
             "no part, so they run once). Their own sections, with what was done to reach these figures, follow "
             "below (Agreements, Guide)."]
    for name, result in ops.items():
        rows = [(op, figures["n"], figures["median"], figures["p95"]) for op, figures in result["figures"].items()]
        parts.append(f"### {name.capitalize()}\n\n`{result['command']}`" + ("" if result["ok"] else " (**failed**)")
                     + "\n\n" + table(("operation", "n", "median ms", "p95 ms"), rows)
                     + "\n\n```\n" + result["output"] + "\n```")
    return "\n\n".join(parts)


def sizes(results):
    rows = [(label, f"{results[key]['size']['placements']:,}", f"{results[key]['size']['bytes'] / 2**20:.1f} MiB",
             f"{results[key]['size']['bytes_per_1000_placements'] / 2**10:.0f} KiB")
            for key, label in DATABASES if key in results]
    return ("## Database size\n\nThe whole database after seeding and ANALYZE (every table and index, not only "
            "the placements), divided by the placements in it. No PDFs: agreements keep theirs in the database, "
            "about 170 KiB per signed agreement (see Agreements below), which would dominate a real database.\n\n"
            + table(("database", "placements", "size", "per 1,000 placements"), rows))


def how_to_reproduce():
    return """## How to reproduce

```sh
make bench   # installs locust (pyproject's `bench` extra) and wrk if missing; about 6 minutes
```

`make bench` runs `bench/run.py` on a throwaway SQLite file and again on a throwaway PostgreSQL
cluster (`scripts/with-postgres.sh`), then `bench/ops.py`, then this file (`bench/report.py`).
The raw figures are in `bench/out/*.json` (not committed). One database by hand:
`.venv/bin/python bench/run.py --out /tmp/sqlite.json` (see `--help` for smaller volumes and
shorter runs; `BENCH_LOAD_SECONDS` and `BENCH_WRK_SECONDS` set the durations)."""


def reading():
    return """## Reading the figures

Everything runs on the one 2-core machine: gunicorn, the database server, locust and wrk share
the cores, and other processes may have been running too (see the load average above), so treat
single figures as indications and compare pages within one run. The lead runs `make bench` again
on a quiet machine for the final numbers."""


def kept_sections(path):
    if not path.exists():
        return []
    text = path.read_text()
    sections = re.split(r"(?m)^(?=## )", text)
    return [section.rstrip() for section in sections[1:]
            if section[3:].splitlines()[0].strip() not in OWN_HEADINGS]


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "bench" / "out")
    target = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "bench" / "RESULTS.md")
    results = {key: json.loads((folder / f"{key}.json").read_text()) for key, _label in DATABASES
               if (folder / f"{key}.json").exists()}
    ops = json.loads((folder / "ops.json").read_text()) if (folder / "ops.json").exists() else {}
    sections = [
        "# Benchmarks\n\nThe sections down to *Reading the figures* are written by `make bench` (bench/report.py); "
        "the sections after them are each area's own notes and are kept as they are when the file is written again.",
        machine(results), how_to_reproduce(), volume(results), pages_under_load(results), throughput(results),
        statistics_section(results), operations(ops), sizes(results), reading(),
        *kept_sections(target),
    ]
    target.write_text("\n\n".join(section for section in sections if section) + "\n")
    print(f"written {target}")
    failed = [name for name, result in ops.items() if not result["ok"]]
    if failed:  # written all the same, marked "failed"; but `make bench` must not end as if all went well
        sys.exit(f"failed: {', '.join(failed)} (its output is in {target})")


if __name__ == "__main__":
    main()
