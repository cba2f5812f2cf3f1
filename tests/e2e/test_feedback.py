"""Issue 7 in a real browser: both sides give end feedback, the coordinator sees it in the statistics."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import JobSeeker, JobSeekerFeedback, Placement, User
from portal.models.base import utcnow
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def ended_placements(app, demo, make_slot, make_placement):
    """Amina's placement ended yesterday; nine other women's too, four of whom already answered."""
    end = date.today() - timedelta(days=1)
    slot_id = make_slot(start_date=end - timedelta(days=60), end_date=end, places=20, title="Butiksbiträde")
    amina = make_placement("Amina Hassan", slot_id=slot_id)
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        for number in range(9):
            person = JobSeeker(full_name=f"Deltagare {number}", gender="woman", birth_year=1990)
            placement = Placement(slot_id=slot_id, jobseeker=person, matched_by=coordinator, status="active")
            db.session.add(placement)
            if number < 4:
                db.session.add(JobSeekerFeedback(placement=placement, supervision_rating=4, learning_rating=4,
                                                 treatment_rating=5, purpose_met="yes", job_outcome="none",
                                                 submitted_at=utcnow()))
        db.session.commit()
    return amina


def test_both_sides_give_feedback_and_it_counts_in_the_statistics(new_page, live_server, ended_placements, axe):
    # The employer writes the final report.
    employer = new_page()
    log_in(employer, live_server, "employer@example.com")
    employer.get_by_role("link", name="Butiksbiträde: Amina Hassan").click()
    expect(employer.get_by_role("heading", level=1)).to_have_text("Slutrapport")
    axe(employer)
    employer.get_by_role("button", name="Skicka in").click()  # nothing filled in yet
    expect(employer.locator("#tasks_done-error")).to_contain_text("Svara på ”Arbetsuppgifter som deltagaren gjorde”")
    axe(employer)
    employer.get_by_label("Närvaro").fill("95")
    employer.get_by_label("Arbetsuppgifter som deltagaren gjorde").fill("Fyllde på hyllor, kassa")
    employer.get_by_role("group", name="Drive a forklift safely").get_by_label("Helt uppnått").check()
    employer.get_by_label("Timanställning").check()
    employer.get_by_role("group", name="Skulle du ta emot en deltagare igen?").get_by_label("Ja").check()
    employer.get_by_role("button", name="Skicka in").click()
    expect(employer.get_by_text("Din slutrapport är inskickad. Tack.")).to_be_visible()

    # The job-seeker answers on a phone.
    phone = new_page(width=375, height=740)
    log_in(phone, live_server, "jobseeker@example.com")
    phone.get_by_role("link", name="Butiksbiträde, Exempelbolaget AB", exact=True).click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hur var din praktik?")
    axe(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    for question, answer in [
        ("Hur var hjälpen från din handledare?", "Mycket bra"),
        ("Hur mycket lärde du dig?", "Bra"),
        ("Hur blev du bemött på arbetsplatsen?", "Mycket bra"),
        ("Fick du ut det du skulle av praktiken?", "Ja"),
        ("Fick du ett jobb, eller blev du erbjuden ett?", "Jag blev erbjuden ett jobb"),
    ]:
        phone.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    phone.get_by_role("button", name="Skicka mina svar").click()
    expect(phone.get_by_text("Tack! Dina svar är skickade.")).to_be_visible()

    # The coordinator sees it counted: 5 of the 10 women answered, so the rate is no longer hidden.
    coordinator = new_page()
    log_in(coordinator, live_server, "coordinator@example.com")
    coordinator.get_by_role("link", name="Uppföljningsstatistik").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Uppföljningsstatistik")
    row = coordinator.get_by_role("row", name="Deltagarnas återkoppling")
    expect(row.get_by_role("cell").nth(0)).to_have_text("50 %")
    expect(coordinator.locator(".bar-chart[role=img]").first).to_be_visible()
    axe(coordinator)
