"""The benchmark's generated volume (`flask seed-bench`) and its floor view, on a small scale."""
from collections import Counter
from datetime import date

from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from portal import create_app
from portal.accounts.users import new_user
from bench.volume.cli import seed_bench_command
from bench.volume.floor import register as register_floor
from bench.volume.seed import BENCH_PASSWORD
from portal.extensions import db
from portal.models import (
    Agreement,
    EmployerReport,
    FollowUp,
    JobSeeker,
    JobSeekerFeedback,
    Organisation,
    Placement,
    PlacementStatus,
    Role,
    Slot,
    SlotStatus,
    User,
)
from portal.organisations.numbers import normalise_organisation_number
from portal.security import verify_password
from tests.conftest import FAST_HASHING, page

SMALL = ["--organisations", "15", "--slots", "120", "--placements", "400", "--jobseekers", "150",
         "--logins", "3"]


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_seed_bench_fills_an_empty_database_with_coherent_data(app, runner):
    result = runner.invoke(seed_bench_command, args=SMALL)
    assert result.exit_code == 0, result.output
    assert "placements" in result.output
    with app.app_context():
        assert (count(Organisation), count(Slot), count(Placement), count(JobSeeker)) == (15, 120, 400, 150)
        for organisation in db.session.scalars(select(Organisation)):
            normalise_organisation_number(organisation.organisation_number)  # a valid check digit
        slots = {slot.id: slot for slot in db.session.scalars(select(Slot))}
        placements = db.session.scalars(select(Placement)).all()
        per_slot = Counter(placement.slot_id for placement in placements)
        for slot in slots.values():
            assert slot.places_filled == per_slot[slot.id] <= slot.places
            assert slot.start_date <= slot.end_date <= slot.start_date + relativedelta(months=6)
            assert slot.learning_goals and slot.status_changes
        for placement in placements:
            slot = slots[placement.slot_id]
            assert slot.status == SlotStatus.APPROVED
            if placement.ended_on:
                assert placement.status == PlacementStatus.ENDED and placement.end_reason
                assert slot.start_date <= placement.ended_on < slot.end_date and placement.ended_on < date.today()
        assert {status for status in Counter(p.status for p in placements)} >= {"active", "ended", "matched"}
        assert {person.gender for person in db.session.scalars(select(JobSeeker))} == {"woman", "man", "other"}
        for report in db.session.scalars(select(EmployerReport)):
            assert report.placement.ended_on or report.placement.slot.end_date < date.today()
            assert len(report.goal_ratings) == len(report.placement.slot.learning_goals)
        for feedback in db.session.scalars(select(JobSeekerFeedback)):
            assert 1 <= feedback.supervision_rating <= 5
        for follow_up in db.session.scalars(select(FollowUp)):
            assert follow_up.placement.end_date + relativedelta(months=3) <= date.today()
        assert count(EmployerReport) and count(JobSeekerFeedback) and count(FollowUp)
        account = db.session.scalar(select(User).where(User.email == "jobseeker1@bench.example"))
        assert verify_password(account.password_hash, BENCH_PASSWORD)
        assert count(Agreement) == 3

    again = runner.invoke(seed_bench_command, args=SMALL)
    assert again.exit_code != 0 and "not empty" in again.output


def test_the_seeded_accounts_see_their_pages(app, client, runner):
    assert runner.invoke(seed_bench_command, args=SMALL).exit_code == 0
    with app.app_context():
        slot_id, organisation_id = db.session.execute(select(Slot.id, Slot.organisation_id).limit(1)).one()
        reference = db.session.scalar(select(Agreement.reference).order_by(Agreement.reference).limit(1))
    pages = {
        f"employer{organisation_id}@bench.example": ["/dashboard/", "/slots/", f"/slots/{slot_id}"],
        "coordinator1@bench.example": ["/dashboard/", "/jobseekers/7", "/stats/"],
        "jobseeker1@bench.example": ["/dashboard/", f"/agreements/{reference}"],
    }
    for email, urls in pages.items():
        assert client.post("/login", data={"email": email, "password": BENCH_PASSWORD}).status_code == 302
        for url in urls:
            assert client.get(url).status_code == 200, (email, url)
        client.post("/logout")


def test_the_floor_views_exist_only_in_the_app_the_bench_serves(app, tmp_path):
    assert "bench_floor.floor" not in app.view_functions and "bench_floor.layout" not in app.view_functions
    bench = register_floor(create_app({"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
                                       "PASSWORD_HASH_PARAMS": FAST_HASHING,
                                       "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'floor.sqlite'}"}))
    with bench.app_context():
        db.create_all()
        db.session.add(Organisation(organisation_number="4020000016", name="Golvet AB", workplace_address="Väg 1",
                                    sector="other", has_collective_agreement=False, contact_person="G"))
        db.session.add(new_user(email="c@example.com", password="floor-password", role=Role.COORDINATOR,
                                full_name="Cecilia"))
        db.session.commit()
    client = bench.test_client()
    response = client.get("/bench/floor/1")
    assert response.status_code == 200 and response.get_data(as_text=True).strip() == "<p>Golvet AB</p>"
    assert client.get("/bench/floor/2").status_code == 404
    # The layout floor: for a logged-in user only, in the portal's layout.
    assert client.get("/bench/layout/1").status_code == 302
    client.post("/login", data={"email": "c@example.com", "password": "floor-password"})
    html = page(client.get("/bench/layout/1"))
    assert html.h1.get_text() == "Golvet AB" and "Cecilia" in html.header.get_text()
