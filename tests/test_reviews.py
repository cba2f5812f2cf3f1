"""Union representatives review the slots in their scope, and see nothing outside it."""
import threading

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Slot, SlotStatus, UnionReview, User
from portal.models.slots import SlotRevision
from portal.unions.scopes import set_scope
from tests.conftest import edit_form, login, page, register_other_employer


@pytest.fixture
def union(client, auth, demo):
    client.get("/?lang=en")
    auth.login("union@example.com")  # covers the retail sector, where Exempelbolaget AB is
    return client


def read(client, slot_id):
    """Open the review page as a representative does; the revision it hands out with the form."""
    return page(client.get(f"/reviews/{slot_id}")).find("input", attrs={"name": "revision"})["value"]


def edit_as_employer(app, slot_id, **changes):
    """The employer's edit of the slot (still awaiting review), posted from the employer's own browser:
    the form as the slot is, with `changes`."""
    response = login(app, "employer@example.com").post(f"/slots/{slot_id}/edit",
                                                           data=edit_form(app, slot_id, **changes))
    assert response.status_code == 302


def test_queue_shows_slots_awaiting_review_in_scope(app, union, make_slot):
    waiting = make_slot(status=SlotStatus.AWAITING_REVIEW, title="Väntar på yttrande")
    make_slot(status=SlotStatus.DRAFT, title="Ett utkast")
    html = page(union.get("/reviews/"))
    queue = html.find("table").get_text()
    assert "Väntar på yttrande" in queue and "Ett utkast" not in queue
    assert html.find("a", href=f"/reviews/{waiting}")


