"""Changes to a running placement (issue 15, part 3): a new agreement version all three sign; the old
terms stand until then; dates and statistics follow the final version; a change of tasks or hours,
or an extension, flags the union to be asked again; the programme's longest period counts the whole
placement; two proposals at once make one change."""
import json
import threading
from datetime import timedelta

from sqlalchemy import select

from portal import notices
from portal.agreements.changes import ChangeError, propose_change
from portal.extensions import db
from portal.models import ChangeStatus, Notice, PlacementChange, PlacementFact, User
from tests.agreement_helpers import sign_as
from tests.change_helpers import change_form, load, sign_by_function, signed_agreement
from tests.conftest import login, page


def facts_of(placement_id):
    return db.session.get(PlacementFact, placement_id)


def test_a_change_is_a_new_version_the_old_terms_stand_until_all_three_sign(app, new_agreement):
    reference = signed_agreement(app, new_agreement)
    with app.app_context():
        agreement = load(reference)
        placement = agreement.placement
        old_end, placement_id = placement.planned_end_date, placement.id
        assert facts_of(placement_id).end_date == old_end
    new_end = old_end + timedelta(days=28)
    employer = login(app, "employer@example.com")
    form = page(employer.get(f"/agreements/{reference}/change"))
    assert form.find("input", attrs={"name": "end_date"})["value"] == old_end.isoformat()  # today's terms to start from
    response = employer.post(f"/agreements/{reference}/change",
                             data=change_form(app, reference, end_date=new_end, tasks="Pick orders and count stock"))
    assert response.status_code == 302, page(response).get_text()[:500]
    with app.app_context():
        agreement = load(reference)
        change = db.session.scalar(select(PlacementChange))
        assert agreement.current_version.number == 2 and agreement.status == "awaiting-signatures"
        assert agreement.versions[0].status == "signed"  # the standing terms
        assert change.status == ChangeStatus.PROPOSED and change.kind_list == ["extend", "tasks"]
        assert change.union_to_be_asked
        terms = json.loads(agreement.current_version.terms_json)
        assert terms["placement"]["end_date"] == new_end.isoformat()
        assert terms["placement"]["tasks"] == "Pick orders and count stock"
        assert terms["change"]["reason"].startswith("The participant is learning well")
        # Until all three sign, the old terms stand: the placement, its facts, the statistics.
        placement = agreement.placement
        assert placement.agreed_end_date is None and placement.planned_end_date == old_end
        assert facts_of(placement_id).end_date == old_end
        told = {(n.user.email, n.kind) for n in db.session.scalars(select(Notice)).all()}
        assert ("jobseeker@example.com", notices.CHANGE_PROPOSED) in told
        assert ("coordinator@example.com", notices.CHANGE_PROPOSED) in told
        assert ("union@example.com", notices.CHANGE_PROPOSED) in told  # asked again: covers the workplace
        assert ("employer@example.com", notices.CHANGE_PROPOSED) not in told  # the proposer knows
        assert [e.kind for e in agreement.events].count("change-proposed") == 1
    shown = page(login(app, "coordinator@example.com").get(f"/agreements/{reference}")).get_text(" ", strip=True)
    assert "ask the union again" in shown and "the terms of version 1 stand" in shown
    for role in ("jobseeker", "coordinator", "employer"):
        sign_as(app, role, reference)
    with app.app_context():
        agreement = load(reference)
        placement = agreement.placement
        assert agreement.status == "signed" and agreement.current_version.status == "signed"
        assert placement.agreed_end_date == new_end and placement.planned_end_date == new_end
        assert json.loads(placement.agreed_terms) == {"tasks": "Pick orders and count stock"}
        assert facts_of(placement_id).end_date == new_end  # the statistics follow the final version
        assert db.session.scalar(select(PlacementChange)).status == ChangeStatus.SIGNED


def test_the_longest_period_counts_the_whole_placement(app, new_agreement):
    reference = signed_agreement(app, new_agreement)
    with app.app_context():
        start = load(reference).placement.start_date
    # Arbetspraktik: six months from the first day, however the extension is cut.
    too_long = start + timedelta(days=200)
    response = login(app, "employer@example.com").post(f"/agreements/{reference}/change",
                                                       data=change_form(app, reference, end_date=too_long))
    assert response.status_code == 200
    assert "The whole placement counts" in page(response).get_text()
    with app.app_context():
        assert load(reference).current_version.number == 1
        assert db.session.scalar(select(PlacementChange)) is None


