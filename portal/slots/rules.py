"""The rules a slot must respect (DESIGN.md, section 4), as plain functions.

Forms and views call these; the messages are what the employer sees next to the field.
"""
from datetime import date

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

from ..guide.progress import guide_completed

MAX_MONTHS = 6  # förordning (2000:634) 7 §: a referral to a work placement lasts at most six months
WARN_MONTHS = 3
MAX_HOURS_PER_WEEK = 40
MAX_PLACES = 50
MAX_LEARNING_GOALS = 10

# Changing one of these after the union consented sends the slot back to review.
MATERIAL_TERMS = {
    "tasks": _l("tasks"),
    "start_date": _l("start date"),
    "end_date": _l("end date"),
    "hours_per_week": _l("hours"),
    "places": _l("places"),
    "workplace_address": _l("workplace"),
}
MATERIAL_FIELDS = tuple(MATERIAL_TERMS)

# Everything the union reads of a slot, named as on the slot's form: for saying what changed since
# the revision a representative read (workflow.changes_since).
CONTENT_LABELS = {
    "placement_type": _l("Type of placement"),
    "title": _l("Title"),
    "occupation": _l("Occupation"),
    "tasks": _l("Tasks"),
    "learning_goals": _l("Learning goals"),
    "places": _l("Number of places"),
    "start_date": _l("Start date"),
    "end_date": _l("End date"),
    "hours_per_week": _l("Hours per week"),
    "schedule": _l("Weekly schedule"),
    "workplace_address": _l("Workplace address"),
    "supervisor_name": _l("Supervisor's name"),
    "supervisor_role": _l("Supervisor's role"),
    "supervisor_phone": _l("Supervisor's phone"),
    "supervisor_email": _l("Supervisor's e-mail address"),
    "swedish_level": _l("Swedish needed"),
    "other_languages": _l("Other languages that help"),
    "step_free_access": _l("The workplace has step-free access"),
    "part_time_possible": _l("Part time is possible"),
    "accessibility_notes": _l("Accessibility"),
}


def months_after(start, months):
    """The date `months` after `start`; date.max when that is past year 9999 (a date a form will accept)."""
    try:
        return start + relativedelta(months=months)
    except (OverflowError, ValueError):
        return date.max


def period_errors(start, end, today):
    """Problems with a period, as {field name: message}; empty when the period is allowed."""
    errors = {}
    if start < today:
        errors["start_date"] = _l("The start date has passed: choose today or a later date")
    if end < start:
        errors["end_date"] = _l("The end date must be the same as or after the start date")
    elif end > months_after(start, MAX_MONTHS):
        errors["end_date"] = _l(
            "A placement can last at most six months: choose an end date on or before %(date)s",
            date=months_after(start, MAX_MONTHS).isoformat(),
        )
    return errors


def period_warning(start, end):
    """A warning (not a refusal) for periods over three months."""
    if start <= end and end > months_after(start, WARN_MONTHS):
        return _l(
            "This placement is longer than three months. Longer placements need a clear reason "
            "in the participant's development; the coordinator will ask about it."
        )
    return None


def hours_error(hours):
    if hours is not None and hours > MAX_HOURS_PER_WEEK:
        return _l("A placement can be at most 40 hours a week")
    if hours is not None and hours < 1:
        return _l("Enter at least 1 hour a week")
    return None


def places_error(places, places_filled=0):
    if places is None:
        return None
    if places < 1:
        return _l("Offer at least one place")
    if places > MAX_PLACES:
        return _l("Offer at most %(max)d places in one slot", max=MAX_PLACES)
    if places < places_filled:
        return _l("%(count)d job-seekers are already matched: offer at least that many places", count=places_filled)
    return None


def parse_learning_goals(text):
    """One goal per line; blank lines and list markers are dropped."""
    goals = []
    for line in (text or "").splitlines():
        goal = line.strip().lstrip("-•*").strip()
        if goal:
            goals.append(goal)
    return goals


def submission_blockers(organisation):
    """Why this organisation may not submit slots yet (empty when it may)."""
    blockers = []
    if not organisation.is_verified:
        blockers.append(
            _l("Your organisation is not verified yet. A coordinator must verify it before you can submit a slot.")
        )
    if not guide_completed(organisation):
        blockers.append(_l("Go through the guide on placements before you submit a slot."))
    return blockers


def changed_material_terms(slot, new_values):
    """The material terms that new_values would change on a slot."""
    return [name for name in MATERIAL_FIELDS if name in new_values and getattr(slot, name) != new_values[name]]
