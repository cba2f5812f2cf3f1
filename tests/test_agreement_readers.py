"""The agreement written for the one reading it (issue 16, item 5): the participant reads "you", the
employer reads about the participant and its own duties, the coordinator and the union representative
read about both; the sign step shows the terms; the participant confirms they sign for themselves."""
import pytest

from tests.conftest import login, page

READERS = {
    "jobseeker@example.com": {
        "en": ["What you will learn", "Your supervisor", "If you are ill or away", "The workplace pays you no wage"],
        "sv": ["Vad du ska lära dig", "Din handledare", "Om du är sjuk eller borta", "Du får ingen lön från arbetsplatsen"],
    },
    "employer@example.com": {
        "en": ["What the participant will learn", "The supervisor", "If the participant is ill or away",
               "The participant gets no wage from you", "You must make sure the work is safe"],
        "sv": ["Vad deltagaren ska lära sig", "Handledaren", "Om deltagaren är sjuk eller borta",
               "Deltagaren får ingen lön från er", "Ni ska se till att arbetet är säkert"],
    },
    "coordinator@example.com": {
        "en": ["What the participant will learn", "If the participant is ill or away",
               "The workplace pays the participant no wage"],
        "sv": ["Vad deltagaren ska lära sig", "Om deltagaren är sjuk eller borta",
               "Arbetsplatsen betalar ingen lön till deltagaren"],
    },
    "union@example.com": {
        "en": ["What the participant will learn", "If the participant is ill or away",
               "The workplace pays the participant no wage"],
        "sv": ["Vad deltagaren ska lära sig", "Om deltagaren är sjuk eller borta",
               "Arbetsplatsen betalar ingen lön till deltagaren"],
    },
}
# What only the participant should read ("you" meaning the participant).
PARTICIPANTS_WORDS = {
    "en": ["What you will learn", "What you will do", "If you are ill or away", "pays you no wage", "Your supervisor"],
    "sv": ["Vad du ska lära dig", "Vad du ska göra", "Om du är sjuk eller borta", "Du får ingen lön", "Din handledare"],
}


def terms_text(client, url):
    terms = page(client.get(url)).find("section", class_="terms")
    assert terms is not None, url
    return " ".join(terms.get_text(" ").split())


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("email", list(READERS))
def test_each_reader_gets_the_terms_written_for_them(app, new_agreement, email, lang):
    reference = new_agreement()
    client = login(app, email, lang=lang)
    text = terms_text(client, f"/agreements/{reference}")
    for expected in READERS[email][lang]:
        assert expected in text, expected
    if email != "jobseeker@example.com":
        for words in PARTICIPANTS_WORDS[lang]:
            assert words not in text, words


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("email", ["jobseeker@example.com", "employer@example.com", "coordinator@example.com"])
def test_the_sign_step_shows_the_terms_for_the_reader(app, new_agreement, email, lang):
    reference = new_agreement()
    client = login(app, email, lang=lang)
    html = page(client.get(f"/agreements/{reference}/sign"))
    text = terms_text(client, f"/agreements/{reference}/sign")
    for expected in READERS[email][lang]:
        assert expected in text, expected
    # The terms come before the box that says they were read.
    terms = html.find("section", class_="terms")
    assert terms.find_next("input", attrs={"name": "read"}) is not None


@pytest.mark.parametrize("lang, words", [
    ("en", "I am the participant named in the agreement, and I sign for myself"),
    ("sv", "Jag är deltagaren som står i överenskommelsen och skriver under för egen del"),
])
def test_the_participant_confirms_signing_for_themselves(app, new_agreement, lang, words):
    reference = new_agreement()
    participant = login(app, "jobseeker@example.com", lang=lang)
    html = page(participant.get(f"/agreements/{reference}/sign"))
    assert html.find("label", attrs={"for": "authority"}).get_text(strip=True) == words
    assert "for the party named above" not in html.get_text() and "för parten som anges ovan" not in html.get_text()
    employer = login(app, "employer@example.com", lang="en")
    label = page(employer.get(f"/agreements/{reference}/sign")).find("label", attrs={"for": "authority"})
    assert label.get_text(strip=True) == "I have the authority to sign for the party named above"


def test_a_participant_who_does_not_confirm_is_told_what_to_confirm(app, new_agreement):
    reference = new_agreement()
    participant = login(app, "jobseeker@example.com")
    version = page(participant.get(f"/agreements/{reference}/sign")).find("input", attrs={"name": "version"})["value"]
    html = page(participant.post(f"/agreements/{reference}/sign", data={"read": "y", "version": version}))
    assert "Confirm that you are the participant and sign for yourself" in html.find(class_="error-summary").get_text()
