"""CSRF: every state-changing route refuses a post without a valid token, and nothing changes.

The routes come from walking app.url_map (every rule that accepts POST), not from a hand list:
a new POST route without a recipe below fails the suite. A recipe says who posts what; with the
CSRF check switched off the same post must change something (so the refusal is meaningful).
tests/test_security.py checks a few routes the same way and that a real token from the form works.
"""
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from portal import backup
from portal.extensions import csrf, db
from portal.organisations.numbers import luhn_check_digit
from tests.conftest import DEMO_PASSWORD, login, page, slot_form


def fingerprint(app):
    """Every table's row count and content hash: equal exactly when nothing in the database changed."""
    with app.app_context():
        db.session.remove()
        with db.engine.connect() as connection:
            return backup.table_fingerprints(connection)


# Routes that take posts without a token, on purpose, and why. A new exemption fails the suite.
EXEMPT = {
    "agreements.verify": "public check of an uploaded PDF, also for scripts (curl); it changes nothing for anyone "
                         "and only appends a 'verified' event to the agreement's audit trail",
}


@dataclass
class Recipe:
    email: str | None  # who posts (None: nobody logged in)
    url: str
    data: dict = field(default_factory=dict)
    prepare: Callable | None = None  # run with the CSRF check off before the refused posts
    changed: Callable | None = None  # how to see the control post worked, when not in the database


def _new_organisation_number():
    digits = "559999000"
    return f"{digits[:6]}-{digits[6:]}{luhn_check_digit(digits)}"


def _read_step(reference):
    def prepare(client):
        from sqlalchemy import select

        from portal.extensions import db
        from portal.models import Agreement

        with client.application.app_context():
            version = db.session.scalar(select(Agreement).where(Agreement.reference == reference)).current_version.number
        response = client.post(f"/agreements/{reference}/sign", data={"read": "y", "authority": "y", "version": version})
        assert response.status_code == 302 and response.location.endswith("/sign/confirm")
    return prepare


RECORD = {"full_name": "Olena Kovalenko", "gender": "woman", "birth_year": "1985", "desired_occupation": "Cook",
          "education": "Upper secondary school"}

