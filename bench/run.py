"""One benchmark run on one database: seed, size, statistics in-process, then load over HTTP.

    .venv/bin/python bench/run.py --out bench/out/sqlite.json                      # a throwaway SQLite file
    ./scripts/with-postgres.sh .venv/bin/python bench/run.py --out bench/out/postgresql.json

With DATABASE_URL set (as scripts/with-postgres.sh does) the run uses that database, which must be
empty; otherwise a SQLite file in a temporary folder. Steps:
1. the schema from the migrations, then `seed-bench` volume (bench/volume/seed.py), timed; ANALYZE;
2. the database size, and per 1,000 placements;
3. the statistics with every placement, in-process (report.build), median and p95; the matching
   page's open slots read afresh and after a change (matching.open_pool);
4. `gunicorn bench.floor_wsgi:app` (2 workers x 2 threads): the portal with the floor views, accounts logged in over HTTP;
5. wrk, one page at a time at full speed (20 connections), each after a short run of the floor, for
   throughput against the floor's;
6. locust, headless: 20 logged-in users with pauses, for the latency of each page under load.
Writes everything to the JSON file given with --out; bench/report.py turns the files into RESULTS.md.
"""
import argparse
import gc
import json
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, select, text  # noqa: E402

from bench import serve  # noqa: E402
from portal import _sqlalchemy_url, create_app, figure_cache  # noqa: E402
from bench.volume.seed import BENCH_PASSWORD, DOMAIN, Seeder, Volume  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.jobseekers import matching  # noqa: E402
from portal.models import Agreement, FollowUp, Organisation, Placement, Slot, User  # noqa: E402
from portal.models import JobSeeker as JobSeekerRecord  # noqa: E402
from portal.stats import report  # noqa: E402
from portal.stats.queries import Filters  # noqa: E402



def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary_ms(seconds):
    ms = [value * 1000 for value in seconds]
    return {"n": len(ms), "median": round(statistics.median(ms), 1), "p95": round(percentile(ms, 0.95), 1)}


def timed_rounds(function, rounds):
    function()  # warm-up: imports, caches, the database's own caches
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return summary_ms(timings)


def after_a_change(function, rounds):
    """function() timed right after one follow-up's outcome is changed and committed (not timed),
    each round in another placement: what the statistics cost after a form is submitted."""
    rng = random.Random(7)
    follow_ups = db.session.scalars(select(FollowUp).order_by(FollowUp.id).limit(2000)).all()
    function()
    timings = []
    for follow_up in rng.sample(follow_ups, rounds):
        follow_up.outcome = "studies" if follow_up.outcome != "studies" else "in-work"
        db.session.commit()
        start = time.perf_counter()
        function()
        timings.append(time.perf_counter() - start)
    return summary_ms(timings)


def prepare(app, volume, results, log):
    with app.app_context():
        dialect = db.engine.dialect.name
        log(f"{dialect}: schema from the migrations")
        logging.getLogger("alembic").setLevel(logging.WARNING)
        upgrade()
        log(f"{dialect}: seeding {volume}")
        start = time.perf_counter()
        counts = Seeder(volume).run()
        results["seed"] = {"seconds": round(time.perf_counter() - start, 1), "counts": counts}
        log(f"{dialect}: seeded in {results['seed']['seconds']} s; ANALYZE")
        if dialect == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
            results["database"] = {"dialect": dialect, "version": db.session.scalar(text("SHOW server_version"))}
            size = db.session.scalar(text("SELECT pg_database_size(current_database())"))
        else:
            db.session.execute(text("ANALYZE"))
            db.session.commit()
            import sqlite3

            results["database"] = {"dialect": dialect, "version": sqlite3.sqlite_version}
            path = db.engine.url.database
            size = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
        placements = db.session.scalar(select(func.count(Placement.id)))
        results["size"] = {"bytes": size, "placements": placements,
                           "bytes_per_1000_placements": round(size / max(1, placements / 1000))}


def time_statistics(app, rounds, results, log):
    """The statistics with every placement, in-process: `report.build` for a coordinator, a union
    representative and a filtered view, each computed afresh (the cache emptied first, as after any
    change to the data) and from the cache (nothing changed since); then the whole page, template
    and all, through the test client."""
    with app.test_request_context():
        coordinator = db.session.scalar(select(User).where(User.email == f"coordinator1@{DOMAIN}"))
        union = db.session.scalar(select(User).where(User.email == f"union1@{DOMAIN}"))
        today = date.today()
        cases = {
            "coordinator, all placements": (Filters(), coordinator),
            "coordinator, one sector and a year": (
                Filters(sector="retail", period_from=date(today.year - 1, 1, 1), period_to=date(today.year - 1, 12, 31)),
                coordinator),
            "union representative, own scope": (Filters(), union),
        }
        results["statistics"] = {}
        for name, (filters, user) in cases.items():
            def afresh():
                figure_cache.forget_all()
                report.build(filters, user, today)

            results["statistics"][f"{name}, computed afresh"] = timed_rounds(afresh, rounds)
            results["statistics"][f"{name}, from the cache"] = timed_rounds(
                lambda: report.build(filters, user, today), rounds)
            results["statistics"][f"{name}, after a follow-up is recorded"] = after_a_change(
                lambda: report.build(filters, user, today), rounds)
            log(f"  statistics, {name}: {results['statistics'][f'{name}, computed afresh']}, "
                f"after a change {results['statistics'][f'{name}, after a follow-up is recorded']}")
    app.config["WTF_CSRF_ENABLED"] = False  # the test client logs in with a plain form post
    client = app.test_client()
    client.post("/login", data={"email": f"coordinator1@{DOMAIN}", "password": BENCH_PASSWORD})

    def page_afresh():
        with app.app_context():
            figure_cache.forget_all()  # the figures and the page's prepared tables
        assert client.get("/stats/").status_code == 200

    results["statistics"]["whole page (coordinator, all placements), computed afresh"] = timed_rounds(page_afresh, rounds)
    results["statistics"]["whole page (coordinator, all placements), from the cache"] = timed_rounds(
        lambda: client.get("/stats/"), rounds)
    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        figure_cache.forget_all()


