"""Swedish organisation numbers (organisationsnummer): 10 digits, the last a Luhn check digit."""
import re

from flask_babel import lazy_gettext as _l

# ASCII digits only: \d would also take ٥ or ５, and register the same organisation a second time.
_PATTERN = re.compile(r"^([0-9]{6})-?([0-9]{4})$")


class InvalidOrganisationNumber(ValueError):
    """str(error) is "format" or "check-digit"; message(error) says it to the user."""


def message(error):
    """What to tell the user about an InvalidOrganisationNumber, wherever the number was typed."""
    if str(error) == "format":
        return _l("Enter the organisation number as 10 digits, like 556677-8899")
    return _l("This organisation number is not valid: check the digits (the last one is a check digit)")


def luhn_check_digit(digits):
    """The Luhn check digit for a string of digits (weights 2, 1, 2, 1... from the left for 9 digits)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def normalise_organisation_number(text):
    """Return the 10 digits of a valid organisation number, or raise with a message for the user."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        raise InvalidOrganisationNumber("format")
    digits = match.group(1) + match.group(2)
    if luhn_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidOrganisationNumber("check-digit")
    return digits


def format_organisation_number(digits):
    return f"{digits[:6]}-{digits[6:]}"
