"""Issue 3 in a real browser: register, log in and out, switch language, accessibility, 320 px.

The browser says sv-SE, so the portal answers in Swedish unless a test switches language.
"""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.demo import DEMO_PASSWORD
from portal.extensions import db
from portal.mail import outbox_messages
from portal.models import Organisation
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

VALID_NUMBER = "212000-0142"
ANOTHER_VALID_NUMBER = "202100-5448"
WRONG_CHECK_DIGIT = "212000-0143"
NEW_PASSWORD = "ett-långt-lösenord"


def fill_registration(page, organisation_number, email="bo@byggfirman.example"):
    page.get_by_label("Organisationsnummer").fill(organisation_number)
    page.get_by_label("Organisationens namn").fill("Byggfirman i Solna AB")
    page.get_by_label("Arbetsplatsens adress").fill("Industrivägen 4, 171 48 Solna")
    page.get_by_label("Bransch").select_option(label="Handel")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_label("Kontaktperson (ditt fullständiga namn)").fill("Bo Berg")
    page.get_by_label("E-postadress").fill(email)
    fill_passwords(page)
    page.get_by_label("Jag får företräda organisationen och uppgifterna är sanna").check()


def fill_passwords(page):
    page.get_by_label("Lösenord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Lösenord igen").fill(NEW_PASSWORD)


def assert_no_horizontal_scrolling(page):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} scrolls sideways at 320 px: scrollWidth is {scroll_width}"


def test_start_page_explains_the_portal_in_swedish(page, live_server, axe):
    page.goto(live_server)
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Praktik som hjälper människor till arbete")
    expect(page.get_by_role("heading", level=2)).to_have_count(4)
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()
    axe(page)

    # The first Tab shows the skip link, with a visible focus outline.
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    expect(skip_link).to_have_css("outline-style", "solid")