def test_support_leaves_the_decision_to_the_coordinator(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    response = union.post(f"/reviews/{slot_id}", data={"decision": "consent", "reason": "",
                                                        "revision": read(union, slot_id)})
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.AWAITING_DECISION  # not open for matching before the decision
        assert not slot.open_on(slot.start_date)
        review = slot.latest_review
        assert (review.decision, review.reviewer.email) == ("consent", "union@example.com")
        assert review.slot_revision == slot.revision == 1
    assert "Supports" in page(union.get("/reviews/")).get_text()


def test_objection_needs_a_reason(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    html = page(union.post(f"/reviews/{slot_id}", data={"decision": "object", "reason": "   ",
                                                              "revision": read(union, slot_id)}))
    assert "reason for your objection" in html.find(id="reason-error").get_text()
    assert html.find("input", attrs={"value": "object"}).has_attr("checked")
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_REVIEW
        assert db.session.scalar(select(UnionReview).where(UnionReview.slot_id == slot_id)) is None


def test_an_objection_waits_for_the_decision_and_the_employer_sees_why(app, client, union, auth, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    union.post(f"/reviews/{slot_id}", data={"decision": "object", "reason": "Covers a seasonal peak.",
                                            "revision": read(union, slot_id)})
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_DECISION
    auth.logout()
    auth.login("employer@example.com")
    assert "Covers a seasonal peak." in page(client.get("/dashboard/")).get_text()


def test_decision_without_choice_is_refused(union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    html = page(union.post(f"/reviews/{slot_id}", data={"reason": "hm"}))
    assert "Choose support or object" in html.find(id="decision-error").get_text()


def test_reviewing_a_slot_no_longer_awaiting_review_changes_nothing(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.APPROVED)
    response = union.post(f"/reviews/{slot_id}", data={"decision": "object", "reason": "Late objection",
                                                        "revision": "1"}, follow_redirects=True)
    assert "no longer waiting for a statement" in page(response).get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.APPROVED
        assert db.session.scalar(select(func.count(UnionReview.id)).where(UnionReview.slot_id == slot_id)) == 1


def test_nothing_outside_the_scope_is_visible_by_list_or_by_id(app, union, make_slot):
    register_other_employer(app, sector="hospitality")
    outside = make_slot(organisation_number="2120000142", status=SlotStatus.AWAITING_REVIEW, title="Utanför")
    assert "Utanför" not in page(union.get("/reviews/")).get_text()
    assert union.get(f"/reviews/{outside}").status_code == 403
    assert union.post(f"/reviews/{outside}", data={"decision": "consent"}).status_code == 403
    assert union.get(f"/slots/{outside}").status_code == 403
    with app.app_context():
        assert db.session.get(Slot, outside).status == SlotStatus.AWAITING_REVIEW


def test_scope_by_organisation(app, union, make_slot):
    register_other_employer(app, sector="hospitality")
    outside = make_slot(organisation_number="2120000142", status=SlotStatus.AWAITING_REVIEW, title="Nu inom")
    with app.app_context():
        from portal.models import Organisation

        representative = db.session.scalar(select(User).where(User.email == "union@example.com"))
        other = db.session.scalar(select(Organisation).where(Organisation.organisation_number == "2120000142"))
        set_scope(representative, organisations=[other])
        db.session.commit()
    assert "Nu inom" in page(union.get("/reviews/")).get_text()
    assert union.get(f"/reviews/{outside}").status_code == 200


def test_coordinator_sets_a_representatives_scope(app, client, auth, demo):
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    with app.app_context():
        representative_id = db.session.scalar(select(User.id).where(User.email == "union@example.com"))
    assert "Sector: Retail and wholesale" in page(client.get("/union-representatives/")).get_text()
    client.post(f"/union-representatives/{representative_id}", data={"sectors": ["health-care", "education"]})
    with app.app_context():
        representative = db.session.get(User, representative_id)
        assert sorted(scope.sector for scope in representative.union_scopes) == ["education", "health-care"]


def test_create_user_sets_a_union_scope(app, runner, demo):
    result = runner.invoke(args=["create-user", "--role", "union", "--email", "handels@example.com", "--name", "H",
                                 "--password", "a-long-enough-password", "--scope-sector", "retail",
                                 "--scope-organisation", "556677-8899"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "handels@example.com"))
        assert {(scope.sector, scope.organisation_id is not None) for scope in user.union_scopes} == {
            ("retail", False), (None, True)}


# Issue 13, item 10: the statement answers the revision of the slot the representative read.

def test_a_statement_on_a_slot_changed_since_it_was_read_is_refused_and_shows_what_changed(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW, tasks="Pick orders")
    revision = read(union, slot_id)
    edit_as_employer(app, slot_id, tasks="Pick orders and unload lorries at night", hours_per_week="40")
    response = union.post(f"/reviews/{slot_id}", data={"decision": "consent", "revision": revision})
    assert response.status_code == 200
    html = page(response)
    assert "The slot changed after you opened it" in html.get_text()
    changed = {row.th.get_text(strip=True): [cell.get_text(strip=True) for cell in row.find_all("td")]
               for row in html.find("table").tbody.find_all("tr")}
    assert changed == {"Tasks": ["Pick orders", "Pick orders and unload lorries at night"]}
    assert html.find("input", attrs={"value": "consent"}).has_attr("checked")  # the choice is kept
    assert html.find("input", attrs={"name": "revision"})["value"] == "2"  # sending again answers what is shown
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert (slot.status, slot.revision) == (SlotStatus.AWAITING_REVIEW, 2)
        assert db.session.scalar(select(func.count(UnionReview.id)).where(UnionReview.slot_id == slot_id)) == 0
        assert [change.to_status for change in slot.status_changes] == ["draft", "awaiting-review"]
    # Read again and sent: recorded, naming the revision it answers.
    union.post(f"/reviews/{slot_id}", data={"decision": "consent", "revision": read(union, slot_id)})
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.AWAITING_DECISION and slot.latest_review.slot_revision == 2


def test_only_changes_to_what_the_union_reads_raise_the_revision(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    edit_as_employer(app, slot_id)  # saved as it was
    with app.app_context():
        assert db.session.get(Slot, slot_id).revision == 1
    edit_as_employer(app, slot_id, learning_goals="Drive a forklift safely\nRead a picking list")
    with app.app_context():
        assert db.session.get(Slot, slot_id).revision == 2
        kept = db.session.scalar(select(SlotRevision).where(SlotRevision.slot_id == slot_id))
        assert (kept.number, kept.content["learning_goals"]) == (1, "Drive a forklift safely")


def test_a_statement_without_the_revision_it_answers_is_refused(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    for revision in (None, "", "x", "99999999999999999999"):
        data = {"decision": "consent"} | ({} if revision is None else {"revision": revision})
        assert "The slot changed after you opened it" in page(union.post(f"/reviews/{slot_id}", data=data)).get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_REVIEW


def test_an_edit_and_a_statement_at_the_same_moment_never_leave_a_consent_on_unread_terms(app, demo, make_slot):
    """Race the employer's edit of the tasks against the representative's consent on what they read:
    whichever comes first, a consented slot is consented on the revision it now has."""
    for attempt in range(4):
        slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW, tasks="Pick orders")
        union, employer = login(app, "union@example.com"), login(app, "employer@example.com")
        revision = read(union, slot_id)
        edit = edit_form(app, slot_id, tasks=f"Unload lorries at night ({attempt})")
        barrier, responses = threading.Barrier(2), {}

        def send(name, client, url, data):
            barrier.wait()
            responses[name] = client.post(url, data=data)

        threads = [threading.Thread(target=send, args=("union", union, f"/reviews/{slot_id}",
                                                       {"decision": "consent", "revision": revision})),
                   threading.Thread(target=send, args=("employer", employer, f"/slots/{slot_id}/edit", edit))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert all(response.status_code in (200, 302) for response in responses.values())
        with app.app_context():
            db.session.remove()
            slot = db.session.get(Slot, slot_id)
            reviews = db.session.scalars(select(UnionReview).where(UnionReview.slot_id == slot_id)).all()
            if slot.status == SlotStatus.AWAITING_DECISION:  # the statement came first; the edit was refused
                assert slot.tasks == "Pick orders" and [review.slot_revision for review in reviews] == [1]
            else:  # the edit came first; the statement on revision 1 was refused
                assert slot.status == SlotStatus.AWAITING_REVIEW and not reviews
                assert slot.tasks.startswith("Unload lorries") and slot.revision == 2
            db.session.remove()


# Issue 13, item 12: a representative sees the slots in their scope once they are submitted.

def test_a_draft_never_submitted_is_not_the_unions_to_see(app, union, make_slot):
    from portal.slots import workflow

    draft = make_slot(status=SlotStatus.DRAFT, title="Hemligt utkast")
    withdrawn_draft = make_slot(status=SlotStatus.DRAFT, title="Tillbakadraget utkast")
    withdrawn_after_review = make_slot(status=SlotStatus.REFUSED, title="Tillbakadragen efter granskning")
    with app.app_context():
        for slot_id in (withdrawn_draft, withdrawn_after_review):
            slot = db.session.get(Slot, slot_id)
            workflow.withdraw(slot, slot.created_by)
        db.session.commit()
    for slot_id in (draft, withdrawn_draft):
        assert union.get(f"/slots/{slot_id}").status_code == 403
        assert union.get(f"/reviews/{slot_id}").status_code == 403
        assert union.post(f"/reviews/{slot_id}", data={"decision": "consent", "revision": "1"}).status_code == 403
    assert union.get(f"/slots/{withdrawn_after_review}").status_code == 200  # it was the union's to review
    for url in ("/reviews/", "/dashboard/"):
        text = page(union.get(url)).get_text()
        assert "Hemligt utkast" not in text and "Tillbakadraget utkast" not in text
    with app.app_context():
        assert db.session.get(Slot, draft).status == SlotStatus.DRAFT