RECIPES = {
    "accounts.login": lambda w: Recipe(None, "/login", {"email": "employer@example.com", "password": "wrong-password!"}),
    "accounts.logout": lambda w: Recipe("employer@example.com", "/logout"),
    "accounts.change_password": lambda w: Recipe("keys@example.com", "/account/password", {
        "current_password": DEMO_PASSWORD, "new_password": "another-password-2026",
        "new_password_again": "another-password-2026"}),
    "accounts.forgot_password": lambda w: Recipe(None, "/password/forgot", {"email": "employer@example.com"}),
    "accounts.reset_password": lambda w: Recipe(None, w["reset_link"], {
        "new_password": "another-password-2026", "new_password_again": "another-password-2026"}),
    "accounts.accept_invitation": lambda w: Recipe(None, w["invitation_link"], {
        "new_password": "another-password-2026", "new_password_again": "another-password-2026"}),
    "jobseekers.invite": lambda w: Recipe("coordinator@example.com", f"/jobseekers/{w['jobseeker']}/invite",
                                          {"email": "olena@example.com"}),
    "organisations.register": lambda w: Recipe(None, "/organisations/register", {
        "organisation_number": _new_organisation_number(), "name": "Nya Bolaget AB", "workplace_address": "Nygatan 3",
        "sector": "retail", "has_collective_agreement": "yes", "contact_person": "Nina Ny",
        "email": "nina@nya.example", "password": "long-enough-password", "password_again": "long-enough-password",
        "accept_terms": "y"}),
    "organisations.confirm": lambda w: Recipe(None, w["confirmation_link"]),
    "organisations.verify": lambda w: Recipe("coordinator@example.com",
                                             f"/organisations/{w['unverified_organisation']}/verify"),
    "slots.new": lambda w: Recipe("employer@example.com", "/slots/new", slot_form(submit_for_review=None,
                                                                                  save_draft="Save")),
    "slots.edit": lambda w: Recipe("employer@example.com", f"/slots/{w['draft']}/edit",
                                   slot_form(title="Ändrad titel", submit_for_review=None, save_draft="Save")),
    "slots.withdraw": lambda w: Recipe("employer@example.com", f"/slots/{w['draft_to_withdraw']}/withdraw"),
    "slots.check": lambda w: Recipe("employer@example.com", f"/slots/{w['draft_to_send']}/check",
                                    {"revision": "1"}),  # sends the draft for consultation, as shown
    "slots.copy": lambda w: Recipe("employer@example.com", f"/slots/{w['consented']}/copy"),
    "slots.reply": lambda w: Recipe("employer@example.com", f"/slots/{w['objected']}/reply",
                                    {"response": "We shortened the hours."}),
    "reviews.review": lambda w: Recipe("union@example.com", f"/reviews/{w['awaiting']}",
                                       {"decision": "consent", "revision": "1"}),  # the revision it answers
    "consultations.show": lambda w: Recipe("coordinator@example.com", f"/consultations/{w['to_decide']}", {
        "decide-outcome": "approve", "decide-reason": "The union supports it.", "decide-revision": "1",
        "decide-status": "awaiting-decision"}),
    "consultations.held_another_way": lambda w: Recipe(
        "coordinator@example.com", f"/consultations/{w['in_consultation']}/held-another-way", {
            "other-method": "phone", "other-held_on": date.today().isoformat(), "other-consulted": "Ulf, Handels",
            "other-decision": "consent", "other-reason": "No objection.", "other-revision": "1",
            "other-status": "awaiting-review"}),
    "consultations.assign_representative": lambda w: Recipe(
        "coordinator@example.com", f"/consultations/{w['in_consultation']}/representative",
        {"assign-representative": str(w["union_user"]), "assign-cover": "organisation"}),
    "jobseekers.new": lambda w: Recipe("coordinator@example.com", "/jobseekers/new",
                                       {**RECORD, "full_name": "Nora Ny"}),
    "jobseekers.edit": lambda w: Recipe("coordinator@example.com", f"/jobseekers/{w['jobseeker']}/edit", RECORD),
    "jobseekers.match": lambda w: Recipe("coordinator@example.com",
                                         f"/jobseekers/{w['jobseeker']}/match/{w['later_slot']}"),
    "unions.scope": lambda w: Recipe("coordinator@example.com", f"/union-representatives/{w['union_user']}",
                                     {"sectors": ["education"]}),
    "feedback.end_early": lambda w: Recipe("employer@example.com", f"/placements/{w['running_placement']}/end",
                                           {"ended_on": date.today().isoformat(), "reason": "illness"}),
    "feedback.employer_report": lambda w: Recipe("employer@example.com", f"/placements/{w['ended_placement']}/report",
                                                 {"tasks_done": "Picked orders", "save_draft": "Save draft"}),
    "feedback.jobseeker_feedback": lambda w: Recipe("jobseeker@example.com",
                                                    f"/placements/{w['ended_placement']}/feedback",
                                                    {"learned": "Forklift driving", "save_draft": "Save draft"}),
    "checkins.check_in": lambda w: Recipe("coordinator@example.com", f"/placements/{w['check_in_placement']}/check-in", {
        "held_on": date.today().isoformat(), "attendance": "full", "tasks_as_agreed": "no", "supervisor_present": "yes",
        "replaces_staff": "no", "participant_view": "Fine."}),
    "certificates.certificate": lambda w: Recipe("jobseeker@example.com",
                                                 f"/placements/{w['reported_placement']}/certificate",
                                                 {"accept": "y", "shown": w["certificate_text"]}),
    "feedback.follow_up": lambda w: Recipe("coordinator@example.com", f"/placements/{w['ended_placement']}/follow-up",
                                           {"outcome": "in-work"}),
    "guide.ask": lambda w: Recipe("employer@example.com", "/guide/ask",
                                  {"question": "May the participant cover for a colleague on sick leave?"}),
    "guide.quiz": lambda w: Recipe("employer@example.com", "/guide/quiz", {"quiz": w["quiz"][0], "choice": w["quiz"][1]}),
    "guide.mark_handled": lambda w: Recipe("coordinator@example.com", "/guide/unanswered/handled",
                                           {"normalised": w["unanswered"]}),
    # Step 1 of signing changes only the session: the control post goes on to step 2.
    "agreements.sign": lambda w: Recipe("jobseeker@example.com", f"/agreements/{w['agreement']}/sign",
                                        {"read": "y", "authority": "y", "version": "1"},
                                        changed=lambda response: response.location.endswith("/sign/confirm")),
    "agreements.sign_confirm": lambda w: Recipe("employer@example.com", f"/agreements/{w['agreement']}/sign/confirm",
                                                {"full_name": "Eva Exempel", "password": DEMO_PASSWORD, "version": "1"},
                                                prepare=_read_step(w["agreement"])),
    "agreements.decline": lambda w: Recipe("jobseeker@example.com", f"/agreements/{w['agreement_to_decline']}/decline",
                                           {"reason": "The hours do not suit me.", "version": "1"}),
    "agreements.new_version": lambda w: Recipe("coordinator@example.com",
                                               f"/agreements/{w['agreement_to_decline']}/versions", {"language": "en"}),
    "agreements.remind": lambda w: Recipe("coordinator@example.com", f"/agreements/{w['agreement']}/remind"),
    "agreements.propose": lambda w: Recipe("employer@example.com", f"/agreements/{w['signed_agreement']}/change",
                                           w["change_data"]),
    "agreements.sign_on_behalf_page": lambda w: Recipe(
        "coordinator@example.com", f"/agreements/{w['agreement_employer_signed']}/sign-on-behalf",
        {"reason": "no-e-id", "confirm": "y", "full_name": "Cecilia Handläggare", "password": DEMO_PASSWORD,
         "version": "1"}),
    "jobseekers.match_overlap": lambda w: Recipe(
        "coordinator@example.com", f"/jobseekers/{w['jobseeker']}/match/{w['overlap_slot']}/overlap",
        {"reason": "Evenings only", "confirm": "y"}),
}


