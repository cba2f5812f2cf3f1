"""Issue 4 in a real browser: an employer offers a slot, the union supports it, a coordinator approves it
after the consultation (issue 15) and matches.

The browser says sv-SE, so the portal answers in Swedish; the employer switches to English at
the end to see the same slot there. axe-core checks every page of the flow; one test checks 320 px.
"""
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Placement, Slot, SlotStatus
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

TITLE = "Köksbiträde i personalrestaurangen"
START = date.today() + timedelta(days=21)
END = START + timedelta(weeks=10)
# Typed into the form; each must still be there after a refused submission.
TYPED = {
    "Rubrik": TITLE,
    "Yrke": "Cook",
    "Arbetsuppgifter": "Prepare salads and hot dishes for the staff restaurant, keep the kitchen clean, follow the hygiene routines.",
    "Lärandemål": "Cook in a professional kitchen\nFollow hygiene routines\nKeep regular hours",
    "Antal platser": "2",
    "Veckoschema": "Måndag till fredag, 8.00–14.00",
    "Arbetsplatsens adress": "Storgatan 1, 111 22 Stockholm",
    "Handledarens namn": "Kim Kock",
    "Handledarens roll": "Kökschef",
    "Handledarens telefon": "08-123 456 79",
    "Handledarens e-postadress": "kim@exempelbolaget.example",
    "Andra språk som är till hjälp (frivilligt)": "English",
}
DECLARATIONS = (
    "Ingen på arbetsplatsen har sagts upp på grund av arbetsbrist och har kvar företrädesrätt till återanställning för den här sortens arbete",
    "Det pågår ingen arbetskonflikt (strejk eller lockout) på arbetsplatsen",
    "Deltagaren ska inte fylla en vakans eller ersätta någon vid sjukfrånvaro, semester eller en säsongstopp",
    "Handledaren har avsatt tid för deltagaren",
)
OBJECT = "Avstyrk: praktiken bör inte genomföras som den är"
CONSENT = "Tillstyrk: facket har inget att anföra mot den här praktiken"


def field_of(page, control):
    """The .field block around a control: its label, hint and error message."""
    return page.locator(".field").filter(has=control)


def expect_error_next_to(page, control, message):
    """The message is beside the field, read out with it, and linked from the error summary."""
    expect(field_of(page, control)).to_contain_text(message)
    expect(control).to_have_attribute("aria-invalid", "true")
    expect(control).to_have_accessible_description(re.compile(re.escape(message)))
    expect(page.get_by_role("alert").get_by_role("link", name=message)).to_be_visible()


def assert_no_horizontal_scrolling(page):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{page.url} scrolls sideways at 320 px: scrollWidth is {scroll_width}"


def offer_slot_with_mistakes(page):
    """Fill in the whole slot form, but with 45 hours a week and an end date before the start."""
    page.get_by_label("Arbetsträning", exact=True).check()
    for label, value in TYPED.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_label("Startdatum").fill(START.isoformat())
    page.get_by_label("Slutdatum").fill((START - timedelta(days=1)).isoformat())
    page.get_by_label("Timmar per vecka").fill("45")
    page.get_by_label("Svenska som behövs").select_option(label="Grundläggande")
    page.get_by_label("Deltid är möjligt").check()
    page.get_by_role("button", name="Fortsätt och kontrollera dina svar").click()


