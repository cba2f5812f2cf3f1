"""In a browser: a job-seeker invited by a coordinator accepts the invitation, and a person who
forgot their password resets it, both through the link in the mail; the notices page."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.mail import outbox_messages
from portal.models import JobSeeker
from tests.e2e.conftest import log_in

NEW_PASSWORD = "mitt-nya-lösenord-2026"


def link_in_mail(app, to, path):
    mail = [message for message in outbox_messages(app) if message["To"] == to][-1]
    return re.search(rf"https?://[^/\s]+({path}/\S+)", mail.get_content()).group(1)


def test_a_coordinator_invites_a_job_seeker_who_accepts(app, demo_server, new_page, axe):
    with app.app_context():
        record = db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == "Olena Kovalenko"))
    coordinator = new_page()
    log_in(coordinator, demo_server, "coordinator@example.com")
    coordinator.goto(f"{demo_server}/jobseekers/{record}")
    coordinator.get_by_role("link", name="Bjud in till portalen").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Bjud in Olena Kovalenko till portalen")
    axe(coordinator)
    coordinator.get_by_label("Personens e-postadress").fill("olena@example.com")
    coordinator.get_by_role("button", name="Skicka inbjudan").click()
    expect(coordinator.get_by_role("status")).to_contain_text("Inbjudan är skickad till olena@example.com")
    expect(coordinator.get_by_text("Inbjuden (olena@example.com)")).to_be_visible()

    person = new_page()
    person.goto(demo_server + link_in_mail(app, "olena@example.com", "/invitation"))
    expect(person.get_by_role("heading", level=1)).to_have_text("Ta emot inbjudan")
    axe(person)
    person.get_by_label("Nytt lösenord", exact=True).fill(NEW_PASSWORD)
    person.get_by_label("Nytt lösenord igen").fill(NEW_PASSWORD)
    person.get_by_role("button", name="Spara lösenordet").click()
    expect(person).to_have_url(re.compile("/dashboard/"))
    expect(person.get_by_role("status")).to_contain_text("Välkommen till Praktikportalen")
    with app.app_context():
        assert db.session.get(JobSeeker, record).user.email == "olena@example.com"

    coordinator.reload()
    expect(coordinator.get_by_text("Ja, olena@example.com")).to_be_visible()


def test_a_forgotten_password_is_reset_by_the_link_in_the_mail(app, demo_server, new_page, axe):
    elsewhere = new_page()
    log_in(elsewhere, demo_server, "union@example.com")
    page = new_page()
    page.goto(f"{demo_server}/login")
    page.get_by_role("link", name="Glömt ditt lösenord?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glömt ditt lösenord?")
    axe(page)
    page.get_by_label("E-postadress").fill("union@example.com")
    page.get_by_role("button", name="Skicka en länk till mig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera din e-post")
    axe(page)

    page.goto(demo_server + link_in_mail(app, "union@example.com", "/password/reset"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Återställ ditt lösenord")
    page.get_by_label("Nytt lösenord", exact=True).fill("kort")
    page.get_by_label("Nytt lösenord igen").fill("kort")
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page.locator("#new_password-error")).to_be_visible()
    axe(page)
    page.get_by_label("Nytt lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nytt lösenord igen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Spara lösenordet").click()
    expect(page).to_have_url(re.compile("/dashboard/"))

    # The session on the other computer has ended; the notices page still works for this one.
    elsewhere.goto(f"{demo_server}/dashboard/")
    expect(elsewhere).to_have_url(re.compile("/login"))
    page.get_by_role("link", name=re.compile("Meddelanden")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meddelanden")
    expect(page.locator(".notice-unread").first).to_be_visible()
    axe(page)
    log_in(elsewhere, demo_server, "union@example.com", password=NEW_PASSWORD)
