"""Scripted users for the load run (bench/run.py starts locust headless with this file).

Logged-in people with a pause of 0.5–1.5 s between pages: employers on their dashboard, slot list
and slots; coordinators on the matching page of a job-seeker and on the statistics page;
job-seekers on their agreement's terms page. Each also loads the floor page now and then, so
that the floor's figures are taken under the same load. The accounts, their session cookies
and the ids to visit come from the plan file bench/run.py writes (BENCH_PLAN).
"""
import itertools
import json
import os
import random

from locust import between, task
from locust.contrib.fasthttp import FastHttpUser

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())


def accounts(role):
    return itertools.cycle(PLAN[role])


# FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load generator shares the two
# cores with the server, and requests' own CPU time showed up in every page's latency.
class PortalUser(FastHttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    role = ""

    def on_start(self):
        self.account = next(self.pool)
        # The User-Agent the session was made with: Flask-Login's session protection checks it.
        self.headers = {"Cookie": self.account["cookie"], "User-Agent": os.environ["BENCH_USER_AGENT"]}

    def page(self, path, name):
        with self.client.get(path, name=name, headers=self.headers, allow_redirects=False,
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} for {path}")

    @task(1)
    def floor(self):
        self.page(f"/bench/floor/{random.randint(1, PLAN['organisations'])}", "floor")


class Employer(PortalUser):
    weight = 8
    pool = accounts("employers")

    @task(1)
    def dashboard(self):
        self.page("/dashboard/", "employer: dashboard")

    @task(1)
    def slots(self):
        self.page("/slots/", "employer: slot list")

    @task(2)
    def slot(self):
        self.page(f"/slots/{random.choice(self.account['slots'])}", "employer: slot")


class Coordinator(PortalUser):
    weight = 6
    pool = accounts("coordinators")

    @task(3)
    def matching(self):
        self.page(f"/jobseekers/{random.choice(PLAN['jobseeker_ids'])}", "coordinator: matching")

    @task(1)
    def statistics(self):
        self.page("/stats/", "coordinator: statistics")


class JobSeeker(PortalUser):
    weight = 6
    pool = accounts("jobseekers")

    @task(2)
    def terms(self):
        self.page(f"/agreements/{self.account['reference']}", "job-seeker: terms")
