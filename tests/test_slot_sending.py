"""Sending a slot for consultation (issue 16, items 3-4): a blocked submission says why and what
happens next, drafts keep their declarations, the answers are checked on their own page before the
slot goes to consultation, and a supervisor named before is chosen instead of typed again."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Organisation, Slot, SlotStatus
from tests.conftest import login, page, slot_form

DRAFT = {"save_draft": "Save", "submit_for_review": None}
CONTINUE = {"check_answers": "Continue", "submit_for_review": None}


@pytest.fixture
def employer(client, auth, demo):
    client.get("/?lang=en")
    auth.login("employer@example.com")
    return client


def organisation_changes(app, **values):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == "5566778899"))
        for name, value in values.items():
            setattr(organisation, name, value)
        db.session.commit()


def newest_slot(app):
    with app.app_context():
        slot = db.session.scalar(select(Slot).order_by(Slot.id.desc()))
        db.session.expunge(slot)
        return slot


def text(html):
    return " ".join(html.get_text(" ").split())


# Item 3: a blocked submission says why and what to do.

def test_unverified_notice_says_who_verifies_how_soon_and_whom_to_call(app, employer):
    organisation_changes(app, verified_at=None)
    for url in ("/slots/new", "/slots/", "/dashboard/"):
        notice = page(employer.get(url)).find(id="blocker-unverified")
        assert notice is not None, url
        said = text(notice)
        assert "usually within a few working days" in said
        assert "call Arbetsförmedlingen on 0771-416 416" in said


def test_unverified_notice_in_swedish(app, client, demo):
    organisation_changes(app, verified_at=None)
    sv = login(client, "employer@example.com", lang="sv")
    said = text(page(sv.get("/slots/new")).find(id="blocker-unverified"))
    assert "oftast inom några arbetsdagar" in said and "ring Arbetsförmedlingen på 0771-416 416" in said


def test_guide_notice_links_to_the_guide(app, employer):
    organisation_changes(app, guide_completed_at=None)
    notice = page(employer.get("/slots/new")).find(id="blocker-guide")
    assert notice.find("a", href="/guide/") is not None


def test_while_blocked_saving_the_draft_is_the_primary_button(app, employer):
    buttons = page(employer.get("/slots/new")).select(".button-row input[type=submit]")
    assert [button["name"] for button in buttons] == ["check_answers", "save_draft"]
    assert "button-secondary" not in buttons[0]["class"]
    organisation_changes(app, verified_at=None)
    buttons = page(employer.get("/slots/new")).select(".button-row input[type=submit]")
    assert [button["name"] for button in buttons] == ["save_draft", "check_answers"]
    assert "button-secondary" not in buttons[0]["class"] and "button-secondary" in buttons[1]["class"]


def test_a_blocked_submission_says_why_once_and_links_to_what_to_do(app, employer):
    organisation_changes(app, verified_at=None, guide_completed_at=None)
    html = page(employer.post("/slots/new", data=slot_form(**CONTINUE)))
    summary = html.find(class_="error-summary")
    links = {link["href"]: link.get_text(strip=True) for link in summary.find_all("a")}
    assert links["#blocker-unverified"].startswith("Your organisation is not verified yet")
    assert links["#blocker-guide"].startswith("Go through the guide")
    page_text = text(html)
    assert page_text.count("Your organisation is not verified yet") == 1
    assert page_text.count("Go through the guide on placements before you submit a slot") == 1
    # ...and the notices below still say what happens next.
    assert "usually within a few working days" in text(html.find(id="blocker-unverified"))
    assert html.find(id="blocker-guide").find("a", href="/guide/") is not None


def test_finishing_the_guide_while_unverified_says_what_remains(app, employer):
    organisation_changes(app, verified_at=None)
    html = app.jinja_env.get_template("guide/_messages.html").module.render(
        {"kind": "finished", "key": "done"}, None, "en", {}, is_employer=True, verified=False)
    assert "can now submit" not in html and "a coordinator verifies the organisation" in html
    html = app.jinja_env.get_template("guide/_messages.html").module.render(
        {"kind": "finished", "key": "done"}, None, "en", {}, is_employer=True, verified=True)
    assert "Your organisation can now submit placement slots" in html


@pytest.mark.parametrize("status, words", [
    (SlotStatus.DRAFT, "only your organisation sees it"),
    (SlotStatus.AWAITING_REVIEW, "gives a statement by"),
    (SlotStatus.AWAITING_DECISION, "A coordinator decides now"),
    (SlotStatus.APPROVED, "matches job-seekers to its free places"),
    (SlotStatus.REFUSED, "send it for consultation again"),
    (SlotStatus.WITHDRAWN, "Copy it to offer it again"),
])
def test_every_step_of_a_slot_says_what_happens_next(app, employer, make_slot, status, words):
    slot_id = make_slot(status=status)
    section = page(employer.get(f"/slots/{slot_id}")).find("section", attrs={"aria-labelledby": "next-heading"})
    assert words in text(section)


# Item 4: drafts keep the declarations; check your answers; send.

def test_a_draft_keeps_its_declarations(app, employer):
    employer.post("/slots/new", data=slot_form(**DRAFT, declares_supervisor_time=None))
    slot = newest_slot(app)
    assert slot.status == SlotStatus.DRAFT
    form = page(employer.get(f"/slots/{slot.id}/edit"))
    ticked = {name: form.find("input", attrs={"name": name}).has_attr("checked") for name in (
        "declares_no_reemployment_rights", "declares_no_labour_dispute", "declares_not_replacing_staff",
        "declares_supervisor_time")}
    assert ticked == {"declares_no_reemployment_rights": True, "declares_no_labour_dispute": True,
                      "declares_not_replacing_staff": True, "declares_supervisor_time": False}


def test_a_submitted_slot_asks_for_the_declarations_afresh(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED)
    form = page(employer.get(f"/slots/{slot_id}/edit"))
    assert not form.find("input", attrs={"name": "declares_no_labour_dispute"}).has_attr("checked")


def test_continue_saves_and_shows_every_answer_with_a_change_link_then_sends(app, employer):
    response = employer.post("/slots/new", data=slot_form(**CONTINUE))
    slot = newest_slot(app)
    assert slot.status == SlotStatus.DRAFT and response.location == f"/slots/{slot.id}/check"
    html = page(employer.get(response.location))
    rows = {row.find("dt").get_text(strip=True): row for row in html.select(".summary-list .summary-row")}
    assert "Make coffee, serve customers, clean tables." in text(rows["Tasks"])
    assert "Handle the coffee machine" in text(rows["Learning goals"])
    assert "Sara Handledare" in text(rows["Supervisor's name"])
    assert "Confirmed" in text(rows["There is no labour dispute (strike or lockout) at the workplace"])
    change = rows["Hours per week"].find("a")
    assert change["href"] == f"/slots/{slot.id}/edit#hours_per_week" and "Change" in change.get_text()
    assert "The union representative for your workplace is asked for a statement" in text(html)
    revision = html.find("input", attrs={"name": "revision"})["value"]
    assert html.find("input", attrs={"name": "send"})["value"] == "Send for consultation"
    sent = employer.post(f"/slots/{slot.id}/check", data={"revision": revision})
    assert sent.status_code == 302 and sent.location == f"/slots/{slot.id}"
    slot = newest_slot(app)
    assert slot.status == SlotStatus.AWAITING_REVIEW and slot.declared_at is not None
    assert slot.consultation_due_on is not None


def test_check_your_answers_in_swedish(app, client, demo):
    sv = login(client, "employer@example.com", lang="sv")
    response = sv.post("/slots/new", data=slot_form(**CONTINUE))
    html = page(sv.get(response.location))
    assert html.find("h1").get_text(strip=True) == "Kontrollera dina svar innan du skickar praktikplatsen"
    assert html.find("input", attrs={"name": "send"})["value"] == "Skicka till samråd"
    assert "Ändra" in text(html.select_one(".summary-action"))


def test_the_draft_page_offers_to_check_and_send(app, employer):
    employer.post("/slots/new", data=slot_form(**DRAFT))
    slot = newest_slot(app)
    html = page(employer.get(f"/slots/{slot.id}"))
    assert html.find("a", href=f"/slots/{slot.id}/check") is not None


def test_continue_needs_the_declarations_like_submitting(app, employer):
    html = page(employer.post("/slots/new", data=slot_form(**CONTINUE, declares_no_labour_dispute=None)))
    assert "There is no labour dispute" in text(html.find(class_="error-summary"))


def test_sending_a_draft_with_a_missing_declaration_names_it_and_sends_nothing(app, employer):
    employer.post("/slots/new", data=slot_form(**DRAFT, declares_supervisor_time=None))
    slot = newest_slot(app)
    html = page(employer.post(f"/slots/{slot.id}/check", data={"revision": slot.revision}))
    link = html.find(class_="error-summary").find("a")
    assert "The supervisor has time set aside" in link.get_text() and link["href"].endswith("/edit#declares_supervisor_time")
    assert newest_slot(app).status == SlotStatus.DRAFT


def test_sending_a_draft_whose_start_date_has_passed_says_so(app, employer):
    employer.post("/slots/new", data=slot_form(**DRAFT))
    slot = newest_slot(app)
    with app.app_context():
        db.session.get(Slot, slot.id).start_date = date.today() - timedelta(days=1)
        db.session.commit()
    html = page(employer.post(f"/slots/{slot.id}/check", data={"revision": slot.revision}))
    assert "start date has passed" in text(html.find(class_="error-summary"))
    assert newest_slot(app).status == SlotStatus.DRAFT


def test_a_blocked_organisation_sees_its_answers_but_no_send_button(app, employer):
    employer.post("/slots/new", data=slot_form(**DRAFT))
    slot = newest_slot(app)
    organisation_changes(app, verified_at=None)
    html = page(employer.get(f"/slots/{slot.id}/check"))
    assert html.find("input", attrs={"name": "send"}) is None and html.find(id="blocker-unverified")
    employer.post(f"/slots/{slot.id}/check", data={"revision": slot.revision})
    assert newest_slot(app).status == SlotStatus.DRAFT


def test_what_was_checked_is_what_is_sent(app, employer):
    """An edit in another tab after the answers were shown: nothing is sent, the page says why."""
    employer.post("/slots/new", data=slot_form(**DRAFT))
    slot = newest_slot(app)
    shown = slot.revision
    slot_id = slot.id
    employer.post(f"/slots/{slot_id}/edit", data=slot_form(**DRAFT, tasks="Other tasks altogether."))
    response = employer.post(f"/slots/{slot_id}/check", data={"revision": shown}, follow_redirects=True)
    assert "changed after these answers were shown" in text(page(response))
    assert newest_slot(app).status == SlotStatus.DRAFT
    # Sending twice sends once.
    current = newest_slot(app).revision
    assert employer.post(f"/slots/{slot_id}/check", data={"revision": current}).status_code == 302
    assert employer.post(f"/slots/{slot_id}/check", data={"revision": current}).status_code == 302
    with app.app_context():
        changes = [change.to_status for change in db.session.get(Slot, slot_id).status_changes]
    assert changes == ["draft", "awaiting-review"]


@pytest.mark.parametrize("revision", ["", "abc", "99999999999999999999", "-1"])
def test_a_bad_revision_sends_nothing_and_is_no_error(app, employer, revision):
    employer.post("/slots/new", data=slot_form(**DRAFT))
    slot = newest_slot(app)
    assert employer.post(f"/slots/{slot.id}/check", data={"revision": revision}).status_code == 200
    assert newest_slot(app).status == SlotStatus.DRAFT


def test_a_refused_slot_goes_back_through_the_check(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.REFUSED)
    response = employer.post(f"/slots/{slot_id}/edit", data=slot_form(**CONTINUE, hours_per_week="20"))
    assert response.location == f"/slots/{slot_id}/check"
    assert newest_slot(app).status == SlotStatus.REFUSED
    revision = page(employer.get(response.location)).find("input", attrs={"name": "revision"})["value"]
    employer.post(f"/slots/{slot_id}/check", data={"revision": revision})
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_REVIEW


def test_an_approved_slot_has_no_check_page(app, employer, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED)
    assert employer.get(f"/slots/{slot_id}/check").location == f"/slots/{slot_id}"
    employer.post(f"/slots/{slot_id}/check", data={"revision": "1"})
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.APPROVED


# Item 4: supervisors saved for reuse.

def test_a_supervisor_named_before_fills_the_fields_without_saving(app, employer):
    employer.post("/slots/new", data=slot_form(**DRAFT, supervisor_name="Olle Handledare", supervisor_role="Lagerchef",
                                               supervisor_phone="090-12 34 56", supervisor_email="olle@example.com"))
    earlier = newest_slot(app)
    html = page(employer.get("/slots/new"))
    options = {option["value"]: option.get_text() for option in html.find("select", id="previous_supervisor").find_all("option")}
    assert options[str(earlier.id)] == "Olle Handledare, Lagerchef (olle@example.com)"
    blank = {"supervisor_name": "", "supervisor_role": "", "supervisor_phone": "", "supervisor_email": ""}
    html = page(employer.post("/slots/new", data=slot_form(
        **blank, previous_supervisor=str(earlier.id), use_supervisor="Use", submit_for_review=None)))
    values = {name: html.find("input", attrs={"name": name})["value"] for name in blank}
    assert values == {"supervisor_name": "Olle Handledare", "supervisor_role": "Lagerchef",
                      "supervisor_phone": "090-12 34 56", "supervisor_email": "olle@example.com"}
    assert html.find(class_="error-summary") is None  # nothing checked, nothing saved
    assert newest_slot(app).id == earlier.id
    # The rest of the form is kept as typed.
    assert html.find("input", attrs={"name": "title"})["value"] == "Kafébiträde"


def test_only_the_organisations_own_supervisors_are_offered(app, client, demo, make_slot):
    from tests.conftest import register_other_employer

    theirs = make_slot(supervisor_name="Hemlig Handledare", supervisor_email="hemlig@example.com")
    register_other_employer(app)
    other = login(client, "other@employer.example")
    html = page(other.get("/slots/new"))
    assert "Hemlig Handledare" not in html.get_text()
    html = page(other.post("/slots/new", data=slot_form(
        supervisor_name="", previous_supervisor=str(theirs), use_supervisor="Use", submit_for_review=None)))
    assert html.find("input", attrs={"name": "supervisor_name"})["value"] == ""
    assert "Choose a supervisor from the list" in text(html)
