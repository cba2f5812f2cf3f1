"""Issue 5 in a real browser: an employer completes the guide, in Swedish and English, with and
without JavaScript; axe-core finds nothing serious on the way."""
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.demo import DEMO_ORGANISATION_NUMBER, load_demo_data
from portal.extensions import db
from portal.guide.content import knowledge_base
from portal.guide.progress import guide_completed
from portal.models import Organisation
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def demo_organisation():
    return db.session.scalar(select(Organisation).where(Organisation.organisation_number == DEMO_ORGANISATION_NUMBER))


@pytest.fixture
def employer_without_guide(app, live_server):
    """The demo data, with the demo employer's organisation not yet through the guide.

    Loaded in a thread of its own: the demo data signs a PDF with asyncio.run(), which cannot
    run in the thread where Playwright's event loop is running.
    """
    failures = []

    def load():
        try:
            with app.app_context():
                load_demo_data()
                organisation = demo_organisation()
                organisation.guide_completed_at = None
                organisation.guide_version = None
                db.session.commit()
        except Exception as error:  # noqa: BLE001 (re-raised below, in the test's thread)
            failures.append(error)

    thread = threading.Thread(target=load)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]
    return live_server


@pytest.fixture
def open_page(browser):
    contexts = []

    def open_(locale, javascript, storage_state=None):
        context = browser.new_context(locale=locale, java_script_enabled=javascript, storage_state=storage_state,
                                      viewport={"width": 1280, "height": 800})
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def check_page(open_page, axe):
    """axe-core on the page; with JavaScript off (axe needs it) on the same page opened with it on."""

    def check(page, javascript):
        if javascript:
            return axe(page)
        twin = open_page("en-GB", True, storage_state=page.context.storage_state())
        twin.goto(page.url.split("#")[0])
        axe(twin)
        twin.close()

    return check


def click(page, locator, javascript):
    """Press a button in the guide and wait for the reply (a new page, or new messages)."""
    if javascript:
        before = page.locator("#guide-log > li").count()
        locator.click()
        expect(page.locator("#guide-log > li").nth(before)).to_be_attached()
        expect(page.locator("#guide-log")).to_have_attribute("aria-busy", "false")
    else:
        with page.expect_navigation():
            locator.click()


@pytest.mark.parametrize("lang, javascript", [("sv", True), ("en", True), ("sv", False), ("en", False)])
def test_an_employer_completes_the_guide(app, employer_without_guide, open_page, check_page, lang, javascript):
    base_url = employer_without_guide
    kb = knowledge_base()
    page = open_page("sv-SE" if lang == "sv" else "en-GB", javascript)
    log_in(page, base_url)
    page.goto(f"{base_url}/guide/?lang={lang}")
    assert page.locator("html").get_attribute("lang") == lang
    assert kb.welcome[lang][:20] in page.locator("#guide-log").inner_text()
    check_page(page, javascript)

    # A free-text question first.
    page.locator("#question").fill(kb.topic("sick").questions[lang][1])
    click(page, page.locator("form.guide-ask button[type=submit]"), javascript)
    assert kb.topic("sick").short[lang][:30] in page.locator("#guide-log > li").last.inner_text()
    if javascript:
        assert page.evaluate("document.activeElement.id") == "question"
        assert page.url.endswith(f"/guide/?lang={lang}")  # no reload

    # The key points, one quick reply at a time.
    for topic_id in kb.core:
        click(page, page.locator(f"form.guide-quick button[name=topic][value='{topic_id}']"), javascript)
        assert kb.topic(topic_id).short[lang][:30] in page.locator("#guide-log > li").last.inner_text()
        if javascript:
            assert page.evaluate("document.activeElement.closest('#guide-log') !== null")
    check_page(page, javascript)

    # The comprehension questions: one wrong answer, explained and asked again later.
    first = kb.quiz[0]
    wrong = next(choice for choice in first.choices if not choice.correct)
    click(page, page.locator(f"form.guide-quiz button[value='{wrong.id}']"), javascript)
    assert first.explanation[lang][:30] in page.locator("#guide-log > li").last.inner_text()
    for _attempt in range(len(kb.quiz)):
        quiz_id = page.locator("form.guide-quiz input[name=quiz]").get_attribute("value")
        question = kb.quiz_question(quiz_id)
        assert question.question[lang] in page.locator("form.guide-quiz legend").inner_text()
        right = next(choice for choice in question.choices if choice.correct)
        click(page, page.locator(f"form.guide-quiz button[value='{right.id}']"), javascript)
    assert page.locator("form.guide-quiz").count() == 0
    check_page(page, javascript)

    with app.app_context():
        organisation = demo_organisation()
        assert guide_completed(organisation) and organisation.guide_version == kb.version

    # The conversation survives a reload, and the dashboard says the guide is done.
    count = page.locator("#guide-log > li").count()
    page.goto(f"{base_url}/guide/?lang={lang}")
    assert page.locator("#guide-log > li").count() == count
    page.goto(f"{base_url}/dashboard/?lang={lang}")
    assert page.locator("#guide-status-heading ~ p .tag-ok").count() == 1