def test_register_an_employer_with_a_wrong_then_a_right_organisation_number(page, live_server, axe, app):
    page.goto(live_server)
    page.get_by_role("link", name="Registrera arbetsgivare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera din organisation")
    axe(page)

    fill_registration(page, WRONG_CHECK_DIGIT)
    page.get_by_role("button", name="Registrera").click()

    message = "Organisationsnumret är inte giltigt: kontrollera siffrorna (den sista är en kontrollsiffra)"
    number = page.get_by_label("Organisationsnummer")
    # The message is next to the field and read out with it; the error summary links to it.
    field = page.locator(".field").filter(has=number)
    expect(field).to_contain_text(message)
    expect(number).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_have_attribute("href", "#organisation_number")
    expect(page).to_have_title("Fel: Registrera din organisation – Praktikportalen")
    # What was typed stays (passwords excepted, as usual).
    expect(number).to_have_value(WRONG_CHECK_DIGIT)
    expect(page.get_by_label("Organisationens namn")).to_have_value("Byggfirman i Solna AB")
    expect(page.get_by_label("Arbetsplatsens adress")).to_have_value("Industrivägen 4, 171 48 Solna")
    expect(page.get_by_label("Bransch")).to_have_value("retail")
    expect(page.get_by_label("Ja", exact=True)).to_be_checked()
    expect(page.get_by_label("E-postadress")).to_have_value("bo@byggfirman.example")
    axe(page)

    number.fill(VALID_NUMBER)
    fill_passwords(page)
    page.get_by_role("button", name="Registrera").click()

    # The same answer whether or not the address has an account; the mail holds the link.
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontrollera din e-post")
    expect(page.get_by_text("bo@byggfirman.example")).to_be_visible()
    axe(page)
    mail = [message for message in outbox_messages(app) if message["To"] == "bo@byggfirman.example"][-1]
    path = re.search(r"https?://[^/\s]+(/organisations/register/confirm/\S+)", mail.get_content()).group(1)
    page.goto(live_server + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta din e-postadress")
    axe(page)
    page.get_by_role("button", name="Bekräfta och logga in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Byggfirman i Solna AB")
    expect(page.get_by_role("status")).to_contain_text("Din organisation är registrerad.")
    expect(page.get_by_text("Väntar på verifiering")).to_be_visible()
    expect(page.get_by_text(VALID_NUMBER)).to_be_visible()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()
    axe(page)


def test_log_in_with_a_wrong_then_the_right_password(page, demo_server, axe):
    page.goto(demo_server)
    page.get_by_role("link", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")
    axe(page)

    log_in(page, demo_server, "employer@example.com", "not-the-password", lands_on=None)
    expect(page.get_by_role("alert")).to_contain_text("E-postadressen eller lösenordet är fel.")
    expect(page.get_by_label("E-postadress")).to_have_value("employer@example.com")
    expect(page.get_by_label("Lösenord", exact=True)).to_have_value("")
    axe(page)

    page.get_by_label("Lösenord", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(f"{demo_server}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Exempelbolaget AB")
    expect(page.get_by_text("Eva Exempel", exact=True)).to_be_visible()


def test_switch_language_to_english_and_back(page, live_server):
    page.goto(f"{live_server}/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    expect(page.get_by_label("E-mail address")).to_be_visible()
    # The choice is kept while moving around the portal.
    page.get_by_role("link", name="Praktikportalen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Work placements that help people into work")
    expect(page.get_by_role("link", name="Register as employer")).to_be_visible()

    page.get_by_role("link", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Praktik som hjälper människor till arbete")
    expect(page.get_by_role("link", name="English")).to_be_visible()


def test_english_browser_gets_english(new_page, live_server):
    page = new_page(locale="en-GB")
    page.goto(live_server)
    expect(page.get_by_role("heading", level=1)).to_have_text("Work placements that help people into work")
    expect(page.get_by_role("link", name="Svenska")).to_be_visible()


def test_log_out(page, demo_server):
    log_in(page, demo_server, "jobseeker@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej, Amina Hassan")

    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("status")).to_have_text("Du är utloggad.")
    expect(page.get_by_role("button", name="Logga ut")).to_have_count(0)
    expect(page.get_by_role("link", name="Logga in")).to_be_visible()
    page.goto(f"{demo_server}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logga in")


@pytest.mark.parametrize(
    ("email", "heading"),
    [
        ("employer@example.com", "Exempelbolaget AB"),
        ("union@example.com", "Översikt för facklig företrädare"),
        ("jobseeker@example.com", "Hej, Amina Hassan"),
        ("coordinator@example.com", "Översikt för handläggare"),
    ],
)
def test_each_role_gets_an_accessible_dashboard(page, demo_server, axe, email, heading):
    log_in(page, demo_server, email)
    expect(page).to_have_url(f"{demo_server}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe(page)


def test_coordinator_verifies_an_organisation(app, page, demo_server, axe):
    with app.app_context():
        db.session.add(
            Organisation(
                organisation_number=ANOTHER_VALID_NUMBER.replace("-", ""),
                name="Nya Caféet HB",
                workplace_address="Torget 2, 753 20 Uppsala",
                sector="hospitality",
                has_collective_agreement=False,
                contact_person="Nora Nyberg",
            )
        )
        db.session.commit()

    log_in(page, demo_server, "coordinator@example.com")
    expect(page.get_by_text(re.compile(r"\d+ organisationer? väntar på verifiering\."))).to_be_visible()
    page.get_by_role("link", name="Se alla arbetsgivare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbetsgivare")
    row = page.get_by_role("row").filter(has_text="Nya Caféet HB")
    expect(row).to_contain_text(ANOTHER_VALID_NUMBER)
    axe(page)

    row.get_by_role("button", name="Verifiera Nya Caféet HB").click()
    expect(page.get_by_role("status")).to_have_text("Nya Caféet HB är verifierad.")
    expect(page.get_by_role("row").filter(has_text="Nya Caféet HB")).to_contain_text("Verifierad")
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Nya Caféet HB"))
        assert organisation.is_verified


@pytest.mark.parametrize("path", ["/", "/organisations/register"])
def test_no_sideways_scrolling_at_320_px(new_page, live_server, path):
    page = new_page(width=320, height=640)
    page.goto(live_server + path)
    assert_no_horizontal_scrolling(page)


def test_registration_errors_fit_320_px(new_page, live_server, axe):
    page = new_page(width=320, height=640)
    page.goto(f"{live_server}/organisations/register")
    page.get_by_label("Organisationsnummer").fill(WRONG_CHECK_DIGIT)
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_label("Organisationsnummer")).to_have_attribute("aria-invalid", "true")
    assert_no_horizontal_scrolling(page)
    axe(page)
