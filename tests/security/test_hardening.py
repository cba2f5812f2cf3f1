"""Issue 13, items 8 and 14-18: what an attack on the running portal found outside verification.

Links in e-mail from the Host header (8), ids and page numbers past 2**63 (14), the CSV export's
redirect (15), control characters in required fields (16), the guide's unanswered questions (17)
and caching of personal pages (18).
"""
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.extensions import db
from portal.mail import outbox_messages, portal_link
from portal.models import Slot, SlotStatus, UnansweredQuestion
from portal.security import production_problems
from tests.conftest import login, page, slot_form

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"https?://[^\s<>\"')]+")
HUGE = (str(2**63), "99999999999999999999999")
TOO_LARGE_IDS = (str(2**31), *HUGE)  # ids are PostgreSQL integers


INTERN = "http://intern.example.se"


def links_in_outbox(app):
    return [link for message in outbox_messages(app) for link in LINK.findall(message.get_content())]


# --- 8. Links in e-mail come from PORTAL_URL; unknown hosts are refused ---

def test_a_post_with_a_forged_host_is_refused_and_sends_nothing(app, new_agreement):
    reference = new_agreement()
    before = len(outbox_messages(app))
    jobseeker = login(app, "jobseeker@example.com")
    response = jobseeker.post(f"/agreements/{reference}/decline", data={"reason": "Wrong hours", "version": 1},
                              headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert len(outbox_messages(app)) == before
    assert not any("evil.example" in link for link in links_in_outbox(app))


def test_without_portal_url_mail_links_the_development_address_not_the_requests_host(app, new_agreement):
    """The test client's Host is `localhost`: the links must not follow it."""
    reference = new_agreement()
    response = login(app, "jobseeker@example.com").post(f"/agreements/{reference}/decline",
                                                     data={"reason": "Wrong hours", "version": 1})
    assert response.status_code == 302
    links = links_in_outbox(app)
    assert links and all(link.startswith("http://127.0.0.1:5000/") for link in links), links


def test_every_mail_link_starts_with_portal_url(app, new_agreement, make_placement):
    app.config["PORTAL_URL"] = "https://praktik.example.se/"
    app.config["TRUSTED_HOSTS"] = ["localhost", "intern.example.se"]  # a second name the portal answers to
    # The demo data was loaded (and announced) before PORTAL_URL was set: start with an empty outbox.
    for message in Path(app.config["MAIL_OUTBOX_DIR"]).glob("*.eml"):
        message.unlink()
    first, second = new_agreement(), new_agreement()
    # Mail sent from requests arriving under that other name: reminded, declined, asked to sign again.
    coordinator = login(app, "coordinator@example.com", lang=None, base_url=INTERN)
    jobseeker = login(app, "jobseeker@example.com", lang=None, base_url=INTERN)
    assert coordinator.post(f"/agreements/{first}/remind", base_url=INTERN).status_code == 302
    assert jobseeker.post(f"/agreements/{second}/decline", data={"reason": "Wrong hours", "version": 1},
                          base_url=INTERN).status_code == 302
    assert coordinator.post(f"/agreements/{second}/versions", data={"language": "en", "note": "Fixed"},
                            base_url=INTERN).status_code == 302
    # Feedback reminders, sent from the command line.
    placement_id = make_placement("Karim Haddad")
    from portal.feedback.reminders import send_reminders

    with app.app_context():
        assert send_reminders(date.today()) >= 1
    subjects = [message["Subject"] for message in outbox_messages(app)]
    assert any("was declined" in subject for subject in subjects)
    assert sum("waiting for your signature" in subject for subject in subjects) > 2 * 3  # drafts, reminder, version 2
    links = links_in_outbox(app)
    assert links and all(link.startswith("https://praktik.example.se/") for link in links), links
    assert f"https://praktik.example.se/agreements/{second}" in links
    assert f"https://praktik.example.se/placements/{placement_id}/report" in links


def test_the_verification_address_in_agreements_comes_from_portal_url(app):
    app.config["PORTAL_URL"] = "https://praktik.example.se"
    with app.test_request_context("/", base_url="http://intern.example.se"):
        assert portal_link("agreements.verify") == "https://praktik.example.se/verify"
        assert portal_link("agreements.show", reference="PA-1") == "https://praktik.example.se/agreements/PA-1"


def test_trusted_hosts_default_to_local_names_and_portal_urls_host(tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "PORTAL_URL": "https://praktik.example.se"})
    assert app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1", "praktik.example.se"]
    client = app.test_client()
    assert client.get("/", headers={"Host": "praktik.example.se"}).status_code == 200
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": "praktik.example.se.evil.example"}).status_code == 400


