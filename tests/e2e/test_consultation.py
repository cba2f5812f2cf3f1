"""Issue 15 in a real browser: the union objected to a slot; the coordinator reads the objection and
the organisation's record, and approves it with a reason (no veto); the employer sees the decision."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Slot, SlotStatus
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

TITLE = "Kassa och kundservice på helger"  # the demo data's slot the union objected to
REASON = "Ingen är uppsagd och ingen extra har anställts; en handledare finns på varje pass."


def test_a_coordinator_approves_a_slot_after_the_unions_objection(app, new_page, demo_server, axe):
    coordinator = new_page()
    log_in(coordinator, demo_server, "coordinator@example.com")
    card = coordinator.locator("section").filter(has=coordinator.get_by_role("heading", name="Samråd och beslut"))
    expect(card).to_contain_text("1 praktikplats väntar på ditt beslut.")
    card.get_by_role("link", name="Samråd och beslut").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Samråd och beslut")
    waiting = coordinator.get_by_role("table", name="Praktikplatser som väntar på ditt beslut")
    expect(waiting.get_by_role("row").filter(has_text=TITLE)).to_contain_text("Avstyrker")
    axe(coordinator)

    waiting.get_by_role("link", name=TITLE).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(f"Samråd: {TITLE}")
    statement = coordinator.locator("section").filter(has=coordinator.get_by_role("heading", name="Fackets yttrande"))
    expect(statement).to_contain_text("Avstyrker")
    expect(statement).to_contain_text("may be work for a paid extra")
    record = coordinator.locator("section").filter(
        has=coordinator.get_by_role("heading", name="Organisationens tidigare praktiker i yrket"))
    expect(record).to_contain_text("färre än 5")  # the demo employer has had no cashier placements
    axe(coordinator)

    # A decision without a reason is refused, and says so next to the field.
    coordinator.get_by_label("Godkänn: praktikplatsen öppnas för matchning").check()
    coordinator.get_by_role("button", name="Registrera beslutet").click()
    expect(coordinator).to_have_title(f"Fel: Samråd: {TITLE} – Praktikportalen")
    reason = coordinator.get_by_label("Skäl för beslutet")
    expect(coordinator.locator(".field").filter(has=reason)).to_contain_text("Skriv skälet för ditt beslut")
    expect(coordinator.get_by_label("Godkänn: praktikplatsen öppnas för matchning")).to_be_checked()
    axe(coordinator)

    reason.fill(REASON)
    coordinator.get_by_role("button", name="Registrera beslutet").click()
    expect(coordinator.get_by_role("status")).to_have_text(
        f"Du godkände {TITLE}: den är öppen för matchning. Arbetsgivaren och den fackliga företrädaren ser ditt beslut."
    )
    expect(coordinator.locator(".tag").first).to_have_text("Godkänd av handläggaren")
    with app.app_context():
        slot = db.session.scalar(select(Slot).where(Slot.title == TITLE))
        assert slot.status == SlotStatus.APPROVED and slot.latest_decision.review.decision == "object"

    # The employer sees the decision, the reason and the objection it was taken with.
    employer = new_page()
    log_in(employer, demo_server, "employer@example.com")
    employer.get_by_role("link", name=TITLE).click()
    decision = employer.locator("section").filter(has=employer.get_by_role("heading", name="Handläggarens beslut"))
    expect(decision).to_contain_text(REASON)
    expect(decision).to_contain_text("Fattat med fackets yttrande")
    expect(decision).to_contain_text("Avstyrker")
    axe(employer)
