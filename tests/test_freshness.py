"""Cached figures (portal/freshness.py): kept per data version, recomputed after any change they read."""
from datetime import date

from sqlalchemy import select, update

from portal import freshness
from portal.extensions import db
from portal.models import JobSeeker, LoginAttempt, Placement, PlacementStatus, Slot, User
from tests.conftest import page
from tests.test_stats import table


def test_changes_to_what_figures_read_raise_the_version(app, demo, make_slot):
    slot_id = make_slot()
    with app.app_context():
        before = freshness.current_version()
        db.session.add(LoginAttempt(email="someone@example.com", succeeded=False))  # not read by any cached figure
        db.session.commit()
        assert freshness.current_version() == before

        db.session.get(JobSeeker, 1).gender = "man"
        db.session.commit()
        assert freshness.current_version() == before + 1

        # A bulk UPDATE bypasses the unit of work (taking a slot's last place does this).
        db.session.execute(update(Slot).where(Slot.id == slot_id).values(places=3))
        db.session.commit()
        assert freshness.current_version() == before + 2


def test_a_rolled_back_change_leaves_the_version(app, demo):
    with app.app_context():
        before = freshness.current_version()
        db.session.get(JobSeeker, 1).full_name = "Someone Else"
        db.session.flush()
        db.session.rollback()
        assert freshness.current_version() == before


def test_cached_values_are_computed_once_per_version(app, demo):
    calls = []

    def compute():
        calls.append(1)
        return {"figure": len(calls)}

    with app.app_context():
        assert freshness.cached("test", "key", compute) == {"figure": 1}
        assert freshness.cached("test", "key", compute) == {"figure": 1}
        assert freshness.cached("test", "other key", compute) == {"figure": 2}
        db.session.get(JobSeeker, 1).full_name = "Someone Else"
        db.session.commit()
        assert freshness.cached("test", "key", compute) == {"figure": 3}


def test_statistics_show_a_new_placement_at_once(app, client, auth, demo, make_slot):
    slot_id = make_slot(start_date=date(2026, 1, 5), end_date=date(2026, 3, 1), places=20)
    client.get("/?lang=en")
    auth.login("coordinator@example.com")

    def started_women():
        return table(page(client.get("/stats/")), "placements")["Started"][0]

    assert started_women() == "fewer than 5"
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        for number in range(6):
            person = JobSeeker(full_name=f"Person {number}", gender="woman", birth_year=1990)
            db.session.add(Placement(slot_id=slot_id, jobseeker=person, matched_by=coordinator,
                                     status=PlacementStatus.ACTIVE))
        db.session.commit()
    assert started_women() == "6"