def test_a_slot_goes_from_draft_to_matched(app, new_page, demo_server, axe):
    # --- The employer offers a slot, makes two mistakes, fixes them and submits. ---
    employer = new_page()
    log_in(employer, demo_server, "employer@example.com")
    expect(employer.get_by_role("heading", level=1)).to_have_text("Exempelbolaget AB")
    employer.get_by_role("link", name="Erbjud en ny praktikplats").click()
    expect(employer.get_by_role("heading", level=1)).to_have_text("Erbjud en praktikplats")
    # The organisation's address is filled in; no blocker (verified, guide completed).
    expect(employer.get_by_label("Arbetsplatsens adress")).to_have_value("Storgatan 1, 111 22 Stockholm")
    expect(employer.locator(".notice-warning")).to_have_count(0)
    axe(employer)

    offer_slot_with_mistakes(employer)
    expect(employer).to_have_title("Fel: Erbjud en praktikplats – Praktikportalen")
    hours = employer.get_by_label("Timmar per vecka")
    end_date = employer.get_by_label("Slutdatum")
    expect_error_next_to(employer, hours, "Arbetsträning kan vara högst 40 timmar i veckan")
    expect_error_next_to(employer, end_date, "Slutdatumet måste vara samma som eller efter startdatumet")
    # Everything typed is kept.
    for label, value in TYPED.items():
        expect(employer.get_by_label(label, exact=True)).to_have_value(value)
    expect(employer.get_by_label("Arbetsträning", exact=True)).to_be_checked()
    expect(employer.get_by_label("Startdatum")).to_have_value(START.isoformat())
    expect(end_date).to_have_value((START - timedelta(days=1)).isoformat())
    expect(hours).to_have_value("45")
    expect(employer.get_by_label("Svenska som behövs")).to_have_value("basic")
    expect(employer.get_by_label("Deltid är möjligt")).to_be_checked()
    expect(employer.get_by_label("Arbetsplatsen är tillgänglig utan trappsteg")).not_to_be_checked()
    axe(employer)

    end_date.fill(END.isoformat())
    hours.fill("30")
    for declaration in DECLARATIONS:
        employer.get_by_label(declaration).check()
    employer.get_by_role("button", name="Fortsätt och kontrollera dina svar").click()

    # --- Check your answers: every answer with a link to change it, what happens next, then send. ---
    expect(employer.get_by_role("heading", level=1)).to_have_text("Kontrollera dina svar innan du skickar praktikplatsen")
    answers = employer.locator(".summary-list")
    expect(answers).to_contain_text("Kim Kock")
    expect(answers.get_by_role("link", name="Ändra Timmar per vecka")).to_have_attribute("href", re.compile("/edit#hours_per_week$"))
    expect(employer.get_by_role("heading", name="Vad händer sedan")).to_be_visible()
    axe(employer)
    employer.get_by_role("button", name="Skicka till samråd").click()

    expect(employer.get_by_role("heading", level=1)).to_have_text(TITLE)
    due = date.today() + timedelta(days=7)
    expect(employer.get_by_role("status")).to_have_text(
        "Praktikplatsen är skickad till samråd med facket. Handläggaren beslutar efter fackets yttrande, eller "
        f"efter {due.isoformat()} om inget kommer."
    )
    expect(employer.locator(".tag")).to_have_text("I samråd med facket")
    terms = employer.locator("dl.summary")
    expect(terms).to_contain_text(f"{START.isoformat()} – {END.isoformat()}")
    expect(terms).to_contain_text("2 av 2 lediga")
    expect(terms).to_contain_text("Alla fyra intyganden bekräftade")
    slot_url = employer.url
    axe(employer)

    employer.get_by_role("link", name="Min översikt").click()
    expect(employer.get_by_role("row").filter(has_text=TITLE)).to_contain_text("I samråd med facket")
    expect(employer.get_by_role("row")).to_have_count(5)  # a header, this slot and the demo data's three
    axe(employer)

    # --- The union representative objects without a reason (refused), then supports it. ---
    union = new_page()
    log_in(union, demo_server, "union@example.com")
    union.get_by_role("link", name="Gå till samråd").click()
    expect(union.get_by_role("heading", level=1)).to_have_text("Samråd")
    queued = union.get_by_role("table", name="Praktikplatser som väntar på ditt yttrande").get_by_role("row").filter(
        has_text=TITLE)
    expect(queued).to_contain_text("Exempelbolaget AB")
    axe(union)

    queued.get_by_role("link", name=TITLE).click()
    expect(union.get_by_role("heading", level=1)).to_have_text(f"Granska: {TITLE}")
    expect(union.locator("dl.summary")).to_contain_text("Prepare salads and hot dishes")
    axe(union)

    union.get_by_label(OBJECT).check()
    union.get_by_role("button", name="Skicka yttrande").click()
    expect(union).to_have_title(f"Fel: Granska: {TITLE} – Praktikportalen")
    reason = union.get_by_label("Skäl", exact=True)
    expect_error_next_to(union, reason, "Skriv skälet till din avstyrkan, så att arbetsgivaren kan åtgärda det")
    expect(union.get_by_label(OBJECT)).to_be_checked()
    axe(union)

    union.get_by_label(CONSENT).check()
    union.get_by_role("button", name="Skicka yttrande").click()
    expect(union.get_by_role("heading", level=1)).to_have_text("Samråd")
    expect(union.get_by_role("status")).to_have_text(
        f"Du tillstyrker {TITLE}. Handläggaren beslutar nu, med ditt yttrande."
    )
    expect(union.get_by_role("link", name=TITLE)).to_have_count(1)  # no longer in the queue, only in the decisions
    decided = union.get_by_role("table", name="Yttranden om praktikplatser inom ditt ansvarsområde").get_by_role(
        "row").filter(has_text=TITLE)
    expect(decided).to_contain_text("Tillstyrker")
    expect(decided).to_contain_text("Inte beslutat ännu")

    # --- The coordinator approves it, with the statement in front of them and a reason. ---
    coordinator = new_page()
    log_in(coordinator, demo_server, "coordinator@example.com")
    coordinator.get_by_role("link", name="Samråd och beslut").click()
    coordinator.get_by_role("table", name="Praktikplatser som väntar på ditt beslut").get_by_role(
        "link", name=TITLE).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Samråd: {TITLE}")
    coordinator.get_by_label("Godkänn: praktikplatsen öppnas för matchning").check()
    coordinator.get_by_label("Skäl för beslutet").fill("Facket tillstyrker; handledaren har tid.")
    coordinator.get_by_role("button", name="Registrera beslutet").click()
    expect(coordinator.get_by_role("status")).to_contain_text(f"Du godkände {TITLE}")
    coordinator.get_by_role("link", name="Min översikt").click()

    # --- The coordinator opens a job-seeker, sees the slot ranked first with reasons, and matches. ---
    coordinator.get_by_role("link", name="Arbetssökande: uppgifter och matchning").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Arbetssökande")
    axe(coordinator)

    coordinator.get_by_role("link", name="Sam Lindqvist").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Sam Lindqvist")
    ranking = coordinator.locator("ol.ranking > li")
    best = ranking.first
    expect(best.get_by_role("heading", level=3)).to_contain_text(TITLE)
    expect(best).to_contain_text("2 av 2 lediga")
    reasons = best.locator(".reasons li")
    expect(reasons.filter(has_text="Vill arbeta som ”Cook”; platsen gäller ”Cook”")).to_have_count(1)
    expect(reasons.filter(has_text="Utbildning och erfarenhet passar arbetsuppgifterna: restaurant")).to_have_count(1)
    expect(reasons.filter(has_text="Det hen vill lära sig passar lärandemålen")).to_have_count(1)
    expect(reasons.filter(has_text=f"Börjar snart, {START.isoformat()}")).to_have_count(1)
    # The demo data's shop-assistant slot is open too, and ranks lower for someone who wants to cook.
    expect(ranking).to_have_count(2)
    expect(ranking.nth(1)).to_contain_text("Butiksbiträde i livsmedelsbutik")
    axe(coordinator)

    best.get_by_role("button", name="Matcha till den här platsen").click()
    expect(coordinator.get_by_role("status")).to_have_text(
        f"Sam Lindqvist är matchad till {TITLE} hos Exempelbolaget AB."
    )
    expect(coordinator.get_by_role("heading", name="Praktiker")).to_be_visible()
    expect(coordinator.locator("main ul").filter(has_text=TITLE)).to_be_visible()
    expect(coordinator.locator("ol.ranking > li").filter(has_text=TITLE)).to_have_count(0)

    # The slot page counts the place as taken, for the coordinator and for the employer (in both languages).
    coordinator.goto(slot_url)
    expect(coordinator.locator("dl.summary")).to_contain_text("1 av 2 lediga")
    employer.goto(slot_url)
    expect(employer.locator(".tag").first).to_have_text("Godkänd av handläggaren")
    expect(employer.locator("dl.summary")).to_contain_text("1 av 2 lediga")
    employer.get_by_role("link", name="English").click()
    expect(employer.locator(".tag").first).to_have_text("Approved by the coordinator")
    expect(employer.locator("dl.summary")).to_contain_text("1 of 2 free")
    expect(employer.get_by_role("list").filter(has_text="In consultation with the union")).to_be_visible()  # the history
    with app.app_context():
        slot = db.session.scalar(select(Slot).where(Slot.title == TITLE))
        assert (slot.status, slot.places_filled) == (SlotStatus.APPROVED, 1)
        assert db.session.scalar(select(Placement.jobseeker_id).where(Placement.slot_id == slot.id)) is not None


