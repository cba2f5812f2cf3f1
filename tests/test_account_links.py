"""Accounts by e-mail: a job-seeker invited from their record, and a forgotten password reset
(portal/accounts/recovery.py, one-time links from portal/accounts/links.py)."""
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from unittest import mock

from sqlalchemy import select

from portal.extensions import db
from portal.mail import outbox_messages
from portal.models import JobSeeker, User
from tests.conftest import DEMO_PASSWORD, page

NEW_PASSWORD = "a-brand-new-password-2026"


def link_in_last_mail(app, to, path):
    message = [m for m in outbox_messages(app) if m["To"] == to][-1]
    return re.search(rf"http://127\.0\.0\.1:5000({path}/[^\s]+)", message.get_content()).group(1)


def record_id(app, name="Olena Kovalenko"):
    with app.app_context():
        return db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == name))


def test_a_coordinator_invites_a_job_seeker_who_sets_a_password_once(app, client, auth, demo):
    jobseeker_id = record_id(app)
    auth.login("coordinator@example.com")
    record = page(client.get(f"/jobseekers/{jobseeker_id}"))
    assert record.find("a", string="Invite to the portal") or record.find("a", string="Bjud in till portalen")
    response = client.post(f"/jobseekers/{jobseeker_id}/invite", data={"email": " Olena@Example.com "})
    assert response.status_code == 302
    link = link_in_last_mail(app, "olena@example.com", "/invitation")
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "olena@example.com"))
        assert user.role == "jobseeker" and user.awaiting_confirmation
        assert db.session.get(JobSeeker, jobseeker_id).user_id == user.id
    auth.logout()
    # Not before the password is chosen: the account cannot log in.
    assert auth.login("olena@example.com", NEW_PASSWORD).status_code == 200
    short = page(client.post(link, data={"new_password": "short", "new_password_again": "short"}))
    assert short.select_one(".field-error")
    assert client.post(link, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}).status_code == 302
    assert client.get("/dashboard/").status_code == 200
    auth.logout()
    assert auth.login("olena@example.com", NEW_PASSWORD).status_code == 302
    auth.logout()
    # The link works once.
    used = page(client.post(link, data={"new_password": "another-password-2026", "new_password_again": "x"}))
    assert "no longer valid" in used.get_text() or "gäller inte längre" in used.get_text()


def test_an_invitation_to_an_address_with_an_account_is_refused_on_the_form(app, client, auth, demo):
    jobseeker_id = record_id(app)
    auth.login("coordinator@example.com")
    html = page(client.post(f"/jobseekers/{jobseeker_id}/invite", data={"email": "employer@example.com"}))
    assert html.select_one("#email-error")
    with app.app_context():
        assert db.session.get(JobSeeker, jobseeker_id).user_id is None


def test_an_invitation_expires_after_14_days_and_a_new_one_replaces_the_old(app, client, auth, demo):
    jobseeker_id = record_id(app)
    auth.login("coordinator@example.com")
    client.post(f"/jobseekers/{jobseeker_id}/invite", data={"email": "olena@example.com"})
    first = link_in_last_mail(app, "olena@example.com", "/invitation")
    client.post(f"/jobseekers/{jobseeker_id}/invite", data={"email": "olena@example.com"})
    second = link_in_last_mail(app, "olena@example.com", "/invitation")
    auth.logout()
    assert page(client.get(first)).find("input", attrs={"name": "new_password"}) is None  # replaced
    assert page(client.get(second)).find("input", attrs={"name": "new_password"})
    import time

    later = time.time() + timedelta(days=15).total_seconds()
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        assert page(client.get(second)).find("input", attrs={"name": "new_password"}) is None


def test_forgot_password_answers_alike_and_mails_a_link_that_works_once_and_ends_other_sessions(app, demo):
    elsewhere = app.test_client()
    elsewhere.post("/login", data={"email": "employer@example.com", "password": DEMO_PASSWORD})
    assert elsewhere.get("/dashboard/").status_code == 200
    client = app.test_client()
    known = client.post("/password/forgot", data={"email": "employer@example.com"})
    unknown = client.post("/password/forgot", data={"email": "nobody@example.com"})
    strip = lambda response: page(response).find("main").get_text(" ", strip=True).replace(  # noqa: E731
        "employer@example.com", "X").replace("nobody@example.com", "X")
    assert known.status_code == unknown.status_code == 200 and strip(known) == strip(unknown)
    assert [m for m in outbox_messages(app) if m["To"] == "nobody@example.com"]  # told it has no account
    link = link_in_last_mail(app, "employer@example.com", "/password/reset")
    assert client.post(link, data={"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD}).status_code == 302
    assert client.get("/dashboard/").status_code == 200
    assert elsewhere.get("/dashboard/").status_code == 302  # the other session ended
    assert app.test_client().post("/login", data={"email": "employer@example.com",
                                                  "password": NEW_PASSWORD}).status_code == 302
    again = page(app.test_client().get(link))
    assert again.find("input", attrs={"name": "new_password"}) is None  # used


def test_a_reset_link_expires_after_an_hour(app, client, demo):
    client.post("/password/forgot", data={"email": "employer@example.com"})
    link = link_in_last_mail(app, "employer@example.com", "/password/reset")
    import time

    later = time.time() + 3601
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        assert page(client.get(link)).find("input", attrs={"name": "new_password"}) is None


def test_reset_requests_are_limited_per_e_mail_and_per_address(app, demo):
    app.config.update(PASSWORD_RESETS_PER_EMAIL=3, PASSWORD_RESETS_PER_ADDRESS=10)
    client = app.test_client()
    for _ in range(5):
        response = client.post("/password/forgot", data={"email": "employer@example.com"})
        assert response.status_code == 200  # the same answer past the limit
    assert len([m for m in outbox_messages(app) if m["To"] == "employer@example.com"
                and "/password/reset/" in m.get_content()]) == 3
    for number in range(5):
        client.post("/password/forgot", data={"email": f"someone{number}@example.com"})
    refused = client.post("/password/forgot", data={"email": "last@example.com"})
    assert refused.status_code == 429
    assert not [m for m in outbox_messages(app) if m["To"] == "last@example.com"]


def test_parallel_reset_requests_send_at_most_the_limit(app, demo):
    app.config.update(PASSWORD_RESETS_PER_EMAIL=3, PASSWORD_RESETS_PER_ADDRESS=100)

    def ask(_):
        with app.app_context():
            try:
                return app.test_client().post("/password/forgot", data={"email": "employer@example.com"}).status_code
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert set(pool.map(ask, range(12))) == {200}
    assert len([m for m in outbox_messages(app) if m["To"] == "employer@example.com"
                and "/password/reset/" in m.get_content()]) == 3


def test_a_bad_e_mail_is_told_next_to_the_field(app, client):
    html = page(client.post("/password/forgot", data={"email": "not-an-address"}))
    assert html.select_one("#email-error")
