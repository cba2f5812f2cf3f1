"""Sessions: logging out and changing the password end the old session everywhere; the login
throttle holds across two real worker processes.

tests/test_accounts.py already shows that an old cookie stops working after logout, and that a
new session token (what a password change makes) ends a session. Here: the change-password
page itself, logout as seen from a second browser, and the throttle across two gunicorn processes.
"""
import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import User
from tests.conftest import DEMO_PASSWORD, database_url, login, page

NEW_PASSWORD = "a-brand-new-password-2026"
LOCKED = "Too many failed attempts"
ROOT = Path(__file__).resolve().parents[2]


def change_password(client, current=DEMO_PASSWORD, new=NEW_PASSWORD, again=None):
    return client.post("/account/password", data={
        "current_password": current, "new_password": new, "new_password_again": new if again is None else again})


def test_logout_in_one_browser_ends_the_session_in_every_copy(app, demo):
    browser = login(app, "employer@example.com")
    stolen = browser.get_cookie("session").value
    assert browser.post("/logout").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/dashboard/").status_code == 302
    # Nor may the old cookie act: a post with it is sent to the login page, and nothing is made.
    response = thief.post("/slots/new", data={"title": "Made with a stolen cookie"})
    assert response.status_code == 302 and "/login" in response.location


def test_the_change_password_page_asks_for_the_current_password_and_the_new_one_twice(app, demo):
    client = login(app, "jobseeker@example.com")
    html = page(client.get("/account/password"))
    assert html.h1.get_text(strip=True) == "Change password"
    names = [field["name"] for field in html.select("form.form input[type=password]")]
    assert names == ["current_password", "new_password", "new_password_again"]
    assert html.select_one(".account-nav a[href='/account/password']"), "linked from the header"


@pytest.mark.parametrize("current, new, again, field, message", [
    ("wrong-password-1234", NEW_PASSWORD, None, "current_password", "Your current password is wrong"),
    (DEMO_PASSWORD, "too-short", None, "new_password", "at least 12 characters"),
    (DEMO_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "new_password_again", "not the same"),
    (DEMO_PASSWORD, DEMO_PASSWORD, None, "new_password", "differs from the current one"),
    ("", "", "", "current_password", "Enter your current password"),
])
def test_mistakes_get_a_message_next_to_the_field_and_change_nothing(app, demo, current, new, again, field, message):
    client = login(app, "employer@example.com")
    with app.app_context():
        before = db.session.scalar(select(User.password_hash).where(User.email == "employer@example.com"))
    response = change_password(client, current, new, again)
    assert response.status_code == 200
    assert message in page(response).find(id=f"{field}-error").get_text()
    with app.app_context():
        assert db.session.scalar(select(User.password_hash).where(User.email == "employer@example.com")) == before


def test_a_changed_password_ends_the_other_sessions_and_keeps_this_one(app, demo):
    phone = login(app, "employer@example.com")
    laptop = login(app, "employer@example.com")
    laptop_cookie_before = laptop.get_cookie("session").value
    response = change_password(laptop)
    assert response.status_code == 302 and response.location.endswith("/dashboard/")
    assert laptop.get("/dashboard/").status_code == 200, "the session that changed it goes on"
    assert phone.get("/dashboard/").status_code == 302, "every other session ends"
    replay = app.test_client()
    replay.set_cookie("session", laptop_cookie_before)
    assert replay.get("/dashboard/").status_code == 302, "and so does this browser's cookie from before the change"
    # The new password logs in, the old one no longer does.
    assert login(app, "employer@example.com", password=NEW_PASSWORD).get("/dashboard/").status_code == 200
    old = app.test_client()
    assert old.post("/login", data={"email": "employer@example.com", "password": DEMO_PASSWORD}).status_code == 200


def test_guessing_the_current_password_counts_towards_the_throttle(app, demo):
    client = login(app, "union@example.com")
    for _ in range(5):
        change_password(client, current="guess-number-123")
    response = change_password(client)  # even the right one is refused now
    assert LOCKED in response.get_data(as_text=True)
    assert login(app, None).post("/login", data={"email": "union@example.com", "password": DEMO_PASSWORD}
                                     ).get_data(as_text=True).count(LOCKED) == 1


# --- The throttle across two worker processes ----------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """A cookie jar and urllib: a real HTTP client for a real server."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path):
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.status, response.read().decode()

    def log_in(self, email, password):
        _status, html = self.get("/login?lang=en")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
            r'name="csrf_token" value="([^"]+)"', html)
        data = urllib.parse.urlencode({"csrf_token": token.group(1), "email": email, "password": password}).encode()
        try:
            with self.opener.open(self.base + "/login?lang=en", data=data, timeout=10) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode()


@pytest.fixture
def two_workers(app, demo, tmp_path):
    """Two gunicorn processes, each its own app, serving the test's database (SQLite file or PostgreSQL)."""
    env = {**os.environ, "DATABASE_URL": database_url(tmp_path)}
    servers = []
    try:
        for _ in range(2):
            port = free_port()
            process = subprocess.Popen(
                [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}", "--workers", "1",
                 "--log-level", "warning", "portal:create_app()"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            servers.append((process, f"http://127.0.0.1:{port}"))
        for process, base in servers:
            deadline = time.monotonic() + 30
            while True:
                try:
                    Browser(base).get("/")
                    break
                except OSError:
                    assert process.poll() is None, process.stderr.read().decode()
                    assert time.monotonic() < deadline, f"{base} did not start"
                    time.sleep(0.2)
        yield [base for _process, base in servers]
    finally:
        for process, _base in servers:
            process.terminate()
        for process, _base in servers:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stderr.close()


def test_failures_in_one_worker_process_lock_the_account_in_the_other(two_workers):
    first, second = two_workers
    # The second worker lets the employer in to begin with.
    status, url, _html = Browser(second).log_in("employer@example.com", DEMO_PASSWORD)
    assert url.endswith("/dashboard/"), "the right password works before any failure"
    for _ in range(5):
        _status, url, html = Browser(first).log_in("employer@example.com", "wrong-password!")
        assert "/login" in url and "password is wrong" in html
    # Now the second worker, another process with its own app, refuses even the right password.
    _status, url, html = Browser(second).log_in("employer@example.com", DEMO_PASSWORD)
    assert "/login" in url and LOCKED in html
