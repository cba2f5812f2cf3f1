"""The security suite's own fixture: `world`, one of everything a state-changing route acts on (the
shared fixtures, logging in included, are in tests/conftest.py)."""
from datetime import date, timedelta

import pytest

from portal.extensions import db
from tests.conftest import DEMO_PASSWORD


@pytest.fixture
def world(app, demo, make_slot, make_placement, new_agreement):
    """One of everything a state-changing route acts on, each owned by the party that may act on it.

    Slots of the demo employer in each status, a running and an ended placement, two drafted
    agreements, an organisation to verify, a job-seeker record, a guide question nobody answered,
    and an account whose password may be changed.
    """
    from portal.accounts.users import new_user
    from portal.guide import unanswered
    from portal.models import JobSeeker, Organisation, SlotStatus, User

    ids = {
        "draft": make_slot(status=SlotStatus.DRAFT, title="Utkast"),
        "draft_to_withdraw": make_slot(status=SlotStatus.DRAFT, title="Utkast att dra tillbaka"),
        "draft_to_send": make_slot(status=SlotStatus.DRAFT, title="Utkast att skicka"),
        "consented": make_slot(places=3, title="Godkänd plats"),
        "awaiting": make_slot(status=SlotStatus.AWAITING_REVIEW, title="Väntar på facket"),
        "objected": make_slot(status=SlotStatus.AWAITING_DECISION, statement="object", title="Avstyrkt"),
        "to_decide": make_slot(status=SlotStatus.AWAITING_DECISION, title="Väntar på beslut"),
        "in_consultation": make_slot(status=SlotStatus.AWAITING_REVIEW, title="I samråd"),
        "running_placement": make_placement("Karim Haddad", days_ago_ended=-30),  # ends in 30 days
        "ended_placement": make_placement("Amina Hassan"),
        "agreement": new_agreement(),
        "agreement_to_decline": new_agreement(),
        # The demo job-seeker's placement with the employer's final report in: a certificate to accept.
        "reported_placement": make_placement("Amina Hassan", days_ago_ended=3, title="Intygsplats"),
        "check_in_placement": make_placement("Olena Kovalenko", days_ago_ended=-30, title="Halvvägs"),  # half-way
        "overlap_slot": make_slot(places=2, title="Överlappande plats"),
        # Later than any placement of the job-seeker here: matching overlapping dates asks for a
        # reason first (issue 15, part 5), and the plain match's control post must match.
        "later_slot": make_slot(places=2, title="Senare plats", start_date=date.today() + timedelta(days=200),
                                end_date=date.today() + timedelta(days=230)),
        "quiz": ("cover-sick-colleague", "no"),
    }
    # A fully signed agreement to change, and one the employer signed, for the coordinator to sign
    # for the job-seeker (issue 15, parts 3 and 4).
    from tests.change_helpers import change_form, sign_by_function, signed_agreement

    ids["signed_agreement"] = signed_agreement(app, new_agreement)
    ids["change_data"] = change_form(app, ids["signed_agreement"], hours_per_week=30)
    ids["agreement_employer_signed"] = new_agreement()
    sign_by_function(app, ids["agreement_employer_signed"], roles=("employer",))
    with app.app_context():
        ids["unverified_organisation"] = db.session.scalar(
            select_id(Organisation, Organisation.organisation_number == "5590011226"))
        ids["jobseeker"] = db.session.scalar(select_id(JobSeeker, JobSeeker.full_name == "Olena Kovalenko"))
        ids["union_user"] = db.session.scalar(select_id(User, User.email == "union@example.com"))
        ids["certificate_text"] = _submit_final_report(ids["reported_placement"])
        ids["unanswered"] = unanswered.record("Hur många semesterdagar får deltagaren?", "sv").normalised
        new_user(email="keys@example.com", password=DEMO_PASSWORD, role="coordinator", full_name="Kim Nyckel")
        # An employer registered on the form, the address not confirmed yet, and the link mailed to it.
        from portal.organisations import registration

        pending = new_user(email="pending@example.com", password=DEMO_PASSWORD, role="employer",
                           full_name="Pia Väntar", organisation=db.session.get(Organisation, ids["unverified_organisation"]))
        pending.awaiting_confirmation = True
        db.session.flush()
        ids["confirmation_link"] = f"/organisations/register/confirm/{registration.confirmation_token(pending)}"
        # A job-seeker invited to the portal, and an account whose owner asked for a reset link.
        from sqlalchemy import select

        from portal.accounts import links, recovery

        karim = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Karim Haddad"))
        invited = recovery.invite(karim, "karim@example.com")
        ids["invitation_link"] = f"/invitation/{links.token_for(invited, recovery.INVITATION)}"
        forgetful = new_user(email="forgetful@example.com", password=DEMO_PASSWORD, role="union", full_name="Frida Glömsk")
        db.session.flush()
        ids["reset_link"] = f"/password/reset/{links.token_for(forgetful, recovery.RESET)}"
        db.session.commit()
    return ids


def _submit_final_report(placement_id):
    """Submit the employer's final report; returns the SHA-256 of the certificate text it gives."""
    from sqlalchemy import select

    from portal.certificates import issuing
    from portal.models import EmployerReport, Placement, User
    from portal.models.base import utcnow

    placement = db.session.get(Placement, placement_id)
    author = db.session.scalar(select(User).where(User.email == "employer@example.com"))
    report = EmployerReport(placement_id=placement_id, author_id=author.id, attendance_percent=95,
                            tasks_done="Orders", submitted_at=utcnow())
    db.session.add(report)
    db.session.flush()
    return issuing.terms_sha256(issuing.proposed_terms(placement, report))


def select_id(model, condition):
    from sqlalchemy import select

    return select(model.id).where(condition)
