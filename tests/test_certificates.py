"""The placement certificate (issue 15, part 10): the job-seeker accepts its wording after the final
report, the portal issues a PDF signed once by the portal, and /verify finds it by its SHA-256."""
import io

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Notice, PlacementCertificate
from tests.conftest import COMPLETE_REPORT, goal_fields, login, page

JSON = {"Accept": "application/json", "Accept-Language": "en"}


def submit_report(app, placement_id, **changes):
    employer = login(app, "employer@example.com")
    goals = sorted(set(goal_fields(page(employer.get(f"/placements/{placement_id}/report")))))
    data = {**COMPLETE_REPORT, "certificate_reference": "Amina was reliable and kind to customers.",
            **{goal: "4" for goal in goals}, **changes}
    assert employer.post(f"/placements/{placement_id}/report", data=data).status_code == 302


def verify(client, pdf):
    return client.post("/verify", data={"document": (io.BytesIO(pdf), "intyg.pdf")}, headers=JSON,
                       content_type="multipart/form-data").get_json()


def test_the_jobseeker_accepts_the_wording_and_gets_a_verifiable_certificate(app, demo, make_placement):
    placement_id = make_placement()  # the demo job-seeker's, ended yesterday after 60 days
    client = login(app, "jobseeker@example.com")
    before = page(client.get(f"/placements/{placement_id}/certificate")).get_text(" ", strip=True)
    assert "when the employer has submitted the final report" in before
    submit_report(app, placement_id)
    assert page(client.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/certificate")
    html = page(client.get(f"/placements/{placement_id}/certificate"))
    text = html.get_text(" ", strip=True)
    assert "Amina was reliable and kind to customers." in text and "Shelves and till" in text
    # 61 days of 40 hours a week at 90 %: 314 hours.
    assert "Drive a forklift safely (Fully reached)" in text and "About 314 hours (attendance 90 %)" in text
    shown = html.find("input", attrs={"name": "shown"})["value"]
    # Not ticked: a message, nothing issued.
    response = client.post(f"/placements/{placement_id}/certificate", data={"shown": shown})
    assert "Tick the box to accept the text" in page(response).get_text()
    with app.app_context():
        assert db.session.scalar(select(func.count(PlacementCertificate.id))) == 0
    response = client.post(f"/placements/{placement_id}/certificate", data={"accept": "y", "shown": shown})
    assert response.status_code == 302
    client.post(f"/placements/{placement_id}/certificate", data={"accept": "y", "shown": shown})  # twice: one
    with app.app_context():
        certificate = db.session.scalar(select(PlacementCertificate))
        assert db.session.scalar(select(func.count(PlacementCertificate.id))) == 1
        reference = certificate.reference
        assert db.session.scalar(select(Notice).where(Notice.kind == "certificate-issued")).user.email == \
            "jobseeker@example.com"
    assert reference in page(client.get(f"/placements/{placement_id}/certificate")).get_text()
    pdf = client.get(f"/placements/{placement_id}/certificate.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    answer = verify(app.test_client(), pdf.data)
    assert answer["valid"] is True and answer["agreement"] is None
    assert [(s["name"], s["valid"]) for s in answer["signatures"]] == [("Praktikportalen", True)]
    assert answer["certificate"]["reference"] == reference
    assert answer["certificate"]["participant"] == "Amina Hassan"
    text = page(app.test_client().post("/verify", data={"document": (io.BytesIO(pdf.data), "intyg.pdf")},
                                       headers={"Accept-Language": "en"}, content_type="multipart/form-data"))
    assert f"It is placement certificate {reference} for Amina Hassan" in text.get_text(" ", strip=True)
    # One byte changed: altered, and no longer this certificate.
    tampered = bytearray(pdf.data)
    at = tampered.index(b"Amina Hassan")
    tampered[at] = ord("E")
    answer = verify(app.test_client(), bytes(tampered))
    assert answer["valid"] is False and "certificate" not in answer
    # The exported data holds it too.
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(client.get("/my-data").data))
    assert archive.read(f"certificates/{reference}.pdf") == pdf.data


def test_a_report_changed_while_reading_is_not_issued_unread(app, demo, make_placement):
    placement_id = make_placement()
    submit_report(app, placement_id)
    client = login(app, "jobseeker@example.com")
    response = client.post(f"/placements/{placement_id}/certificate", data={"accept": "y", "shown": "0" * 64})
    assert response.status_code == 302
    assert "changed while you were reading" in page(client.get(response.location)).get_text()
    with app.app_context():
        assert db.session.scalar(select(func.count(PlacementCertificate.id))) == 0


def test_only_the_jobseeker_accepts_and_only_they_and_coordinators_download(app, demo, make_placement):
    placement_id = make_placement()
    submit_report(app, placement_id)
    coordinator = login(app, "coordinator@example.com")
    html = page(coordinator.get(f"/placements/{placement_id}/certificate"))
    assert "has not accepted the text yet" in html.get_text() and not html.find("input", attrs={"name": "accept"})
    coordinator.post(f"/placements/{placement_id}/certificate", data={"accept": "y"})
    with app.app_context():
        assert db.session.scalar(select(func.count(PlacementCertificate.id))) == 0
    assert coordinator.get(f"/placements/{placement_id}/certificate.pdf").status_code == 404  # not issued
    for email in ("employer@example.com", "union@example.com"):
        client = login(app, email)
        assert client.get(f"/placements/{placement_id}/certificate").status_code == 403
        assert client.get(f"/placements/{placement_id}/certificate.pdf").status_code == 403


def test_the_demo_has_a_flagged_check_in_and_a_certificate_once(app, demo):
    from portal.demo import load_demo_check_in_and_certificate
    from portal.models import CheckIn

    with app.app_context():
        first = load_demo_check_in_and_certificate(quiet=True).reference
        again = load_demo_check_in_and_certificate(quiet=True).reference
        assert first == again and db.session.scalar(select(func.count(PlacementCertificate.id))) == 1
        assert [c.flags for c in db.session.scalars(select(CheckIn))] == [["tasks-differ"]]
    assert "Tasks differ from those agreed" in page(login(app, "union@example.com").get("/dashboard/")).get_text()
    assert "issued, ready to download" in page(login(app, "jobseeker@example.com").get("/dashboard/")).get_text()
