"""Follow-up statistics, computed in SQL: one GROUP BY pass over the placements however many there are.

Every figure is split by the participant's gender (women, men, other or not stated).
"""
from dataclasses import dataclass
from datetime import date
from typing import Optional

from sqlalchemy import case, func, or_, select

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
from ..slots.access import union_scope_condition

GENDERS = ("woman", "man", "other")
OFFERED_AT_PLACEMENT = (EmploymentOffer.HOURLY, EmploymentOffer.FIXED_TERM, EmploymentOffer.PERMANENT)
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


def figures(filters, user, today, organisations=None):
    """Every count the statistics page needs, per organisation and gender, in one pass over the placements.

    Returns {(organisation id, gender): {count name: value}}. Summing over organisations gives the
    totals by gender; early_endings() adds the reasons for ending early. With `organisations` (ids),
    only those organisations' rows.
    """
    # The filters keep only active and ended placements, so feedback.rules' "ended" and "started"
    # come down to these, with fewer tests per placement.
    ended = or_(Placement.status == PlacementStatus.ENDED, Slot.end_date < today)
    feedback_in = JobSeekerFeedback.submitted_at.is_not(None)
    counts = [
        func.count().label("placements"),
        func.count().filter(Slot.start_date <= today).label("started"),
        func.count().filter(ended).label("ended"),
        func.count().filter(Placement.status == PlacementStatus.ENDED).label("ended_early"),
        func.count(EmployerReport.submitted_at).filter(ended).label("reports"),
        func.count(JobSeekerFeedback.submitted_at).filter(ended).label("feedback"),
        func.count(EmployerReport.submitted_at).filter(
            EmployerReport.employment_offered.in_(OFFERED_AT_PLACEMENT)).label("offered"),
        func.count(FollowUp.id).label("followed_up"),
        func.count().filter(FollowUp.outcome.in_(IN_WORK_OR_STUDIES)).label("in_work_or_studies"),
        func.sum(JobSeekerFeedback.supervision_rating).filter(feedback_in).label("supervision_sum"),
        func.sum(JobSeekerFeedback.learning_rating).filter(feedback_in).label("learning_sum"),
        func.sum(JobSeekerFeedback.treatment_rating).filter(feedback_in).label("treatment_sum"),
    ]
    # "+ 0": grouped by the bare column, SQLite would walk the slots in organisation order through
    # their index and reach each placement by a random lookup, 2-3 times slower than a scan of the
    # placements; an expression gives no index order to chase, and costs PostgreSQL nothing.
    organisation = (Slot.organisation_id + 0).label("organisation_id")
    gender = gender_of().label("gender")
    query = (
        _base(organisation, gender, *counts, filters=filters)
        .outerjoin(EmployerReport, EmployerReport.placement_id == Placement.id)
        .outerjoin(JobSeekerFeedback, JobSeekerFeedback.placement_id == Placement.id)
        .outerjoin(FollowUp, FollowUp.placement_id == Placement.id)
        .where(*filters.conditions(user), *_only(organisations))
        # By gender as shown (with the stored one, SQLite reads the wide job-seeker rows instead of
        # the narrow index on (id, gender): 2-3 times slower).
        .group_by(organisation, gender)
    )
    result = db.session.execute(query)
    keys = list(result.keys())[2:]
    return {(row[0], row[1]): dict(zip(keys, [int(value or 0) for value in row[2:]])) for row in result}


def early_endings(filters, user, organisations=None):
    """{(organisation id, gender): {reason: count}} for the placements ended early: few, so a query
    of their own is cheaper than six more counts over every placement."""
    organisation = (Slot.organisation_id + 0).label("organisation_id")  # "+ 0": see figures()
    gender = gender_of().label("gender")
    query = (
        _base(organisation, gender, Placement.end_reason, func.count(), filters=filters)
        .where(*filters.conditions(user), *_only(organisations), Placement.status == PlacementStatus.ENDED)
        .group_by(organisation, gender, Placement.end_reason)
    )
    found = {}
    for organisation_id, gender, reason, count in db.session.execute(query):
        by_reason = found.setdefault((organisation_id, gender), {})
        reason = reason if reason in REASONS else EndReason.OTHER.value
        by_reason[reason] = by_reason.get(reason, 0) + count
    return found


def _only(organisations):
    return [] if organisations is None else [Slot.organisation_id.in_(organisations)]


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
    found = [(organisation_id, names[organisation_id], gender, values["placements"])
             for (organisation_id, gender), values in rows.items() if values["placements"]]
    return sorted(found, key=lambda row: (row[1], row[0]))
