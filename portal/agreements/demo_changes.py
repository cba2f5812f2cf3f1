"""Demo agreements for issue 15, parts 3 and 4: one changed once (version 2, a longer period and new
hours, signed by all three) and one the coordinator signed on the job-seeker's behalf.

Idempotent: each has a fixed reference and is made only when missing. Called by `load_demo_data()`
after the first demo agreement; prints the references.
"""
from datetime import date, timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Agreement, JobSeeker, Organisation, Placement
from .changes import TERM_FIELDS, current_terms, propose_change
from .demo import DEMO_ORGANISATION_NUMBER, _demo_slot, _user
from .drafting import draft_agreement
from .on_behalf import sign_on_behalf
from .signing import sign_agreement

CHANGED_REFERENCE = "PA-DEMO-0002"
ON_BEHALF_REFERENCE = "PA-DEMO-0003"


def load_demo_changes(quiet=False):
    """Create what is missing; return (changed reference, on-behalf reference), or None without the demo records."""
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.organisation_number == DEMO_ORGANISATION_NUMBER))
    employer, coordinator = _user("employer@example.com"), _user("coordinator@example.com")
    jobseeker_user = _user("jobseeker@example.com")
    karim = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Karim Haddad"))
    if None in (organisation, employer, coordinator, jobseeker_user, karim):
        return None
    changed = _changed(organisation, employer, coordinator, jobseeker_user)
    on_behalf = _on_behalf(organisation, employer, coordinator, karim)
    if not quiet:
        print(f"Demo agreement changed once (version 2 signed by all parties): {changed}")
        print(f"Demo agreement signed by the coordinator on the job-seeker's behalf: {on_behalf}")
    return changed, on_behalf


def _existing(reference):
    return db.session.scalar(select(Agreement).where(Agreement.reference == reference))


def _placement(organisation, employer, coordinator, jobseeker, title, start):
    slot = _demo_slot(organisation, employer)
    slot.title, slot.start_date, slot.end_date = title, start, start + timedelta(weeks=8)
    slot.places_filled = 1
    placement = Placement(slot=slot, jobseeker=jobseeker, matched_by=coordinator)
    db.session.add(placement)
    db.session.flush()
    return placement


def _sign(reference, users):
    for user in users:
        agreement = _existing(reference)
        sign_agreement(reference, user, typed_name=user.full_name, version_number=agreement.current_version.number,
                       ip_address="127.0.0.1", user_agent="demo-data")


def _changed(organisation, employer, coordinator, jobseeker_user):
    """Amina's second placement, after her first: signed, extended by four weeks at 25 hours, signed again."""
    agreement = _existing(CHANGED_REFERENCE)
    if agreement is None:
        # After the first demo placement (which starts in two weeks and lasts twelve): no overlap.
        placement = _placement(organisation, employer, coordinator, jobseeker_user.jobseeker, "Lagerarbetare",
                               date.today() + timedelta(weeks=16))
        draft_agreement(placement, coordinator, reference=CHANGED_REFERENCE, notify=False)
        db.session.commit()
        _sign(CHANGED_REFERENCE, (employer, jobseeker_user, coordinator))
        agreement = _existing(CHANGED_REFERENCE)
    if agreement.current_version.number == 1 and agreement.is_final:
        values = {name: value for name, value in current_terms(agreement.placement).items() if name in TERM_FIELDS}
        values["end_date"] += timedelta(weeks=4)
        values["hours_per_week"] = 25
        propose_change(CHANGED_REFERENCE, employer, values=values,
                       reason="Deltagaren lär sig truckkörning och behöver fyra veckor till; kortare dagar passar "
                              "sfi-lektionerna.")
    if not _existing(CHANGED_REFERENCE).is_final:
        _sign(CHANGED_REFERENCE, (employer, jobseeker_user, coordinator))
    return CHANGED_REFERENCE


def _on_behalf(organisation, employer, coordinator, karim):
    """Karim has no e-ID: the employer signs, the coordinator signs for him, then for the authority."""
    agreement = _existing(ON_BEHALF_REFERENCE)
    if agreement is None:
        placement = _placement(organisation, employer, coordinator, karim, "Kassabiträde",
                               date.today() + timedelta(weeks=3))
        draft_agreement(placement, coordinator, reference=ON_BEHALF_REFERENCE, notify=False)
        db.session.commit()
        agreement = _existing(ON_BEHALF_REFERENCE)
    if not agreement.is_final:
        version = agreement.current_version
        if version.signature_for("employer") is None:
            _sign(ON_BEHALF_REFERENCE, (employer,))
        if _existing(ON_BEHALF_REFERENCE).current_version.signature_for("jobseeker") is None:
            sign_on_behalf(ON_BEHALF_REFERENCE, coordinator, reason="no-e-id", version_number=version.number,
                           ip_address="127.0.0.1", user_agent="demo-data")
        if _existing(ON_BEHALF_REFERENCE).current_version.signature_for("coordinator") is None:
            _sign(ON_BEHALF_REFERENCE, (coordinator,))
    return ON_BEHALF_REFERENCE