def test_coordinator_pages_for_unions_and_organisations_are_accessible(new_page, demo_server, axe):
    page = new_page()
    log_in(page, demo_server, "coordinator@example.com")
    page.get_by_role("link", name="Ange vad varje facklig företrädare ansvarar för").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fackliga företrädare")
    expect(page.get_by_role("row").filter(has_text="Ulf Facklig")).to_contain_text("Bransch: Handel")
    axe(page)

    page.get_by_role("link", name="Ändra ansvarsområde Ulf Facklig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad Ulf Facklig ansvarar för")
    expect(page.get_by_label("Handel", exact=True)).to_be_checked()
    axe(page)

    page.get_by_role("link", name="Min översikt").click()
    page.get_by_role("link", name="Se alla arbetsgivare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbetsgivare")
    expect(page.get_by_role("row").filter(has_text="Norrlagret AB")).to_be_visible()
    axe(page)


def test_slot_form_and_matching_page_fit_320_px(new_page, demo_server):
    employer = new_page(width=320, height=640)
    log_in(employer, demo_server, "employer@example.com")
    employer.goto(f"{demo_server}/slots/new")
    expect(employer.get_by_role("heading", level=1)).to_have_text("Erbjud en praktikplats")
    assert_no_horizontal_scrolling(employer)
    offer_slot_with_mistakes(employer)
    expect(employer.get_by_label("Timmar per vecka")).to_have_attribute("aria-invalid", "true")
    assert_no_horizontal_scrolling(employer)

    coordinator = new_page(width=320, height=640)
    log_in(coordinator, demo_server, "coordinator@example.com")
    coordinator.goto(f"{demo_server}/jobseekers/")
    coordinator.get_by_role("link", name="Sam Lindqvist").click()
    expect(coordinator.locator("ol.ranking > li").first).to_contain_text("Butiksbiträde i livsmedelsbutik")
    assert_no_horizontal_scrolling(coordinator)
