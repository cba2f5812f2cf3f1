"""Placement agreements: the PDF in both languages, drafting, versions, declining, access, the audit chain."""
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import enumerate_sig_fields
from pypdf import PdfReader
from sqlalchemy import delete, select, update

from portal.agreements.demo import load_demo_agreement
from portal.agreements.drafting import draft_agreement
from portal.agreements.events import check_chain
from portal.extensions import db
from portal.mail import outbox_messages
from portal.models import Agreement, AgreementEvent, JobSeeker, Placement, PlacementStatus, Slot, User
from tests.agreement_helpers import current_pdf, sign_as
from tests.conftest import login, page


def pdf_text(pdf):
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_swedish_pdf_has_every_part_on_tagged_pages_with_embedded_fonts(app, new_agreement):
    reference = new_agreement(tasks="Fylla på hyllor, räkna växel & hjälpa kunder", goals=["Tala svenska med kunder"])
    pdf = current_pdf(app, reference)
    text = pdf_text(pdf)
    for expected in ["Överenskommelse om praktik", reference, "Exempelbolaget AB", "556677-8899", "Sune", "Amina Hassan",
                     "Cecilia Handläggare", "Arbetsförmedlingen", "Arbetspraktik", "Fylla på hyllor, räkna växel & hjälpa kunder",
                     "Tala svenska med kunder", "Ingen anställning, ingen lön", "aktivitetsstöd", "Ersätter inte personal",
                     "Försäkring", "Arbetsmiljö", "Sjukdom och frånvaro", "Avbryta i förtid", "Tystnadsplikt",
                     "Personuppgifter", "Fackligt samråd", "Facket har tillstyrkt", "Ulf Facklig", "Underskrifter",
                     "Signature.jobseeker",
                     # What a real överenskommelse om praktik holds (issue 14), each term with its basis.
                     "Beslut om praktiken", "återkalla anvisningen", "0771-416 416", "Uppföljning och andra aktiviteter",
                     "Närvaro", "Om en olycka händer", "Handledning", "Ledighet, raster och övertid",
                     "Inga andra betalningar eller förmåner", "Facket tillfrågades", "Yttrande", "Språkversion",
                     "gäller den\nsvenska versionen", "Grund: Lag eller förordning. Källa: Lag (2000:625) 7 §."]:
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    for number, pdf_page in enumerate(reader.pages, start=1):
        assert f"{reference} – sida {number} av {pages}" in pdf_page.extract_text()
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root and root["/Lang"] == "sv"
    for pdf_page in reader.pages:
        for font in pdf_page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            assert "/FontFile2" in descendant["/FontDescriptor"], "font not embedded"
    fields = {name for name, _value, _ref in enumerate_sig_fields(PdfFileReader(io.BytesIO(pdf)))}
    assert fields == {"Signature.employer", "Signature.jobseeker", "Signature.coordinator"}


def test_english_pdf(app, new_agreement):
    reference = new_agreement(language="en")
    text = pdf_text(current_pdf(app, reference))
    for expected in ["Placement agreement", "Not employment, no wage", "activity support", "Not replacing staff",
                     "The union consented", "Language version", "the Swedish\nversion prevails", f"{reference} – page 1 of"]:
        assert expected in text, expected
    assert "Ingen anställning" not in text


def test_text_users_typed_comes_out_as_text_not_markup(app, new_agreement):
    reference = new_agreement(tasks='<b>Bold</b> <img src="x"> & </p><h1>Fake</h1>', supervisor_name="Sune <i>Svensson</i>")
    text = pdf_text(current_pdf(app, reference))
    assert '<b>Bold</b> <img src="x"> & </p><h1>Fake</h1>' in text
    assert "Sune <i>Svensson</i>" in text


def test_draft_agreement_commits_nothing(app, demo, make_slot):
    slot_id = make_slot()
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        jobseeker = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Karim Haddad"))
        placement = Placement(slot=slot, jobseeker=jobseeker, matched_by=coordinator)
        db.session.add(placement)
        agreement = draft_agreement(placement, coordinator)
        assert agreement.current_version.pdf.startswith(b"%PDF-") and agreement.events[0].kind == "drafted"
        db.session.rollback()
        assert db.session.scalar(select(Agreement).where(Agreement.reference == agreement.reference)) is None


