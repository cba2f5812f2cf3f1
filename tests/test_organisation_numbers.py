import pytest

from portal.organisations.numbers import (
    InvalidOrganisationNumber,
    format_organisation_number,
    luhn_check_digit,
    normalise_organisation_number,
)


@pytest.mark.parametrize("text", ["556677-8899", "5566778899", " 212000-0142 ", "2120000142"])
def test_valid_numbers_are_normalised_to_ten_digits(text):
    digits = normalise_organisation_number(text)
    assert len(digits) == 10 and digits.isdigit()


@pytest.mark.parametrize("text", ["", "55667-78899", "556677-889", "55667788990", "abcdef-ghij", "556677 8899"])
def test_wrong_format_is_refused(text):
    with pytest.raises(InvalidOrganisationNumber, match="format"):
        normalise_organisation_number(text)


@pytest.mark.parametrize("text", ["556677-8898", "212000-0143", "5566778890"])
def test_wrong_check_digit_is_refused(text):
    with pytest.raises(InvalidOrganisationNumber, match="check-digit"):
        normalise_organisation_number(text)


def test_luhn_check_digit_matches_known_numbers():
    # Skatteverket's own organisation number is 202100-5448.
    assert luhn_check_digit("202100544") == 8
    assert luhn_check_digit("556677889") == 9


def test_format_puts_the_dash_back():
    assert format_organisation_number("5566778899") == "556677-8899"
