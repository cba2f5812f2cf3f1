"""Union representatives review the slots in their scope, and see nothing outside it."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import Slot, SlotStatus, UnionReview, User
from portal.unions.scopes import set_scope
from tests.conftest import page, register_other_employer


@pytest.fixture
def union(client, auth, demo):
    client.get("/?lang=en")
    auth.login("union@example.com")  # covers the retail sector, where Exempelbolaget AB is
    return client


def test_queue_shows_slots_awaiting_review_in_scope(app, union, make_slot):
    waiting = make_slot(status=SlotStatus.AWAITING_REVIEW, title="Väntar på yttrande")
    make_slot(status=SlotStatus.DRAFT, title="Ett utkast")
    html = page(union.get("/reviews/"))
    queue = html.find("table").get_text()
    assert "Väntar på yttrande" in queue and "Ett utkast" not in queue
    assert html.find("a", href=f"/reviews/{waiting}")


def test_consent_opens_the_slot_for_matching(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    response = union.post(f"/reviews/{slot_id}", data={"decision": "consent", "reason": ""})
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.status == SlotStatus.CONSENTED
        review = slot.latest_review
        assert (review.decision, review.reviewer.email) == ("consent", "union@example.com")
    assert "Consent" in page(union.get("/reviews/")).get_text()


def test_objection_needs_a_reason(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    html = page(union.post(f"/reviews/{slot_id}", data={"decision": "object", "reason": "   "}))
    assert "reason for your objection" in html.find(id="reason-error").get_text()
    assert html.find("input", attrs={"value": "object"}).has_attr("checked")
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.AWAITING_REVIEW
        assert db.session.scalar(select(UnionReview).where(UnionReview.slot_id == slot_id)) is None


def test_objection_stops_the_slot_and_the_employer_sees_why(app, client, union, auth, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    union.post(f"/reviews/{slot_id}", data={"decision": "object", "reason": "Covers a seasonal peak."})
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.OBJECTED
    auth.logout()
    auth.login("employer@example.com")
    assert "Covers a seasonal peak." in page(client.get("/dashboard/")).get_text()


def test_decision_without_choice_is_refused(union, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    html = page(union.post(f"/reviews/{slot_id}", data={"reason": "hm"}))
    assert "Choose consent or object" in html.find(id="decision-error").get_text()


def test_reviewing_a_slot_no_longer_awaiting_review_changes_nothing(app, union, make_slot):
    slot_id = make_slot(status=SlotStatus.CONSENTED)
    union.post(f"/reviews/{slot_id}", data={"decision": "object", "reason": "Late objection"})
    with app.app_context():
        assert db.session.get(Slot, slot_id).status == SlotStatus.CONSENTED


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