def test_production_needs_portal_url_trusted_hosts_and_secure_cookies():
    development = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    problems = " ".join(production_problems(development))
    assert "PORTAL_URL" in problems and "TRUSTED_HOSTS" in problems and "SESSION_COOKIE_SECURE" in problems
    production = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://", "SESSION_COOKIE_SECURE": True,
                             "PORTAL_URL": "https://praktik.example.se", "TRUSTED_HOSTS": ["praktik.example.se"]})
    assert production_problems(production) == []
    assert production.config["TRUSTED_HOSTS"] == ["praktik.example.se"]


def _import_wsgi(tmp_path, **env):
    environment = {key: value for key, value in os.environ.items() if key != "PORTAL_LOCAL_ONLY"}
    environment.update(DATABASE_URL=f"sqlite:///{tmp_path / 'wsgi.sqlite'}", **env)
    return subprocess.run([sys.executable, "-c", "import wsgi"], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.skipif((ROOT / "instance" / "config.py").exists(), reason="instance/config.py may set production")
def test_production_start_refuses_and_says_what_is_missing(tmp_path):
    refused = _import_wsgi(tmp_path)
    assert refused.returncode != 0
    for name in ("PORTAL_URL", "TRUSTED_HOSTS", "SESSION_COOKIE_SECURE", "PORTAL_LOCAL_ONLY=1"):
        assert name in refused.stderr, refused.stderr
    local = _import_wsgi(tmp_path, PORTAL_LOCAL_ONLY="1")
    assert local.returncode == 0, local.stderr
    assert "PORTAL_URL" in local.stderr  # still said, as a warning


# --- 14. Ids past the id columns' range: 404; page numbers past 64 bits: the last page ---

def _rules_with_ids():
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rules = []
    for rule in app.url_map.iter_rules():
        if any(type(converter).__name__ == "IdConverter" or "Integer" in type(converter).__name__
               for converter in rule._converters.values()):
            for method in sorted(rule.methods & {"GET", "POST"}):
                rules.append(pytest.param(rule.rule, method, id=f"{method} {rule.rule}"))
    return rules


ID_RULES = _rules_with_ids()
ROLE_LOGINS = ("employer@example.com", "union@example.com", "jobseeker@example.com", "coordinator@example.com")


def test_fourteen_or_more_routes_take_ids():
    assert len(ID_RULES) >= 14


@pytest.mark.parametrize(("rule", "method"), ID_RULES)
def test_an_id_past_the_id_columns_range_is_not_found_for_every_role(app, demo, rule, method):
    for email in ROLE_LOGINS:
        client = login(app, email)
        for number in TOO_LARGE_IDS:
            path = re.sub(r"<int:\w+>", number, rule)
            response = client.open(path, method=method, data={})
            assert response.status_code == 404, (email, path, response.status_code)
        # The largest id that fits is an ordinary unknown id (or someone else's): no 500 either.
        path = re.sub(r"<int:\w+>", str(2**31 - 1), rule)
        assert client.open(path, method=method, data={}).status_code in (302, 403, 404), (email, path)


@pytest.mark.parametrize("endpoint_path", ["/jobseekers/", "/organisations/"])
@pytest.mark.parametrize("number", [*HUGE, str(2**62), "-1", "0", "x"])
def test_a_page_number_past_the_end_goes_to_the_last_page(app, demo, endpoint_path, number):
    coordinator = login(app, "coordinator@example.com")
    response = coordinator.get(f"{endpoint_path}?page={number}&q=a")
    if number in ("-1", "0", "x"):
        assert response.status_code == 200
        return
    assert response.status_code == 302
    query = parse_qs(urlsplit(response.headers["Location"]).query)
    assert query == {"page": ["1"], "q": ["a"]}
    assert coordinator.get(response.headers["Location"]).status_code == 200


def test_a_huge_page_number_on_any_list_is_not_a_500(app, demo):
    bare = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})  # only for its url_map
    paths = [rule.rule for rule in bare.url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments and rule.endpoint != "accounts.logout"]
    for email in ROLE_LOGINS:
        client = login(app, email)
        for path in paths:
            response = client.get(f"{path}?page={HUGE[1]}")
            assert response.status_code < 500, (email, path)


