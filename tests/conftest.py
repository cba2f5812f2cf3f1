"""Shared fixtures: a fresh app and database per test, a client that checks every page, logging in,
slots, placements and agreements. Every test module sees them (pytest finds them here); helpers
that are no fixture (sign_as...) are in tests/agreement_helpers.py.

Set DATABASE_URL to run the whole suite against PostgreSQL instead of a throwaway SQLite file.
"""
import os
from collections import Counter
from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from portal import _sqlalchemy_url, create_app
from portal.demo import DEMO_PASSWORD, load_demo_data
from portal.extensions import db
from portal.models import EmployerReport, FollowUp, JobSeeker, Placement, PlacementStatus, User
from portal.models.base import utcnow

# Cheap argon2 parameters: the suite hashes many passwords.
FAST_HASHING = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


def database_url(tmp_path):
    if os.environ.get("DATABASE_URL"):
        return _sqlalchemy_url(os.environ["DATABASE_URL"])
    return f"sqlite:///{tmp_path / 'test.sqlite'}"


@pytest.fixture(scope="session")
def signing_dir(tmp_path_factory):
    """One portal PKI for the whole run (made on first use, like instance/signing/)."""
    return tmp_path_factory.mktemp("pki") / "signing"


@pytest.fixture
def app(tmp_path, signing_dir):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key",
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_PARAMS": FAST_HASHING,
            "MAIL_OUTBOX_DIR": str(tmp_path / "outbox"),  # never the real instance/outbox/
            "AGREEMENT_SIGNING_DIR": str(signing_dir),  # nor instance/signing/
            # Verdicts must not depend on how busy the machine is: the tests of the time limit and
            # the queue (tests/security/test_uploads.py) set their own.
            "VERIFY_TIME_LIMIT_SECONDS": 10,
            "VERIFY_QUEUE_SECONDS": 30,
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
    """The demo accounts and records as `make run` loads them, less the signed demo agreement (slow to sign)."""
    with app.app_context():
        load_demo_data(with_agreement=False)


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
    """The `auth` fixture: the test's client logging in and out. login() posts the login form and
    returns the response (tests of logging in read it); login(client_or_app, email) below is for
    everything else."""

    def __init__(self, client):
        self.client = client

    def login(self, email, password=DEMO_PASSWORD, **request):
        return self.client.post("/login", data={"email": email, "password": password}, **request)

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


def login(client_or_app, email, password=DEMO_PASSWORD, lang="en", **request):
    """Log in as `email`: the test client given, or, given the app, a fresh one (its own cookie jar:
    another browser). Returns the client, logged in (or the test fails there); email None: an
    anonymous visitor's.

    lang: the language chosen first (None: the browser's); request: the test client's options for
    both requests, e.g. base_url.
    """
    client = client_or_app.test_client() if isinstance(client_or_app, Flask) else client_or_app
    if lang:
        client.get(f"/?lang={lang}", **request)
    if email is not None:
        response = Auth(client).login(email, password, **request)
        assert response.status_code == 302, f"{email} could not log in"
    return client


