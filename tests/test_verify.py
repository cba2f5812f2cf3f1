"""/verify: pyHanko's whole-document judgement, tamper detection, bad uploads, the JSON answer."""
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader, PdfWriter
from sqlalchemy import select

from portal.agreements.certificates import create_portal_pki
from portal.extensions import db
from portal.models import Agreement
from tests.agreement_helpers import current_pdf, sign_as
from tests.conftest import page

JSON = {"Accept": "application/json"}


def check(client, data, filename="agreement.pdf", headers=JSON):
    """Post a file to /verify; the answer comes in English, which the assertions read."""
    return client.post("/verify", data={"document": (io.BytesIO(data), filename)},
                       headers={"Accept-Language": "en", **headers}, content_type="multipart/form-data")


@pytest.fixture
def signed(app, new_agreement):
    reference = new_agreement()
    for role in ("employer", "jobseeker", "coordinator"):
        sign_as(app, role, reference)
    return reference, current_pdf(app, reference)


def test_a_fully_signed_agreement_is_valid_and_found(client, signed):
    reference, pdf = signed
    answer = check(client, pdf).get_json()
    assert answer["valid"] is True and answer["altered"] is False and answer["agreement"] == reference
    assert [(s["name"], s["role"], s["valid"]) for s in answer["signatures"]] == [
        ("Eva Exempel", "employer", True), ("Amina Hassan", "jobseeker", True), ("Cecilia Handläggare", "coordinator", True)]
    assert all(s["signed_at"].endswith("+00:00") for s in answer["signatures"])
    html = page(check(client, pdf, headers={}))
    text = html.get_text(" ", strip=True)
    assert "The signatures are valid and cover the whole document" in text
    assert f"It is agreement {reference}, version 1" in text and "final document" in text


def test_checking_is_logged_in_the_audit_chain_but_the_file_is_not_kept(app, client, signed):
    reference, pdf = signed
    check(client, pdf)
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        event = agreement.events[-1]
        assert event.kind == "verified" and '"valid":true' in event.details and event.actor_id is None


