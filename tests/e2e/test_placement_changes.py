"""Issue 15, parts 3-5 in a real browser: a coordinator warned of an overlapping placement, a
coordinator signing for the job-seeker, and a change signed by all three. axe-core checks the new pages."""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.demo import DEMO_PASSWORD
from portal.extensions import db
from portal.models import JobSeeker, Placement
from tests.change_helpers import load, sign_by_function, signed_agreement
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

NAMES = {"employer@example.com": "Eva Exempel", "jobseeker@example.com": "Amina Hassan",
         "coordinator@example.com": "Cecilia Handläggare"}


def test_a_coordinator_is_warned_of_an_overlap_and_matches_with_a_reason(app, demo_server, page, new_agreement,
                                                                          make_slot, axe):
    new_agreement()  # Amina's placement "Kassabiträde", from 10 days on for 60 days
    make_slot(title="Kvällskassa", places=2, start_date=date.today() + timedelta(days=30),
              end_date=date.today() + timedelta(days=90))
    with app.app_context():
        amina = db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == "Amina Hassan"))
    log_in(page, demo_server, "coordinator@example.com", lang="en")
    page.goto(f"{demo_server}/jobseekers/{amina}")
    page.get_by_role("button", name="Match to this slot (Kvällskassa)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm the match of Amina Hassan")
    expect(page.get_by_role("alert")).to_contain_text("Kassabiträde")
    axe(page)
    page.get_by_role("button", name="Match despite the overlap").click()
    expect(page.locator(".error-summary")).to_contain_text("Give the reason for matching despite the overlap")
    page.get_by_label("Why match despite the overlap?").fill("Evenings only; the other placement is mornings")
    page.get_by_label("I have checked the overlap and confirm the match").check()
    page.get_by_role("button", name="Match despite the overlap").click()
    expect(page.locator(".notice").first).to_contain_text("is matched to Kvällskassa")
    expect(page.get_by_text("Evenings only; the other placement is mornings")).to_be_visible()


def test_a_coordinator_signs_for_the_participant(app, demo_server, page, new_agreement, axe):
    reference = new_agreement(language="en")
    sign_by_function(app, reference, roles=("employer",))
    log_in(page, demo_server, "coordinator@example.com", lang="en")
    page.goto(f"{demo_server}/agreements/{reference}")
    page.get_by_role("link", name="Sign for the participant").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign for the participant")
    axe(page)
    page.get_by_label("The participant has no e-ID").check()
    page.get_by_label("The participant has read the agreement").check()
    page.get_by_label("Your full name").fill("Cecilia Handläggare")
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign for the participant").click()
    expect(page.locator(".notice").first).to_contain_text("You have signed for Amina Hassan")
    expect(page.locator(".signing-status")).to_contain_text("Amina Hassan, signed for them by Cecilia Handläggare")


def test_a_change_is_proposed_and_signed_by_all_three(app, demo_server, new_page, new_agreement, axe):
    reference = signed_agreement(app, new_agreement, language="en")
    employer = new_page(locale="en-GB")
    log_in(employer, demo_server, "employer@example.com", lang="en")
    employer.goto(f"{demo_server}/agreements/{reference}")
    employer.get_by_role("link", name="Propose a change").click()
    axe(employer)
    employer.get_by_label("Hours per week").fill("30")
    employer.get_by_label("Why is the placement changed?").fill("Shorter days suit the participant's language course")
    employer.get_by_role("button", name="Propose the change").click()
    expect(employer.locator(".notice").first).to_contain_text("The change is proposed as a new version")
    for email, browser_page in (("employer@example.com", employer), ("jobseeker@example.com", None),
                                ("coordinator@example.com", None)):
        if browser_page is None:
            browser_page = new_page(locale="en-GB")
            log_in(browser_page, demo_server, email, lang="en")
        browser_page.goto(f"{demo_server}/agreements/{reference}")
        expect(browser_page.get_by_text("the terms of version 1 stand")).to_be_visible()
        browser_page.get_by_role("link", name="Read and sign").click()
        browser_page.get_by_label("I have read the whole agreement").check()
        browser_page.locator("input[name=authority]").check()  # its words differ for the participant
        browser_page.get_by_role("button", name="Continue").click()
        browser_page.get_by_label("Your full name").fill(NAMES[email])
        browser_page.get_by_label("Your password").fill(DEMO_PASSWORD)
        browser_page.get_by_role("button", name="Sign", exact=True).click()
        expect(browser_page.locator(".notice").first).to_contain_text("You have signed the agreement.")
    with app.app_context():
        agreement = load(reference)
        assert agreement.status == "signed" and agreement.current_version.number == 2
        placement = db.session.get(Placement, agreement.placement_id)
        assert '"hours_per_week":30' in placement.agreed_terms
