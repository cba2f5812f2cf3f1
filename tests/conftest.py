"""Shared fixtures: a fresh app and database per test, a client that checks every page, log-in helpers.

Set DATABASE_URL to run the whole suite against PostgreSQL instead of a throwaway SQLite file.
"""
import os
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient

from portal import _sqlalchemy_url, create_app
from portal.demo import DEMO_PASSWORD, load_demo_data
from portal.extensions import db

# Cheap argon2 parameters: the suite hashes many passwords.
FAST_HASHING = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def database_url(tmp_path):
    if os.environ.get("DATABASE_URL"):
        return _sqlalchemy_url(os.environ["DATABASE_URL"])
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture
def app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_PARAMS": FAST_HASHING,
        }
    )
    app.test_client_class = PageCheckingClient
    with app.app_context():
        db.drop_all()  # a previous run on PostgreSQL may have stopped half-way
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def demo(app):
    """The demo accounts and records, as `make run` loads them."""
    with app.app_context():
        load_demo_data()


class PageCheckingClient(FlaskClient):
    """Checks every HTML page a test fetches: one <h1>, a title, no duplicate ids (GOV.UK Notify's idea)."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code != 302:
            check_page(response.get_data(as_text=True))
        return response


def check_page(html):
    soup = BeautifulSoup(html, "html.parser")
    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected one <h1>, found {len(h1s)}"
    assert soup.title and soup.title.string and soup.title.string.strip(), "page has no <title>"
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [name for name, count in ids.items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    for field in soup.find_all(["input", "select", "textarea"]):
        if field.get("type") in ("hidden", "submit", "button"):
            continue
        field_id = field.get("id")
        assert field_id and soup.find("label", attrs={"for": field_id}), f"field without a label: {field}"


def page(response):
    """The response as parsed HTML, for assertions on what a user sees."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email, password=DEMO_PASSWORD):
        return self.client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)
