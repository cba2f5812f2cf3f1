"""The portal under gunicorn for the load run, logging in over HTTP, and the two load tools.

Used by bench/run.py: `Server` starts `gunicorn bench.floor_wsgi:app` (the portal plus the floor views) on 127.0.0.1 and a free port with the
floor view switched on; `login` returns a session cookie as a browser would get it; `run_wrk`
drives one page at full speed; `run_locust` runs the scripted users of bench/locustfile.py.
"""
import csv
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# Two cores: one worker process per core, each with a second thread for the moments one request
# waits on the database (gunicorn's gthread worker). More processes than cores made the CPU-bound
# pages slower under load (the matching page at 8 connections: 36 req/s with 2 workers, 16 with 4).
# BENCH_WORKERS and BENCH_THREADS override them for experiments.
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
THREADS = int(os.environ.get("BENCH_THREADS", 2))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, database_url, log_path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.database_url = database_url
        self.log_path = log_path
        self.process = None

    def __enter__(self):
        # PORTAL_LOCAL_ONLY: plain http on 127.0.0.1, which wsgi.py otherwise refuses for production.
        env = {**os.environ, "DATABASE_URL": self.database_url, "PORTAL_LOCAL_ONLY": "1", "PORTAL_ACCESS_LOG": ""}
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "bench.floor_wsgi:app", "--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS),
             "--threads", str(THREADS), "--worker-class", "gthread", "--log-level", "warning",
             # gunicorn.conf.py recycles a worker after about 5,000 requests: at full speed that came
             # every minute, in the middle of a measured run, and a new worker's warm-up (1.2 s at
             # 1,000,000 placements) took the floor from 1,400 to 60 req/s. The bench measures pages.
             "--max-requests", "0"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/bench/floor/1", timeout=5) as response:
                    if response.status == 200:
                        return self
            except OSError:  # not listening yet, or the workers still starting
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def memory(self):
        """Resident memory (MiB) of each gunicorn worker, and of each worker's PDF checking server."""
        workers = _children(self.process.pid)
        return {
            "workers_mib": [_rss_mib(pid) for pid in workers],
            "checking_servers_mib": [_rss_mib(child) for pid in workers for child in _children(pid)],
        }

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def _children(pid):
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss_mib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


# One User-Agent for logging in and for the load tools: Flask-Login's session protection ties the
# session to it, and a different one would make every request rewrite the session cookie.
USER_AGENT = "praktikportalen-bench"


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 comes back as the answer


def login(base, email, password):
    """Log in through the form (CSRF token and all); returns the Cookie header value."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _KeepRedirects)
    opener.addheaders = [("User-Agent", USER_AGENT)]
    html = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    data = urlencode({"csrf_token": token.group(1), "email": email, "password": password}).encode()
    try:
        opener.open(base + "/login", data)
        raise RuntimeError(f"logging in as {email} did not redirect")
    except urllib.error.HTTPError as answer:
        if answer.code != 302 or "/login" in answer.headers.get("Location", ""):
            raise RuntimeError(f"logging in as {email} failed ({answer.code})") from None
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


def check_page(base, path, cookie):
    """The page answers 200 for this session (a lapsed session would make wrk time the login redirect)."""
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(base + path, headers=headers)
    opener = urllib.request.build_opener(_KeepRedirects)
    try:
        with opener.open(request) as response:
            return response.status
    except urllib.error.HTTPError as answer:
        return answer.code


def wait_until_idle(base, limit=60):
    """After a full-speed run the server still works off what was queued: wait until the floor is quick again."""
    deadline, quick = time.monotonic() + limit, 0
    while time.monotonic() < deadline and quick < 3:
        start = time.monotonic()
        check_page(base, "/bench/floor/1", None)
        quick = quick + 1 if time.monotonic() - start < 0.05 else 0
        time.sleep(0.2)


def run_wrk(base, paths, cookie, seconds, folder, name, connections=20):
    """Full speed on one page (its paths in turn) with `connections` open: throughput and latency."""
    paths_file = Path(folder) / f"paths-{re.sub(r'[^a-z0-9]+', '-', name)}.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(ROOT / "bench" / "wrk.lua"), "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += [base, "--", str(paths_file)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    summary = json.loads(output[output.index("{"):output.rindex("}") + 1])
    summary["name"] = name
    wait_until_idle(base)
    return summary


def run_locust(base, plan_path, users, seconds, folder):
    """The scripted users (bench/locustfile.py), headless; returns one row per page from locust's CSV.

    The users arrive over about two seconds, and the figures count from when all of them are there
    (--reset-stats): the aim is the latency with 20 users browsing, not that of 20 first clicks in the
    same millisecond."""
    prefix = Path(folder) / "locust"
    env = {**os.environ, "BENCH_PLAN": str(plan_path), "BENCH_USER_AGENT": USER_AGENT}
    subprocess.run(
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--users", str(users),
         "--spawn-rate", str(max(1, users // 2)), "--reset-stats", "--run-time", f"{seconds}s", "--host", base,
         "--csv", str(prefix),
         "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "5"],
        cwd=ROOT, env=env, check=False, capture_output=True, text=True,
    )
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]), "p50": float(row["50%"]), "p95": float(row["95%"]),
                "p99": float(row["99%"]), "max": float(row["Max Response Time"]),
            }
    return rows
