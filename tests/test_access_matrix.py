"""Every route, every role (and anonymous), against objects that belong to another party.

The expected status for each is data below: a new route without a row fails the suite.
`own` rows are for the party that does own the object, to show that the rule is not "refuse all".
"""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import JobSeeker, Organisation, SlotStatus, User
from tests.agreement_helpers import agreement_of_another_jobseeker
from tests.conftest import register_other_employer

ROLES = ("anonymous", "employer", "union", "jobseeker", "coordinator")
LOGINS = {
    "employer": "other@employer.example",  # an employer of another organisation
    "union": "outside@union.example",  # a representative whose scope does not cover the slot
    "jobseeker": "jobseeker@example.com",
    "coordinator": "coordinator@example.com",
}

LOGIN = 302  # anonymous users are sent to the login page

# endpoint: expected status for (anonymous, employer, union, jobseeker, coordinator)
MATRIX = {
    "start.index": (200, 200, 200, 200, 200),
    "accounts.login": (200, 302, 302, 302, 302),
    "accounts.logout": (LOGIN, 302, 302, 302, 302),
    "accounts.change_password": (LOGIN, 200, 200, 200, 200),  # always one's own account
    "accounts.forgot_password": (200, 200, 200, 200, 200),
    "accounts.reset_password": (200, 200, 200, 200, 200),  # a link that is no longer valid says so to anyone
    "accounts.accept_invitation": (200, 200, 200, 200, 200),  # likewise
    "dashboard.index": (LOGIN, 200, 200, 200, 200),
    "notices.index": (LOGIN, 200, 200, 200, 200),  # always one's own notices
    "organisations.register": (200, 200, 200, 200, 200),
    "organisations.confirm": (200, 200, 200, 200, 200),  # a link that is no longer valid says so to anyone
    "organisations.index": (LOGIN, 403, 403, 403, 200),
    "organisations.verify": (LOGIN, 403, 403, 403, 302),
    "slots.index": (LOGIN, 200, 403, 403, 403),
    "slots.new": (LOGIN, 200, 403, 403, 403),
    "slots.show": (LOGIN, 403, 403, 403, 200),
    "slots.edit": (LOGIN, 403, 403, 403, 403),
    "slots.withdraw": (LOGIN, 403, 403, 403, 403),
    "slots.copy": (LOGIN, 403, 403, 403, 403),
    "slots.reply": (LOGIN, 403, 403, 403, 403),
    "slots.check": (LOGIN, 403, 403, 403, 403),  # check the answers and send: the employer's own slot only
    "reviews.index": (LOGIN, 403, 200, 403, 403),
    "reviews.review": (LOGIN, 403, 403, 403, 403),
    "consultations.index": (LOGIN, 403, 403, 403, 200),
    "consultations.show": (LOGIN, 403, 403, 403, 200),  # the coordinator decides; nobody else sees the page
    "consultations.held_another_way": (LOGIN, 403, 403, 403, 200),  # an empty post: the form's messages
    "consultations.assign_representative": (LOGIN, 403, 403, 403, 200),
    "jobseekers.index": (LOGIN, 403, 403, 403, 200),
    "jobseekers.new": (LOGIN, 403, 403, 403, 200),
    "jobseekers.show": (LOGIN, 403, 403, 403, 200),
    "jobseekers.edit": (LOGIN, 403, 403, 403, 200),
    "jobseekers.match": (LOGIN, 403, 403, 403, 302),
    "jobseekers.match_overlap": (LOGIN, 403, 403, 403, 200),  # the match's confirmation when placements overlap
    "jobseekers.invite": (LOGIN, 403, 403, 403, 200),
    "unions.index": (LOGIN, 403, 403, 403, 200),
    "unions.scope": (LOGIN, 403, 403, 403, 200),
    "agreements.index": (LOGIN, 200, 200, 200, 200),  # each sees the agreements in their own scope
    "agreements.show": (LOGIN, 403, 403, 403, 200),
    "agreements.pdf": (LOGIN, 403, 403, 403, 200),
    "agreements.audit": (LOGIN, 403, 403, 403, 200),
    "agreements.sign": (LOGIN, 403, 403, 403, 200),
    "agreements.sign_confirm": (LOGIN, 403, 403, 403, 302),  # step 2 sends you back to step 1
    "agreements.decline": (LOGIN, 403, 403, 403, 200),
    "agreements.new_version": (LOGIN, 403, 403, 403, 302),
    "agreements.remind": (LOGIN, 403, 403, 403, 302),
    "agreements.propose": (LOGIN, 403, 403, 403, 302),  # not signed by all yet: back to the agreement
    "agreements.sign_on_behalf_page": (LOGIN, 403, 403, 403, 302),  # the employer has not signed yet
    "agreements.verify": (200, 200, 200, 200, 200),
    "feedback.end_early": (LOGIN, 403, 403, 403, 200),
    "feedback.employer_report": (LOGIN, 403, 403, 403, 200),
    "feedback.jobseeker_feedback": (LOGIN, 403, 403, 403, 200),
    "feedback.follow_up": (LOGIN, 403, 403, 403, 200),
    "checkins.check_in": (LOGIN, 403, 403, 403, 200),  # a representative in scope reads it (OWN)
    "records.my_data": (LOGIN, 403, 403, 200, 403),  # always the job-seeker's own data
    "certificates.certificate": (LOGIN, 403, 403, 403, 200),
    "certificates.pdf": (LOGIN, 403, 403, 403, 404),  # none issued yet
    "stats.index": (LOGIN, 403, 200, 403, 200),  # a union representative sees only their scope's figures
    "stats.export": (LOGIN, 403, 200, 403, 200),
    "guide.index": (200, 200, 200, 200, 200),
    "guide.ask": (200, 200, 200, 200, 200),  # GET shows the guide (answers are posts)
    "guide.quiz": (200, 200, 200, 200, 200),
    "guide.topic": (200, 200, 200, 200, 200),
    "guide.programme_types": (200, 200, 200, 200, 200),  # the kinds of placement: public, like the guide
    "guide.unanswered_questions": (LOGIN, 403, 403, 403, 200),
    "guide.mark_handled": (LOGIN, 403, 403, 403, 302),
}