def test_one_byte_changed_is_altered(client, signed):
    _reference, pdf = signed
    for offset in (len(pdf) // 3, len(pdf) // 2, len(pdf) - 300):
        tampered = bytearray(pdf)
        tampered[offset] = (tampered[offset] + 1) % 256
        answer = check(client, bytes(tampered)).get_json()
        assert answer["altered"] is True and answer["valid"] is False and answer["agreement"] is None, offset


def test_a_page_appended_after_the_last_signature_is_altered(client, signed):
    _reference, pdf = signed
    writer = PdfWriter(PdfReader(io.BytesIO(pdf)), incremental=True)
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    appended = out.getvalue()
    assert appended.startswith(pdf)  # an incremental update: every signature's bytes are untouched
    answer = check(client, appended).get_json()
    assert answer["altered"] is True and answer["valid"] is False


def test_an_unsigned_draft_is_found_but_not_valid(app, client, new_agreement):
    reference = new_agreement()
    answer = check(client, current_pdf(app, reference)).get_json()
    assert answer == {"valid": False, "altered": False, "signatures": [], "agreement": reference, "version": 1,
                      "latest_version": 1, "signed_by": [], "awaiting": ["employer", "jobseeker", "coordinator"],
                      "complete": False, "final": False}


def test_a_signature_from_another_ca_is_not_trusted(app, client, signed, tmp_path):
    _reference, pdf = signed
    app.config["AGREEMENT_SIGNING_DIR"] = str(tmp_path / "other-pki")
    create_portal_pki(tmp_path / "other-pki", organisation="Someone Else")
    answer = check(client, pdf).get_json()
    assert answer["valid"] is False and all(s["valid"] is False for s in answer["signatures"])


@pytest.mark.parametrize("data, filename, message", [
    (b"", "empty.pdf", "The file is empty"),
    (b"PK\x03\x04 a zip file, not a pdf", "agreement.docx", "The file is not a PDF"),
    (b"<html>hello</html>", "agreement.pdf", "The file is not a PDF"),
])
def test_bad_uploads_get_a_message_next_to_the_field(client, data, filename, message):
    response = check(client, data, filename, headers={})
    assert response.status_code == 400
    error = page(response).find(id="document-error")
    assert error and message in error.get_text()
    assert check(client, data, filename).get_json()["message"].startswith(message)


def test_a_truncated_pdf_is_reported_as_incomplete(client, signed):
    _reference, pdf = signed
    response = check(client, pdf[: len(pdf) // 2], headers={})
    assert response.status_code == 400 and "The file is incomplete" in page(response).find(id="document-error").get_text()


def test_no_file_and_a_too_large_file(app, client):
    response = client.post("/verify", data={}, content_type="multipart/form-data",
                           headers={"Accept-Language": "en"})
    assert response.status_code == 400 and "Choose a PDF file to check" in page(response).get_text()
    app.config["VERIFY_MAX_BYTES"] = 1000
    response = check(client, b"%PDF-1.7\n" + b"0" * 5000 + b"\n%%EOF\n", headers={})
    assert response.status_code == 413 and "larger than 1 MB" in page(response).find(id="document-error").get_text()


def test_larger_than_the_portal_accepts_at_all(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 2000
    response = check(client, b"%PDF-1.7\n" + b"0" * 5000 + b"\n%%EOF\n", headers={})
    assert response.status_code == 413 and page(response).find(id="document-error")


def test_a_damaged_pdf_that_still_looks_like_one_is_altered_not_an_error(client, signed):
    _reference, pdf = signed
    damaged = pdf[:2000] + b"\x00" * 4000 + pdf[6000:]
    answer = check(client, damaged).get_json()
    assert answer["valid"] is False and answer["altered"] is True


def test_verify_page_works_without_logging_in(client):
    html = page(client.get("/verify?lang=en"))
    assert html.h1.get_text(strip=True) == "Check a signed agreement"
    assert html.find("input", attrs={"type": "file", "name": "document"})


def test_an_earlier_revision_says_its_version_who_signed_and_that_it_is_not_final(app, client, signed):
    """Issue 13, item 4: the copy after two of three signatures is valid as far as it goes, and says so."""
    reference, pdf = signed
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        second = agreement.current_version.signatures[1].result_pdf
    answer = check(client, second).get_json()
    assert answer["valid"] is True and answer["altered"] is False
    assert (answer["agreement"], answer["version"], answer["latest_version"]) == (reference, 1, 1)
    assert answer["signed_by"] == ["employer", "jobseeker"] and answer["awaiting"] == ["coordinator"]
    assert answer["complete"] is False and answer["final"] is False
    text = page(check(client, second, headers={})).get_text(" ", strip=True)
    result = text[text.index("It is agreement"):]
    assert "Not yet signed in this copy by: Employment service" in result, result
    assert "This copy is signed by: Employer, Participant" in result and "It is not the final agreement" in result
    final = check(client, pdf).get_json()
    assert final["complete"] is True and final["final"] is True and final["awaiting"] == []


def _verified_events(app, reference):
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        return sum(1 for event in agreement.events if event.kind == "verified")


def test_parallel_uploads_add_one_verified_event_per_address_and_hour(app, signed):
    """Issue 13, item 3: 30 parallel uploads of a real agreement from one address added 30 events."""
    reference, pdf = signed

    def upload(address):
        client = app.test_client()
        response = client.post("/verify", data={"document": (io.BytesIO(pdf), "a.pdf")}, headers=JSON,
                               content_type="multipart/form-data", environ_base={"REMOTE_ADDR": address})
        return response.status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(upload, ["203.0.113.7"] * 30))
    assert codes == [200] * 30
    assert _verified_events(app, reference) == 1
    assert upload("198.51.100.9") == 200
    assert _verified_events(app, reference) == 2


def test_uploads_over_the_limit_per_address_are_refused_and_leave_no_trace(app, signed):
    reference, pdf = signed
    app.config["VERIFY_UPLOADS_PER_ADDRESS"] = 3
    client = app.test_client()
    for _ in range(3):
        assert check(client, pdf).status_code == 200
    response = check(client, pdf, headers={})
    assert response.status_code == 429
    assert "You have checked many files in a short time" in page(response).find(id="document-error").get_text()
    assert check(client, pdf).get_json()["error"] == "rate-limited"
    assert _verified_events(app, reference) == 1
    other = app.test_client()
    assert other.post("/verify", data={"document": (io.BytesIO(pdf), "a.pdf")}, headers=JSON,
                      content_type="multipart/form-data",
                      environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code == 200
