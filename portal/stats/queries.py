"""Follow-up statistics, computed in SQL: one GROUP BY pass over the placements' facts however many there are.

Every figure is split by the participant's gender (women, men, other or not stated).
"""
from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import func, select

from ..extensions import db
from ..feedback.rules import ended_condition, started_condition
from ..models import EndReason, Organisation, Outcome, PlacementStatus, Role
from ..models import PlacementFact as Fact
from ..slots.access import union_scope_condition

GENDERS = ("woman", "man", "other")
IN_WORK_OR_STUDIES = (Outcome.IN_WORK, Outcome.STUDIES)
REASONS = {reason.value for reason in EndReason}


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


COUNTS = ("placements", "started", "ended", "ended_early", "reports", "feedback", "offered", "followed_up",
          "in_work_or_studies", "supervision_sum", "learning_sum", "treatment_sum")


def figures(filters, user, today, organisations=None):
    """Every count the statistics page needs, per organisation and gender, in one pass over the
    placements' facts (portal/stats/facts.py: one narrow row per placement, no joins).

    Returns {(organisation id, gender): counts in COUNTS' order}. Summing over organisations gives the
    totals by gender; early_endings() adds the reasons for ending early. With `organisations` (ids),
    only those organisations' rows.
    """
    ended = ended_condition(today, Fact.status, Fact.end_date)
    counts = {
        "placements": func.count(),
        "started": func.count().filter(started_condition(today, Fact.status, Fact.start_date)),
        "ended": func.count().filter(ended),
        "ended_early": func.count().filter(Fact.status == PlacementStatus.ENDED),
        "reports": func.count().filter(ended, Fact.report_in),
        "feedback": func.count().filter(ended, Fact.feedback_in),
        "offered": func.count().filter(Fact.offered),
        "followed_up": func.count(Fact.outcome),
        "in_work_or_studies": func.count().filter(Fact.outcome.in_(IN_WORK_OR_STUDIES)),
        "supervision_sum": func.sum(Fact.supervision_rating),
        "learning_sum": func.sum(Fact.learning_rating),
        "treatment_sum": func.sum(Fact.treatment_rating),
    }
    query = (
        select(Fact.organisation_id, Fact.gender, *(counts[name].label(name) for name in COUNTS))
        .where(*filters.conditions(user), *_only(organisations))
        .group_by(Fact.organisation_id, Fact.gender)
    )
    # Tuples in COUNTS' order, not a dict per row: with thousands of rows, a third less to make and keep.
    return {(organisation_id, gender): tuple(int(value or 0) for value in values)
            for organisation_id, gender, *values in db.session.execute(query)}


def early_endings(filters, user, organisations=None):
    """{(organisation id, gender): {reason: count}} for the placements ended early: few, so a query
    of their own is cheaper than six more counts over every placement."""
    query = (
        select(Fact.organisation_id, Fact.gender, Fact.end_reason, func.count())
        .where(*filters.conditions(user), *_only(organisations), Fact.status == PlacementStatus.ENDED)
        .group_by(Fact.organisation_id, Fact.gender, Fact.end_reason)
    )
    found = {}
    for organisation_id, gender, reason, count in db.session.execute(query):
        by_reason = found.setdefault((organisation_id, gender), {})
        reason = reason if reason in REASONS else EndReason.OTHER.value
        by_reason[reason] = by_reason.get(reason, 0) + count
    return found


def _only(organisations):
    return [] if organisations is None else [Fact.organisation_id.in_(organisations)]


def organisation_names(ids):
    if not ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all())


def totals_by_gender(rows):
    """{gender: {count name: total}} with every count the statistics page needs (rows: from figures())."""
    sums = {gender: [0] * len(COUNTS) for gender in GENDERS}
    for (_organisation_id, gender), values in rows.items():
        total = sums[gender]
        for index, value in enumerate(values):
            total[index] += value
    return {gender: dict(zip(COUNTS, total)) for gender, total in sums.items()}


def early_endings_by_reason(endings):
    """(reason, gender, count) for the placements ended early (endings: from early_endings())."""
    totals = {}
    for (_organisation_id, gender), by_reason in endings.items():
        for reason, count in by_reason.items():
            totals[reason, gender] = totals.get((reason, gender), 0) + count
    return [(reason.value, gender, totals[reason.value, gender])
            for gender in GENDERS for reason in EndReason if totals.get((reason.value, gender))]


def placements_by_organisation(rows, names):
    """(organisation id, name, gender, count) for each organisation with placements, by name."""
    found = [(organisation_id, names[organisation_id], gender, values[0])  # COUNTS[0]: placements
             for (organisation_id, gender), values in rows.items() if values[0]]
    return sorted(found, key=lambda row: (row[1], row[0]))