def time_matching(app, rounds, results, log):
    """The matching page's open slots (matching.open_pool), in-process: read afresh (the cache
    emptied first, as on a new day), after a follow-up is recorded (no slot changed: nothing read
    again) and after one open slot's title is changed (that slot read again)."""
    today = date.today()
    with app.app_context():
        def afresh():
            figure_cache.forget_all()
            matching.open_pool(today)

        results["matching"] = {"open slots": len(matching.open_pool(today)),
                               "computed afresh": timed_rounds(afresh, rounds),
                               "after a follow-up is recorded": after_a_change(lambda: matching.open_pool(today), rounds)}
        slot_ids = [candidate.id for candidate in matching.open_pool(today).candidates[:rounds]]
        timings = []
        for slot_id in slot_ids:
            slot = db.session.get(Slot, slot_id)
            slot.title = slot.title + " " if not slot.title.endswith(" ") else slot.title.rstrip()
            db.session.commit()
            start = time.perf_counter()
            matching.open_pool(today)
            timings.append(time.perf_counter() - start)
        results["matching"]["after a slot is changed"] = summary_ms(timings)
        figure_cache.forget_all()
    log(f"  matching's open slots: {results['matching']}")


def plan(app, server, folder, log):
    """Who logs in and what they visit: employers of small to large organisations, coordinators, job-seekers."""
    rng = random.Random(8)
    with app.app_context():
        sizes = db.session.execute(
            select(Slot.organisation_id, func.count(Slot.id)).group_by(Slot.organisation_id).order_by(func.count(Slot.id))
        ).all()
        picked = [sizes[round(share * (len(sizes) - 1))][0] for share in (0.1, 0.3, 0.5, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)]
        employers = [{"email": f"employer{org_id}@{DOMAIN}",
                      "slots": db.session.scalars(select(Slot.id).where(Slot.organisation_id == org_id)).all()}
                     for org_id in picked]
        references = db.session.execute(
            select(User.email, Agreement.reference).join(JobSeekerRecord, JobSeekerRecord.user_id == User.id)
            .join(Placement, Placement.jobseeker_id == JobSeekerRecord.id).join(Agreement, Agreement.placement_id == Placement.id)
            .order_by(User.id).limit(10)
        ).all()
        jobseeker_count = db.session.scalar(select(func.max(JobSeekerRecord.id)))
        organisations = db.session.scalar(select(func.max(Organisation.id)))
    result = {
        "organisations": organisations,
        "employers": employers,
        "coordinators": [{"email": f"coordinator{n}@{DOMAIN}"} for n in range(1, 9)],
        "jobseekers": [{"email": email, "reference": reference} for email, reference in references],
        "jobseeker_ids": rng.sample(range(1, jobseeker_count + 1), min(500, jobseeker_count)),
    }
    log(f"  logging in {sum(len(result[r]) for r in ('employers', 'coordinators', 'jobseekers'))} accounts")
    for role in ("employers", "coordinators", "jobseekers"):
        for account in result[role]:
            account["cookie"] = serve.login(server.base, account["email"], BENCH_PASSWORD)
    path = Path(folder) / "plan.json"
    path.write_text(json.dumps(result))
    return result, path


def saturation_targets(plan_data):
    employer, coordinator, jobseeker = plan_data["employers"][4], plan_data["coordinators"][0], plan_data["jobseekers"][0]
    floor = [f"/bench/floor/{n}" for n in range(1, plan_data["organisations"] + 1)]
    return {
        "floor": (floor, None),
        "layout floor (logged in)": ([path.replace("/floor/", "/layout/") for path in floor], coordinator["cookie"]),
        "employer: dashboard": (["/dashboard/"], employer["cookie"]),
        "employer: slot list": (["/slots/"], employer["cookie"]),
        "employer: slot": ([f"/slots/{slot_id}" for slot_id in employer["slots"]], employer["cookie"]),
        "job-seeker: terms": ([f"/agreements/{jobseeker['reference']}"], jobseeker["cookie"]),
        "coordinator: matching": ([f"/jobseekers/{n}" for n in plan_data["jobseeker_ids"]], coordinator["cookie"]),
        "coordinator: statistics": (["/stats/"], coordinator["cookie"]),
    }


