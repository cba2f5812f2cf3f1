"""Issue 6 in a real browser: the three parties sign in turn, the job-seeker on a phone; then /verify.

The browsers say en-GB and the pages use ?lang=en: the Swedish texts of these pages wait for the
catalogue. axe-core checks the terms, sign and verify pages.
"""
import pytest
from playwright.sync_api import expect

from portal.demo import DEMO_PASSWORD
from tests.agreement_helpers import current_pdf
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

PHONE = {"width": 375, "height": 667}


def sign(page, reference, full_name, axe, confirm="I have the authority to sign"):
    page.get_by_role("link", name=reference).first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)  # the terms page
    page.get_by_role("link", name="Read and sign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Read the agreement")
    expect(page.get_by_role("heading", name="It is not a job")).to_be_visible()  # the terms, on this step
    page.get_by_role("button", name="Continue").click()  # nothing ticked: told what to do
    expect(page.locator(".error-summary")).to_contain_text("Confirm that you have read the agreement")
    axe(page)
    page.get_by_label("I have read the whole agreement").check()
    page.get_by_label(confirm).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the agreement")
    axe(page)
    page.get_by_label("Your full name").fill(full_name)
    page.get_by_label("Your password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.locator(".notice")).to_contain_text("You have signed the agreement.")


def test_three_parties_sign_in_turn_and_anyone_can_verify_the_pdf(app, demo_server, new_page, new_agreement, axe,
                                                                    tmp_path):
    reference = new_agreement(language="en")

    employer = new_page(locale="en-GB")
    log_in(employer, demo_server, "employer@example.com", lang="en")
    sign(employer, reference, "Eva Exempel", axe)
    expect(employer.locator(".signing-status")).to_contain_text("Awaited")

    jobseeker = new_page(locale="en-GB", **PHONE)
    log_in(jobseeker, demo_server, "jobseeker@example.com", lang="en")
    jobseeker.get_by_role("link", name=reference).first.click()
    expect(jobseeker.get_by_role("heading", level=1)).to_have_text("Your placement at Exempelbolaget AB")
    expect(jobseeker.get_by_role("heading", name="It is not a job")).to_be_visible()
    assert jobseeker.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    jobseeker.goto(f"{demo_server}/dashboard/?lang=en")
    # The participant signs for themselves, not "for the party named above".
    sign(jobseeker, reference, "Amina Hassan", axe, confirm="I am the participant named in the agreement")
    assert jobseeker.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    coordinator = new_page(locale="en-GB")
    log_in(coordinator, demo_server, "coordinator@example.com", lang="en")
    sign(coordinator, reference, "Cecilia Handläggare", axe)
    expect(coordinator.locator(".tag").first).to_have_text("Signed by all parties")

    pdf = tmp_path / f"{reference}.pdf"
    pdf.write_bytes(current_pdf(app, reference))
    anyone = new_page(locale="en-GB")
    anyone.goto(f"{demo_server}/verify?lang=en")
    axe(anyone)
    anyone.get_by_label("PDF document").set_input_files(str(pdf))
    anyone.get_by_role("button", name="Check the PDF").click()
    expect(anyone.get_by_role("heading", level=2)).to_contain_text("The signatures are valid")
    expect(anyone.get_by_role("status").last).to_contain_text(reference)
    axe(anyone)

    not_a_pdf = tmp_path / "notes.txt"
    not_a_pdf.write_text("not a pdf")
    anyone.get_by_label("PDF document").set_input_files(str(not_a_pdf))
    anyone.get_by_role("button", name="Check the PDF").click()
    expect(anyone.locator("#document-error")).to_contain_text("The file is not a PDF")
    axe(anyone)
