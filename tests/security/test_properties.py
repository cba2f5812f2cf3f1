"""Property-based tests (hypothesis): the validators, and form posts that never give a 500.

Validators: the organisation-number check accepts exactly the numbers with a valid check digit
(with or without the dash) and refuses everything else with InvalidOrganisationNumber; the slot
rules never crash and agree with the limits they state. Form posts: for the main forms, any text
in any field gets an answer below 500 (the test client re-raises what would be a 500, so a crash
fails with its traceback and hypothesis's smallest example).
"""
import re
import string
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from portal.organisations.numbers import InvalidOrganisationNumber, normalise_organisation_number
from portal.slots import rules
from tests.conftest import DEMO_PASSWORD, login, slot_form

VALIDATORS = settings(max_examples=200, deadline=None, database=None)
FORMS = settings(max_examples=30, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

nine_digits = st.text(alphabet=string.digits, min_size=9, max_size=9)


def textbook_check_digit(nine_digits):
    """The Luhn check digit as the textbook gives it, not portal's luhn_check_digit: from the right,
    double every second digit starting with the last, add the digits of each product (12 -> 1 + 2),
    sum everything; the check digit makes the sum a multiple of ten."""
    total = 0
    for position, digit in enumerate(reversed([int(character) for character in nine_digits])):
        if position % 2 == 0:
            digit *= 2
            digit = digit // 10 + digit % 10
        total += digit
    return (10 - total % 10) % 10


def test_the_textbook_check_digit_agrees_with_known_organisation_numbers():
    """The oracle itself, on real numbers: Skatteverket 202100-5448, Bolagsverket 202100-5489, and an example."""
    for number in ("2021005448", "2021005489", "5566778899"):
        assert textbook_check_digit(number[:9]) == int(number[9])


def reference_is_valid(text):
    """The rule, said independently: ASCII digits NNNNNN-NNNN or NNNNNNNNNN (white space around allowed), Luhn."""
    match = re.fullmatch(r"([0-9]{6})-?([0-9]{4})", text.strip())
    if not match:
        return False
    digits = match.group(1) + match.group(2)
    return textbook_check_digit(digits[:9]) == int(digits[9])


# --- Organisation numbers ---------------------------------------------------------------------

@VALIDATORS
@given(nine_digits, st.booleans(), st.sampled_from(["", " ", "\t", "\n"]))
def test_every_number_with_a_valid_check_digit_is_accepted(digits, dash, space):
    number = digits + str(textbook_check_digit(digits))
    typed = f"{number[:6]}-{number[6:]}" if dash else number
    assert normalise_organisation_number(space + typed + space) == number


@VALIDATORS
@given(nine_digits, st.integers(1, 9))
def test_a_wrong_check_digit_is_refused(digits, off):
    wrong = (textbook_check_digit(digits) + off) % 10
    with pytest.raises(InvalidOrganisationNumber):
        normalise_organisation_number(digits + str(wrong))


organisation_number_like = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=string.digits + "- ", max_size=14),
    st.from_regex(r"\A\d{6}-?\d{4}\Z"),  # any Unicode digits, e.g. ٥٥٦٦٧٧٨٨٩٩ or full-width ５５６…
)


@VALIDATORS
@given(organisation_number_like)
@example("５５６６７７８８９９")  # full-width digits with a valid check digit
@example("٥٥٦٦٧٧-٨٨٩٩")  # Arabic-Indic digits
@example("556677-8899\n")
@example(None)
def test_anything_else_is_refused_with_the_one_exception(text):
    if text is not None and reference_is_valid(text):
        assert normalise_organisation_number(text).isascii()
        return
    with pytest.raises(InvalidOrganisationNumber):
        normalise_organisation_number(text)


# --- Slot rules -------------------------------------------------------------------------------

dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@VALIDATORS
@given(dates, dates, dates)
@example(date(9999, 12, 1), date(9999, 12, 31), date(2026, 1, 1))
def test_period_rules_never_crash_and_agree_with_their_limits(start, end, today):
    errors = rules.period_errors(start, end, today)
    rules.period_warning(start, end)
    assert set(errors) <= {"start_date", "end_date"}
    assert ("start_date" in errors) == (start < today)
    try:
        latest = start + relativedelta(months=rules.MAX_MONTHS)
    except (OverflowError, ValueError):
        latest = date.max
    assert ("end_date" in errors) == (end < start or end > latest)


@VALIDATORS
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(0, 400))
def test_six_months_is_the_longest_period(start, days):
    end = start + timedelta(days=days)
    errors = rules.period_errors(start, end, start)
    assert ("end_date" in errors) == (end > start + relativedelta(months=6))
    assert (rules.period_warning(start, end) is not None) == (end > start + relativedelta(months=3))


@VALIDATORS
@given(st.one_of(st.none(), st.integers(-10**30, 10**30)))
def test_hours_rule_agrees_with_one_to_forty(hours):
    error = rules.hours_error(hours)
    assert (error is None) == (hours is None or 1 <= hours <= rules.MAX_HOURS_PER_WEEK)


@VALIDATORS
@given(st.one_of(st.none(), st.integers(-10**30, 10**30)), st.integers(0, 60))
def test_places_rule_agrees_with_its_limits(places, filled):
    error = rules.places_error(places, filled)
    assert (error is None) == (places is None or max(1, filled) <= places <= rules.MAX_PLACES)


# --- Form posts: no input gives a 500 ---------------------------------------------------------

# Text of every kind, and the values that have broken forms before: empty, huge numbers, odd dates, NUL.
awkward = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["", " ", "0", "-1", "1e9", "99999999999999999999999999", "9999-12-31", "0001-01-01",
                     "2027-02-30", "\x00", "a\x00b", "y", "on", "none", "other", "consent", "object"]),
)


def fields(*names):
    """Any subset of the fields, each with an awkward value (a field may also be missing)."""
    return st.fixed_dictionaries({}, optional={name: awkward for name in names})


SLOT_FIELDS = [name for name in slot_form() if name not in ("submit_for_review",)] + [
    "accessibility_notes", "step_free_access", "part_time_possible", "save_draft", "submit_for_review"]

FORM_POSTS = {
    "login": (None, "/login", ("email", "password")),
    "register": (None, "/organisations/register", (
        "organisation_number", "name", "workplace_address", "sector", "has_collective_agreement", "contact_person",
        "email", "password", "password_again", "accept_terms")),
    "new slot": ("employer@example.com", "/slots/new", SLOT_FIELDS),
    "edit slot": ("employer@example.com", "/slots/{consented}/edit", SLOT_FIELDS),
    "review": ("union@example.com", "/reviews/{awaiting}", ("decision", "reason")),
    "reply to an objection": ("employer@example.com", "/slots/{objected}/reply", ("response",)),
    "job-seeker record": ("coordinator@example.com", "/jobseekers/new", (
        "full_name", "gender", "birth_year", "education", "experience", "desired_occupation", "desired_development",
        "languages-0-language", "languages-0-level", "languages-9-language", "needs_step_free_access",
        "needs_part_time", "adjustment_needs")),
    "end early": ("employer@example.com", "/placements/{running}/end", ("ended_on", "reason", "note")),
    "final report": ("employer@example.com", "/placements/{ended}/report", (
        "attendance_percent", "tasks_done", "went_well", "could_develop", "employment_offered", "would_take_again",
        "goal_1", "goal_999", "save_draft", "submit")),
    "job-seeker feedback": ("jobseeker@example.com", "/placements/{ended}/feedback", (
        "supervision_rating", "learning_rating", "treatment_rating", "purpose_met", "job_outcome", "learned",
        "free_text", "save_draft", "submit")),
    "follow-up": ("coordinator@example.com", "/placements/{ended}/follow-up", ("outcome",)),
    "union scope": ("coordinator@example.com", "/union-representatives/{union_user}", (
        "sectors", "organisations")),
    "guide question": ("employer@example.com", "/guide/ask", ("question", "topic", "lang")),
    "guide quiz": (None, "/guide/quiz", ("quiz", "choice", "lang")),
    "change password": ("jobseeker@example.com", "/account/password", (
        "current_password", "new_password", "new_password_again")),
}


