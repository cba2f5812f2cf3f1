"""Follow-up statistics, computed in SQL: a handful of GROUP BY queries however many placements.

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


def _base(*columns):
    return (
        select(*columns)
        .select_from(Placement)
        .join(Slot, Placement.slot_id == Slot.id)
        .join(Organisation, Slot.organisation_id == Organisation.id)
        .join(JobSeeker, Placement.jobseeker_id == JobSeeker.id)
    )


def gender_of():
    return case((JobSeeker.gender.in_(GENDERS[:2]), JobSeeker.gender), else_="other")


def totals_by_gender(filters, user, today):
    """One row per gender with every count the statistics page needs."""
    ended = ended_condition(today)
    report_in = EmployerReport.submitted_at.is_not(None)
    feedback_in = JobSeekerFeedback.submitted_at.is_not(None)
    gender = gender_of().label("gender")
    query = (
        _base(
            gender,
            _count(started_condition(today)).label("started"),
            _count(ended).label("ended"),
            _count(Placement.status == PlacementStatus.ENDED).label("ended_early"),
            _count(and_(ended, report_in)).label("reports"),
            _count(and_(ended, feedback_in)).label("feedback"),
            _count(and_(report_in, EmployerReport.employment_offered.in_(OFFERED_AT_PLACEMENT))).label("offered"),
            _count(FollowUp.id.is_not(None)).label("followed_up"),
            _count(FollowUp.outcome.in_(IN_WORK_OR_STUDIES)).label("in_work_or_studies"),
            func.sum(case((feedback_in, JobSeekerFeedback.supervision_rating))).label("supervision_sum"),
            func.sum(case((feedback_in, JobSeekerFeedback.learning_rating))).label("learning_sum"),
            func.sum(case((feedback_in, JobSeekerFeedback.treatment_rating))).label("treatment_sum"),
        )
        .outerjoin(EmployerReport, EmployerReport.placement_id == Placement.id)
        .outerjoin(JobSeekerFeedback, JobSeekerFeedback.placement_id == Placement.id)
        .outerjoin(FollowUp, FollowUp.placement_id == Placement.id)
        .where(*filters.conditions(user))
        .group_by(gender)
    )
    return {row.gender: row._asdict() for row in db.session.execute(query)}


def early_endings_by_reason(filters, user):
    gender = gender_of().label("gender")
    query = (
        _base(Placement.end_reason, gender, func.count(Placement.id))
        .where(*filters.conditions(user), Placement.status == PlacementStatus.ENDED)
        .group_by(Placement.end_reason, gender)
    )
    return [tuple(row) for row in db.session.execute(query)]


def placements_by_organisation(filters, user):
    gender = gender_of().label("gender")
    query = (
        _base(Organisation.id, Organisation.name, gender, func.count(Placement.id))
        .where(*filters.conditions(user))
        .group_by(Organisation.id, Organisation.name, gender)
        .order_by(Organisation.name)
    )
    return [tuple(row) for row in db.session.execute(query)]
