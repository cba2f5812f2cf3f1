"""Single operations, median and p95: the agreements' PDF, signatures and verification, the guide's answer.

    .venv/bin/python bench/ops.py --out bench/out/ops.json

Runs the existing scripts as they are (bench/agreements_bench.py, bench/guide_bench.py) and keeps
both their figures and their full output. These operations do not touch the placement volume
(agreements and the guide run on their own small databases), so they run once, not per database.
"""
import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"^(?P<name>\S.*?)\s+n=\s*(?P<n>\d+)\s+median\s+(?P<median>[\d.]+) ms\s+p95\s+(?P<p95>[\d.]+) ms")
SCRIPTS = {
    "agreements": ["bench/agreements_bench.py", "--rounds", "20"],
    "guide": ["bench/guide_bench.py", "--rounds", "4"],
}


def run(arguments):
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, *arguments], cwd=ROOT, capture_output=True, text=True)
    figures = {}
    for line in completed.stdout.splitlines():
        match = LINE.match(line.strip())
        if match:
            figures[match["name"].strip()] = {"n": int(match["n"]), "median": float(match["median"]),
                                              "p95": float(match["p95"])}
    return {
        "command": " ".join([".venv/bin/python", *arguments]),
        "ok": completed.returncode == 0,
        "seconds": round(time.perf_counter() - started, 1),
        "figures": figures,
        "output": completed.stdout.strip() + ("\n" + completed.stderr.strip()[-2000:] if completed.returncode else ""),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    results = {}
    for name, arguments in SCRIPTS.items():
        if not (ROOT / arguments[0]).exists():
            continue
        print(f"{name}: {' '.join(arguments)}", flush=True)
        results[name] = run(arguments)
        print(results[name]["output"], flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