def test_drafting_mails_the_parties_after_commit(app, new_agreement):
    reference = new_agreement()
    # (The slot's consultation and the match told their people too: the agreement's mail names it.)
    messages = [m for m in outbox_messages(app) if f"/agreements/{reference}" in m.get_content()]
    recipients = {m["To"] for m in messages}
    assert {"employer@example.com", "jobseeker@example.com", "coordinator@example.com"} <= recipients
    assert all(reference in m["Subject"] and f"/agreements/{reference}" in m.get_content() for m in messages)


def test_the_event_chain_detects_edited_and_deleted_events(app, new_agreement):
    reference = new_agreement()
    sign_as(app, "employer", reference)
    sign_as(app, "jobseeker", reference)
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        assert check_chain(agreement).intact and agreement.event_count == 3
        events = agreement.events
        assert events[0].previous_hash == "0" * 64
        assert all(later.previous_hash == earlier.hash for earlier, later in zip(events, events[1:]))
        first_id, second_id, last_id = events[0].id, events[1].id, events[-1].id

        db.session.execute(update(AgreementEvent).where(AgreementEvent.id == first_id)
                           .values(details='{"pdf_sha256":"forged"}'))
        assert "event 1 was changed after it was written" in check_chain(agreement).problems
        db.session.rollback()

        db.session.execute(delete(AgreementEvent).where(AgreementEvent.id == second_id))
        problems = check_chain(agreement).problems
        assert "event 2 is missing" in problems and "event 3 does not follow the event before it" in problems
        db.session.rollback()

        db.session.execute(delete(AgreementEvent).where(AgreementEvent.id == last_id))
        assert check_chain(agreement).problems == ["events at the end of the log are missing"]
        db.session.rollback()
        assert check_chain(agreement).intact


def test_audit_page_shows_the_events_and_the_chain(app, new_agreement):
    reference = new_agreement()
    sign_as(app, "jobseeker", reference)
    html = page(login(app, "coordinator@example.com").get(f"/agreements/{reference}/audit"))
    assert "chain of events is intact" in html.get_text()
    rows = [row.get_text(" ", strip=True) for row in html.select("tbody tr")]
    assert any("Drafted" in row for row in rows) and any("Signed" in row and "Amina Hassan" in row for row in rows)


def test_decline_voids_the_version_and_a_new_version_is_signed_again(app, new_agreement):
    reference = new_agreement()
    sign_as(app, "employer", reference)
    client = login(app, "jobseeker@example.com")
    assert client.post(f"/agreements/{reference}/decline", data={"reason": "", "version": 1}).status_code == 200
    response = client.post(f"/agreements/{reference}/decline", data={"reason": "The hours are wrong", "version": 1})
    assert response.status_code == 302
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        assert agreement.status == "declined" and agreement.current_version.status == "void"
        assert agreement.current_version.close_reason == "The hours are wrong"
        assert [e.kind for e in agreement.events][-2:] == ["declined", "voided"]
    assert any("declined" in m["Subject"] for m in outbox_messages(app))
    # Nobody can sign the void version.
    response = login(app, "coordinator@example.com").get(f"/agreements/{reference}/sign")
    assert response.status_code == 302
    coordinator = login(app, "coordinator@example.com")
    assert coordinator.post(f"/agreements/{reference}/versions", data={"language": "en", "note": "Hours fixed"}).status_code == 302
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        first, second = agreement.versions
        assert (first.status, second.status, second.language, agreement.status) == ("void", "open", "en", "awaiting-signatures")
        assert len(first.signatures) == 1 and not second.signatures and first.pdf_sha256 != second.pdf_sha256
    for role in ("jobseeker", "employer", "coordinator"):
        sign_as(app, role, reference)
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        assert agreement.status == "signed" and agreement.placement.status == PlacementStatus.ACTIVE
        assert len(agreement.versions[1].signatures) == 3
    assert "Placement agreement" in pdf_text(current_pdf(app, reference))
    old = login(app, "employer@example.com").get(f"/agreements/{reference}/agreement.pdf?version=1")
    assert old.status_code == 200 and old.mimetype == "application/pdf"


def test_a_new_version_while_open_supersedes_the_old_and_clears_signatures(app, new_agreement):
    reference = new_agreement()
    sign_as(app, "employer", reference)
    with app.app_context():
        slot = db.session.scalar(select(Agreement).where(Agreement.reference == reference)).placement.slot
        slot.hours_per_week = 20
        db.session.commit()
    coordinator = login(app, "coordinator@example.com")
    assert "terms have changed" in page(coordinator.get(f"/agreements/{reference}")).get_text()
    coordinator.post(f"/agreements/{reference}/versions", data={"language": "sv", "note": "20 hours"})
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        assert [v.status for v in agreement.versions] == ["superseded", "open"]
        assert '"hours_per_week":20' in agreement.current_version.terms_json
        assert agreement.current_version.signature_for("employer") is None