def load(app, url, folder, args, results, log):
    with serve.Server(url, Path(folder) / "gunicorn.log") as server:
        log(f"  gunicorn bench.floor_wsgi:app on {server.base}, {serve.WORKERS} workers x {serve.THREADS} threads")
        plan_data, plan_path = plan(app, server, folder, log)
        targets = saturation_targets(plan_data)
        for name, (paths, cookie) in targets.items():  # every page answers, and every worker has seen it once
            for path in paths[:12]:
                status = serve.check_page(server.base, path, cookie)
                if status != 200:
                    raise RuntimeError(f"{name}: {path} answers {status}, not 200")
        # Each page right after a short run of the floor, so that its share of the floor's throughput
        # compares two runs under the same conditions (other work on the machine comes and goes).
        floor_paths, _cookie = targets.pop("floor")
        # Not counted: the first full-speed run found PostgreSQL's connections and caches cold (the
        # floor at 387 req/s, then 800–970).
        serve.run_wrk(server.base, floor_paths, None, 2, folder, "floor")
        floors, pages = [], {}
        for name, (paths, cookie) in targets.items():
            floors.append(serve.run_wrk(server.base, floor_paths, None, max(2, args.wrk_seconds // 2), folder, "floor"))
            pages[name] = serve.run_wrk(server.base, paths, cookie, args.wrk_seconds, folder, name)
            pages[name]["floor_rps"] = floors[-1]["rps"]
            log(f"  wrk {name}: {pages[name]['rps']:.0f} req/s (floor just before: {floors[-1]['rps']:.0f}), "
                f"p95 {pages[name]['p95']:.1f} ms")
        floor = sorted(floors, key=lambda run: run["rps"])[len(floors) // 2]  # the median floor run
        results["saturation"] = {"floor": {**floor, "floor_rps": floor["rps"], "runs": [run["rps"] for run in floors]},
                                 **pages}
        # Latency last, when both workers have served every page many times (the wrk runs).
        log(f"  locust: {args.users} users for {args.load_seconds} s")
        results["load"] = serve.run_locust(server.base, plan_path, args.users, args.load_seconds, folder)
        results["memory"] = server.memory()
        log(f"  memory: workers {results['memory']['workers_mib']} MiB, "
            f"checking servers {results['memory']['checking_servers_mib']} MiB")
        results["server"] = {"workers": serve.WORKERS, "threads": serve.THREADS, "users": args.users,
                             "load_seconds": args.load_seconds, "wrk_seconds": args.wrk_seconds,
                             "employer_slots": len(plan_data["employers"][4]["slots"])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--organisations", type=int, default=Volume.organisations)
    parser.add_argument("--slots", type=int, default=Volume.slots)
    parser.add_argument("--placements", type=int, default=Volume.placements)
    parser.add_argument("--jobseekers", type=int, default=Volume.jobseekers)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--load-seconds", type=int, default=int(os.environ.get("BENCH_LOAD_SECONDS", 40)))
    parser.add_argument("--wrk-seconds", type=int, default=int(os.environ.get("BENCH_WRK_SECONDS", 6)))
    parser.add_argument("--rounds", type=int, default=15, help="rounds of the in-process statistics timing")
    parser.add_argument("--scale", type=int, help="N placements, and the other counts in the default's proportions "
                                                  "(bench/scale.py: the scaling curve)")
    args = parser.parse_args()
    if args.scale:
        ratio = args.scale / Volume.placements
        args.placements = args.scale
        args.organisations = max(50, round(Volume.organisations * ratio))
        args.slots = max(500, round(Volume.slots * ratio))
        args.jobseekers = max(1000, round(Volume.jobseekers * ratio))
    started = time.perf_counter()

    def log(message):
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", flush=True)

    with tempfile.TemporaryDirectory(prefix="praktik-bench-") as folder:
        url = _sqlalchemy_url(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else \
            f"sqlite:///{folder}/bench.sqlite"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench",
                          "AGREEMENT_SIGNING_DIR": f"{folder}/signing", "MAIL_OUTBOX_DIR": f"{folder}/outbox"})
        volume = Volume(organisations=args.organisations, slots=args.slots, placements=args.placements,
                        jobseekers=args.jobseekers)
        results = {"date": date.today().isoformat(), "load_average": [os.getloadavg()[0]]}
        prepare(app, volume, results, log)
        gc.collect()
        gc.freeze()  # as wsgi.py does in each worker: start-up objects out of the collector's way
        time_statistics(app, args.rounds, results, log)
        time_matching(app, args.rounds, results, log)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()  # the server gets the database to itself
        load(app, url, folder, args, results, log)
        results["seconds"] = round(time.perf_counter() - started, 1)
        results["load_average"].append(os.getloadavg()[0])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2, default=str))
    log(f"written to {args.out}")


if __name__ == "__main__":
    main()
