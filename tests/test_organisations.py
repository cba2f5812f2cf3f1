import re
from urllib.parse import urlsplit

from sqlalchemy import func, select

from portal.extensions import db
from portal.mail import outbox_messages
from portal.models import Organisation, User
from tests.conftest import DEMO_PASSWORD, page

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


WRONG_LOGIN = "The e-mail address or the password is wrong."


def last_mail(app, to):
    return [message for message in outbox_messages(app) if message["To"] == to][-1]


def confirmation_link(mail):
    """The path of the confirmation link in a registration mail."""
    url = re.search(r"https?://\S+/organisations/register/confirm/\S+", mail.get_content()).group(0)
    return urlsplit(url).path


def answer(response):
    return page(response).find("main").get_text(" ", strip=True)


def register(client, **changes):
    client.get("/?lang=en")
    return client.post("/organisations/register", data={**VALID, **changes})


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_registration_creates_an_unverified_organisation_confirmed_by_the_link_in_the_mail(app, client):
    response = register(client)
    assert response.status_code == 200
    assert page(response).h1.get_text(strip=True) == "Check your e-mail"
    with app.app_context():
        organisation = db.session.scalar(select(Organisation))
        assert organisation.organisation_number == "2120000142"
        assert organisation.verified_at is None
        assert organisation.has_collective_agreement is True
        user = db.session.scalar(select(User))
        assert (user.role, user.email, user.organisation_id) == ("employer", "britt@bageriet.example", organisation.id)
        assert user.awaiting_confirmation
    # Not logged in, and the password does not log in before the address is confirmed.
    assert client.get("/dashboard/").status_code == 302
    assert WRONG_LOGIN in client.post("/login", data={"email": VALID["email"], "password": VALID["password"]}
                                      ).get_data(as_text=True)

    mail = last_mail(app, VALID["email"])
    assert "Confirm your e-mail address" in mail["Subject"]
    link = confirmation_link(mail)
    assert page(client.get(link)).find("button").get_text(strip=True) == "Confirm and log in"
    response = client.post(link)
    assert response.status_code == 302 and response.location.endswith("/dashboard/")
    dashboard = page(client.get("/dashboard/"))
    assert "Waiting for verification" in dashboard.get_text()
    # The link works once; the password logs in from now on.
    client.post("/logout")
    assert "no longer valid" in page(client.post(link)).get_text()
    assert client.post("/login", data={"email": VALID["email"], "password": VALID["password"]}).status_code == 302


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
    register(client, organisation_number="2120000142")
    assert count(app, Organisation) == 1


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
    html = page(register(client, email="other@bageriet.example"))
    assert "already registered" in html.find(id="organisation_number-error").get_text()
    register(client, organisation_number="5566778899")
    assert count(app, Organisation) == 1 and count(app, User) == 1


def test_registering_with_an_address_that_has_an_account_answers_the_same_and_mails_the_address(app, client, demo):
    """Issue 13, item 7: the form no longer tells whether an address has an account."""
    new = register(client, email="brand.new@bageriet.example")
    organisations, users = count(app, Organisation), count(app, User)
    for email in ["employer@example.com", "union@example.com", "Coordinator@Example.com ", "jobseeker@example.com"]:
        taken = register(client, email=email, organisation_number="5590000005")
        assert taken.status_code == new.status_code == 200
        assert answer(taken).replace(email.strip().lower(), "@") == answer(new).replace("brand.new@bageriet.example", "@")
        mail = last_mail(app, email.strip().lower())
        assert "Someone tried to register with your e-mail address" in mail["Subject"]
        assert "log in instead" in mail.get_content() and "/login" in mail.get_content()
    # Nothing made, nothing changed for the existing accounts: the employer still logs in.
    assert (count(app, Organisation), count(app, User)) == (organisations, users)
    assert client.post("/login", data={"email": "employer@example.com", "password": DEMO_PASSWORD}).status_code == 302


def test_an_address_awaiting_confirmation_gets_a_fresh_link(app, client):
    register(client)
    first = confirmation_link(last_mail(app, VALID["email"]))
    register(client, organisation_number="5590000005")
    second = confirmation_link(last_mail(app, VALID["email"]))
    assert count(app, Organisation) == 1
    assert client.post(second).status_code == 302
    client.post("/logout")
    assert "no longer valid" in page(client.get(first)).get_text()


