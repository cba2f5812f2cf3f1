from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Organisation, User
from tests.conftest import page

VALID = {
    "organisation_number": "212000-0142",
    "name": "Bageriet i Byn AB",
    "workplace_address": "Bagargatan 2, 753 20 Uppsala",
    "sector": "hospitality",
    "has_collective_agreement": "yes",
    "contact_person": "Britt Bagare",
    "email": "britt@bageriet.example",
    "password": "a-long-enough-password",
    "password_again": "a-long-enough-password",
    "accept_terms": "y",
}


def register(client, **changes):
    client.get("/?lang=en")
    return client.post("/organisations/register", data={**VALID, **changes})


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_registration_creates_an_unverified_organisation_and_logs_in(app, client):
    response = register(client)
    assert response.status_code == 302
    with app.app_context():
        organisation = db.session.scalar(select(Organisation))
        assert organisation.organisation_number == "2120000142"
        assert organisation.verified_at is None
        assert organisation.has_collective_agreement is True
        user = db.session.scalar(select(User))
        assert (user.role, user.email, user.organisation_id) == ("employer", "britt@bageriet.example", organisation.id)
    dashboard = page(client.get("/dashboard/"))
    assert "Waiting for verification" in dashboard.get_text()


def test_wrong_check_digit_is_refused_next_to_the_field_and_nothing_is_lost(app, client):
    html = page(register(client, organisation_number="212000-0143"))
    error = html.find(id="organisation_number-error").get_text(" ", strip=True)
    assert "not valid" in error and "check digit" in error
    assert html.find("input", attrs={"name": "organisation_number"})["value"] == "212000-0143"
    assert html.find("input", attrs={"name": "name"})["value"] == "Bageriet i Byn AB"
    assert html.find("textarea", attrs={"name": "workplace_address"}).string.strip() == VALID["workplace_address"]
    assert html.find("option", attrs={"value": "hospitality"}).has_attr("selected")
    assert html.find("input", attrs={"name": "has_collective_agreement", "value": "yes"}).has_attr("checked")
    assert count(app, Organisation) == 0 and count(app, User) == 0


def test_wrong_format_says_how_to_write_the_number(client):
    html = page(register(client, organisation_number="12345"))
    assert "10 digits" in html.find(id="organisation_number-error").get_text()


def test_number_without_dash_is_accepted(app, client):
    assert register(client, organisation_number="2120000142").status_code == 302


def test_every_missing_field_gets_its_own_message(app, client):
    client.get("/?lang=en")
    html = page(client.post("/organisations/register", data={}))
    for name in ["organisation_number", "name", "workplace_address", "sector", "has_collective_agreement",
                 "contact_person", "email", "password", "password_again", "accept_terms"]:
        assert html.find(id=f"{name}-error"), f"no message for {name}"
    assert count(app, Organisation) == 0


def test_short_password_and_bad_email_are_refused(client):
    html = page(register(client, password="short", password_again="short", email="not-an-email"))
    assert "at least 12 characters" in html.find(id="password-error").get_text()
    assert "name@example.com" in html.find(id="email-error").get_text()


def test_passwords_must_match(client):
    html = page(register(client, password_again="another-long-password"))
    assert "not the same" in html.find(id="password_again-error").get_text()


def test_same_organisation_or_email_cannot_register_twice(app, client):
    register(client)
    client.post("/logout")
    html = page(register(client, email="other@bageriet.example"))
    assert "already registered" in html.find(id="organisation_number-error").get_text()
    html = page(register(client, organisation_number="5566778899"))
    assert "already exists" in html.find(id="email-error").get_text()
    assert count(app, Organisation) == 1 and count(app, User) == 1


def test_coordinator_verifies_an_organisation(app, client, auth, demo):
    register(client)
    client.post("/logout")
    auth.login("coordinator@example.com")
    listing = page(client.get("/organisations/?lang=en"))
    assert "Bageriet i Byn AB" in listing.get_text()
    with app.app_context():
        organisation_id = db.session.scalar(select(Organisation.id).where(Organisation.name == "Bageriet i Byn AB"))
    response = client.post(f"/organisations/{organisation_id}/verify")
    assert response.status_code == 302
    with app.app_context():
        organisation = db.session.get(Organisation, organisation_id)
        assert organisation.is_verified
        assert organisation.verified_by.email == "coordinator@example.com"


def test_only_coordinators_see_and_verify_organisations(app, client, auth, demo):
    for email in ["employer@example.com", "union@example.com", "jobseeker@example.com"]:
        auth.login(email)
        assert client.get("/organisations/").status_code == 403
        assert client.post("/organisations/1/verify").status_code == 403
        auth.logout()
    assert client.get("/organisations/").status_code == 302  # anonymous: to the login page
