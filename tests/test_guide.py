"""The guide: the conversation without JavaScript, the JSON answer, completion, staff list, access."""
import shutil

import pytest
from sqlalchemy import select

from portal.demo import DEMO_ORGANISATION_NUMBER as DEMO_ORGANISATION
from portal.extensions import db
from portal.guide import content
from portal.guide.content import REQUIRED_TOPICS, ContentError, knowledge_base, load
from portal.guide.progress import guide_completed
from portal.guide.retrieval import retriever
from portal.guide.unanswered import redact
from portal.models import GuideMessage, Organisation, UnansweredQuestion
from portal.models.base import utcnow
from tests.conftest import page

JSON = {"Accept": "application/json"}


def ask(client, question, lang="en", **headers):
    return client.post("/guide/ask", data={"question": question, "lang": lang}, headers=headers)


def pick(client, topic, lang="en"):
    return client.post("/guide/ask", data={"topic": topic, "lang": lang})


def answer_quiz(client, quiz_id, choice, lang="en"):
    return client.post("/guide/quiz", data={"quiz": quiz_id, "choice": choice, "lang": lang})


def log_texts(response):
    return [item.get_text(" ", strip=True) for item in page(response).select("#guide-log > li")]


def demo_organisation(app):
    return db.session.scalar(select(Organisation).where(Organisation.organisation_number == DEMO_ORGANISATION))


@pytest.fixture
def fresh_employer(app, demo, auth):
    """The demo employer, logged in, whose organisation has not been through the guide."""
    with app.app_context():
        organisation = demo_organisation(app)
        organisation.guide_completed_at = None
        organisation.guide_version = None
        db.session.commit()
    auth.login("employer@example.com")


def go_through_everything(client, wrong_first=False):
    kb = knowledge_base()
    for topic in kb.core:
        pick(client, topic)
    for question in kb.quiz:
        right = next(choice.id for choice in question.choices if choice.correct)
        wrong = next(choice.id for choice in question.choices if not choice.correct)
        if wrong_first:
            answer_quiz(client, question.id, wrong)
        answer_quiz(client, question.id, right)


# --- Content ---

def test_the_content_has_every_required_topic_in_both_languages():
    kb = knowledge_base()
    for topic_id in REQUIRED_TOPICS:
        topic = kb.topic(topic_id)
        assert topic is not None, topic_id
        for lang in ("sv", "en"):
            assert topic.short[lang] and topic.explanation[lang] and topic.source[lang] and topic.questions[lang]
    assert 3 <= len(kb.quiz) <= 5
    assert set(kb.core) <= set(kb.topics)


def test_practice_is_not_presented_as_law():
    kb = knowledge_base()
    assert kb.topic("labour-dispute").basis == "practice"
    assert "inte lag" in kb.topic("labour-dispute").source["sv"]
    assert "2000:625" in kb.topic("no-wage").source["sv"]
    assert "2000:634" in kb.topic("duration").source["sv"]
    assert "1998:1785" in kb.topic("insurance").source["sv"]


def test_the_knowledge_base_and_retriever_are_built_once_per_process():
    assert knowledge_base() is knowledge_base()
    assert retriever() is retriever()


def test_broken_content_is_refused_with_the_file_named(tmp_path):
    shutil.copytree(content.DEFAULT_DIRECTORY, tmp_path / "guide")
    path = tmp_path / "guide" / "sick.yaml"
    path.write_text(path.read_text().replace("short:", "shorter:", 1))
    with pytest.raises(ContentError, match="sick.yaml: short"):
        load(tmp_path / "guide")
    (tmp_path / "guide" / "sick.yaml").unlink()
    with pytest.raises(ContentError, match="required topics missing: sick"):
        load(tmp_path / "guide")


def test_the_version_changes_with_the_content(tmp_path):
    shutil.copytree(content.DEFAULT_DIRECTORY, tmp_path / "guide")
    before = load(tmp_path / "guide").version
    path = tmp_path / "guide" / "sick.yaml"
    path.write_text(path.read_text().replace("Praktikanten stannar hemma", "Praktikanten är hemma"))
    after = load(tmp_path / "guide").version
    assert before != after and before.split(":")[0] == after.split(":")[0] == knowledge_base().edition
    assert len(after) <= 40  # Organisation.guide_version


def test_the_check_command_says_the_content_is_valid(runner):
    result = runner.invoke(args=["guide", "check"])
    assert result.exit_code == 0, result.output
    assert "The content is valid." in result.output


# --- The page, without JavaScript ---

