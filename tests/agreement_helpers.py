"""Helpers for the agreement tests: signing in the browser's steps, the signed PDF and pyHanko's view of it.

The fixtures (new_agreement, signing_dir) are in tests/conftest.py.
"""
import io

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from portal.agreements.blocking import run_blocking
from portal.agreements.certificates import signing_material
from portal.agreements.drafting import draft_agreement
from portal.extensions import db
from portal.models import Agreement, JobSeeker, Placement, Slot, User
from tests.conftest import DEMO_PASSWORD, login

PARTY_EMAILS = {
    "employer": "employer@example.com",
    "jobseeker": "jobseeker@example.com",
    "coordinator": "coordinator@example.com",
}


def sign_in_steps(client, reference, full_name, password=DEMO_PASSWORD):
    """Step 1 (read and confirm), then step 2 (name and password). Returns step 2's response."""
    step1 = client.post(f"/agreements/{reference}/sign", data={"read": "y", "authority": "y", "version": _version(client, reference)})
    assert step1.status_code == 302, step1.get_data(as_text=True)[:500]
    return client.post(
        f"/agreements/{reference}/sign/confirm",
        data={"full_name": full_name, "password": password, "version": _version(client, reference)},
    )


def _version(client, reference):
    with client.application.app_context():
        return db.session.scalar(select(Agreement).where(Agreement.reference == reference)).current_version.number


def sign_as(app, role, reference):
    email = PARTY_EMAILS[role]
    with app.app_context():
        name = db.session.scalar(select(User.full_name).where(User.email == email))
    response = sign_in_steps(login(app, email), reference, name)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return response


def current_pdf(app, reference):
    with app.app_context():
        version = db.session.scalar(select(Agreement).where(Agreement.reference == reference)).current_version
        return version.signatures[-1].result_pdf if version.signatures else version.pdf


def pyhanko_statuses(app, pdf):
    """pyHanko's validation of every signature, trusting the portal's CA."""
    with app.app_context():
        roots = list(signing_material().trust_roots)
    context = ValidationContext(trust_roots=roots)
    reader = PdfFileReader(io.BytesIO(pdf))
    # run_blocking: after the browser tests, Playwright's event loop still runs in this thread.
    return [(sig.field_name, run_blocking(validate_pdf_signature, sig, context)) for sig in reader.embedded_signatures]


def agreement_of_another_jobseeker(app, make_slot, jobseeker_name="Karim Haddad"):
    """A drafted agreement at the demo employer for a job-seeker who is not jobseeker@example.com (for the access matrix)."""
    slot_id = make_slot(title="Lagerarbete, avtal")
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        jobseeker = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == jobseeker_name))
        placement = Placement(slot=slot, jobseeker=jobseeker, matched_by=coordinator)
        db.session.add(placement)
        agreement = draft_agreement(placement, coordinator, notify=False)
        db.session.commit()
        return agreement.reference