def test_terms_page_for_the_jobseeker_in_plain_language(app, new_agreement):
    reference = new_agreement()
    client = login(app, "jobseeker@example.com")
    html = page(client.get(f"/agreements/{reference}"))
    text = html.get_text(" ", strip=True)
    assert html.h1.get_text(strip=True) == "Your placement at Exempelbolaget AB"
    for expected in ["It is not a job", "activity support", "If you are ill or away", "Ending early", "Who to contact",
                     "Cecilia Handläggare", "Sune", "40 hours a week", "Read and sign"]:
        assert expected in text, expected
    assert html.find("a", href="tel:070-1234567")
    swedish = page(client.get(f"/agreements/{reference}?lang=sv")).get_text(" ", strip=True)
    assert "Praktiken är inte ett jobb" in swedish


@pytest.mark.parametrize("email, expected", [
    ("jobseeker@example.com", 200), ("employer@example.com", 200), ("coordinator@example.com", 200),
    ("union@example.com", 200), ("other@employer.example", 403), ("outside@union.example", 403),
    ("karim@example.com", 403),
])
def test_only_the_parties_and_the_union_in_scope_see_an_agreement(app, runner, new_agreement, email, expected):
    from tests.conftest import register_other_employer

    register_other_employer(app)
    runner.invoke(args=["create-user", "--role", "union", "--email", "outside@union.example", "--name", "Olle Utanför",
                        "--password", "praktik-demo-2026", "--scope-sector", "education"])
    runner.invoke(args=["create-user", "--role", "jobseeker", "--email", "karim@example.com", "--name", "Karim Haddad",
                        "--password", "praktik-demo-2026"])
    reference = new_agreement()
    client = login(app, email)
    for path in ["", "/agreement.pdf", "/audit"]:
        assert client.get(f"/agreements/{reference}{path}").status_code == expected, path
    listed = reference in client.get("/agreements/").get_data(as_text=True)
    assert listed == (expected == 200)


def test_union_cannot_sign_and_other_parties_cannot_sign_for_someone_else(app, new_agreement):
    reference = new_agreement()
    assert login(app, "union@example.com").get(f"/agreements/{reference}/sign").status_code == 403
    assert login(app, "union@example.com").post(f"/agreements/{reference}/decline", data={"reason": "x"}).status_code == 403


def test_dashboards_link_the_agreements(app, new_agreement):
    reference = new_agreement()
    for email in ("jobseeker@example.com", "employer@example.com", "coordinator@example.com", "union@example.com"):
        assert reference in login(app, email).get("/dashboard/").get_data(as_text=True), email


def test_export_agreement_command(app, runner, new_agreement, tmp_path):
    reference = new_agreement()
    out = tmp_path / "agreement.pdf"
    result = runner.invoke(args=["export-agreement", reference, "--out", str(out)])
    assert result.exit_code == 0 and reference in result.output
    assert out.read_bytes() == current_pdf(app, reference)
    result = runner.invoke(args=["export-agreement", "PA-NOPE", "--out", str(out)])
    assert result.exit_code != 0 and "no agreement has this reference" in result.output


def test_reminders_command_mails_only_those_awaited(app, runner, new_agreement):
    reference = new_agreement()
    sign_as(app, "employer", reference)
    before = len(outbox_messages(app))
    assert "Sent 0 reminders" in runner.invoke(args=["send-agreement-reminders"]).output
    result = runner.invoke(args=["send-agreement-reminders", "--days", "0"])
    sent = outbox_messages(app)[before:]
    assert "Sent 2 reminders" in result.output
    assert {m["To"] for m in sent} == {"jobseeker@example.com", "coordinator@example.com"}


def test_demo_data_has_one_signed_agreement_and_loading_again_changes_nothing(app, demo, capsys):
    with app.app_context():
        first = load_demo_agreement()
        assert load_demo_agreement() == first
        agreements = db.session.scalars(select(Agreement)).all()
        assert len(agreements) == 1 and agreements[0].is_final
        assert agreements[0].placement.status == PlacementStatus.ACTIVE
    assert first in capsys.readouterr().out
