"""Concurrency over HTTP: two coordinators take the last place of a slot at once; a double-click on Match.

tests/test_matching.py races confirm_match() itself in two threads; this races the real posts
(the view, the drafting of the agreement in the same transaction, the commit). Signing: tests/
test_signing.py already presses Sign twice in a row and in two tabs per party at once over HTTP
(one signature each). Like the whole suite, these run on SQLite and again on PostgreSQL.
"""
import threading

from sqlalchemy import func, select

from portal.accounts.users import new_user
from portal.extensions import db
from portal.models import Agreement, JobSeeker, Placement, Slot
from tests.conftest import DEMO_PASSWORD
from tests.security.conftest import logged_in


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
    first, second = logged_in(app, "coordinator@example.com"), logged_in(app, "second@coordinator.example")
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
    tab, other_tab = logged_in(app, "coordinator@example.com"), logged_in(app, "coordinator@example.com")
    responses = race([(tab, url), (other_tab, url)])
    assert [response.status_code for response in responses] == [302, 302]
    assert placements_and_agreements(app, slot_id) == (1, 1, 1)
