"""Signing: the two steps, re-authentication, order independence, frozen content, idempotence under concurrency."""
import io
import threading

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel
from sqlalchemy import select

from portal.extensions import db
from portal.models import Agreement, AgreementSignature, PlacementStatus
from tests.agreement_helpers import PARTY_EMAILS, current_pdf, pyhanko_statuses, sign_as, sign_in_steps
from tests.conftest import login, page

ROLES = ("employer", "jobseeker", "coordinator")


def load(app, reference):
    return db.session.scalar(select(Agreement).where(Agreement.reference == reference))


@pytest.mark.parametrize("order", [("employer", "jobseeker", "coordinator"), ("coordinator", "jobseeker", "employer"),
                                   ("jobseeker", "coordinator", "employer")])
def test_any_order_of_signing_gives_a_final_pdf_whose_signatures_all_hold(app, new_agreement, order):
    reference = new_agreement()
    for number, role in enumerate(order, start=1):
        sign_as(app, role, reference)
        statuses = pyhanko_statuses(app, current_pdf(app, reference))
        assert len(statuses) == number  # each signature is an incremental update on top of the ones before
        for field, status in statuses:
            assert status.intact and status.valid and status.trusted and status.bottom_line, field
            assert status.modification_level in (ModificationLevel.NONE, ModificationLevel.FORM_FILLING)
        assert statuses[-1][1].coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert [field for field, _ in statuses] == [f"Signature.{role}" for role in order]
    with app.app_context():
        agreement = load(app, reference)
        version = agreement.current_version
        assert agreement.status == "signed" and version.status == "signed"
        assert agreement.placement.status == PlacementStatus.ACTIVE
        # Frozen content: everyone was shown the drafted PDF; each signed the previous result.
        signatures = version.signatures
        assert {s.shown_sha256 for s in signatures} == {version.pdf_sha256}
        assert signatures[0].input_sha256 == version.pdf_sha256
        assert all(b.input_sha256 == a.result_sha256 for a, b in zip(signatures, signatures[1:]))
        assert current_pdf(app, reference).startswith(version.pdf)  # incremental updates only, never a re-render
        first = signatures[0]
        assert first.role == order[0] and first.typed_name and first.ip_address == "127.0.0.1"
        assert first.user_agent.startswith("Werkzeug") and first.signed_at.tzinfo is not None
        assert first.audit_head == agreement.events[0].hash  # the chain head written into the signature


def test_signature_names_the_person_and_role(app, new_agreement):
    reference = new_agreement()
    sign_as(app, "jobseeker", reference)
    signature = PdfFileReader(io.BytesIO(current_pdf(app, reference))).embedded_signatures[0]
    assert signature.sig_object["/Name"] == "Amina Hassan"
    assert signature.sig_object["/Reason"] == f"Undertecknat som deltagare av Amina Hassan, avtal {reference} version 1"
    assert str(signature.sig_object["/ContactInfo"]).startswith("audit-chain-sha256:")


def test_step_two_needs_step_one(app, new_agreement):
    reference = new_agreement()
    client = login(app, "employer@example.com")
    response = client.post(f"/agreements/{reference}/sign/confirm",
                           data={"full_name": "Eva Exempel", "password": "praktik-demo-2026", "version": 1})
    assert response.status_code == 302 and response.location.endswith(f"/agreements/{reference}/sign")
    assert client.get(f"/agreements/{reference}/sign/confirm").status_code == 302
    unticked = client.post(f"/agreements/{reference}/sign", data={"version": 1})
    assert unticked.status_code == 200
    assert "Confirm that you have read the agreement" in page(unticked).get_text()
    with app.app_context():
        assert not load(app, reference).current_version.signatures


def test_wrong_password_or_name_signs_nothing(app, new_agreement):
    reference = new_agreement()
    client = login(app, "employer@example.com")
    wrong_password = sign_in_steps(client, reference, "Eva Exempel", password="not-the-password")
    assert wrong_password.status_code == 200 and "The password is wrong" in page(wrong_password).get_text()
    wrong_name = sign_in_steps(client, reference, "Someone Else")
    assert wrong_name.status_code == 200
    assert "Type your full name as it is written on your account: Eva Exempel" in page(wrong_name).get_text()
    with app.app_context():
        assert not load(app, reference).current_version.signatures
    assert sign_in_steps(client, reference, "  eva   exempel ").status_code == 302  # case and spaces do not matter


def test_pressing_sign_twice_signs_once(app, new_agreement):
    reference = new_agreement()
    client = login(app, "employer@example.com")
    sign_in_steps(client, reference, "Eva Exempel")
    again = client.post(f"/agreements/{reference}/sign/confirm",
                        data={"full_name": "Eva Exempel", "password": "praktik-demo-2026", "version": 1})
    assert again.status_code == 302
    with app.app_context():
        assert len(load(app, reference).current_version.signatures) == 1


def test_concurrent_posts_sign_once_per_party_and_keep_one_chain(app, new_agreement):
    """Two tabs per party, all pressing Sign at once: one signature each, one unbroken chain of updates."""
    reference = new_agreement()
    names = {"employer": "Eva Exempel", "jobseeker": "Amina Hassan", "coordinator": "Cecilia Handläggare"}
    clients = []
    for role in ROLES:
        for _tab in range(2):
            client = login(app, PARTY_EMAILS[role])
            client.post(f"/agreements/{reference}/sign", data={"read": "y", "authority": "y", "version": 1})
            clients.append((role, client))
    barrier = threading.Barrier(len(clients))
    results = []

    def press_sign(role, client):
        barrier.wait()
        response = client.post(f"/agreements/{reference}/sign/confirm",
                               data={"full_name": names[role], "password": "praktik-demo-2026", "version": 1})
        results.append(response.status_code)

    threads = [threading.Thread(target=press_sign, args=pair) for pair in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == [302] * len(clients)
    with app.app_context():
        agreement = load(app, reference)
        signatures = db.session.scalars(select(AgreementSignature)).all()
        signatures = [s for s in signatures if s.version.agreement_id == agreement.id]
        assert sorted(s.role for s in signatures) == sorted(ROLES)
        assert sorted(s.sequence for s in signatures) == [1, 2, 3]
        assert agreement.status == "signed"
        kinds = [e.kind for e in agreement.events]
        assert kinds.count("signed") == 3 and kinds.count("completed") == 1
    statuses = pyhanko_statuses(app, current_pdf(app, reference))
    assert len(statuses) == 3 and all(status.bottom_line for _, status in statuses)


def test_sign_page_shows_who_signed_and_who_is_awaited(app, new_agreement):
    reference = new_agreement()
    sign_as(app, "coordinator", reference)
    text = page(login(app, "employer@example.com").get(f"/agreements/{reference}")).get_text(" ", strip=True)
    assert "Employment service : Signed Cecilia Handläggare" in text
    assert "Employer : Awaited" in text and "Participant : Awaited" in text


@pytest.mark.parametrize("role", ROLES)
def test_each_party_sees_the_steps_in_order(app, new_agreement, role):
    reference = new_agreement()
    client = login(app, PARTY_EMAILS[role])
    step1 = page(client.get(f"/agreements/{reference}/sign"))
    assert step1.h1.get_text(strip=True) == "Read the agreement" and "Step 1 of 2" in step1.get_text()
    client.post(f"/agreements/{reference}/sign", data={"read": "y", "authority": "y", "version": 1})
    step2 = page(client.get(f"/agreements/{reference}/sign/confirm"))
    assert step2.h1.get_text(strip=True) == "Sign the agreement" and step2.find("input", attrs={"name": "password"})
