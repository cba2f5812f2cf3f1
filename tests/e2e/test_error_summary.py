"""Issue 16, item 2 in a real browser: a failed form's error summary names each question and has focus."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def summary_entries(page):
    """The summary's entries as (text, the label or legend of the question it links to)."""
    return page.locator(".error-summary li a").evaluate_all(
        """links => links.map(link => {
            const target = document.getElementById(link.getAttribute('href').slice(1));
            const label = target.tagName === 'FIELDSET' ? target.querySelector('legend')
                : document.querySelector(`label[for="${target.id}"]`);
            return [link.textContent.trim(), label.textContent.trim()];
        })"""
    )


def expect_summary_focused(page):
    expect(page.locator(".error-summary")).to_be_focused()
    # Tab goes on from the summary: first to its first link.
    page.keyboard.press("Tab")
    expect(page.locator(".error-summary li a").first).to_be_focused()


@pytest.fixture
def ended_placement(demo, make_placement):
    """A placement of the demo employer's that ended yesterday: its final report is due."""
    return make_placement(title="Butiksbiträde")


def test_the_final_reports_summary_names_each_question_and_has_focus(page, live_server, ended_placement, axe):
    log_in(page, live_server, "employer@example.com")
    page.goto(f"{live_server}/placements/{ended_placement}/report")
    page.get_by_role("button", name="Skicka in").click()  # nothing answered
    expect(page.get_by_role("heading", name="Det finns ett problem")).to_be_visible()
    expect_summary_focused(page)
    entries = summary_entries(page)
    assert len(entries) == 5
    for text, question in entries:
        assert question in text, (text, question)  # the entry names its question
    assert "”Lärandemål: Drive a forklift safely”" in entries[2][0]
    assert len({text for text, _ in entries}) == len(entries)
    axe(page)


def test_the_slot_forms_summary_names_each_declaration_and_has_focus(page, demo_server, axe):
    log_in(page, demo_server, "employer@example.com")
    page.goto(f"{demo_server}/slots/new")
    page.locator("[name=check_answers]").click()  # nothing filled in, nothing ticked
    expect_summary_focused(page)
    entries = summary_entries(page)
    declarations = [(text, question) for text, question in entries if text.startswith("Bekräfta")]
    assert len(declarations) == 4
    for text, statement in declarations:
        assert f"”{statement}”" in text, (text, statement)
    assert len({text for text, _ in entries}) == len(entries)  # every entry says something of its own
    axe(page)
