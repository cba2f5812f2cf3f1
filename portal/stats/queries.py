"""Follow-up statistics, computed in SQL: one GROUP BY pass over the placements however many there are.

Every figure is split by the participant's gender (women, men, other or not stated).
"""
from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import and_, case, func, select

from ..extensions import db
from ..models import (
    EmployerReport,
    EmploymentOffer,
    EndReason,
    FollowUp,
    JobSeeker,
    JobSeekerFeedback,
    Organisation,
    Outcome,
    Placement,
    PlacementStatus,
    Role,
    Slot,
)
from ..feedback.rules import ended_condition, started_condition
from ..slots.access import union_scope_condition

GENDERS = ("woman", "man", "other")
OFFERED_AT_PLACEMENT = (EmploymentOffer.HOURLY, EmploymentOffer.FIXED_TERM, EmploymentOffer.PERMANENT)
IN_WORK_OR_STUDIES = (Outcome.IN_WORK, Outcome.STUDIES)


@dataclass
class Filters:
    period_from: Optional[date] = None  # placements starting on or after
    period_to: Optional[date] = None  # placements starting on or before
    placement_type: str = ""
    sector: str = ""
    organisation_id: Optional[int] = None

    def conditions(self, user):
        conditions = [Placement.status.in_([PlacementStatus.ACTIVE, PlacementStatus.ENDED])]
        if self.period_from:
            conditions.append(Slot.start_date >= self.period_from)
        if self.period_to:
            conditions.append(Slot.start_date <= self.period_to)
        if self.placement_type:
            conditions.append(Slot.placement_type == self.placement_type)
        if self.sector:
            conditions.append(Organisation.sector == self.sector)
        if self.organisation_id:
            conditions.append(Slot.organisation_id == self.organisation_id)
        if user.role == Role.UNION:
            conditions.append(union_scope_condition(user))  # union representatives see their scope only
        return conditions


def _count(condition):
    return func.sum(case((condition, 1), else_=0))


def _base(*columns, filters=None):
    query = (
        select(*columns)
        .select_from(Placement)
        .join(Slot, Placement.slot_id == Slot.id)
        .join(JobSeeker, Placement.jobseeker_id == JobSeeker.id)
    )
    if filters is None or filters.sector:  # the organisation is needed only to filter by its sector
        query = query.join(Organisation, Slot.organisation_id == Organisation.id)
    return query


def gender_of():
    return case((JobSeeker.gender.in_(GENDERS[:2]), JobSeeker.gender), else_="other")


COUNTS = ("placements", "started", "ended", "ended_early", "reports", "feedback", "offered", "followed_up",
          "in_work_or_studies", "supervision_sum", "learning_sum", "treatment_sum")


def figures(filters, user, today):
    """Every count the statistics page needs, per organisation and gender, in one pass over the placements.

    Returns {(organisation id, gender): {count name: value}}; the early endings are counted per
    reason as "ended_early:<reason>". Summing over organisations gives the totals by gender.
    """
    ended = ended_condition(today)
    ended_early = Placement.status == PlacementStatus.ENDED
    report_in = EmployerReport.submitted_at.is_not(None)
    feedback_in = JobSeekerFeedback.submitted_at.is_not(None)
    gender = gender_of().label("gender")
    counts = [
        func.count(Placement.id).label("placements"),
        _count(started_condition(today)).label("started"),
        _count(ended).label("ended"),
        _count(ended_early).label("ended_early"),
        _count(and_(ended, report_in)).label("reports"),
        _count(and_(ended, feedback_in)).label("feedback"),
        _count(and_(report_in, EmployerReport.employment_offered.in_(OFFERED_AT_PLACEMENT))).label("offered"),
        _count(FollowUp.id.is_not(None)).label("followed_up"),
        _count(FollowUp.outcome.in_(IN_WORK_OR_STUDIES)).label("in_work_or_studies"),
        func.sum(case((feedback_in, JobSeekerFeedback.supervision_rating))).label("supervision_sum"),
        func.sum(case((feedback_in, JobSeekerFeedback.learning_rating))).label("learning_sum"),
        func.sum(case((feedback_in, JobSeekerFeedback.treatment_rating))).label("treatment_sum"),
    ] + [
        _count(and_(ended_early, Placement.end_reason == reason)).label(f"ended_early:{reason.value}")
        for reason in EndReason
    ]
    # "+ 0": grouped by the bare column, SQLite would walk the slots in organisation order through
    # their index and reach each placement by a random lookup, 2-3 times slower than a scan of the
    # placements; an expression gives no index order to chase, and costs PostgreSQL nothing.
    organisation = (Slot.organisation_id + 0).label("organisation_id")
    query = (
        _base(organisation, gender, *counts, filters=filters)
        .outerjoin(EmployerReport, EmployerReport.placement_id == Placement.id)
        .outerjoin(JobSeekerFeedback, JobSeekerFeedback.placement_id == Placement.id)
        .outerjoin(FollowUp, FollowUp.placement_id == Placement.id)
        .where(*filters.conditions(user))
        .group_by(organisation, gender)
    )
    result = db.session.execute(query)
    keys = list(result.keys())[2:]
    return {(row[0], row[1]): dict(zip(keys, [int(value or 0) for value in row[2:]])) for row in result}


def organisation_names(ids):
    if not ids:
        return {}
    return dict(db.session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))).all())


def totals_by_gender(rows):
    """One row per gender with every count the statistics page needs (rows: from figures())."""
    totals = {}
    for (_organisation_id, gender), values in rows.items():
        row = totals.setdefault(gender, {"gender": gender, **{key: 0 for key in values}})
        for key, value in values.items():
            row[key] += value
    return totals


def early_endings_by_reason(totals):
    """(reason, gender, count) for the placements ended early (totals: from totals_by_gender())."""
    return [(reason.value, gender, values[f"ended_early:{reason.value}"])
            for gender, values in totals.items() for reason in EndReason if values[f"ended_early:{reason.value}"]]


def placements_by_organisation(rows, names):
    """(organisation id, name, gender, count) for each organisation with placements, by name."""
    found = [(organisation_id, names[organisation_id], gender, values["placements"])
             for (organisation_id, gender), values in rows.items() if values["placements"]]
    return sorted(found, key=lambda row: (row[1], row[0]))
