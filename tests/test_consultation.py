"""The consultation as the rules have it (issue 15, parts 1 and 2): the union gives a statement, or
none by the due date; the coordinator decides, with the statement, and records why; an objection
stops nothing by itself. A slot no representative covers shows on the coordinator's dashboard."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import EmployerReport, Placement, PlacementStatus, Slot, SlotStatus, User
from portal.models.base import utcnow
from portal.models.slots import ConsultationDecision, UnionReview
from portal.stats.suppression import SMALL
from tests.conftest import login, page, register_other_employer


def decide_form(client, slot_id):
    """The decision form as the coordinator's page hands it out (the revision and status it was read on)."""
    html = page(client.get(f"/consultations/{slot_id}"))
    form = html.find("form", action=f"/consultations/{slot_id}")
    assert form is not None, "no decision form on the page"
    return {field["name"]: field.get("value", "") for field in form.find_all("input", type="hidden")}


def decide(client, slot_id, outcome, reason):
    return client.post(f"/consultations/{slot_id}",
                       data={**decide_form(client, slot_id), "decide-outcome": outcome, "decide-reason": reason})


def statement(app, slot_id, decision, reason=""):
    union = login(app, "union@example.com")
    revision = page(union.get(f"/reviews/{slot_id}")).find("input", attrs={"name": "revision"})["value"]
    response = union.post(f"/reviews/{slot_id}", data={"decision": decision, "reason": reason, "revision": revision})
    assert response.status_code == 302


def overdue(app, slot_id, days=1):
    """The consultation's due date passed `days` ago."""
    with app.app_context():
        db.session.get(Slot, slot_id).consultation_due_on = date.today() - timedelta(days=days)
        db.session.commit()


@pytest.fixture
def coordinator(app, demo):
    return login(app, "coordinator@example.com")


def test_sending_for_consultation_sets_the_due_date(app, demo, make_slot):
    app.config["CONSULTATION_DAYS"] = 10
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    with app.app_context():
        assert db.session.get(Slot, slot_id).consultation_due_on == date.today() + timedelta(days=10)