def slot_form(**changes):
    """A complete, valid slot form post (dates in the future), with changes applied."""
    start = date.today() + timedelta(days=10)
    data = {
        "placement_type": "work-placement",
        "title": "Kafébiträde",
        "occupation": "Café assistant",
        "tasks": "Make coffee, serve customers, clean tables.",
        "learning_goals": "Serve customers in Swedish\nHandle the coffee machine\n",
        "places": "2",
        "start_date": start.isoformat(),
        "end_date": (start + timedelta(days=60)).isoformat(),
        "hours_per_week": "30",
        "schedule": "Monday to Friday, 9–15",
        "workplace_address": "Storgatan 1, Stockholm",
        "supervisor_name": "Sara Handledare",
        "supervisor_role": "Café manager",
        "supervisor_phone": "08-123 456 78",
        "supervisor_email": "sara@example.com",
        "swedish_level": "basic",
        "other_languages": "Arabic",
        "declares_no_reemployment_rights": "y",
        "declares_no_labour_dispute": "y",
        "declares_not_replacing_staff": "y",
        "declares_supervisor_time": "y",
        "submit_for_review": "Submit",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def make_slot(app):
    """Create a slot for an organisation directly in the database, in the status asked for.

    A slot awaiting the decision has the union's statement (`statement`: support by default); an
    approved one was approved by the demo coordinator after support, a refused one refused after an
    objection, each as the consultation runs (workflow.record_review, workflow.decide).
    """
    from portal.models import Organisation, ReviewDecision, SlotStatus, User
    from portal.models.slots import DecisionOutcome
    from portal.slots import workflow

    def make(organisation_number="5566778899", status=SlotStatus.APPROVED, reviewer_email="union@example.com",
             statement=None, **changes):
        with app.app_context():
            organisation = db.session.scalar(
                select(Organisation).where(Organisation.organisation_number == organisation_number)
            )
            employer = organisation.users[0] if organisation.users else db.session.scalar(select(User))
            start = date.today() + timedelta(days=10)
            values = {
                "placement_type": "work-placement", "title": "Lagerarbetare", "occupation": "Warehouse worker",
                "tasks": "Pick orders and drive a forklift", "places": 1, "start_date": start,
                "end_date": start + timedelta(days=60), "hours_per_week": 40, "schedule": "Mon–Fri",
                "workplace_address": organisation.workplace_address, "supervisor_name": "Sune",
                "supervisor_role": "Foreman", "supervisor_phone": "070-123 45 67",
                "supervisor_email": "sune@example.com", "swedish_level": "none",
                "declares_no_reemployment_rights": True, "declares_no_labour_dispute": True,
                "declares_not_replacing_staff": True, "declares_supervisor_time": True,
            }
            values.update(changes)
            goals = values.pop("goals", ["Drive a forklift safely"])
            slot = workflow.create_slot(organisation, employer, values, goals)
            if status != SlotStatus.DRAFT:
                workflow.submit_for_review(slot, employer)
            if status in (SlotStatus.AWAITING_DECISION, SlotStatus.APPROVED, SlotStatus.REFUSED):
                reviewer = db.session.scalar(select(User).where(User.email == reviewer_email))
                decision = statement or (ReviewDecision.OBJECT if status == SlotStatus.REFUSED else ReviewDecision.CONSENT)
                workflow.record_review(slot, reviewer, decision, "Too many hours for a first placement")
            if status in (SlotStatus.APPROVED, SlotStatus.REFUSED):
                coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
                outcome = DecisionOutcome.APPROVE if status == SlotStatus.APPROVED else DecisionOutcome.REFUSE
                workflow.decide(slot, coordinator, outcome, "Weighed the union's statement")
            if status == SlotStatus.WITHDRAWN:
                workflow.withdraw(slot, employer)
            db.session.commit()
            return slot.id

    return make


def register_other_employer(app, number="2120000142", email="other@employer.example", sector="hospitality"):
    """A second, verified employer organisation with its own account."""
    from portal.accounts.users import new_user
    from portal.models import Organisation
    from portal.models.base import utcnow

    with app.app_context():
        organisation = Organisation(
            organisation_number=number, name="Andra Bolaget AB", workplace_address="Annan gata 2",
            sector=sector, has_collective_agreement=False, contact_person="Otto Other",
            verified_at=utcnow(), guide_completed_at=utcnow(), guide_version="test",
        )
        db.session.add(organisation)
        new_user(email=email, password=DEMO_PASSWORD, role="employer", full_name="Otto Other",
                 organisation=organisation)
        db.session.commit()


@pytest.fixture
def make_placement(app, make_slot):
    """A placement of a demo job-seeker, by default one that ran and ended yesterday."""
    from portal.models import JobSeeker, Placement, PlacementStatus, User

    def make(jobseeker_name="Amina Hassan", status=PlacementStatus.ACTIVE, slot_id=None, days_ago_ended=1,
             length_days=60, **slot_changes):
        if slot_id is None:
            end = date.today() - timedelta(days=days_ago_ended)
            slot_id = make_slot(start_date=end - timedelta(days=length_days), end_date=end, **slot_changes)
        with app.app_context():
            coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
            jobseeker = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == jobseeker_name))
            placement = Placement(slot_id=slot_id, jobseeker=jobseeker, matched_by=coordinator, status=status)
            db.session.add(placement)
            db.session.commit()
            return placement.id

    return make


