"""The rules a slot must respect (DESIGN.md, section 4), as plain functions.

Forms and views call these; the messages are what the employer sees next to the field.
"""
from datetime import date

from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l

from .. import programmes
from ..guide.progress import guide_completed

# The period and hours limits are each placement type's, from its file in content/programmes/
# (period.max_months and warn_months, hours.max_hours_per_week, each with its source and basis).
# These are arbetspraktik's, the type a rule falls back to when no type is chosen yet.
DEFAULT_TYPE = "work-placement"
MAX_MONTHS = programmes.get(DEFAULT_TYPE).max_months  # förordning (2000:634) 7 §
WARN_MONTHS = programmes.get(DEFAULT_TYPE).warn_months  # the portal's rule
MAX_HOURS_PER_WEEK = programmes.get(DEFAULT_TYPE).max_hours_per_week  # the portal's rule
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


def programme_for(placement_type):
    """The type's rules; arbetspraktik's when no type (or an unknown one) is chosen yet, since the
    form says what is wrong with the type itself."""
    try:
        return programmes.get(placement_type or DEFAULT_TYPE)
    except KeyError:
        return programmes.get(DEFAULT_TYPE)


# What each basis is called in a message, so that a limit never reads as law when it is not.
BASIS_LABELS = {
    "law": _l("law"),
    "rules": _l("the employment service's rules"),
    "practice": _l("practice"),
    "portal": _l("the portal's own rule"),
}


def _basis(statement):
    if statement["basis"] == "portal":
        return BASIS_LABELS["portal"]  # its source is this code, which an employer cannot read
    return _l("%(basis)s: %(source)s", basis=BASIS_LABELS[statement["basis"]], source=statement["source"])


def period_errors(start, end, today, placement_type=None):
    """Problems with a period, as {field name: message}; empty when the period is allowed."""
    programme = programme_for(placement_type)
    latest = months_after(start, programme.max_months)
    errors = {}
    if start < today:
        errors["start_date"] = _l("The start date has passed: choose today or a later date")
    if end < start:
        errors["end_date"] = _l("The end date must be the same as or after the start date")
    elif end > latest:
        errors["end_date"] = _l(
            "%(type)s can last at most %(months)d months (%(basis)s): choose an end date on or before %(date)s",
            type=programmes.ProgrammeName(programme.id), months=programme.max_months,
            basis=_basis(programme.statement("period.limit")), date=latest.isoformat(),
        )
    return errors


def period_warning(start, end, placement_type=None):
    """A warning (not a refusal) for periods over the type's warn_months (a portal rule)."""
    programme = programme_for(placement_type)
    if start <= end and end > months_after(start, programme.warn_months):
        return _l(
            "This placement is longer than %(months)d months. Longer placements need a clear reason "
            "in the participant's development; the coordinator will ask about it (%(basis)s).",
            months=programme.warn_months, basis=BASIS_LABELS[programme.statement("period.warn")["basis"]],
        )
    return None


def hours_error(hours, placement_type=None):
    programme = programme_for(placement_type)
    if hours is not None and hours > programme.max_hours_per_week:
        return _l(
            "%(type)s can be at most %(hours)d hours a week (%(basis)s)",
            type=programmes.ProgrammeName(programme.id), hours=programme.max_hours_per_week,
            basis=_basis(programme.statement("hours.cap")),
        )
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


class Blocker:
    """Why an organisation may not submit yet, and what happens or what to do about it.

    `kind` is "unverified" or "guide"; its text is the message (str() of it, so that it can stand in
    a form's errors too); `anchor` is the id of its notice on the page, which the error summary links to.
    """

    def __init__(self, kind, message):
        self.kind = kind
        self.message = message
        self.anchor = f"blocker-{kind}"

    def __str__(self):
        return str(self.message)

    def __eq__(self, other):
        return isinstance(other, Blocker) and (self.kind, str(self)) == (other.kind, str(other))

    __hash__ = None


def submission_blockers(organisation):
    """Why this organisation may not submit slots yet (empty when it may), as Blockers.

    The pages say what happens next beside each one (templates/slots/_blockers.html): who verifies
    and how to reach them, or a link to the guide.
    """
    blockers = []
    if not organisation.is_verified:
        blockers.append(Blocker("unverified", _l("Your organisation is not verified yet, so a slot cannot be sent "
                                                  "for consultation.")))
    if not guide_completed(organisation):
        blockers.append(Blocker("guide", _l("Go through the guide on placements before you submit a slot.")))
    return blockers


def changed_material_terms(slot, new_values):
    """The material terms that new_values would change on a slot."""
    return [name for name in MATERIAL_FIELDS if name in new_values and getattr(slot, name) != new_values[name]]