def test_statement_then_the_coordinators_decision(app, coordinator, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    statement(app, slot_id, "consent", "Good supervision.")
    html = page(coordinator.get(f"/consultations/{slot_id}"))
    assert "Good supervision." in html.find(id="statement-heading").parent.get_text()
    response = decide(coordinator, slot_id, "approve", "The union supports it; a supervisor with time.")
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        decision = slot.latest_decision
        assert slot.status == SlotStatus.APPROVED and slot.open_on(slot.start_date)
        assert (decision.outcome, decision.reason, decision.decided_by.email) == (
            "approve", "The union supports it; a supervisor with time.", "coordinator@example.com")
        assert decision.review.reason == "Good supervision." and decision.slot_revision == slot.revision
        assert [change.to_status for change in slot.status_changes] == [
            "draft", "awaiting-review", "awaiting-decision", "approved"]
        from portal.models import Notice

        told = db.session.scalars(select(Notice).where(Notice.kind == "coordinator-decision")).all()
        assert sorted(notice.user.email for notice in told) == ["employer@example.com", "union@example.com"]
    # The employer and the representative see the decision, with the statement it was taken with.
    for email in ("employer@example.com", "union@example.com"):
        text = page(login(app, email).get(f"/slots/{slot_id}")).get_text()
        assert "The coordinator's decision" in text and "a supervisor with time" in text
        assert "Good supervision." in text and "Approved by the coordinator" in text


def test_no_decision_before_the_due_date_without_a_statement(app, coordinator, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    html = page(coordinator.get(f"/consultations/{slot_id}"))
    assert html.find("form", action=f"/consultations/{slot_id}") is None
    assert "You may decide once the statement is in, or after the due date." in html.get_text()
    with app.app_context():
        revision = str(db.session.get(Slot, slot_id).revision)
    response = coordinator.post(f"/consultations/{slot_id}", data={
        "decide-revision": revision, "decide-status": "awaiting-review", "decide-outcome": "approve",
        "decide-reason": "Nobody answered"})
    assert "nothing is recorded" in page(response).get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_REVIEW
        assert db.session.scalar(select(ConsultationDecision.id).where(ConsultationDecision.slot_id == slot_id)) is None


def test_no_statement_by_the_due_date_then_the_decision(app, coordinator, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    overdue(app, slot_id)
    assert "No statement came by the due date" in page(coordinator.get(f"/consultations/{slot_id}")).get_text()
    assert "No statement by the due date" in page(coordinator.get("/consultations/")).get_text()
    response = decide(coordinator, slot_id, "approve", "No statement within the week; the terms are clear.")
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.APPROVED
        assert slot.latest_decision.review is None and slot.latest_decision.consultation_due_on < date.today()
    text = page(login(app, "employer@example.com").get(f"/slots/{slot_id}")).get_text()
    assert "No statement came from the union by the due date" in text


def test_a_statement_that_comes_while_the_coordinator_reads_is_never_decided_on_unread(app, coordinator, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    overdue(app, slot_id)
    read = decide_form(coordinator, slot_id)  # past the due date, no statement yet
    statement(app, slot_id, "object", "Covers for a vacancy.")  # a late statement comes in
    response = coordinator.post(f"/consultations/{slot_id}",
                                data={**read, "decide-outcome": "approve", "decide-reason": "Nobody answered"})
    html = page(response)
    assert "nothing is recorded" in html.get_text() and "Covers for a vacancy." in html.get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_DECISION


def test_an_objection_then_an_approval_no_veto(app, coordinator, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    statement(app, slot_id, "object", "Weekend shifts may be work for a paid extra.")
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.AWAITING_DECISION and not slot.open_on(slot.start_date)
    # The employer answers the objection; the coordinator reads both.
    employer = login(app, "employer@example.com")
    employer.post(f"/slots/{slot_id}/reply", data={"response": "No one was laid off; we have no extras."})
    text = page(coordinator.get(f"/consultations/{slot_id}")).get_text()
    assert "Weekend shifts may be work for a paid extra." in text and "we have no extras" in text
    decide(coordinator, slot_id, "approve", "Checked with the employer: no staff on notice, a supervisor every shift.")
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.APPROVED and slot.open_on(slot.start_date)
        assert slot.latest_decision.review.decision == "object"
    union_text = page(login(app, "union@example.com").get("/reviews/")).get_text()
    assert "Objects" in union_text and "a supervisor every shift" in union_text


def test_a_refusal_lets_the_employer_revise_and_send_it_again(app, coordinator, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_DECISION, statement="object")
    decide(coordinator, slot_id, "refuse", "The hours match a vacant post.")
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.REFUSED and not slot.open_on(slot.start_date)
    employer = login(app, "employer@example.com")
    assert "The hours match a vacant post." in page(employer.get("/dashboard/")).get_text()


def test_a_decision_needs_a_reason_and_an_outcome(app, coordinator, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_DECISION)
    html = page(decide(coordinator, slot_id, "approve", "   "))
    assert "Give the reason for your decision" in html.find(id="decide-reason-error").get_text()
    html = page(decide(coordinator, slot_id, "", "A reason"))
    assert "Choose approve or refuse" in html.find(id="decide-outcome-error").get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_DECISION
        assert db.session.scalar(select(ConsultationDecision.id).where(ConsultationDecision.slot_id == slot_id)) is None


def test_a_change_of_terms_after_the_statement_goes_back_to_consultation(app, demo, make_slot):
    from tests.conftest import edit_form

    slot_id = make_slot(status=SlotStatus.AWAITING_DECISION)
    employer = login(app, "employer@example.com")
    response = employer.post(f"/slots/{slot_id}/edit", data=edit_form(app, slot_id, hours_per_week="20"))
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.AWAITING_REVIEW
        assert slot.consultation_due_on == date.today() + timedelta(days=app.config["CONSULTATION_DAYS"])


# A slot no union representative covers.

@pytest.fixture
def uncovered(app, demo, make_slot):
    register_other_employer(app, sector="hospitality")  # the demo representative covers retail only
    return make_slot(organisation_number="2120000142", status=SlotStatus.AWAITING_REVIEW, title="Ingen täcker")


def test_an_uncovered_slot_is_on_the_coordinators_dashboard(app, coordinator, uncovered, make_slot):
    make_slot(status=SlotStatus.AWAITING_REVIEW, title="Täckt av facket")
    html = page(coordinator.get("/dashboard/"))
    card = html.find(id="consultations-heading").parent
    assert "1 slot in consultation has no union representative" in card.get_text()
    assert card.find("a", href=f"/consultations/{uncovered}") and "Täckt av facket" not in card.get_text()
    assert "No union representative covers this slot" in page(coordinator.get(f"/consultations/{uncovered}")).get_text()


def test_assigning_a_representative_resolves_the_gap(app, coordinator, uncovered):
    with app.app_context():
        union_id = db.session.scalar(select(User.id).where(User.email == "union@example.com"))
    response = coordinator.post(f"/consultations/{uncovered}/representative",
                                data={"assign-representative": str(union_id), "assign-cover": "organisation"})
    assert response.status_code == 302
    assert "Ingen täcker" not in page(coordinator.get("/dashboard/")).find(id="consultations-heading").parent.get_text()
    union = login(app, "union@example.com")
    assert union.get(f"/reviews/{uncovered}").status_code == 200  # in their queue now
    with app.app_context():
        scopes = db.session.get(User, union_id).union_scopes
        assert sorted((scope.sector or "", scope.organisation_id or 0) for scope in scopes)[0][0] == ""
        assert {scope.sector for scope in scopes} == {"retail", None}


def test_assigning_by_sector_and_only_union_accounts(app, coordinator, uncovered):
    with app.app_context():
        union_id = db.session.scalar(select(User.id).where(User.email == "union@example.com"))
        employer_id = db.session.scalar(select(User.id).where(User.email == "employer@example.com"))
    response = coordinator.post(f"/consultations/{uncovered}/representative",
                                data={"assign-representative": str(employer_id), "assign-cover": "sector"})
    assert response.status_code == 200 and "Not a valid choice" in page(response).get_text()
    coordinator.post(f"/consultations/{uncovered}/representative",
                     data={"assign-representative": str(union_id), "assign-cover": "sector"})
    with app.app_context():
        assert {scope.sector for scope in db.session.get(User, union_id).union_scopes} == {"retail", "hospitality"}


def test_a_consultation_held_another_way_counts_as_the_statement(app, coordinator, uncovered):
    html = page(coordinator.get(f"/consultations/{uncovered}"))
    assert html.find("form", action=f"/consultations/{uncovered}") is None  # nothing to decide on yet
    hidden = {field["name"]: field["value"] for field in
              html.find("form", action=f"/consultations/{uncovered}/held-another-way").find_all("input", type="hidden")}
    data = {**hidden, "other-method": "phone", "other-held_on": date.today().isoformat(),
            "other-consulted": "Hanna Hotell, HRF", "other-decision": "object",
            "other-reason": "Summer season: the kitchen usually hires extras."}
    response = coordinator.post(f"/consultations/{uncovered}/held-another-way", data=data)
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.get(Slot, uncovered)
        review = slot.latest_review
        assert slot.status == SlotStatus.AWAITING_DECISION
        assert (review.method, review.held_on, review.consulted, review.reviewer.email) == (
            "phone", date.today(), "Hanna Hotell, HRF", "coordinator@example.com")
    decide(coordinator, uncovered, "refuse", "The season's peak: extras are usually hired.")
    with app.app_context():
        decision = db.session.get(Slot, uncovered).latest_decision
        assert decision.outcome == "refuse" and decision.review.method == "phone"
    text = page(login(app, "other@employer.example").get(f"/slots/{uncovered}")).get_text()
    assert "Consultation held another way (By phone" in text and "Hanna Hotell, HRF" in text


def test_a_consultation_held_another_way_needs_how_when_and_what(app, coordinator, uncovered):
    html = page(coordinator.get(f"/consultations/{uncovered}"))
    hidden = {field["name"]: field["value"] for field in
              html.find("form", action=f"/consultations/{uncovered}/held-another-way").find_all("input", type="hidden")}
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = coordinator.post(f"/consultations/{uncovered}/held-another-way",
                                data={**hidden, "other-held_on": tomorrow, "other-reason": " "})
    html = page(response)
    assert "Choose how the union was consulted" in html.find(id="other-method-error").get_text()
    assert "cannot be recorded before it is held" in html.find(id="other-held_on-error").get_text()
    assert "Choose what the union said" in html.find(id="other-decision-error").get_text()
    assert "Write what the union said" in html.find(id="other-reason-error").get_text()
    with app.app_context():
        assert db.session.get(Slot, uncovered).status == SlotStatus.AWAITING_REVIEW
        assert db.session.scalar(select(UnionReview.id).where(UnionReview.slot_id == uncovered)) is None


# Access: only coordinators decide; representatives see only their scope.

def test_only_coordinators_decide(app, demo, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_DECISION)
    for email in ("employer@example.com", "union@example.com", "jobseeker@example.com"):
        client = login(app, email)
        assert client.get(f"/consultations/{slot_id}").status_code == 403
        assert client.post(f"/consultations/{slot_id}", data={"decide-outcome": "approve", "decide-reason": "x",
                                                              "decide-revision": "1",
                                                              "decide-status": "awaiting-decision"}).status_code == 403
        assert client.get("/consultations/").status_code == 403
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_DECISION


def test_a_representative_sees_decisions_in_their_scope_only(app, coordinator, make_slot):
    register_other_employer(app, sector="hospitality")
    outside = make_slot(organisation_number="2120000142", status=SlotStatus.APPROVED, title="Utanför")
    union = login(app, "union@example.com")
    assert union.get(f"/slots/{outside}").status_code == 403
    assert "Utanför" not in page(union.get("/reviews/")).get_text()


# Part 2: the organisation's record beside the slot under consultation.

def placements(app, make_slot, count, occupation="Warehouse worker", end_reason="", offered="", status=PlacementStatus.ACTIVE,
               organisation_number="5566778899", months_ago=2):
    """`count` placements that ran at the organisation, in `occupation`, each with a final report."""
    from portal.models import JobSeeker

    end = date.today() - timedelta(days=30 * months_ago)
    slot_id = make_slot(organisation_number=organisation_number, occupation=occupation, places=count,
                        start_date=end - timedelta(days=60), end_date=end)
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        employer = db.session.scalar(select(User).where(User.email == "employer@example.com"))
        for index in range(count):
            jobseeker = JobSeeker(full_name=f"Deltagare {slot_id}-{index}", gender="woman", birth_year=1990,
                                  desired_occupation=occupation)
            placement = Placement(slot_id=slot_id, jobseeker=jobseeker, matched_by=coordinator, status=status,
                                  end_reason=end_reason)
            db.session.add(placement)
            db.session.flush()
            db.session.add(EmployerReport(placement_id=placement.id, author_id=employer.id, employment_offered=offered,
                                          submitted_at=utcnow()))
        db.session.commit()


def record_on_review_page(app, slot_id):
    html = page(login(app, "union@example.com").get(f"/reviews/{slot_id}"))
    section = html.find(id="record-heading").parent
    return {row.th.get_text(strip=True): row.td.get_text(strip=True) for row in section.find_all("tr")}


def test_the_union_sees_the_organisations_record_in_the_occupation(app, demo, make_slot):
    placements(app, make_slot, 6, offered="permanent")
    placements(app, make_slot, 6, status=PlacementStatus.ENDED, end_reason="not-working")
    placements(app, make_slot, 2, occupation="Cashier")  # another occupation
    placements(app, make_slot, 3, months_ago=14)  # ended more than 12 months ago
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW, occupation="warehouse  WORKER")
    assert record_on_review_page(app, slot_id) == {
        "Placements": "12",
        "Ended early because it did not work out": "50 %",
        "Offered a job at the placement (share of final reports)": "50 %",
    }


def test_groups_under_five_are_suppressed(app, demo, make_slot):
    placements(app, make_slot, 4, status=PlacementStatus.ENDED, end_reason="not-working")
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    assert record_on_review_page(app, slot_id) == {
        "Placements": "fewer than 5",
        "Ended early because it did not work out": "not shown (fewer than 5)",
        "Offered a job at the placement (share of final reports)": "not shown (fewer than 5)",
    }
    # Enough placements, but one who did not work out would be recognisable: the share is hidden.
    placements(app, make_slot, 6)
    with app.app_context():
        from portal.consultations.record import organisation_record

        record = organisation_record(db.session.get(Slot, slot_id), date.today())
        assert record.placements == 10 and record.did_not_work_out == SMALL == record.offered_job
    placements(app, make_slot, 3, status=PlacementStatus.ENDED, end_reason="not-working")
    with app.app_context():
        record = organisation_record(db.session.get(Slot, slot_id), date.today())
        assert record.placements == 13 and record.did_not_work_out == round(100 * 7 / 13)


def test_the_record_counts_the_slots_organisation_only(app, demo, make_slot):
    register_other_employer(app, sector="retail")
    placements(app, make_slot, 8, organisation_number="2120000142", status=PlacementStatus.ENDED,
               end_reason="not-working")
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    assert record_on_review_page(app, slot_id)["Placements"] == "fewer than 5"
    with app.app_context():
        from portal.consultations.record import organisation_record

        assert organisation_record(db.session.get(Slot, slot_id), date.today()).placements == SMALL


def test_the_migration_has_the_coordinator_decide_after_earlier_statements(app, demo, make_slot):
    """Slots the union's consent opened before are approved, saying so; those it objected to await the
    coordinator's decision (the objection no longer stops them)."""
    from flask_migrate import downgrade, stamp, upgrade
    from sqlalchemy import text

    from tests.conftest import drop_version_table

    consented = make_slot(status=SlotStatus.AWAITING_DECISION, statement="consent", title="Tillstyrkt förr")
    objected = make_slot(status=SlotStatus.AWAITING_DECISION, statement="object", title="Avstyrkt förr")
    with app.app_context():
        db.session.remove()
        stamp()
        try:
            downgrade(revision=MIGRATION_BEFORE)  # the union's statement set the status then
            with db.engine.connect() as connection:
                statuses = dict(connection.execute(text("SELECT id, status FROM slots")).all())
            assert (statuses[consented], statuses[objected]) == ("consented", "objected")
            upgrade()
            consented_slot, objected_slot = db.session.get(Slot, consented), db.session.get(Slot, objected)
            decision = consented_slot.latest_decision
            assert consented_slot.status == SlotStatus.APPROVED and consented_slot.open_on(consented_slot.start_date)
            assert decision.reason.startswith("Decided before the coordinator's decision existed")
            assert decision.decided_by is None and decision.review == consented_slot.latest_review
            assert consented_slot.status_changes[-1].to_status == "approved"
            assert objected_slot.status == SlotStatus.AWAITING_DECISION and not objected_slot.decisions
            last = objected_slot.status_changes[-1]
            assert (last.from_status, last.to_status) == ("objected", "awaiting-decision")
            in_consultation = db.session.scalar(select(Slot).where(Slot.status == SlotStatus.AWAITING_REVIEW))
            assert in_consultation.consultation_due_on == date.today() + timedelta(days=7)
            # Everyone sees the history of such a slot (the earlier statuses have names).
            db.session.remove()
        finally:
            drop_version_table()
    text_shown = page(login(app, "employer@example.com").get(f"/slots/{consented}")).get_text()
    assert "decided before the coordinator's decision existed" in text_shown.lower()
    text_shown = page(login(app, "employer@example.com").get(f"/slots/{objected}")).get_text()
    assert "an objection no longer stops a slot" in text_shown
    # History rows from before keep their statuses, named as what they were.
    from portal.models import SlotStatusChange

    with app.test_request_context():
        assert str(SlotStatusChange(to_status="objected").to_status_label) == "Facket avstyrkte (innan handläggaren beslutade)"


def _migration_before():
    from pathlib import Path

    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(Path(__file__).resolve().parent.parent / "migrations"))
    revision = next(rev for rev in script.walk_revisions() if rev.doc.startswith("consultation decided by the coordinator"))
    return revision.down_revision


MIGRATION_BEFORE = _migration_before()