@pytest.fixture
def new_agreement(app, demo, make_slot):
    """new_agreement(language="sv", jobseeker_email=..., **slot changes) -> the reference of a drafted agreement."""
    from portal.agreements.drafting import draft_agreement
    from portal.models import JobSeeker, Placement, Slot, User

    def make(language="sv", jobseeker_email="jobseeker@example.com", **slot_changes):
        slot_changes.setdefault("title", "Kassabiträde")
        slot_id = make_slot(**slot_changes)
        with app.app_context():
            slot = db.session.get(Slot, slot_id)
            jobseeker = db.session.scalar(select(JobSeeker).join(User).where(User.email == jobseeker_email))
            coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
            slot.places_filled += 1
            placement = Placement(slot=slot, jobseeker=jobseeker, matched_by=coordinator)
            db.session.add(placement)
            agreement = draft_agreement(placement, coordinator, language=language)
            db.session.commit()
            return agreement.reference

    return make


def confirm_registration(app, client, email):
    """Follow the confirmation link mailed to `email` by the registration form: `client` is then
    logged in as the new employer (issue 13, item 7: a registration answers "check your e-mail")."""
    import re

    from portal.mail import outbox_messages

    mail = [message for message in outbox_messages(app) if message["To"] == email][-1]
    path = re.search(r"https?://[^/\s]+(/organisations/register/confirm/\S+)", mail.get_content()).group(1)
    response = client.post(path)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


# -- shared by several test modules -----------------------------------------------------------


@pytest.fixture
def many_placements(app, demo, make_slot):
    """Ended placements: 6 women (5 offered employment), 5 men, 1 other; 3 women ended early."""
    slot_id = make_slot(start_date=date(2026, 1, 5), end_date=date(2026, 3, 1), places=20)
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        employer = db.session.scalar(select(User).where(User.email == "employer@example.com"))
        people = [("woman", 6), ("man", 5), ("other", 1)]
        number = 0
        for gender, count in people:
            for _ in range(count):
                number += 1
                person = JobSeeker(full_name=f"Person {number}", gender=gender, birth_year=1990)
                placement = Placement(slot_id=slot_id, jobseeker=person, matched_by=coordinator,
                                      status=PlacementStatus.ACTIVE)
                if gender == "woman" and number <= 3:
                    placement.status, placement.ended_on, placement.end_reason = "ended", date(2026, 2, 1), "got-job"
                db.session.add(placement)
                db.session.flush()
                if gender == "woman" and number <= 5:
                    db.session.add(EmployerReport(placement=placement, author=employer, attendance_percent=90,
                                                  employment_offered="permanent", would_take_again=True,
                                                  submitted_at=utcnow()))
                if gender in ("woman", "man"):
                    db.session.add(FollowUp(placement=placement, outcome="in-work" if gender == "woman" else "seeking",
                                            recorded_by=coordinator))
        db.session.commit()


def table(html, table_id):
    section = html.find(id=f"table-{table_id}").find_parent("section")
    rows = {}
    for row in section.find("tbody").find_all("tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        rows[cells[0]] = cells[1:]
    return rows


def edit_form(app, slot_id, **changes):
    from portal.models import Slot
    from portal.slots import workflow

    with app.app_context():
        current = workflow.content(db.session.get(Slot, slot_id))
    for name in ("step_free_access", "part_time_possible"):
        current[name] = "y" if current[name] == "yes" else None
    return slot_form(**{**current, **changes})


def drop_version_table():
    from sqlalchemy import text

    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


COMPLETE_REPORT = {
    "attendance_percent": "90", "tasks_done": "Shelves and till", "went_well": "Always on time",
    "could_develop": "Swedish at the till", "employment_offered": "hourly", "would_take_again": "yes",
    "submit": "Submit",
}
COMPLETE_FEEDBACK = {
    "supervision_rating": "5", "learning_rating": "4", "treatment_rating": "5", "purpose_met": "yes",
    "job_outcome": "offered", "learned": "The till", "free_text": "My supervisor was kind", "submit": "Send",
}


def goal_fields(html):
    return [radio["name"] for radio in html.find_all("input", attrs={"type": "radio"}) if radio["name"].startswith("goal_")]