def test_nothing_changed_or_no_reason_is_said_next_to_the_field(app, new_agreement):
    reference = signed_agreement(app, new_agreement)
    client = login(app, "coordinator@example.com")
    same = client.post(f"/agreements/{reference}/change", data=change_form(app, reference))
    assert same.status_code == 200 and "Nothing is changed" in page(same).get_text()
    no_reason = client.post(f"/agreements/{reference}/change", data=change_form(app, reference, hours_per_week=30,
                                                                                 reason=""))
    assert no_reason.status_code == 200 and "Give the reason for the change" in page(no_reason).get_text()
    with app.app_context():
        assert db.session.scalar(select(PlacementChange)) is None


def test_a_shorter_period_or_new_supervisor_does_not_ask_the_union(app, new_agreement):
    reference = signed_agreement(app, new_agreement)
    with app.app_context():
        end = load(reference).placement.planned_end_date
    response = login(app, "coordinator@example.com").post(
        f"/agreements/{reference}/change",
        data=change_form(app, reference, end_date=end - timedelta(days=7), supervisor_name="Stina Ny"))
    assert response.status_code == 302
    with app.app_context():
        change = db.session.scalar(select(PlacementChange))
        assert change.kind_list == ["shorten", "supervisor"] and not change.union_to_be_asked
        union = db.session.scalar(select(User).where(User.email == "union@example.com"))
        assert not db.session.scalars(select(Notice).where(Notice.user_id == union.id,
                                                           Notice.kind == notices.CHANGE_PROPOSED)).all()


def test_a_declined_change_leaves_the_old_terms_and_another_can_be_proposed(app, new_agreement):
    reference = signed_agreement(app, new_agreement)
    employer = login(app, "employer@example.com")
    assert employer.post(f"/agreements/{reference}/change",
                         data=change_form(app, reference, hours_per_week=30)).status_code == 302
    declined = login(app, "jobseeker@example.com").post(f"/agreements/{reference}/decline",
                                                        data={"reason": "I need 40 hours.", "version": 2})
    assert declined.status_code == 302
    with app.app_context():
        agreement = load(reference)
        assert agreement.status == "signed" and agreement.current_version.status == "void"
        assert db.session.scalar(select(PlacementChange)).status == ChangeStatus.DECLINED
        assert agreement.placement.agreed_terms == "{}"
    assert "The proposed change was declined" in page(employer.get(f"/agreements/{reference}")).get_text()
    again = employer.post(f"/agreements/{reference}/change", data=change_form(app, reference, hours_per_week=35))
    assert again.status_code == 302
    with app.app_context():
        assert load(reference).current_version.number == 3


def test_who_may_propose_and_when(app, new_agreement):
    unsigned = new_agreement()
    response = login(app, "employer@example.com").get(f"/agreements/{unsigned}/change")
    assert response.status_code == 302  # not signed yet: the coordinator makes a new version instead
    reference = signed_agreement(app, new_agreement)
    assert login(app, "jobseeker@example.com").get(f"/agreements/{reference}/change").status_code == 403
    assert login(app, "union@example.com").get(f"/agreements/{reference}/change").status_code == 403
    with app.app_context():
        jobseeker = db.session.scalar(select(User).where(User.email == "jobseeker@example.com"))
        try:
            propose_change(reference, jobseeker, values={}, reason="x")
        except ChangeError as refused:
            assert refused.code == "not-a-party"
        else:
            raise AssertionError("a job-seeker proposed a change")


def test_two_proposals_at_once_make_one_change(app, new_agreement):
    reference = signed_agreement(app, new_agreement)
    with app.app_context():
        end = load(reference).placement.planned_end_date
    clients = [login(app, "employer@example.com"), login(app, "coordinator@example.com")]
    forms = [change_form(app, reference, end_date=end + timedelta(days=7)),
             change_form(app, reference, hours_per_week=30)]
    barrier = threading.Barrier(2)
    results = []

    def propose(client, data):
        barrier.wait()
        results.append(client.post(f"/agreements/{reference}/change", data=data).status_code)

    threads = [threading.Thread(target=propose, args=pair) for pair in zip(clients, forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results == [302, 302]  # the loser is told a change is already waiting
    with app.app_context():
        agreement = load(reference)
        assert [v.number for v in agreement.versions] == [1, 2]
        assert len(db.session.scalars(select(PlacementChange)).all()) == 1
        assert [e.kind for e in agreement.events].count("change-proposed") == 1


def test_signing_the_change_by_function_applies_it_once(app, new_agreement):
    reference = signed_agreement(app, new_agreement)
    login(app, "employer@example.com").post(f"/agreements/{reference}/change",
                                            data=change_form(app, reference, schedule="Mon–Thu, 8–16"))
    sign_by_function(app, reference)
    sign_by_function(app, reference, roles=("employer",))  # a second press changes nothing
    with app.app_context():
        placement = load(reference).placement
        assert json.loads(placement.agreed_terms) == {"schedule": "Mon–Thu, 8–16"}
        assert placement.agreed_end_date is None