def test_anyone_can_open_the_guide(client):
    html = page(client.get("/guide/"))
    assert html.html["lang"] == "sv"
    assert "Hej!" in html.select_one("#guide-log > li").get_text()
    log = html.find(id="guide-log")
    assert log["aria-live"] == "polite"
    assert html.find("script", src="/static/js/guide.js")
    for script in html.find_all("script"):
        assert script.get("src") and not script.string


def test_a_free_text_question_is_answered_in_the_page(client):
    response = ask(client, "Can the participant fill in for a colleague who is on holiday?")
    assert response.status_code == 200
    texts = log_texts(response)
    assert "Can the participant fill in" in texts[-2]
    assert "A placement must not replace staff" in texts[-1]
    html = page(response)
    assert html.find(id="guide-latest").get_text(strip=True).endswith("on holiday?")
    assert html.find("form", class_="guide-ask")["action"].endswith("/guide/ask#guide-latest")


def test_the_conversation_is_kept_across_requests_for_a_visitor(client):
    ask(client, "Vem försäkrar praktikanten om hen skadar sig?", lang="sv")
    texts = log_texts(client.get("/guide/"))
    assert any("Försäkring" in text for text in texts)


def test_a_quick_reply_answers_with_its_topic(client):
    html = page(client.get("/guide/?lang=en"))
    button = html.find("button", attrs={"name": "topic", "value": "sick"})
    assert button and button.find_parent("form")["method"] == "post"
    texts = log_texts(pick(client, "sick"))
    assert texts[-2].endswith("What if the participant is ill?")
    assert "If the participant is ill" in texts[-1]


def test_an_empty_question_gets_an_error_message(client):
    response = ask(client, "   ")
    assert response.status_code == 200
    html = page(response)
    assert "Type your question" in html.find(class_="error-summary").get_text()
    assert html.title.string.startswith("Error")


def test_an_unknown_quick_reply_is_refused(client):
    assert pick(client, "no-such-topic").status_code == 400


def test_the_answer_shows_its_source_and_whether_it_is_law(client):
    html = page(pick(client, "labour-dispute"))
    answer = html.select("#guide-log > li")[-1]
    assert "Practice, not law" in answer.get_text()
    assert "not law" in answer.find(class_="msg-source").get_text()


def test_get_on_the_post_addresses_shows_the_guide(client):
    for path in ("/guide/ask?lang=en", "/guide/quiz?lang=en"):
        assert page(client.get(path)).h1.get_text().startswith("Guide")


def test_each_topic_has_a_page_in_both_languages(client):
    kb = knowledge_base()
    for topic in kb.topics.values():
        for lang in ("sv", "en"):
            html = page(client.get(f"/guide/topics/{topic.id}?lang={lang}"))
            assert html.h1.get_text() == topic.title[lang]
    assert client.get("/guide/topics/nothing").status_code == 404


def test_the_header_links_to_the_guide(client):
    html = page(client.get("/?lang=en"))
    assert html.find("a", href="/guide/")


# --- The JSON answer ---

def test_json_answer(client):
    response = ask(client, "Får praktikanten vikariera för en sjukskriven kollega?", lang="sv", **JSON)
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert set(data) == {"topic", "answer", "confidence", "suggestions"}
    assert data["topic"] == "replace-staff"
    assert data["answer"].startswith("Nej. En praktik får aldrig ersätta")
    assert 0 < data["confidence"] <= 1
    assert data["suggestions"][0] == "replace-staff" and len(data["suggestions"]) <= 3


def test_json_answer_follows_the_lang_field(client):
    data = ask(client, "Who insures the participant?", lang="en", **JSON).get_json()
    assert data["topic"] == "insurance" and data["answer"].startswith("The state.")


def test_json_for_an_empty_question_is_an_error(client):
    response = ask(client, "", **JSON)
    assert response.status_code == 400 and "question" in response.get_json()["errors"]


def test_an_unknown_question_says_so_and_points_to_the_employment_service(client):
    data = ask(client, "What is the capital of Australia?", **JSON).get_json()
    assert data["topic"] is None
    assert "cannot answer" in data["answer"] and "arbetsformedlingen.se" in data["answer"]
    assert len(data["suggestions"]) == 3
    texts = log_texts(client.get("/guide/?lang=en"))
    assert "The closest topics:" in texts[-1]


# --- Unanswered questions ---

