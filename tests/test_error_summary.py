"""The error summary names each question (issue 16, item 2): a list of seven "Answer this" says
neither which seven nor where; and after a failed post it is the element focused first."""
import pytest

from tests.conftest import login, page, slot_form

REPORT_QUESTIONS = {
    "en": ["Attendance", "Tasks the participant did", "Learning goal: Drive a forklift safely",
           "Was the participant offered employment?", "Would you take a participant again?"],
    "sv": ["Närvaro", "Arbetsuppgifter som deltagaren gjorde", "Lärandemål: Drive a forklift safely",
           "Erbjöds deltagaren anställning?", "Skulle du ta emot en deltagare igen?"],
}
DECLARATIONS = {
    "en": ["No one at the workplace has been laid off", "There is no labour dispute",
           "The participant will not cover a vacancy", "The supervisor has time set aside"],
    "sv": ["Ingen på arbetsplatsen har sagts upp", "Det pågår ingen arbetskonflikt",
           "Deltagaren ska inte fylla en vakans", "Handledaren har avsatt tid"],
}


def summary_entries(html):
    summary = html.find(class_="error-summary")
    assert summary is not None, "no error summary"
    return summary, [(item.a["href"] if item.a else None, item.get_text(" ", strip=True)) for item in summary.find_all("li")]


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_final_reports_summary_names_every_unanswered_question(client, demo, make_placement, lang):
    placement_id = make_placement()
    login(client, "employer@example.com", lang=lang)
    html = page(client.post(f"/placements/{placement_id}/report", data={"submit": "Submit"}))
    summary, entries = summary_entries(html)
    assert len(entries) == len(REPORT_QUESTIONS[lang])
    for question, (href, text) in zip(REPORT_QUESTIONS[lang], entries):
        assert f"“{question}”" in text or f"”{question}”" in text, text
        assert html.find(id=href[1:]) is not None  # each links to its own question
    assert len({text for _, text in entries}) == len(entries)  # no message twice
    # Focus moves to the summary without a script: it is focusable and autofocused.
    assert summary.get("tabindex") == "-1" and summary.has_attr("autofocus")


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_slot_forms_summary_names_every_declaration_left_unticked(client, demo, lang):
    login(client, "employer@example.com", lang=lang)
    unticked = {name: None for name in ("declares_no_reemployment_rights", "declares_no_labour_dispute",
                                        "declares_not_replacing_staff", "declares_supervisor_time")}
    html = page(client.post("/slots/new", data=slot_form(**unticked)))
    _, entries = summary_entries(html)
    texts = [text for href, text in entries if href and href.startswith("#declares_")]
    assert len(texts) == 4
    for statement, text in zip(DECLARATIONS[lang], texts):
        assert statement in text, text
    assert len(set(texts)) == 4


def test_a_job_seekers_feedback_summary_names_each_question(client, demo, make_placement):
    placement_id = make_placement()
    login(client, "jobseeker@example.com", lang="sv")
    html = page(client.post(f"/placements/{placement_id}/feedback", data={"learning_rating": "4", "submit": "Skicka"}))
    _, entries = summary_entries(html)
    assert [text.split("”")[1] for _, text in entries] == [
        "Hur var hjälpen från din handledare?", "Hur blev du bemött på arbetsplatsen?",
        "Fick du ut det du skulle av praktiken?", "Fick du ett jobb, eller blev du erbjuden ett?",
    ]


def test_the_summary_escapes_a_question_someone_typed(app, client, demo, make_placement):
    """A learning goal is the employer's own text: in the summary it is text, never markup."""
    placement_id = make_placement(goals=["<b>Bold</b> goal"])
    login(client, "employer@example.com")
    response = client.post(f"/placements/{placement_id}/report", data={"submit": "Submit"})
    assert "<b>Bold</b>" not in response.get_data(as_text=True)
    _, entries = summary_entries(page(response))
    assert any("Learning goal: <b>Bold</b> goal" in text for _, text in entries)