# --- 15. The CSV export's redirect carries only the filters ---

@pytest.mark.parametrize("extra", ["endpoint=y", "_method=POST", "_external=1&_anchor=x&_scheme=javascript",
                                   "values=1&period_to=z"])
def test_an_invalid_export_goes_back_to_the_page_with_only_the_filters(app, demo, extra):
    coordinator = login(app, "coordinator@example.com")
    response = coordinator.get(f"/stats/export.csv?period_from=x&sector=&{extra}")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/stats/" and not location.netloc and not location.fragment
    query = parse_qs(location.query, keep_blank_values=True)
    assert set(query) <= {"period_from", "period_to", "placement_type", "sector", "organisation"}
    assert query["period_from"] == ["x"]
    html = page(coordinator.get(response.headers["Location"]))
    assert html.find(id="period_from-error")


# --- 16. Control characters are cleaned before validating ---

@pytest.mark.parametrize("title", ["\x00", "\x00\x01 \x7f", " \x1b\x9f "])
def test_a_required_field_of_control_characters_is_empty(app, demo, title):
    employer = login(app, "employer@example.com")
    with app.app_context():
        before = db.session.scalar(select(func.count(Slot.id)))
    response = employer.post("/slots/new", data=slot_form(title=title))
    assert response.status_code == 200
    error = page(response).find(id="title-error")
    assert error and "Enter a title" in error.get_text()
    with app.app_context():
        assert db.session.scalar(select(func.count(Slot.id))) == before


def test_a_required_text_area_of_control_characters_is_empty(app, demo, make_slot):
    slot_id = make_slot(status=SlotStatus.REFUSED)
    with app.app_context():
        before = db.session.get(Slot, slot_id).employer_response
    employer = login(app, "employer@example.com")
    response = employer.post(f"/slots/{slot_id}/reply", data={"response": "\x00\x07\r\n\x00"})
    assert response.status_code == 200
    error = page(response).find(id="response-error")
    assert error and "Write your answer" in error.get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).employer_response == before


def test_control_characters_go_and_text_areas_keep_their_lines(app, demo):
    employer = login(app, "employer@example.com")
    response = employer.post("/slots/new", data=slot_form(title="Kafé\x00\tbiträde\x1b", tasks="Brygga\x07 kaffe\n\tDiska",
                                                          save_draft="Save", submit_for_review=None))
    assert response.status_code == 302
    with app.app_context():
        slot = db.session.scalars(select(Slot).order_by(Slot.id.desc())).first()
        assert slot.title == "Kafé biträde"
        assert slot.tasks.replace("\r\n", "\n") == "Brygga kaffe\n\tDiska"


# --- 17. The guide: identity numbers in any digits are redacted; anonymous questions are limited ---

@pytest.mark.parametrize("number", [
    "１９９００１０１－１２３４",  # full-width
    "１９９００１０１-１２３４",
    "٩٠٠١٠١-١٢٣٤",  # Arabic-Indic
    "۱۹۹۰۰۱۰۱–۱۲۳۴",  # Persian digits, en dash
    "१९९००१०१−१२३४",  # Devanagari, minus sign
    "1990\u200b0101-1234",  # a zero-width space inside
])
def test_the_unanswered_list_keeps_no_identity_number_in_any_digits(app, demo, number):
    from portal.guide import unanswered

    with app.app_context():
        unanswered.record(f"Får jag skriva mitt personnummer {number} i ansökan om kaffebryggare?", "sv")
        db.session.commit()
        stored = db.session.scalar(select(UnansweredQuestion.question))
    assert "[id number]" in stored
    assert not any(character.isdigit() for character in stored), stored
    html = login(app, "coordinator@example.com").get("/guide/unanswered").get_data(as_text=True)
    assert number not in html and "[id number]" in html