def test_unanswered_questions_are_kept_without_personal_details(app, client):
    ask(client, "Ring mig på 070-123 45 67 eller mejla anna@firma.se, pnr 850101-1234: hur bakar man bröd?", lang="sv")
    with app.app_context():
        kept = db.session.scalars(select(UnansweredQuestion)).one()
        assert "070" not in kept.question and "anna@" not in kept.question and "850101" not in kept.question
        assert "[phone]" in kept.question and "[e-mail]" in kept.question and "[id number]" in kept.question
        assert kept.lang == "sv"


def test_answered_questions_are_not_kept(app, client):
    ask(client, "Who insures the participant?")
    with app.app_context():
        assert db.session.scalars(select(UnansweredQuestion)).all() == []


@pytest.mark.parametrize("text, expected", [
    ("ring 08-123 456 78", "ring [phone]"),
    ("+46 70 123 45 67", "[phone]"),
    ("19850101-1234", "[id number]"),
    ("namn.efternamn@exempel.se", "[e-mail]"),
    ("lag (2000:625) 7 §, 40 timmar i veckan, 2025-2026", "lag (2000:625) 7 §, 40 timmar i veckan, 2025-2026"),
])
def test_redaction(text, expected):
    assert redact(text) == expected


def test_coordinators_see_unanswered_questions_with_counts_and_can_mark_them_handled(app, client, auth, demo):
    for question in ("How do I bake bread?", "how do I bake bread", "What is the capital of Australia?"):
        ask(client, question)
    auth.login("coordinator@example.com")
    html = page(client.get("/guide/unanswered?lang=en"))
    rows = html.select("tbody tr")
    assert len(rows) == 2
    first = [cell.get_text(strip=True) for cell in rows[0].find_all("td")]
    assert first[0].lower().startswith("how do i bake bread") and first[1] == "2"
    key = rows[0].find("input", attrs={"name": "normalised"})["value"]
    response = client.post("/guide/unanswered/handled", data={"normalised": key})
    assert response.status_code == 302
    assert len(page(client.get("/guide/unanswered")).select("tbody tr")) == 1
    dashboard = page(client.get("/?lang=en"))
    assert dashboard is not None
    assert page(client.get("/dashboard/")).find("a", href="/guide/unanswered")