def post_rules(app):
    return [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]


def exempt_endpoints(app):
    exempt = set()
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if f"{view.__module__}.{view.__name__}" in csrf._exempt_views or (
                rule.endpoint.split(".")[0] in {blueprint.name for blueprint in csrf._exempt_blueprints}):
            exempt.add(rule.endpoint)
    return exempt


def test_every_post_route_has_a_recipe_or_a_stated_exemption(app):
    assert exempt_endpoints(app) == set(EXEMPT), "a view was exempted from CSRF checks: say why in EXEMPT"
    missing = sorted({rule.endpoint for rule in post_rules(app)} - set(RECIPES) - set(EXEMPT))
    assert not missing, f"add a recipe for these POST routes to RECIPES in {__file__}: {missing}"


def test_every_post_route_refuses_a_post_without_a_valid_token_and_changes_nothing(app, world):
    app.config["WTF_CSRF_ENABLED"] = True
    attacker = login(app, None)
    attackers_token = page(attacker.get("/login")).find("input", attrs={"name": "csrf_token"})["value"]
    problems = {}
    for rule in post_rules(app):
        if rule.endpoint in EXEMPT:
            continue
        recipe = RECIPES[rule.endpoint](world)
        app.config["WTF_CSRF_ENABLED"] = False
        client = login(app, recipe.email)
        if recipe.prepare:
            recipe.prepare(client)
        app.config["WTF_CSRF_ENABLED"] = True
        before = fingerprint(app)
        # No token, a made-up one, and a real token from another session (the attacker's own).
        for token in (None, "forged-token", attackers_token):
            data = dict(recipe.data, **({"csrf_token": token} if token else {}))
            response = client.post(recipe.url, data=data)
            if response.status_code != 400:
                problems[rule.endpoint] = f"{response.status_code} with token {token!r}"
        if fingerprint(app) != before:
            problems[rule.endpoint] = "the database changed"
        # Control: the same post without the CSRF check does change something.
        app.config["WTF_CSRF_ENABLED"] = False
        response = client.post(recipe.url, data=recipe.data)
        worked = recipe.changed(response) if recipe.changed else fingerprint(app) != before
        if not worked:
            problems.setdefault(rule.endpoint, f"the control post changed nothing ({response.status_code})")
    assert not problems, problems


def test_the_exempt_verify_page_acts_for_nobody(app, world):
    """A cross-site post to /verify arrives with the victim's cookie: it must not act as the victim.

    Its writes are a 'verified' event in the agreement's audit trail, recorded without an actor,
    and the count of uploads from the address (rate_limits, per address, never per user).
    """
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import AgreementEvent
    from tests.agreement_helpers import current_pdf

    victim = login(app, "coordinator@example.com")
    app.config["WTF_CSRF_ENABLED"] = True
    before = fingerprint(app)
    pdf = current_pdf(app, world["agreement"])
    response = victim.post("/verify", data={"document": (io.BytesIO(pdf), "agreement.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 200
    after = fingerprint(app)
    assert {name for name in after if after[name] != before[name]} <= {"agreement_events", "agreements", "rate_limits"}
    with app.app_context():
        event = db.session.scalars(select(AgreementEvent).order_by(AgreementEvent.id.desc())).first()
        assert event.kind == "verified" and event.actor_id is None
