"""What is due for whom: the lists the dashboards show."""
from sqlalchemy import exists, select
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import EmployerReport, FollowUp, JobSeeker, JobSeekerFeedback, Placement, PlacementStatus, Slot
from ..placements.access import visible_condition
from .rules import FOLLOW_UP_AFTER, end_date_expression, ended_condition


def _placements(user):
    return (
        select(Placement)
        .join(Placement.slot)
        .join(Placement.jobseeker)
        .where(visible_condition(user))
        .options(contains_eager(Placement.slot).joinedload(Slot.organisation), contains_eager(Placement.jobseeker))
        .order_by(Slot.end_date)
    )


def running(user, today):
    """Placements under way (begun, not ended) that the user may end early."""
    query = _placements(user).where(Placement.status == PlacementStatus.ACTIVE, Slot.start_date <= today,
                                    Slot.end_date >= today)
    return db.session.scalars(query).all()


def upcoming(user, today):
    """Placements agreed that have not begun yet: not "under way" (a placement two weeks off is not)."""
    query = _placements(user).where(Placement.status == PlacementStatus.ACTIVE, Slot.start_date > today)
    return db.session.scalars(query).all()


def reports_due(user, today):
    """Ended placements of the employer's organisation without a submitted final report."""
    # NOT EXISTS, not NOT IN: one look-up in the report's unique index per placement instead of
    # listing every submitted report for each dashboard.
    submitted = exists().where(EmployerReport.placement_id == Placement.id, EmployerReport.submitted_at.is_not(None))
    query = _placements(user).where(ended_condition(today), ~submitted)
    return db.session.scalars(query).all()


def feedback_due(user, today):
    """The job-seeker's ended placements without submitted feedback."""
    submitted = exists().where(JobSeekerFeedback.placement_id == Placement.id,
                               JobSeekerFeedback.submitted_at.is_not(None))
    query = _placements(user).where(ended_condition(today), ~submitted)
    return db.session.scalars(query).all()


def follow_ups_due(user, today, limit=50):
    """Placements that ended three months ago or more, with no follow-up recorded."""
    recorded = exists().where(FollowUp.placement_id == Placement.id)
    query = (
        _placements(user)
        .where(ended_condition(today), end_date_expression() <= today - FOLLOW_UP_AFTER, ~recorded)
        .limit(limit)
    )
    return db.session.scalars(query).all()


def own_placements(user):
    """Every placement of the job-seeker, for their own page."""
    return db.session.scalars(_placements(user).where(JobSeeker.user_id == user.id)).all()