def test_a_forged_link_confirms_nothing(app, client):
    register(client)
    link = confirmation_link(last_mail(app, VALID["email"]))
    for forged in [link[:-3] + "abc", "/organisations/register/confirm/nonsense"]:
        response = client.post(forged)
        assert response.status_code == 200 and "no longer valid" in page(response).get_text()
    with app.app_context():
        assert db.session.scalar(select(User)).awaiting_confirmation


def test_registrations_are_limited_per_address(app, client):
    app.config["REGISTRATIONS_PER_ADDRESS"] = 2
    numbers = ["2120000142", "5590000005", "5566778899"]
    answers = [register(client, organisation_number=number, email=f"r{index}@example.com")
               for index, number in enumerate(numbers)]
    assert [response.status_code for response in answers] == [200, 200, 200]
    assert "tried to register many times" in page(answers[2]).find(class_="error-summary").get_text()
    assert count(app, Organisation) == 2
    elsewhere = app.test_client()
    elsewhere.get("/?lang=en")
    response = elsewhere.post("/organisations/register", environ_base={"REMOTE_ADDR": "192.0.2.20"},
                              data={**VALID, "organisation_number": numbers[2], "email": "r2@example.com"})
    assert page(response).h1.get_text(strip=True) == "Check your e-mail"


def test_coordinator_verifies_an_organisation(app, client, auth, demo):
    register(client)
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


def test_the_list_comes_a_page_at_a_time_waiting_ones_first_and_can_be_searched(app, client, auth, demo, monkeypatch):
    from portal import listing
    from portal.models.base import utcnow

    monkeypatch.setattr(listing, "PER_PAGE", 2)
    with app.app_context():
        for number, name in enumerate(["Verkstan 100% AB", "Verkstan 2 AB", "Café_Linnea"]):
            db.session.add(Organisation(organisation_number=f"55500000{number}0", name=name, sector="other",
                                        workplace_address="Gatan 1", has_collective_agreement=False,
                                        contact_person="K", verified_at=None if number == 1 else utcnow()))
        db.session.commit()
        everyone = db.session.scalar(select(func.count(Organisation.id)))
        waiting = db.session.scalar(select(func.count(Organisation.id)).where(Organisation.verified_at.is_(None)))
    client.get("/?lang=en")
    auth.login("coordinator@example.com")

    first = page(client.get("/organisations/"))
    rows = first.find("tbody").find_all("tr")
    assert len(rows) == 2 and f"of {everyone} organisations" in first.get_text()
    assert f"{waiting} organisation" in first.get_text()
    assert [bool(row.find("button")) for row in rows] == [True, True][:waiting] + [False, False][waiting:]
    assert first.find("a", rel="next") and not first.find("a", rel="prev")
    past_the_end = client.get("/organisations/?page=999&q=verkstan")
    assert past_the_end.status_code == 302 and past_the_end.location.endswith("/organisations/?page=1&q=verkstan")

    def names(url):
        return [row.td.contents[0].strip() for row in page(client.get(url)).find("tbody").find_all("tr")]

    assert names("/organisations/?q=verkstan") == ["Verkstan 2 AB", "Verkstan 100% AB"]  # waiting first
    assert names("/organisations/?q=100%25") == ["Verkstan 100% AB"]  # % is just a character
    assert names("/organisations/?q=_") == ["Café_Linnea"]
    assert names("/organisations/?q=555000-0010") == ["Verkstan 2 AB"]  # the number, with its dash
    nothing = page(client.get("/organisations/?q=Ingen+alls"))
    assert "No organisation's name or number contains “Ingen alls”" in nothing.get_text()
    too_long = page(client.get("/organisations/?q=" + "x" * 101))
    assert "at most 100 characters" in too_long.find(id="q-error").get_text()
    assert too_long.find(id="q")["value"] == "x" * 101


def test_verifying_from_a_search_comes_back_to_it(app, client, auth, demo):
    register(client)
    client.post("/logout")
    auth.login("coordinator@example.com")
    with app.app_context():
        organisation_id = db.session.scalar(select(Organisation.id).where(Organisation.name == "Bageriet i Byn AB"))
    response = client.post(f"/organisations/{organisation_id}/verify?q=Bageriet")
    assert response.status_code == 302 and response.location.endswith("/organisations/?q=Bageriet")
    assert "Bageriet i Byn AB is verified" in page(client.get(response.location)).get_text()
