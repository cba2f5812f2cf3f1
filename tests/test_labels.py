"""Labels that say what is true (issue 16, item 8): a placement two weeks off is not under way, a
slot whose placement ended does not still read "approved", no word twice, a retried quiz question
is not "question 1 of 5" again, and addresses keep their lines."""
import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.guide.content import knowledge_base
from portal.models import Organisation
from tests.conftest import login, page

DEMO_ORGANISATION = "5566778899"


def section(html, heading_id):
    heading = html.find(id=heading_id)
    return heading.find_parent("section").get_text(" ", strip=True) if heading else ""


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_placement_that_has_not_begun_is_not_listed_as_under_way(client, demo, make_placement, lang):
    make_placement("Amina Hassan", days_ago_ended=-74, length_days=60, title="Börjar om två veckor")
    make_placement("Amina Hassan", days_ago_ended=-20, length_days=30, title="Pågår sedan tio dagar")
    login(client, "employer@example.com", lang=lang)
    html = page(client.get("/dashboard/"))
    under_way, upcoming = section(html, "running-heading"), section(html, "upcoming-heading")
    assert "Pågår sedan tio dagar" in under_way and "Börjar om två veckor" not in under_way
    assert "Börjar om två veckor" in upcoming and "Pågår sedan tio dagar" not in upcoming
    assert html.find(id="upcoming-heading").get_text() == {"en": "Placements about to start",
                                                            "sv": "Praktiker som snart börjar"}[lang]


@pytest.mark.parametrize(("lang", "ended", "starts"), [
    ("en", "Placement ended", "Placement starts"),
    ("sv", "Praktiken är avslutad", "Praktiken börjar"),
])
def test_a_slot_whose_placement_ended_says_so(client, demo, make_slot, make_placement, lang, ended, starts):
    make_placement(slot_id=make_slot(title="Börjar snart"))  # signed; the slot starts in ten days
    make_placement(title="Slutade i går")  # ran and ended yesterday
    login(client, "employer@example.com", lang=lang)
    listing = page(client.get("/slots/"))
    rows = {row.a.get_text(strip=True): row.get_text(" ", strip=True) for row in listing.select("tbody tr") if row.a}
    assert ended in rows["Slutade i går"]
    assert {"en": "Approved", "sv": "Godkänd"}[lang] not in rows["Slutade i går"]
    assert starts in rows["Börjar snart"] and ended not in rows["Börjar snart"]


def test_the_guide_status_does_not_say_completed_twice(client, demo):
    for lang, doubled in (("en", "Completed Completed"), ("sv", "Klar Klar")):
        login(client, "employer@example.com", lang=lang)
        text = section(page(client.get("/dashboard/")), "guide-status-heading")
        assert text and doubled not in text and "Exempelbolaget AB" in text


@pytest.mark.parametrize(("lang", "again"), [("en", "Question again: 1 left"), ("sv", "Fråga igen: 1 kvar")])
def test_a_quiz_question_asked_again_is_numbered_as_a_retry(app, client, demo, lang, again):
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == DEMO_ORGANISATION))
        organisation.guide_completed_at = None
        organisation.guide_version = None
        db.session.commit()
    login(client, "employer@example.com", lang=lang)
    kb = knowledge_base()
    for topic in kb.core:
        client.post("/guide/ask", data={"topic": topic, "lang": lang})
    first, *others = kb.quiz
    wrong = next(choice.id for choice in first.choices if not choice.correct)
    response = client.post("/guide/quiz", data={"quiz": first.id, "choice": wrong, "lang": lang})
    for question in others:
        right = next(choice.id for choice in question.choices if choice.correct)
        response = client.post("/guide/quiz", data={"quiz": question.id, "choice": right, "lang": lang})
    html = page(client.get(f"/guide/?lang={lang}"))
    count = html.select_one(".guide-quiz-count").get_text(strip=True)
    assert count == again
    assert html.find("input", attrs={"name": "quiz"})["value"] == first.id


def test_addresses_keep_their_line_breaks_and_stay_text(app, client, demo):
    address = "Storgatan 1\n111 22 Stockholm\n<b>Entré från gården</b>"
    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == DEMO_ORGANISATION))
        organisation.workplace_address = address
        db.session.commit()
    for email, path in (("employer@example.com", "/dashboard/"), ("coordinator@example.com", "/organisations/")):
        client = login(app, email)
        response = client.get(path)
        assert "<b>Entré" not in response.get_data(as_text=True)  # escaped
        shown = [tag for tag in page(response).select(".prose") if "Storgatan 1" in tag.get_text()]
        assert shown and shown[0].get_text() == address  # the lines kept, shown as lines (white-space: pre-line)
