import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select, update

from portal import ratelimit
from portal.accounts import routes as account_routes
from portal.accounts import throttle
from portal.accounts.users import new_user
from portal.extensions import db
from portal.models import RateLimit, User
from portal.models.base import utcnow
from tests.conftest import page

WRONG_LOGIN = "The e-mail address or the password is wrong."
LOCKED = "Too many failed attempts"


def test_login_page_shows_the_form(client):
    response = client.get("/login?lang=en")
    assert response.status_code == 200
    html = page(response)
    assert html.h1.string == "Log in"
    assert html.find("input", attrs={"name": "email"})


def test_login_takes_each_role_to_its_dashboard(client, auth, demo):
    for email, heading in [
        ("employer@example.com", "Exempelbolaget AB"),
        ("coordinator@example.com", "Coordinator dashboard"),
        ("union@example.com", "Union representative dashboard"),
        ("jobseeker@example.com", "Hello, Amina Hassan"),
    ]:
        client.get("/?lang=en")
        response = auth.login(email)
        assert response.status_code == 302 and response.location.endswith("/dashboard/")
        assert page(client.get("/dashboard/")).h1.get_text(strip=True) == heading
        auth.logout()


def test_wrong_password_and_unknown_email_get_the_same_answer(client, auth, demo):
    client.get("/?lang=en")
    wrong_password = auth.login("employer@example.com", "not-the-password")
    unknown_email = auth.login("nobody@example.com", "not-the-password")
    assert wrong_password.status_code == unknown_email.status_code == 200
    assert WRONG_LOGIN in wrong_password.get_data(as_text=True)
    assert WRONG_LOGIN in unknown_email.get_data(as_text=True)


def test_rejected_login_keeps_the_email_typed(client, auth, demo):
    client.get("/?lang=en")
    html = page(auth.login("employer@example.com", "wrong-password!"))
    assert html.find("input", attrs={"name": "email"})["value"] == "employer@example.com"


def test_empty_login_says_what_to_enter_next_to_the_field(client):
    client.get("/?lang=en")
    html = page(client.post("/login", data={"email": "", "password": ""}))
    assert html.find(id="email-error").get_text(" ", strip=True).endswith("Enter your e-mail address")
    assert html.find(id="password-error").get_text(" ", strip=True).endswith("Enter your password")
    assert html.select_one(".error-summary a[href='#email']")


def test_five_failures_lock_the_account_for_fifteen_minutes(app, client, auth, demo):
    client.get("/?lang=en")
    for _ in range(5):
        assert WRONG_LOGIN in auth.login("employer@example.com", "wrong-password!").get_data(as_text=True)
    # Even the right password is refused now, with a clear message.
    response = auth.login("employer@example.com")
    assert response.status_code == 200
    assert LOCKED in response.get_data(as_text=True)
    assert client.get("/dashboard/").status_code == 302

    # The lock is the same for an e-mail that has no account.
    for _ in range(5):
        auth.login("nobody@example.com", "wrong-password!")
    assert LOCKED in auth.login("nobody@example.com", "wrong-password!").get_data(as_text=True)

    # Fifteen minutes later the employer may try again.
    with app.app_context():
        db.session.execute(update(RateLimit).values(window_started_at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    assert auth.login("employer@example.com").status_code == 302


def test_many_failures_from_one_address_lock_it_out_for_every_e_mail(app, client, auth, demo):
    """Trying one password on many accounts: each e-mail fails only once, the address is locked."""
    app.config["LOGIN_MAX_FAILURES_PER_ADDRESS"] = 4
    client.get("/?lang=en")
    for number in range(4):
        assert WRONG_LOGIN in auth.login(f"person{number}@example.com", "Sommar2026!").get_data(as_text=True)
    assert LOCKED in auth.login("employer@example.com").get_data(as_text=True)  # even the right password
    # Another address is not locked: the employer logs in from elsewhere.
    elsewhere = app.test_client()
    response = elsewhere.post("/login", data={"email": "employer@example.com", "password": "praktik-demo-2026"},
                              environ_base={"REMOTE_ADDR": "192.0.2.10"})
    assert response.status_code == 302
    # Logging in to one's own account gives back that one try, not the address's whole count.
    with app.app_context():
        assert ratelimit.current_count(throttle.ADDRESS_BUCKET, "192.0.2.10") == 0
        assert ratelimit.current_count(throttle.ADDRESS_BUCKET, "127.0.0.1") == 5  # the refused try counts too


def test_behind_a_proxy_the_address_is_the_visitors(app):
    from portal import create_app

    proxied = create_app({"TESTING": True, "SECRET_KEY": "x", "BEHIND_PROXIES": 1, "WTF_CSRF_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    proxied.test_client().post("/login", data={"email": "a@example.com", "password": "wrong-password!"},
                               headers={"X-Forwarded-For": "198.51.100.7"}, environ_base={"REMOTE_ADDR": "10.0.0.1"})
    with proxied.app_context():
        db.engine.dispose()  # its own connection pool, closed before the test's database is dropped
    with app.app_context():
        assert db.session.scalars(select(RateLimit.key).where(RateLimit.bucket == throttle.ADDRESS_BUCKET)
                                  ).all() == ["198.51.100.7"]


def test_tries_older_than_a_day_are_not_kept(app, client, auth, demo):
    auth.login("employer@example.com", "wrong-password!")
    with app.app_context():
        db.session.execute(update(RateLimit).values(window_started_at=utcnow() - timedelta(days=2)))
        db.session.commit()
    auth.login("union@example.com", "wrong-password!")
    with app.app_context():
        assert db.session.scalars(select(RateLimit.key).where(RateLimit.bucket == throttle.EMAIL_BUCKET)
                                  ).all() == ["union@example.com"]


def test_throttle_is_kept_in_the_database_so_every_worker_sees_it(app, client, auth, demo):
    """A second app instance (another worker process) refuses the locked account too."""
    for _ in range(5):
        auth.login("employer@example.com", "wrong-password!")
    with app.app_context():
        assert ratelimit.current_count(throttle.EMAIL_BUCKET, "employer@example.com") == 5
    other_worker = app.test_client()
    other_worker.get("/?lang=en")
    assert LOCKED in other_worker.post(
        "/login", data={"email": "employer@example.com", "password": "praktik-demo-2026"}
    ).get_data(as_text=True)


def test_logout_ends_the_session_and_old_cookies_stop_working(app, client, auth, demo):
    auth.login("employer@example.com")
    stolen_cookie = client.get_cookie("session").value
    response = auth.logout()
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 302

    replay = app.test_client()
    replay.set_cookie("session", stolen_cookie)
    assert replay.get("/dashboard/").status_code == 302


def test_changed_password_logs_out_other_sessions(app, client, auth, demo):
    auth.login("employer@example.com")
    assert client.get("/dashboard/").status_code == 200
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "employer@example.com"))
        user.session_token = "changed-with-the-password"
        db.session.commit()
    assert client.get("/dashboard/").status_code == 302


def test_login_does_not_redirect_to_another_site(client, auth, demo):
    response = client.post(
        "/login?next=//evil.example/", data={"email": "employer@example.com", "password": "praktik-demo-2026"}
    )
    assert response.location.endswith("/dashboard/")


def test_login_follows_next_within_the_site(client, demo):
    response = client.post(
        "/login?next=/organisations/", data={"email": "coordinator@example.com", "password": "praktik-demo-2026"}
    )
    assert response.location.endswith("/organisations/")


def test_passwords_are_stored_as_argon2_hashes(app, demo):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "employer@example.com"))
        assert user.password_hash.startswith("$argon2id$")


