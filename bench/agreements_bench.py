"""How long agreements take: rendering the PDF, each party's signature, and verifying the result.

    .venv/bin/python bench/agreements_bench.py [--rounds 30]

In-process, on a throwaway SQLite database with the demo data and a throwaway portal PKI:
- render: the terms to a tagged PDF with signature fields (WeasyPrint + pyHanko), a fresh
  reference each round so that nothing comes from the render cache;
- sign 1/2/3: the employer's, the job-seeker's and the coordinator's PAdES signature, each an
  incremental update of the one before (pyHanko, RSA 3072, SHA-256);
- verify: the whole-document check of the three-signature PDF that /verify runs (pyHanko's
  validation of every signature with difference analysis, trust in the portal's CA).
Prints the median and p95 in milliseconds. Aims (issue 6): render < 500 ms, each signature
< 150 ms, verification < 300 ms.
"""
import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app  # noqa: E402
from portal.agreements.demo import load_demo_agreement  # noqa: E402
from portal.agreements.rendering import render_agreement_pdf  # noqa: E402
from portal.agreements.signing import sign_pdf  # noqa: E402
from portal.agreements.verification import verify_pdf  # noqa: E402
from portal.demo import load_demo_data  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.models import Agreement  # noqa: E402
from portal.models.base import utcnow  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name, seconds):
    ms = [s * 1000 for s in seconds]
    print(f"{name:<8} n={len(ms):>4}  median {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 0.95):7.1f} ms"
          f"  max {max(ms):7.1f} ms")


def timed(function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    return result, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench",
            "AGREEMENT_SIGNING_DIR": f"{folder}/signing", "MAIL_OUTBOX_DIR": f"{folder}/outbox",
            "PASSWORD_HASH_PARAMS": {"time_cost": 1, "memory_cost": 1024, "parallelism": 1},
        })
        with app.app_context():
            db.create_all()
            load_demo_data()
            reference = load_demo_agreement(quiet=True)
            version = db.session.scalar(db.select(Agreement).where(Agreement.reference == reference)).current_version
            terms, language = json.loads(version.terms_json), version.language
            timings = {name: [] for name in ("render", "sign 1", "sign 2", "sign 3", "verify")}
            for round_number in range(args.rounds + 1):
                pdf, seconds = timed(render_agreement_pdf, terms, f"PA-BENCH-{round_number:04d}", 1, language, utcnow())
                results = [seconds]
                for role in ("employer", "jobseeker", "coordinator"):
                    pdf, seconds = timed(sign_pdf, pdf, role=role, name="Åsa Öberg", reference="PA-BENCH",
                                         version_number=1, language=language, audit_head="0" * 64)
                    results.append(seconds)
                report_, seconds = timed(verify_pdf, pdf)
                assert report_.valid and not report_.altered
                results.append(seconds)
                if round_number:  # the first round warms up fonts, keys and imports
                    for name, value in zip(timings, results):
                        timings[name].append(value)
            print(f"{args.rounds} rounds; final PDF {len(pdf) / 1024:.0f} KiB with 3 signatures")
            for name, values in timings.items():
                report(name, values)


if __name__ == "__main__":
    main()