@pytest.mark.parametrize("login", ["employer@example.com", "union@example.com", "jobseeker@example.com"])
def test_only_coordinators_see_the_unanswered_questions(client, auth, demo, login):
    auth.login(login)
    assert client.get("/guide/unanswered").status_code == 403
    assert client.post("/guide/unanswered/handled", data={"normalised": "x"}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_for_the_staff_list(client):
    response = client.get("/guide/unanswered")
    assert response.status_code == 302 and "/login" in response.location


# --- Completion ---

def test_guide_completed_rule(app):
    kb = knowledge_base()
    assert not guide_completed(None)
    organisation = Organisation(guide_completed_at=None, guide_version=None)
    assert not guide_completed(organisation)
    organisation.guide_completed_at = utcnow()
    organisation.guide_version = kb.version
    assert guide_completed(organisation)
    organisation.guide_version = f"{kb.edition}:0123456789abcdef"  # same edition, a typo fixed since
    assert guide_completed(organisation)
    organisation.guide_version = "2000-1:0123456789abcdef"  # an earlier edition of the key points
    assert not guide_completed(organisation)
    organisation.guide_version = "demo"  # recorded by hand or by demo data
    assert guide_completed(organisation)


def test_a_new_edition_asks_employers_to_go_through_the_guide_again(app, tmp_path):
    shutil.copytree(content.DEFAULT_DIRECTORY, tmp_path / "guide")
    path = tmp_path / "guide" / "_guide.yaml"
    path.write_text(path.read_text().replace(f'edition: "{knowledge_base().edition}"', 'edition: "2099-1"'))
    organisation = Organisation(guide_completed_at=utcnow(), guide_version=knowledge_base().version)
    with app.app_context():
        assert guide_completed(organisation)
        app.config["GUIDE_CONTENT_DIR"] = str(tmp_path / "guide")
        assert not guide_completed(organisation)


def test_an_employer_completes_the_guide(app, client, fresh_employer):
    kb = knowledge_base()
    html = page(client.get("/guide/?lang=en"))
    assert "Not completed yet" in html.find(id="guide-progress").get_text()
    assert html.find("button", attrs={"value": kb.core[0]}).get_text(strip=True).startswith("Start with the key points")
    for topic in kb.core[:-1]:
        pick(client, topic)
    html = page(client.get("/guide/"))
    assert not html.find("form", class_="guide-quiz")
    html = page(pick(client, kb.core[-1]))
    assert html.find("form", class_="guide-quiz").find("input", attrs={"name": "quiz"})["value"] == kb.quiz[0].id
    for question in kb.quiz[:-1]:
        right = next(choice.id for choice in question.choices if choice.correct)
        answer_quiz(client, question.id, right)
    with app.app_context():
        assert demo_organisation(app).guide_completed_at is None
    last = kb.quiz[-1]
    response = answer_quiz(client, last.id, next(c.id for c in last.choices if c.correct))
    assert "you have completed the guide" in log_texts(response)[-1]
    with app.app_context():
        organisation = demo_organisation(app)
        assert organisation.guide_version == kb.version
        assert guide_completed(organisation)
    html = page(client.get("/dashboard/?lang=en"))
    assert "completed the guide on" in html.find(id="guide-status-heading").find_parent("section").get_text()


def test_a_wrong_answer_is_explained_and_asked_again(app, client, fresh_employer):
    kb = knowledge_base()
    for topic in kb.core:
        pick(client, topic)
    first = kb.quiz[0]
    wrong = next(choice.id for choice in first.choices if not choice.correct)
    response = answer_quiz(client, first.id, wrong)
    texts = log_texts(response)
    assert "Not quite" in texts[-1] and "ask this question again" in texts[-1]
    html = page(response)
    assert html.find("form", class_="guide-quiz").find("input", attrs={"name": "quiz"})["value"] == kb.quiz[1].id
    for question in kb.quiz[1:]:
        answer_quiz(client, question.id, next(c.id for c in question.choices if c.correct))
    html = page(client.get("/guide/"))
    assert html.find("form", class_="guide-quiz").find("input", attrs={"name": "quiz"})["value"] == first.id
    with app.app_context():
        assert not guide_completed(demo_organisation(app))
    answer_quiz(client, first.id, next(c.id for c in first.choices if c.correct))
    with app.app_context():
        assert guide_completed(demo_organisation(app))


def test_the_employers_conversation_survives_a_reload_and_a_new_login(app, client, auth, fresh_employer):
    ask(client, "Who insures the participant?")
    pick(client, "sick")
    before = log_texts(client.get("/guide/?lang=en"))
    auth.logout()
    auth.login("employer@example.com")
    assert log_texts(client.get("/guide/?lang=en")) == before
    swedish = log_texts(client.get("/guide/?lang=sv"))
    assert any("Om praktikanten blir sjuk" in text for text in swedish)  # shown in the page's language
    with app.app_context():
        assert len(db.session.scalars(select(GuideMessage)).all()) == 4


def test_the_page_after_a_post_lists_each_message_once(client, fresh_employer):
    pick(client, "sick")
    keys = [item["data-key"] for item in page(ask(client, "Who insures the participant?")).select("#guide-log > li")]
    assert len(keys) == len(set(keys)) == 5


def test_a_visitor_who_finishes_is_not_recorded_anywhere(app, client, demo):
    go_through_everything(client)
    assert "log in" in log_texts(client.get("/guide/?lang=en"))[-1]
    with app.app_context():
        assert db.session.scalars(select(GuideMessage)).all() == []


@pytest.mark.parametrize("login", ["union@example.com", "jobseeker@example.com", "coordinator@example.com"])
def test_other_roles_can_use_the_guide_but_do_not_complete_it(app, client, auth, demo, login):
    with app.app_context():
        organisation = demo_organisation(app)
        organisation.guide_completed_at = None
        db.session.commit()
    auth.login(login)
    go_through_everything(client, wrong_first=True)
    assert "answered every question" in log_texts(client.get("/guide/?lang=en"))[-1]
    with app.app_context():
        assert demo_organisation(app).guide_completed_at is None


def test_the_employer_dashboard_links_to_the_guide(client, fresh_employer):
    section = page(client.get("/dashboard/?lang=en")).find(id="guide-status-heading").find_parent("section")
    assert "Not completed yet" in section.get_text()
    assert section.find("a", href="/guide/")


def test_quiz_answers_for_unknown_questions_are_ignored(client):
    response = answer_quiz(client, "no-such-question", "yes")
    assert response.status_code == 200 and len(log_texts(response)) == 1


@pytest.fixture
def csrf_client(app):
    app.config["WTF_CSRF_ENABLED"] = True
    return app.test_client()


def test_posts_need_a_csrf_token(csrf_client):
    assert ask(csrf_client, "Who insures the participant?").status_code == 400
    html = page(csrf_client.get("/guide/"))
    token = html.find("form", class_="guide-ask").find("input", attrs={"name": "csrf_token"})["value"]
    response = csrf_client.post("/guide/ask", data={"csrf_token": token, "question": "Who insures the participant?"})
    assert response.status_code == 200