# --- Issue 13, item 5: ?next= after login goes to a path on this site only -------------------

@pytest.mark.parametrize("next_value", [
    "//evil.example/",
    "///evil.example/",
    "/%09/evil.example",  # a browser drops the tab: //evil.example
    "/%0A/x",  # was a 500
    "/%0D/x",
    "/%0D%0ALocation:%20https://evil.example/",
    "/%7F/evil.example",
    "%09//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "/%5C/evil.example",
    "%5C%5Cevil.example",
    "%2F%2Fevil.example",
    "/%2Fevil.example",
    "/%2F/evil.example",
    "/%252F/evil.example",  # encoded twice
    "/%2509/evil.example",
    "https://evil.example/",
    "https:evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "evil.example",
    " /organisations/",
    "",
])
def test_login_never_follows_next_off_the_site(client, demo, next_value):
    response = client.post("/login?next=" + next_value,
                           data={"email": "coordinator@example.com", "password": "praktik-demo-2026"})
    assert response.status_code == 302
    assert response.location in ("/dashboard/", "http://localhost/dashboard/")


@pytest.mark.parametrize("next_value, where", [
    ("/organisations/", "/organisations/"),
    ("/organisations/?q=556677-8899", "/organisations/?q=556677-8899"),
    ("/jobseekers/?q=caf%C3%A9", "/jobseekers/?q=caf%C3%A9"),
])
def test_login_follows_next_to_a_path_on_the_site(client, demo, next_value, where):
    response = client.post("/login?next=" + next_value,
                           data={"email": "coordinator@example.com", "password": "praktik-demo-2026"})
    target = urlsplit(response.location)
    assert response.status_code == 302 and target.netloc in ("", "localhost")
    assert target.path + ("?" + target.query if target.query else "") == where


# --- Issue 13, item 6: each try is counted before its password is checked ----------------------

class PasswordChecks:
    """Counts the password checks the login view makes (a right/wrong check, or the burnt one)."""

    def __init__(self, monkeypatch):
        self.count = 0
        self.lock = threading.Lock()
        for name in ("verify_password", "burn_password_check"):
            real = getattr(account_routes, name)
            monkeypatch.setattr(account_routes, name, self.counting(real))

    def counting(self, real):
        def check(*args):
            with self.lock:
                self.count += 1
            return real(*args)
        return check


def parallel_logins(app, emails, address="203.0.113.9"):
    def one_try(email):
        try:
            return app.test_client().post("/login?lang=en", data={"email": email, "password": "wrong-password-1"},
                                          environ_base={"REMOTE_ADDR": address}).get_data(as_text=True)
        finally:
            with app.app_context():
                db.session.remove()

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one_try, emails))


def test_forty_parallel_guesses_at_one_account_check_five_passwords(app, monkeypatch):
    with app.app_context():
        new_user(email="fresh@example.com", password="the-right-password", role="coordinator", full_name="Fred Fresh")
        db.session.commit()
    checks = PasswordChecks(monkeypatch)
    answers = parallel_logins(app, ["fresh@example.com"] * 40)
    assert checks.count <= 5
    assert sum(WRONG_LOGIN in html for html in answers) == checks.count
    assert sum(LOCKED in html for html in answers) == 40 - checks.count


def test_seventy_parallel_guesses_from_one_address_check_fifty_passwords(app, monkeypatch):
    checks = PasswordChecks(monkeypatch)
    answers = parallel_logins(app, [f"person{number}@example.com" for number in range(70)])
    assert checks.count <= 50
    assert sum(LOCKED in html for html in answers) == 70 - checks.count >= 20
