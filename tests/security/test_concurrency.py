"""Concurrency over HTTP: two coordinators take the last place of a slot at once; a double-click on Match.

tests/test_matching.py races confirm_match() itself in two threads; this races the real posts
(the view, the drafting of the agreement in the same transaction, the commit). Signing: tests/
test_signing.py already presses Sign twice in a row and in two tabs per party at once over HTTP
(one signature each). Like the whole suite, these run on SQLite and again on PostgreSQL.
"""
import threading

import pytest

from sqlalchemy import func, select

from portal.accounts.users import new_user
from portal.extensions import db
from portal.models import Agreement, JobSeeker, Placement, Slot
from tests.conftest import DEMO_PASSWORD, login


def jobseeker_id(app, name):
    with app.app_context():
        return db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == name))


def race(posts):
    """Send the (client, url) posts at the same moment from one thread each; return the responses."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def send(index, client, url):
        barrier.wait()
        responses[index] = client.post(url)

    threads = [threading.Thread(target=send, args=(index, client, url)) for index, (client, url) in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def placements_and_agreements(app, slot_id):
    with app.app_context():
        db.session.remove()
        placements = db.session.scalar(select(func.count(Placement.id)).where(Placement.slot_id == slot_id))
        agreements = db.session.scalar(select(func.count(Agreement.id)).join(Placement)
                                       .where(Placement.slot_id == slot_id))
        return db.session.get(Slot, slot_id).places_filled, placements, agreements


def test_two_coordinators_posting_for_the_last_place_at_once_make_one_match(app, demo, make_slot):
    with app.app_context():
        new_user(email="second@coordinator.example", password=DEMO_PASSWORD, role="coordinator",
                 full_name="Sara Andra")
        db.session.commit()
    slot_id = make_slot(places=1)
    first, second = login(app, "coordinator@example.com"), login(app, "second@coordinator.example")
    responses = race([(first, f"/jobseekers/{jobseeker_id(app, 'Amina Hassan')}/match/{slot_id}"),
                      (second, f"/jobseekers/{jobseeker_id(app, 'Karim Haddad')}/match/{slot_id}")])
    assert [response.status_code for response in responses] == [302, 302]
    assert placements_and_agreements(app, slot_id) == (1, 1, 1)
    # The one who lost is told so on the page they are sent back to.
    pages = [client.get(response.location).get_data(as_text=True) for client, response in
             zip((first, second), responses)]
    assert sum("has no places left" in html for html in pages) == 1
    assert sum("is matched to" in html for html in pages) == 1


def test_a_double_click_on_match_matches_once(app, demo, make_slot):
    slot_id = make_slot(places=2)
    url = f"/jobseekers/{jobseeker_id(app, 'Amina Hassan')}/match/{slot_id}"
    tab, other_tab = login(app, "coordinator@example.com"), login(app, "coordinator@example.com")
    responses = race([(tab, url), (other_tab, url)])
    assert [response.status_code for response in responses] == [302, 302]
    assert placements_and_agreements(app, slot_id) == (1, 1, 1)


# Issue 13, item 11: the end-of-placement forms' first saves and submissions, at the same moment.

REPORT = {"attendance_percent": "90", "tasks_done": "Shelves and till", "went_well": "Always on time",
          "could_develop": "Swedish at the till", "employment_offered": "hourly", "would_take_again": "yes"}
FEEDBACK = {"supervision_rating": "5", "learning_rating": "4", "treatment_rating": "5", "purpose_met": "yes",
            "job_outcome": "offered", "learned": "The till", "free_text": "My supervisor was kind"}
FORMS = {  # form: (who writes it, its path, its model, the text field the test follows, a complete answer)
    "report": ("employer@example.com", "report", "EmployerReport", "tasks_done", REPORT),
    "feedback": ("jobseeker@example.com", "feedback", "JobSeekerFeedback", "learned", FEEDBACK),
}


def race_data(posts):
    """Like race(), with form data: (client, url, data) posted at the same moment."""
    barrier = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def send(index, client, url, data):
        barrier.wait()
        responses[index] = client.post(url, data=data)

    threads = [threading.Thread(target=send, args=(index, *post)) for index, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


def rows(app, model_name, placement_id):
    import portal.models as models

    model = getattr(models, model_name)
    with app.app_context():
        db.session.remove()
        found = db.session.scalars(select(model).where(model.placement_id == placement_id)).all()
        values = [{column.name: getattr(row, column.name) for column in model.__table__.columns} for row in found]
        db.session.remove()
        return values


def goal_answers(app, placement_id):
    from portal.models import LearningGoal, Placement

    with app.app_context():
        slot_id = db.session.get(Placement, placement_id).slot_id
        return {f"goal_{goal_id}": "3" for goal_id in
                db.session.scalars(select(LearningGoal.id).where(LearningGoal.slot_id == slot_id))}


@pytest.mark.parametrize("form", FORMS)
def test_ten_first_saves_at_once_make_one_form_and_no_error(app, demo, make_placement, form):
    email, path, model, text, _complete = FORMS[form]
    placement_id = make_placement()
    url = f"/placements/{placement_id}/{path}"
    posts = [(login(app, email), url, {text: f"draft {number}", "save_draft": "Save"}) for number in range(10)]
    responses = race_data(posts)
    assert [response.status_code for response in responses] == [302] * 10
    saved = rows(app, model, placement_id)
    assert len(saved) == 1 and saved[0][text] in {f"draft {number}" for number in range(10)}


def test_ten_first_follow_ups_at_once_make_one_and_no_error(app, demo, make_placement):
    from portal.models import FollowUp

    placement_id = make_placement(days_ago_ended=100)
    url = f"/placements/{placement_id}/follow-up"
    outcomes = ["in-work", "studies"] * 5
    responses = race_data([(login(app, "coordinator@example.com"), url, {"outcome": outcome})
                           for outcome in outcomes])
    assert [response.status_code for response in responses] == [302] * 10
    with app.app_context():
        db.session.remove()
        assert db.session.scalar(select(func.count(FollowUp.id)).where(FollowUp.placement_id == placement_id)) == 1


@pytest.mark.parametrize("form", FORMS)
def test_drafts_saved_around_a_submission_never_change_what_was_submitted(app, demo, make_placement, form):
    email, path, model, text, complete = FORMS[form]
    placement_id = make_placement()
    url = f"/placements/{placement_id}/{path}"
    submission = {**complete, **(goal_answers(app, placement_id) if form == "report" else {}),
                  text: "The submitted answer", "submit": "Submit"}
    posts = [(login(app, email), url, {text: f"a later draft {number}", "save_draft": "Save"})
             for number in range(5)]
    posts.insert(2, (login(app, email), url, submission))
    responses = race_data(posts)
    assert [response.status_code for response in responses] == [302] * 6
    [saved] = rows(app, model, placement_id)
    assert saved["submitted_at"] is not None and saved[text] == "The submitted answer"
    # A second submit, and a draft, after submission: refused with a message, nothing changed.
    client = login(app, email)
    for data in ({**submission, text: "Submitted again"}, {text: "A draft afterwards", "save_draft": "Save"}):
        response = client.post(url, data=data, follow_redirects=True)
        assert "cannot be changed" in response.get_data(as_text=True)
    assert rows(app, model, placement_id) == [saved]