# The owner's view of the same objects: (login, endpoint, expected status).
OWN = [
    ("employer@example.com", "slots.show", 200),
    ("employer@example.com", "slots.edit", 200),
    ("union@example.com", "slots.show", 200),
    ("union@example.com", "reviews.review", 200),
    ("employer@example.com", "agreements.show", 200),
    ("union@example.com", "agreements.show", 200),
    ("employer@example.com", "feedback.employer_report", 200),
    ("employer@example.com", "feedback.end_early", 200),
    ("union@example.com", "checkins.check_in", 200),
]


# A draft the employer never submitted, in the demo representative's scope: the employer's own until
# submitted (issue 13, item 12). (login, endpoint, expected status.)
DRAFT = [
    ("employer@example.com", "slots.show", 200),
    ("employer@example.com", "slots.edit", 200),
    ("employer@example.com", "slots.check", 200),
    ("union@example.com", "slots.show", 403),
    ("union@example.com", "reviews.review", 403),
    ("coordinator@example.com", "slots.check", 403),
    ("coordinator@example.com", "slots.show", 200),
]


@pytest.fixture
def objects(app, demo, make_slot, make_placement, runner):
    """Objects of the demo employer (Exempelbolaget AB), seen by parties who do not own them."""
    register_other_employer(app)
    runner.invoke(args=["create-user", "--role", "union", "--email", "outside@union.example", "--name", "Olle Utanför",
                        "--password", "praktik-demo-2026", "--scope-sector", "education"])
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    placement_id = make_placement("Karim Haddad")  # a placement of the demo employer, not of the demo job-seeker
    with app.app_context():
        return {
            "slot_id": slot_id,
            "draft_id": make_slot(status=SlotStatus.DRAFT),
            "reference": agreement_of_another_jobseeker(app, make_slot),
            "placement_id": placement_id,
            "organisation_id": db.session.scalar(
                select(Organisation.id).where(Organisation.organisation_number == "5590011226")),
            "jobseeker_id": db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == "Karim Haddad")),
            "user_id": db.session.scalar(select(User.id).where(User.email == "union@example.com")),
            "topic_id": "no-wage",
            "token": "not-a-confirmation-token",
        }


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint != "static":
            yield rule


def request(client, rule, objects):
    url = rule.build({name: objects[name] for name in rule.arguments}, append_unknown=False)[1]
    if "GET" in rule.methods:
        return client.get(url)
    return client.post(url)


def test_every_route_has_a_row(app):
    missing = sorted({rule.endpoint for rule in routes(app)} - set(MATRIX))
    assert not missing, f"add these routes to MATRIX in {__file__}: {missing}"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_on_every_route(app, objects, role):
    results = {}
    for rule in routes(app):
        client = app.test_client()
        client.get("/?lang=en")
        if role != "anonymous":
            response = client.post("/login", data={"email": LOGINS[role], "password": "praktik-demo-2026"})
            assert response.status_code == 302, f"{role} could not log in"
        response = request(client, rule, objects)
        expected = MATRIX[rule.endpoint][ROLES.index(role)]
        if response.status_code != expected:
            results[rule.endpoint] = (response.status_code, expected)
        if role == "anonymous" and expected == LOGIN and rule.endpoint not in ("accounts.logout",):
            assert "/login" in response.location
    assert not results, f"{role}: (got, expected) per endpoint: {results}"


@pytest.mark.parametrize("email, endpoint, expected", OWN)
def test_the_owner_is_let_in(app, objects, email, endpoint, expected):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "praktik-demo-2026"})
    rule = next(rule for rule in routes(app) if rule.endpoint == endpoint)
    assert request(client, rule, objects).status_code == expected


@pytest.mark.parametrize("email, endpoint, expected", DRAFT)
def test_a_draft_is_seen_by_its_employer_and_coordinators_only(app, objects, email, endpoint, expected):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "praktik-demo-2026"})
    rule = next(rule for rule in routes(app) if rule.endpoint == endpoint)
    assert request(client, rule, {**objects, "slot_id": objects["draft_id"]}).status_code == expected
