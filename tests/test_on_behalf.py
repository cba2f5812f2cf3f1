"""A coordinator signs for the job-seeker (issue 15, part 4): only after the employer, with a reason;
the PDF's /Reason and the audit trail name both people; the job-seeker is told; one signature even
when the job-seeker signs at the same moment."""
import io
import threading

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import select

from portal import notices
from portal.agreements.on_behalf import sign_on_behalf
from portal.agreements.signing import SigningError
from portal.extensions import db
from portal.models import AgreementSignature, Notice, User
from tests.agreement_helpers import current_pdf, pyhanko_statuses, sign_as
from tests.change_helpers import load, sign_by_function
from tests.conftest import DEMO_PASSWORD, login, page

FORM = {"reason": "no-e-id", "confirm": "y", "full_name": "Cecilia Handläggare", "password": DEMO_PASSWORD,
        "version": "1"}


def test_the_employer_signs_first(app, new_agreement):
    reference = new_agreement()
    client = login(app, "coordinator@example.com")
    response = client.get(f"/agreements/{reference}/sign-on-behalf")
    assert response.status_code == 302
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        with pytest.raises(SigningError) as refused:
            sign_on_behalf(reference, coordinator, reason="no-e-id", version_number=1)
        assert refused.value.code == "employer-first"
    assert "Sign for the participant" not in page(client.get(f"/agreements/{reference}")).get_text()


def test_a_signature_on_behalf_names_both_people_and_tells_the_job_seeker(app, new_agreement):
    reference = new_agreement()
    sign_by_function(app, reference, roles=("employer",))
    client = login(app, "coordinator@example.com")
    assert "Sign for the participant" in page(client.get(f"/agreements/{reference}")).get_text()
    response = client.post(f"/agreements/{reference}/sign-on-behalf", data=FORM)
    assert response.status_code == 302, page(response).get_text()[:800]
    pdf = current_pdf(app, reference)
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[1]
    assert signature.field_name == "Signature.jobseeker"
    reason = str(signature.sig_object["/Reason"])
    assert "Amina Hassan" in reason and "Cecilia Handläggare" in reason and "e-legitimation" in reason
    assert all(status.bottom_line for _field, status in pyhanko_statuses(app, pdf))
    with app.app_context():
        agreement = load(reference)
        row = agreement.current_version.signature_for("jobseeker")
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        assert row.user_id == coordinator.id and row.on_behalf_of == "Amina Hassan" and row.on_behalf_reason == "no-e-id"
        event = [e for e in agreement.events if e.kind == "signed-on-behalf"][0]
        assert event.actor_id == coordinator.id and '"on_behalf_of":"Amina Hassan"' in event.details
        jobseeker = db.session.scalar(select(User).where(User.email == "jobseeker@example.com"))
        assert db.session.scalar(select(Notice).where(Notice.user_id == jobseeker.id,
                                                      Notice.kind == notices.SIGNED_ON_BEHALF)) is not None
    audit = page(client.get(f"/agreements/{reference}/audit")).get_text(" ", strip=True)
    assert "Cecilia Handläggare signed for Amina Hassan" in audit
    assert "Amina Hassan, signed for them by Cecilia Handläggare" in audit
    # The job-seeker cannot sign again; the coordinator signs for the authority and it is final.
    sign_as(app, "coordinator", reference)
    with app.app_context():
        assert load(reference).status == "signed"


def test_another_reason_needs_words_and_a_wrong_password_signs_nothing(app, new_agreement):
    reference = new_agreement()
    sign_by_function(app, reference, roles=("employer",))
    client = login(app, "coordinator@example.com")
    other = client.post(f"/agreements/{reference}/sign-on-behalf", data=dict(FORM, reason="other", note=""))
    assert other.status_code == 200 and "Describe the reason in your words" in page(other).get_text()
    wrong = client.post(f"/agreements/{reference}/sign-on-behalf", data=dict(FORM, password="not-the-password"))
    assert wrong.status_code == 200 and "The password is wrong" in page(wrong).get_text()
    with app.app_context():
        assert load(reference).current_version.signature_for("jobseeker") is None
    worded = client.post(f"/agreements/{reference}/sign-on-behalf",
                         data=dict(FORM, reason="other", note="In hospital this week"))
    assert worded.status_code == 302
    reason = str(PdfFileReader(io.BytesIO(current_pdf(app, reference))).embedded_signatures[1].sig_object["/Reason"])
    assert "In hospital this week" in reason


def test_only_a_coordinator_signs_on_behalf(app, new_agreement):
    reference = new_agreement()
    sign_by_function(app, reference, roles=("employer",))
    for email in ("employer@example.com", "jobseeker@example.com", "union@example.com"):
        assert login(app, email).post(f"/agreements/{reference}/sign-on-behalf", data=FORM).status_code == 403


def test_the_job_seeker_and_the_coordinator_at_the_same_moment_sign_once(app, new_agreement):
    reference = new_agreement()
    sign_by_function(app, reference, roles=("employer",))
    coordinator = login(app, "coordinator@example.com")
    jobseeker = login(app, "jobseeker@example.com")
    jobseeker.post(f"/agreements/{reference}/sign", data={"read": "y", "authority": "y", "version": 1})
    barrier = threading.Barrier(2)
    results = []

    def on_behalf():
        barrier.wait()
        results.append(coordinator.post(f"/agreements/{reference}/sign-on-behalf", data=FORM).status_code)

    def own():
        barrier.wait()
        results.append(jobseeker.post(f"/agreements/{reference}/sign/confirm", data={
            "full_name": "Amina Hassan", "password": DEMO_PASSWORD, "version": 1}).status_code)

    threads = [threading.Thread(target=on_behalf), threading.Thread(target=own)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [302, 302]
    with app.app_context():
        agreement = load(reference)
        rows = db.session.scalars(select(AgreementSignature).where(
            AgreementSignature.version_id == agreement.current_version.id)).all()
        assert sorted(row.role for row in rows) == ["employer", "jobseeker"]
        assert sorted(row.sequence for row in rows) == [1, 2]
    assert len(pyhanko_statuses(app, current_pdf(app, reference))) == 2
