"""Follow-up statistics, computed in SQL: one GROUP BY pass over the placements' facts however many there are.

Every figure is split by the participant's gender (women, men, other or not stated).
"""
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..feedback.rules import ended_condition, started_condition
from ..listing import escape_like
from ..models import EndReason, Organisation, Outcome, PlacementStatus, Role
from ..models import PlacementFact as Fact
from ..organisations import numbers as organisation_numbers
from ..organisations.numbers import InvalidOrganisationNumber, normalise_organisation_number
from ..slots.access import union_scope_condition

GENDERS = ("woman", "man", "other")
IN_WORK_OR_STUDIES = (Outcome.IN_WORK, Outcome.STUDIES)


@dataclass
class Filters:
    period_from: Optional[date] = None  # placements starting on or after
    period_to: Optional[date] = None  # placements starting on or before
    placement_type: str = ""
    sector: str = ""
    organisation_id: Optional[int] = None

    def conditions(self, user):
        conditions = [Fact.status.in_([PlacementStatus.ACTIVE, PlacementStatus.ENDED])]
        if self.period_from:
            conditions.append(Fact.start_date >= self.period_from)
        if self.period_to:
            conditions.append(Fact.start_date <= self.period_to)
        if self.placement_type:
            conditions.append(Fact.placement_type == self.placement_type)
        if self.sector:
            conditions.append(Fact.organisation_id.in_(select(Organisation.id).where(Organisation.sector == self.sector)))
        if self.organisation_id:
            conditions.append(Fact.organisation_id == self.organisation_id)
        if user.role == Role.UNION:
            # union representatives see their scope only
            conditions.append(union_scope_condition(user, organisation_id=Fact.organisation_id))
        return conditions


# Ended early, by reason: a count each in the same pass (any other or no reason counts as "other").
EARLY_REASONS = tuple(reason for reason in EndReason if reason != EndReason.OTHER)
COUNTS = ("placements", "started", "ended", "ended_early", "reports", "feedback", "offered", "followed_up",
          "in_work_or_studies", "supervision_sum", "learning_sum", "treatment_sum",
          *(f"ended_{reason.value}" for reason in EARLY_REASONS))
# Beyond this many organisations, reading every name is cheaper than naming each id in the query
# (20,000 bound parameters took 250 ms to send).
NAMES_BY_ID_UP_TO = 1000
# What the organisation filter reads as an organisation number rather than a name: digits, a dash, spaces.
_NUMBER_LIKE = re.compile(r"^[0-9][0-9 -]*$")


def figures(filters, user, today, organisations=None):
    """Every count the statistics page needs, per organisation and gender, in one pass over the
    placements' facts (portal/stats/facts.py: one narrow row per placement, no joins).

    Returns {(organisation id, gender): counts in COUNTS' order}. Summing over organisations gives the
    totals by gender (totals_by_gender). With `organisations` (ids), only those organisations' rows.
    """
    ended = ended_condition(today, Fact.status, Fact.end_date)
    ended_early = Fact.status == PlacementStatus.ENDED
    counts = {
        "placements": func.count(),
        "started": func.count().filter(started_condition(today, Fact.status, Fact.start_date)),
        "ended": func.count().filter(ended),
        "ended_early": func.count().filter(ended_early),
        "reports": func.count().filter(ended, Fact.report_in),
        "feedback": func.count().filter(ended, Fact.feedback_in),
        "offered": func.count().filter(Fact.offered),
        "followed_up": func.count(Fact.outcome),
        "in_work_or_studies": func.count().filter(Fact.outcome.in_(IN_WORK_OR_STUDIES)),
        # (0, not NULL, for no ratings: the rows come back as plain ints, nothing to convert)
        "supervision_sum": func.coalesce(func.sum(Fact.supervision_rating), 0),
        "learning_sum": func.coalesce(func.sum(Fact.learning_rating), 0),
        "treatment_sum": func.coalesce(func.sum(Fact.treatment_rating), 0),
        **{f"ended_{reason.value}": func.count().filter(ended_early, Fact.end_reason == reason.value)
           for reason in EARLY_REASONS},
    }
    query = (
        select(Fact.organisation_id, Fact.gender, *(counts[name].label(name) for name in COUNTS))
        .where(*filters.conditions(user), *_only(organisations))
        .group_by(Fact.organisation_id, Fact.gender)
    )
    # Tuples in COUNTS' order, not a dict per row: with 50,000 rows, a third less to make and keep.
    return {(row[0], row[1]): row[2:] for row in db.session.execute(query)}


def _only(organisations):
    return [] if organisations is None else [Fact.organisation_id.in_(organisations)]


def organisation_names(ids):
    """{id: name} of the organisations with these ids."""
    ids = set(ids)
    query = select(Organisation.id, Organisation.name)
    if len(ids) <= NAMES_BY_ID_UP_TO:
        return dict(db.session.execute(query.where(Organisation.id.in_(sorted(ids)))).all()) if ids else {}
    return {organisation_id: name for organisation_id, name in db.session.execute(query)
            if organisation_id in ids}


def filter_organisation(text, user):
    """(organisation id, None) for the organisation the statistics filter names by its name or its
    organisation number, among those `user` sees; else (None, what is wrong, for the user)."""
    text = text.strip()
    seen = select(Organisation.id)
    if user.role == Role.UNION:
        seen = seen.where(union_scope_condition(user, organisation_id=Organisation.id))
    if _NUMBER_LIKE.match(text):
        try:
            number = normalise_organisation_number(text.replace(" ", ""))
        except InvalidOrganisationNumber as problem:
            return None, organisation_numbers.message(problem)
        found = db.session.scalars(seen.where(Organisation.organisation_number == number)).all()
        return (found[0], None) if found else (None, _l("None of the organisations you see has this organisation number"))
    found = db.session.scalars(seen.where(Organisation.name == text).limit(2)).all() or \
        db.session.scalars(seen.where(Organisation.name.ilike(escape_like(text), escape="\\")).limit(2)).all()
    if len(found) == 1:
        return found[0], None
    if found:
        return None, _l("More than one organisation has this name: enter its organisation number")
    return None, _l("None of the organisations you see has this name: check it, or enter the organisation number")


def totals_by_gender(rows):
    """{gender: {count name: total}} with every count the statistics page needs (rows: from figures())."""
    by_gender = {gender: [] for gender in GENDERS}
    for (_organisation_id, gender), values in rows.items():
        by_gender[gender].append(values)
    # zip(*...) turns each gender's rows into columns: one sum() per count instead of a loop per cell.
    return {gender: dict(zip(COUNTS, (sum(column) for column in zip(*values)) if values else [0] * len(COUNTS)))
            for gender, values in by_gender.items()}


def early_endings_by_reason(totals):
    """(reason, gender, count) for the placements ended early, reasons in EndReason's order
    (totals: from totals_by_gender); "other" is what the named reasons leave of all early endings."""
    found = []
    for gender in GENDERS:
        named = {reason: totals[gender][f"ended_{reason.value}"] for reason in EARLY_REASONS}
        named[EndReason.OTHER] = totals[gender]["ended_early"] - sum(named.values())
        found.extend((reason.value, gender, named[reason]) for reason in EndReason if named[reason])
    return found


def placements_by_organisation(rows, names):
    """{organisation id: (name, {gender: placements})} for each organisation with placements."""
    found = {}
    for (organisation_id, gender), values in rows.items():
        if values[0]:  # COUNTS[0]: placements
            found.setdefault(organisation_id, (names[organisation_id], {}))[1][gender] = values[0]
    return found
