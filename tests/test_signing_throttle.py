"""Issue 13, item 9: wrong passwords typed at the signing step are counted on their own.

They used to count towards the login throttle, so a party who mistyped five times when signing
(or anyone fuzzing the signing form) locked the account out of the portal for 15 minutes.
"""
from datetime import timedelta

from sqlalchemy import select, update

from portal.accounts import throttle
from portal.extensions import db
from portal.models import Agreement, RateLimit
from portal.models.base import utcnow
from tests.agreement_helpers import sign_in_steps
from tests.conftest import DEMO_PASSWORD, login, page


def password_message(response):
    return page(response).find(id="password-error").get_text(" ", strip=True)


def test_wrong_signing_passwords_pause_signing_but_never_lock_the_login(app, new_agreement):
    reference = new_agreement()
    client = login(app, "coordinator@example.com")

    messages = [password_message(sign_in_steps(client, reference, "Cecilia Handläggare", password="not-it-1234"))
                for _ in range(5)]
    assert "4 more tries" in messages[0] and "1 more try " in messages[3]
    assert "The password is wrong" in messages[4] and "Signing is paused" in messages[4]
    assert "15 minutes" in messages[4] and "You can still log in" in messages[4]

    # The sixth is refused, even with the right password, with the message next to the field.
    sixth = sign_in_steps(client, reference, "Cecilia Handläggare", password=DEMO_PASSWORD)
    assert sixth.status_code == 200
    assert "Signing is paused after too many wrong passwords" in password_message(sixth)
    assert "Signing is paused" in password_message(client.get(f"/agreements/{reference}/sign/confirm"))
    with app.app_context():
        assert not db.session.scalar(select(Agreement).where(Agreement.reference == reference)
                                     ).current_version.signatures

    # Logging in is not touched: the account logs in from another browser, first time.
    other = app.test_client()
    response = other.post("/login", data={"email": "coordinator@example.com", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response.location.endswith("/dashboard/")
    with app.app_context():
        assert db.session.scalar(select(RateLimit).where(RateLimit.bucket == throttle.EMAIL_BUCKET)) is None

    # Once the window has run out, signing works.
    with app.app_context():
        db.session.execute(update(RateLimit).where(RateLimit.bucket == throttle.SIGNING_BUCKET)
                           .values(window_started_at=utcnow() - timedelta(minutes=16)))
        db.session.commit()
    assert sign_in_steps(client, reference, "Cecilia Handläggare").status_code == 302
    with app.app_context():
        assert len(db.session.scalar(select(Agreement).where(Agreement.reference == reference)
                                     ).current_version.signatures) == 1


def test_a_right_password_starts_the_signing_count_afresh(app, new_agreement):
    reference = new_agreement()
    client = login(app, "employer@example.com")
    for _ in range(4):
        sign_in_steps(client, reference, "Eva Exempel", password="not-it-1234")
    # The right password with a mistyped name: the password's count starts afresh.
    assert "Type your full name" in page(sign_in_steps(client, reference, "Someone Else")).get_text()
    assert "4 more tries" in password_message(sign_in_steps(client, reference, "Eva Exempel", password="not-it-1234"))
