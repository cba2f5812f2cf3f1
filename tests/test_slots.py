"""Employers offer slots: every refusal the rules name, editing, withdrawing, copying, history."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Organisation, Slot, SlotStatus, SlotStatusChange
from tests.conftest import confirm_registration, page, register_other_employer, slot_form


@pytest.fixture
def employer(client, auth, demo):
    client.get("/?lang=en")
    auth.login("employer@example.com")
    return client


def slot_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Slot.id)))


def error_for(html, field):
    message = html.find(id=f"{field}-error")
    return message.get_text(" ", strip=True) if message else None


def test_employer_submits_a_slot_for_union_review(app, employer):
    before = slot_count(app)
    response = employer.post("/slots/new", data=slot_form())
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.scalar(select(Slot).order_by(Slot.id.desc()))
        assert slot.status == SlotStatus.AWAITING_REVIEW
        assert [goal.text for goal in slot.learning_goals] == ["Serve customers in Swedish", "Handle the coffee machine"]
        assert slot.declared_at is not None and slot.places_left == 2
        assert [change.to_status for change in slot.status_changes] == ["draft", "awaiting-review"]
        assert slot.status_changes[-1].changed_by.email == "employer@example.com"
    assert slot_count(app) == before + 1
    shown = page(employer.get(response.location))
    assert "In consultation with the union" in shown.get_text()


def test_draft_needs_no_declarations(app, employer):
    data = slot_form(save_draft="Save", submit_for_review=None, declares_no_labour_dispute=None,
                     declares_supervisor_time=None)
    assert employer.post("/slots/new", data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Slot).order_by(Slot.id.desc())).status == SlotStatus.DRAFT


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"end_date": (date.today() + timedelta(days=5)).isoformat()}, "end_date", "same as or after the start"),
        ({"start_date": (date.today() - timedelta(days=1)).isoformat()}, "start_date", "start date has passed"),
        ({"end_date": (date.today() + timedelta(days=10 + 190)).isoformat()}, "end_date", "at most 6 months (law: Förordning (2000:634)"),
        ({"hours_per_week": "41"}, "hours_per_week", "at most 40 hours"),
        ({"hours_per_week": "forty"}, "hours_per_week", "whole number"),
        ({"places": "0"}, "places", "at least one place"),
        ({"start_date": "15/3/2027"}, "start_date", "like 2027-03-15"),
        ({"learning_goals": "  \n \n"}, "learning_goals", "at least one learning goal"),
        ({"supervisor_email": "sara-at-example"}, "supervisor_email", "name@example.com"),
        ({"supervisor_phone": "call me"}, "supervisor_phone", "phone number"),
        ({"declares_not_replacing_staff": None}, "declares_not_replacing_staff",
         "Confirm “The participant will not cover a vacancy"),
        ({"placement_type": None}, "placement_type", "type of placement"),
    ],
)
def test_refusals_are_shown_next_to_the_field_and_nothing_is_saved(app, employer, changes, field, message):
    before = slot_count(app)
    response = employer.post("/slots/new", data=slot_form(**changes))
    assert response.status_code == 200
    html = page(response)
    assert message in (error_for(html, field) or ""), html.find(class_="error-summary")
    # What the employer typed is still there.
    assert html.find("input", attrs={"name": "title"})["value"] == "Kafébiträde"
    if field != "learning_goals":
        assert "Handle the coffee machine" in html.find("textarea", attrs={"name": "learning_goals"}).get_text()
    assert slot_count(app) == before


def test_more_than_three_months_is_allowed_with_a_warning(app, employer):
    start = date.today() + timedelta(days=10)
    response = employer.post("/slots/new", data=slot_form(end_date=(start + timedelta(days=120)).isoformat()),
                             follow_redirects=True)
    assert "longer than 3 months" in page(response).get_text()


def test_exactly_six_months_is_allowed(app, employer):
    start = date.today() + timedelta(days=10)
    end = start.replace(year=start.year + (start.month + 6 - 1) // 12, month=(start.month + 6 - 1) % 12 + 1) \
        if start.day <= 28 else start + timedelta(days=180)
    assert employer.post("/slots/new", data=slot_form(end_date=end.isoformat())).status_code == 302


def test_unverified_organisation_cannot_submit(app, client, auth, demo):
    before = slot_count(app)
    client.get("/?lang=en")
    client.post("/organisations/register", data={
        "organisation_number": "212000-0142", "name": "Ny AB", "workplace_address": "Gatan 1", "sector": "retail",
        "has_collective_agreement": "no", "contact_person": "Nina Ny", "email": "nina@ny.example",
        "password": "a-long-enough-password", "password_again": "a-long-enough-password", "accept_terms": "y",
    })
    confirm_registration(app, client, "nina@ny.example")
    html = page(client.post("/slots/new", data=slot_form()))
    assert "not verified yet" in html.find(class_="error-summary").get_text()
    assert slot_count(app) == before


def test_employer_who_has_not_completed_the_guide_cannot_submit_but_can_save_a_draft(app, employer):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == "5566778899"))
        organisation.guide_completed_at = None
        db.session.commit()
    html = page(employer.post("/slots/new", data=slot_form()))
    assert "guide" in html.find(class_="error-summary").get_text()
    draft = employer.post("/slots/new", data=slot_form(save_draft="Save", submit_for_review=None))
    assert draft.status_code == 302


def test_editing_an_approved_slot_in_a_material_term_sends_it_back_to_review(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED)
    form = page(employer.get(f"/slots/{slot_id}/edit"))
    assert "goes back to consultation with the union" in form.get_text()
    response = employer.post(f"/slots/{slot_id}/edit", data=slot_form(hours_per_week="35"), follow_redirects=True)
    assert "goes back to consultation with the union" in page(response).get_text()
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.AWAITING_REVIEW
        last = slot.status_changes[-1]
        assert (last.from_status, last.to_status) == ("approved", "awaiting-review")
        assert "hours_per_week" in last.changed_term_names and "tasks" in last.changed_term_names


def test_editing_an_approved_slot_in_a_minor_way_keeps_the_approval(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED)
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        data = slot_form(
            title="A clearer title", tasks=slot.tasks, places=str(slot.places), hours_per_week=str(slot.hours_per_week),
            start_date=slot.start_date.isoformat(), end_date=slot.end_date.isoformat(),
            workplace_address=slot.workplace_address,
        )
    employer.post(f"/slots/{slot_id}/edit", data=data)
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.APPROVED and slot.title == "A clearer title"


def test_refused_slot_shows_the_reasons_and_revising_sends_it_back_to_the_queue(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.REFUSED)
    dashboard = page(employer.get("/dashboard/"))
    assert "Weighed the union's statement" in dashboard.get_text()  # the coordinator's reason
    shown = page(employer.get(f"/slots/{slot_id}")).get_text()
    assert "The coordinator's decision" in shown and "Too many hours for a first placement" in shown
    employer.post(f"/slots/{slot_id}/reply", data={"response": "We will lower the hours."})
    assert "We will lower the hours." in page(employer.get(f"/slots/{slot_id}")).get_text()
    employer.post(f"/slots/{slot_id}/edit", data=slot_form(hours_per_week="25"))
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_REVIEW


def test_reply_needs_text(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.REFUSED)
    response = employer.post(f"/slots/{slot_id}/reply", data={"response": " "})
    assert response.status_code == 200, response.location
    html = page(response)
    assert error_for(html, "response").endswith("Write your answer")


def test_withdraw_and_copy(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED, title="Original")
    employer.post(f"/slots/{slot_id}/withdraw")
    response = employer.post(f"/slots/{slot_id}/copy")
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.WITHDRAWN
        copy = db.session.scalar(select(Slot).order_by(Slot.id.desc()))
        assert copy.id != slot_id and copy.title == "Original" and copy.status == SlotStatus.DRAFT
        assert [goal.text for goal in copy.learning_goals] == ["Drive a forklift safely"]
        assert not copy.declares_no_labour_dispute
    assert response.location.endswith(f"/slots/{copy.id}/edit")
    # A withdrawn slot cannot be edited.
    assert employer.get(f"/slots/{slot_id}/edit").status_code == 302


def test_places_cannot_drop_below_those_already_matched(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED, places=3)
    with app.app_context():
        db.session.get(Slot, slot_id).places_filled = 2
        db.session.commit()
    html = page(employer.post(f"/slots/{slot_id}/edit", data=slot_form(places="1")))
    assert "already matched" in error_for(html, "places")


def test_status_history_is_shown(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED)
    text = page(employer.get(f"/slots/{slot_id}")).get_text()
    for label in ["Draft", "In consultation with the union", "Awaiting the coordinator's decision",
                  "Approved by the coordinator"]:
        assert label in text
    with app.app_context():
        assert db.session.scalar(select(func.count(SlotStatusChange.id)).where(SlotStatusChange.slot_id == slot_id)) == 4


def test_another_employer_gets_403_on_every_slot_url(app, client, auth, demo, make_slot):
    slot_id = make_slot()
    register_other_employer(app)
    auth.login("other@employer.example")
    assert client.get(f"/slots/{slot_id}").status_code == 403
    assert client.get(f"/slots/{slot_id}/edit").status_code == 403
    assert client.post(f"/slots/{slot_id}/edit", data=slot_form()).status_code == 403
    for action in ["withdraw", "copy", "reply"]:
        assert client.post(f"/slots/{slot_id}/{action}").status_code == 403
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.APPROVED
    assert "Lagerarbetare" not in page(client.get("/slots/")).get_text()


def test_declarations_and_field_errors_show_together(app, employer):
    html = page(employer.post("/slots/new", data=slot_form(hours_per_week="45", declares_no_labour_dispute=None)))
    assert "at most 40 hours" in error_for(html, "hours_per_week")
    assert "Confirm “There is no labour dispute" in error_for(html, "declares_no_labour_dispute")
