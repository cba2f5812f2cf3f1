"""Overlaps (issue 15, part 5): matching someone whose other placement overlaps the slot's dates
warns on the match's confirmation page and goes ahead only with a confirmed reason, which is kept
with the placement, shown in its history and logged in the agreement's audit trail."""
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.jobseekers.matching import MatchRefused, confirm_match
from portal.models import Agreement, JobSeeker, Placement, Slot, User
from tests.conftest import login, page


def amina(app):
    with app.app_context():
        return db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == "Amina Hassan"))


def test_an_overlap_warns_and_needs_a_confirmed_reason(app, new_agreement, make_slot):
    new_agreement()  # Amina's placement, starting in 10 days for 60 days
    jobseeker_id = amina(app)
    overlapping = make_slot(title="Kassa, kväll", places=2, start_date=date.today() + timedelta(days=30),
                            end_date=date.today() + timedelta(days=90))
    client = login(app, "coordinator@example.com")
    response = client.post(f"/jobseekers/{jobseeker_id}/match/{overlapping}")
    assert response.status_code == 302 and response.location.endswith(f"/match/{overlapping}/overlap")
    warning = page(client.get(response.location)).get_text(" ", strip=True)
    assert "has another placement at the same time" in warning and "Kassabiträde" in warning
    with app.app_context():
        assert db.session.scalar(select(Placement).where(Placement.slot_id == overlapping)) is None
        assert db.session.get(Slot, overlapping).places_filled == 0
    unconfirmed = client.post(response.location, data={"reason": "Evenings only"})
    assert unconfirmed.status_code == 200
    assert "Confirm that you have checked the overlap" in page(unconfirmed).get_text()
    no_reason = client.post(response.location, data={"confirm": "y"})
    assert "Give the reason for matching despite the overlap" in page(no_reason).get_text()
    with app.app_context():
        assert db.session.scalar(select(Placement).where(Placement.slot_id == overlapping)) is None
    confirmed = client.post(response.location, data={"reason": "Evenings only, the other is mornings", "confirm": "y"})
    assert confirmed.status_code == 302
    with app.app_context():
        placement = db.session.scalar(select(Placement).where(Placement.slot_id == overlapping))
        assert placement.overlap_reason == "Evenings only, the other is mornings"
        assert "Kassabiträde" in placement.overlap_with
        agreement = db.session.scalar(select(Agreement).where(Agreement.placement_id == placement.id))
        event = [e for e in agreement.events if e.kind == "overlap-confirmed"][0]
        assert "Evenings only" in event.details and event.actor.email == "coordinator@example.com"
        reference = agreement.reference
    history = page(client.get(f"/jobseekers/{jobseeker_id}")).get_text(" ", strip=True)
    assert "despite an overlapping placement" in history and "Evenings only, the other is mornings" in history
    audit = page(client.get(f"/agreements/{reference}/audit")).get_text(" ", strip=True)
    assert "Matched despite an overlapping placement" in audit


def test_no_overlap_matches_at_once(app, new_agreement, make_slot):
    new_agreement()
    later = make_slot(title="Lager, senare", start_date=date.today() + timedelta(days=100),
                      end_date=date.today() + timedelta(days=130))
    response = login(app, "coordinator@example.com").post(f"/jobseekers/{amina(app)}/match/{later}")
    assert response.status_code == 302 and "/overlap" not in response.location
    with app.app_context():
        placement = db.session.scalar(select(Placement).where(Placement.slot_id == later))
        assert placement is not None and placement.overlap_reason == ""


def test_confirm_match_refuses_an_overlap_without_a_reason(app, new_agreement, make_slot):
    new_agreement()
    overlapping = make_slot(title="Kassa, helg", start_date=date.today() + timedelta(days=20),
                            end_date=date.today() + timedelta(days=40))
    with app.app_context():
        jobseeker = db.session.get(JobSeeker, amina(app))
        slot = db.session.get(Slot, overlapping)
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        with pytest.raises(MatchRefused, match="overlap"):
            confirm_match(jobseeker, slot, coordinator)
        assert db.session.get(Slot, overlapping).places_filled == 0


def test_two_overlapping_matches_of_one_person_at_once_make_one(app, demo, make_slot):
    first = make_slot(title="Första", start_date=date.today() + timedelta(days=10),
                      end_date=date.today() + timedelta(days=40))
    second = make_slot(title="Andra", start_date=date.today() + timedelta(days=20),
                       end_date=date.today() + timedelta(days=50))
    jobseeker_id = amina(app)
    barrier = threading.Barrier(2)
    results = []

    def match(slot_id):
        with app.app_context():
            jobseeker = db.session.get(JobSeeker, jobseeker_id)
            slot = db.session.get(Slot, slot_id)
            coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
            db.session.commit()  # nothing read stays open while waiting
            barrier.wait()
            try:
                confirm_match(jobseeker, slot, coordinator)
                db.session.commit()
                results.append("matched")
            except MatchRefused as refusal:
                results.append(str(refusal))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=match, args=(slot_id,)) for slot_id in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["matched", "overlap"]
    with app.app_context():
        assert len(db.session.scalars(select(Placement).where(Placement.jobseeker_id == jobseeker_id)).all()) == 1