@pytest.fixture
def targets(app, demo, make_slot, make_placement):
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import SlotStatus, User

    with app.app_context():
        union_user = db.session.scalar(select(User.id).where(User.email == "union@example.com"))
    return {
        "consented": make_slot(places=3),
        "awaiting": make_slot(status=SlotStatus.AWAITING_REVIEW),
        "objected": make_slot(status=SlotStatus.AWAITING_DECISION, statement="object"),
        "running": make_placement("Karim Haddad", days_ago_ended=-30),
        "ended": make_placement("Amina Hassan"),
        "union_user": union_user,
    }


@pytest.mark.parametrize("form", list(FORM_POSTS))
def test_no_form_post_gives_a_500(app, targets, form):
    email, url, names = FORM_POSTS[form]
    client = login(app, email)
    url = url.format(**targets)
    # First every field at once with each value that once gave a 500 somewhere (NUL on PostgreSQL,
    # a date whose six months later is past year 9999, a number too big for any column).
    for value in ("a\x00b", "9999-12-31", "99999999999999999999999999"):
        response = client.post(url, data={name: value for name in names})
        assert response.status_code < 500, (form, value, response.status_code)

    @FORMS
    @given(fields(*names))
    def post(values):
        response = client.post(url, data=values)
        assert response.status_code < 500, (form, values, response.status_code)

    post()


def test_no_statistics_filter_gives_a_500(app, demo):
    client = login(app, "coordinator@example.com")

    @FORMS
    @given(fields("period_from", "period_to", "placement_type", "sector", "organisation", "lang"))
    @example({"sector": "\x00", "period_from": "9999-12-31"})
    @example({"organisation": " "})  # white space alone passed the choices check: this was a 500
    def get(values):
        for url in ("/stats/", "/stats/export.csv"):
            assert client.get(url, query_string=values).status_code < 500, (url, values)

    get()


def test_no_text_in_an_address_gives_a_500(app, demo):
    """Every route with a text part in its address (an agreement reference, a guide topic), any text there."""
    from urllib.parse import quote

    client = login(app, "coordinator@example.com")
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint != "static" and "GET" in rule.methods and rule.arguments
             and all(type(rule._converters[name]).__name__ == "UnicodeConverter" for name in rule.arguments)]
    assert {rule.endpoint for rule in rules} >= {"agreements.show", "guide.topic"}

    @FORMS
    @given(st.text(min_size=1, max_size=40))
    @example("PA-2026-\x00")  # PostgreSQL refuses NUL in a query: this was a 500
    def get(text):
        for rule in rules:
            url = rule.rule
            for name in rule.arguments:
                url = url.replace(f"<{name}>", quote(text, safe=""))
            assert client.get(url).status_code < 500, (url, text)

    get()


def test_clearing_a_representatives_scope_works(app, targets):
    """Unticking every box posts no values: found by the form test above (it was a 500)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import UnionScope

    client = login(app, "coordinator@example.com")
    response = client.post(f"/union-representatives/{targets['union_user']}", data={"submit": "Save scope"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(select(UnionScope).where(UnionScope.user_id == targets["union_user"])).all() == []


def test_a_slot_late_in_year_9999_gets_an_answer_not_a_500(app, targets):
    """Six months after 9999-12-01 is past the last date Python knows: found by the period property above."""
    client = login(app, "employer@example.com")
    response = client.post("/slots/new", data=slot_form(start_date="9999-12-01", end_date="9999-12-31"))
    assert response.status_code in (200, 302)
