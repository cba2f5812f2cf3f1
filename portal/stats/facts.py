"""The placement facts (models.PlacementFact): one narrow row per placement for the statistics.

Kept up to date at commit by portal/data_version.py, which sees every write: every change it traces
to a placement, a slot or a job-seeker has the facts of the placements concerned written again from
the tables themselves, in the same transaction; a change it cannot trace has them all written again
(`rebuild()`).
"""
from sqlalchemy import case, delete, func, insert, literal, select

from ..models import (
    EmploymentOffer,
    EmployerReport,
    FollowUp,
    JobSeeker,
    JobSeekerFeedback,
    Placement,
    PlacementFact,
    Slot,
)
from ..models.versions import changes_by_kind

OFFERED_AT_PLACEMENT = (EmploymentOffer.HOURLY, EmploymentOffer.FIXED_TERM, EmploymentOffer.PERMANENT)


def facts_query():
    """SELECT the facts of every placement, in PlacementFact's column order."""
    report_in = EmployerReport.submitted_at.is_not(None)
    feedback_in = JobSeekerFeedback.submitted_at.is_not(None)
    return (
        select(
            Placement.id,
            Placement.slot_id,
            Placement.jobseeker_id,
            Slot.organisation_id,
            case((JobSeeker.gender.in_(("woman", "man")), JobSeeker.gender), else_=literal("other")),
            # The agreed period: the last fully signed change's, else the slot's (a proposed change
            # counts only once all three have signed it: portal/agreements/changes.py).
            func.coalesce(Placement.agreed_start_date, Slot.start_date),
            func.coalesce(Placement.agreed_end_date, Slot.end_date),
            Slot.placement_type,
            Placement.status,
            Placement.end_reason,
            case((report_in, True), else_=False),
            case((report_in & EmployerReport.employment_offered.in_(OFFERED_AT_PLACEMENT), True), else_=False),
            case((feedback_in, True), else_=False),
            case((feedback_in, JobSeekerFeedback.supervision_rating)),
            case((feedback_in, JobSeekerFeedback.learning_rating)),
            case((feedback_in, JobSeekerFeedback.treatment_rating)),
            FollowUp.outcome,
        )
        .join(Slot, Placement.slot_id == Slot.id)
        .join(JobSeeker, Placement.jobseeker_id == JobSeeker.id)
        .outerjoin(EmployerReport, EmployerReport.placement_id == Placement.id)
        .outerjoin(JobSeekerFeedback, JobSeekerFeedback.placement_id == Placement.id)
        .outerjoin(FollowUp, FollowUp.placement_id == Placement.id)
    )


COLUMNS = [column.name for column in PlacementFact.__table__.columns]
# The execution option of the statements below: portal/data_version.py counts any other write to
# placement_facts as a change of everything.
WRITING = "writing_placement_facts"


def rebuild(connection):
    """Every placement's facts written afresh (connection: a Session or a Connection)."""
    connection.execute(delete(PlacementFact.__table__).execution_options(**{WRITING: True}))
    connection.execute(insert(PlacementFact.__table__).from_select(COLUMNS, facts_query())
                       .execution_options(**{WRITING: True}))


def refresh(connection, changes):
    """Write again the facts of the placements that `changes` ((kind, id) pairs from
    portal/data_version.py) concern; everything when a change cannot be traced."""
    if any(kind == "all" for kind, _ref in changes):
        rebuild(connection)
        return
    ids = changes_by_kind(changes, ("placement", "slot", "jobseeker"))
    if not any(ids.values()):
        return  # organisations' names and sectors, union scopes, matching: not in the facts
    concerned = Placement.id.in_(ids["placement"]) | Placement.slot_id.in_(ids["slot"]) | \
        Placement.jobseeker_id.in_(ids["jobseeker"])
    # The old rows go by the same ids (a deleted placement's too), the new ones come from the tables.
    connection.execute(delete(PlacementFact.__table__).where(
        PlacementFact.placement_id.in_(ids["placement"]) | PlacementFact.slot_id.in_(ids["slot"])
        | PlacementFact.jobseeker_id.in_(ids["jobseeker"])
    ).execution_options(**{WRITING: True}))
    connection.execute(insert(PlacementFact.__table__).from_select(COLUMNS, facts_query().where(concerned))
                       .execution_options(**{WRITING: True}))
