"""One fully signed demo agreement: jobseeker@example.com placed at the demo employer.

Idempotent: it reuses the job-seeker's placement at the demo organisation (or matches them to
the demo organisation's open slot, or creates a slot), and does nothing once that placement has
a signed agreement. Called at the end of `load_demo_data()`.
"""
from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Agreement,
    JobSeeker,
    Organisation,
    Placement,
    ReviewDecision,
    Role,
    Slot,
    SlotStatus,
    UnionReview,
    User,
)
from ..models.slots import ConsultationDecision, DecisionOutcome
from .drafting import draft_agreement
from .signing import sign_agreement

DEMO_REFERENCE = "PA-DEMO-0001"
DEMO_ORGANISATION_NUMBER = "5566778899"


def load_demo_agreement(quiet=False):
    """Create what is missing; return the demo agreement's reference (None without the demo records)."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.organisation_number == DEMO_ORGANISATION_NUMBER)
    )
    jobseeker_user = _user("jobseeker@example.com")
    coordinator, employer = _user("coordinator@example.com"), _user("employer@example.com")
    jobseeker = jobseeker_user.jobseeker if jobseeker_user else None
    if None in (organisation, jobseeker, coordinator, employer):
        return None
    placement = _placement(organisation, jobseeker, coordinator, employer)
    agreement = db.session.scalar(select(Agreement).where(Agreement.placement_id == placement.id))
    if agreement is None:
        reference = DEMO_REFERENCE
        if db.session.scalar(select(Agreement.id).where(Agreement.reference == reference)):
            reference = None  # a fresh reference when the demo one is taken by another placement
        agreement = draft_agreement(placement, coordinator, reference=reference, notify=False)
        db.session.commit()
    if not agreement.is_final:
        version = agreement.current_version
        for user in (employer, jobseeker_user, coordinator):
            sign_agreement(agreement.reference, user, typed_name=user.full_name, version_number=version.number,
                           ip_address="127.0.0.1", user_agent="demo-data")
    if not quiet:
        print(f"Demo agreement signed by all parties: {agreement.reference}")
    return agreement.reference


def _user(email):
    return db.session.scalar(select(User).where(User.email == email))


def _placement(organisation, jobseeker, coordinator, employer):
    placement = db.session.scalar(
        select(Placement).join(Slot, Placement.slot_id == Slot.id).where(
            Placement.jobseeker_id == jobseeker.id, Slot.organisation_id == organisation.id
        )
    )
    if placement is not None:
        return placement
    slot = db.session.scalar(
        select(Slot).where(
            Slot.organisation_id == organisation.id, Slot.open_on(date.today()),
        ).order_by(Slot.id)
    ) or _demo_slot(organisation, employer)
    slot.places_filled += 1
    placement = Placement(slot=slot, jobseeker=jobseeker, matched_by=coordinator)
    db.session.add(placement)
    db.session.flush()
    return placement


def _demo_slot(organisation, employer):
    start = date.today() + timedelta(days=14)
    slot = Slot(
        organisation=organisation, created_by=employer, status=SlotStatus.APPROVED,
        placement_type="language-placement", title="Butiksbiträde", occupation="Shop assistant",
        tasks="Fill shelves, help customers find goods, work at the till with a colleague.",
        places=1, start_date=start, end_date=start + timedelta(weeks=12), hours_per_week=30,
        schedule="Monday to Friday, 9.00–15.00", workplace_address=organisation.workplace_address,
        supervisor_name="Sara Handledare", supervisor_role="Store manager", supervisor_phone="08-123 456 78",
        supervisor_email="sara@exempelbolaget.example", swedish_level="basic",
        declares_no_reemployment_rights=True, declares_no_labour_dispute=True,
        declares_not_replacing_staff=True, declares_supervisor_time=True,
    )
    db.session.add(slot)
    union = db.session.scalar(select(User).where(User.role == Role.UNION).order_by(User.id))
    review = None
    if union is not None:
        review = UnionReview(slot=slot, reviewer=union, decision=ReviewDecision.CONSENT,
                             reason="Good supervision and clear tasks.")
        db.session.add(review)
    coordinator = db.session.scalar(select(User).where(User.role == Role.COORDINATOR).order_by(User.id))
    db.session.add(ConsultationDecision(slot=slot, slot_revision=1, outcome=DecisionOutcome.APPROVE, review=review,
                                        reason="The union supports it; a supervisor with time.", decided_by=coordinator))
    return slot
