"""Fixtures for the security suite: the agreement fixtures (signing keys made once per run, an
outbox per test), a logged-in client per e-mail, and the database's fingerprint."""
import pytest

from portal import backup
from portal.extensions import db
from tests.agreement_fixtures import (  # noqa: F401  (fixtures for every test here)
    agreement_config,
    new_agreement,
    signing_dir,
)
from tests.conftest import DEMO_PASSWORD


def logged_in(app, email, password=DEMO_PASSWORD, lang="en"):
    """A fresh client (its own cookie jar: another browser) logged in as `email`."""
    client = app.test_client()
    client.get(f"/?lang={lang}")
    if email:
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 302, f"{email} could not log in"
    return client


def fingerprint(app):
    """Every table's row count and content hash: equal exactly when nothing in the database changed."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            return backup.table_fingerprints(connection)


@pytest.fixture
def as_user(app):
    return lambda email, **kwargs: logged_in(app, email, **kwargs)