UNANSWERABLE = "Hur många kaffebönor får en giraff äta på en tisdag nummer {}?"


def _unanswered_count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(UnansweredQuestion.id)))


@pytest.mark.parametrize("mode", ["html", "json"])
def test_anonymous_questions_are_limited_per_address(app, client, mode):
    app.config["GUIDE_QUESTIONS_PER_ADDRESS"] = 3
    headers = {"Accept": "application/json"} if mode == "json" else {}
    client.get("/?lang=en")
    for number in range(3):
        response = client.post("/guide/ask", data={"question": UNANSWERABLE.format(number), "lang": "en"},
                               headers=headers)
        assert response.status_code == 200
    assert _unanswered_count(app) == 3
    response = client.post("/guide/ask", data={"question": UNANSWERABLE.format(99), "lang": "en"}, headers=headers)
    assert response.status_code == 429
    message = "You have asked many questions in a short time"
    if mode == "json":
        assert message in response.get_json()["errors"]["question"][0]
    else:
        html = page(response)
        assert message in html.find(id="question-error").get_text()
        assert "nummer 99" not in html.find(id="guide-log").get_text()
    assert _unanswered_count(app) == 3
    # Another address may still ask.
    other = app.test_client()
    response = other.post("/guide/ask", data={"question": UNANSWERABLE.format(7), "lang": "en"},
                          headers=headers, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 200 and _unanswered_count(app) == 4


def test_the_limit_message_is_in_swedish_too(app, client):
    app.config["GUIDE_QUESTIONS_PER_ADDRESS"] = 0
    client.get("/?lang=sv")
    response = client.post("/guide/ask", data={"question": UNANSWERABLE.format(1)})
    assert response.status_code == 429
    assert "Du har ställt många frågor på kort tid" in page(response).find(id="question-error").get_text()


def test_logged_in_users_are_not_limited(app, demo):
    app.config["GUIDE_QUESTIONS_PER_ADDRESS"] = 1
    employer = login(app, "employer@example.com")
    for number in range(3):
        response = employer.post("/guide/ask", data={"question": UNANSWERABLE.format(number), "lang": "en"})
        assert response.status_code == 200
    assert _unanswered_count(app) == 3


# --- 18. Nothing a logged-in user sees is kept in a cache ---

def test_every_page_a_logged_in_user_fetches_says_no_store(app, new_agreement, make_placement):
    reference = new_agreement()
    placement_id = make_placement()
    with app.app_context():
        slot_id = db.session.scalar(select(Slot.id).order_by(Slot.id))
    paths = [rule.rule for rule in app.url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"]
    paths += [f"/slots/{slot_id}", f"/slots/{slot_id}/edit", f"/reviews/{slot_id}", f"/agreements/{reference}",
              f"/agreements/{reference}/agreement.pdf", f"/agreements/{reference}/audit",
              f"/agreements/{reference}/sign", f"/placements/{placement_id}/report",
              f"/placements/{placement_id}/feedback", f"/placements/{placement_id}/follow-up",
              "/stats/export.csv", "/stats/export.csv?period_from=x", "/slots/999999", "/guide/topics/nothing"]
    fetched = 0
    for email in ROLE_LOGINS:
        client = login(app, email)
        for path in paths:
            response = client.get(path)
            assert response.headers.get("Cache-Control") == "no-store", (email, path, response.status_code)
            fetched += 1
        # Public static files keep their caching.
        static = client.get("/static/css/portal.css") if (ROOT / "static/css/portal.css").exists() else None
        if static is not None:
            assert "no-store" not in static.headers.get("Cache-Control", "")
            static.close()
    assert fetched > 100


def test_the_csv_export_says_no_store_itself(app, demo):
    response = login(app, "coordinator@example.com").get("/stats/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
