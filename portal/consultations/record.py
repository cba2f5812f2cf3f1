"""What the union needs to judge displacement (issue 15, part 2): the organisation's record with
placements in the slot's occupation over the last 12 months, from the portal's own data.

Small groups are suppressed as in the statistics (portal/stats/suppression.py): a count under five
is "fewer than 5", and a share is hidden when it rests on fewer than five people or would reveal a
group under five (those with the outcome, or those without it).
"""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import EmployerReport, EmploymentOffer, EndReason, Placement, PlacementStatus, Slot
from ..stats.suppression import MIN_CELL, SMALL, share

# Offered a job at the placement (as the statistics count it: the final report says so).
OFFERED_AT_PLACEMENT = (EmploymentOffer.HOURLY, EmploymentOffer.FIXED_TERM, EmploymentOffer.PERMANENT)
# Placements that ran (as in the statistics): matched placements never signed, and cancelled ones, did not.
RAN = (PlacementStatus.ACTIVE, PlacementStatus.ENDED)
PERIOD_DAYS = 365


@dataclass
class Record:
    placements: object  # a count, or SMALL
    did_not_work_out: object  # a percentage of the placements, or SMALL
    offered_job: object  # a percentage of the final reports, or SMALL
    reports: object  # the number of final reports the share rests on, or SMALL

    @property
    def hidden(self):
        return self.placements == SMALL


def occupation_key(text):
    """Occupations compared as people type them: case and spacing aside ("Lagerarbetare " is "lagerarbetare")."""
    return " ".join((text or "").split()).casefold()


def organisation_record(slot, today):
    """The record of the slot's organisation in the slot's occupation: placements whose period
    falls (in part) in the 12 months up to `today`, that ran."""
    since = today - timedelta(days=PERIOD_DAYS)
    rows = db.session.execute(
        select(Slot.occupation, Placement.status, Placement.end_reason, EmployerReport.submitted_at,
               EmployerReport.employment_offered)
        .join(Placement, Placement.slot_id == Slot.id)
        .outerjoin(EmployerReport, EmployerReport.placement_id == Placement.id)
        .where(Slot.organisation_id == slot.organisation_id, Placement.status.in_(RAN),
               Slot.end_date >= since, Slot.start_date <= today)
    ).all()
    # Compared in Python: SQLite's lower() leaves Å, Ä and Ö as they are.
    wanted = occupation_key(slot.occupation)
    same = [row for row in rows if occupation_key(row.occupation) == wanted]
    placements = len(same)
    not_working = sum(1 for row in same if row.status == PlacementStatus.ENDED and row.end_reason == EndReason.NOT_WORKING)
    reported = [row for row in same if row.submitted_at is not None]
    offered = sum(1 for row in reported if row.employment_offered in OFFERED_AT_PLACEMENT)
    return Record(
        placements=placements if placements >= MIN_CELL else SMALL,
        did_not_work_out=share(not_working, placements),
        offered_job=share(offered, len(reported)),
        reports=len(reported) if len(reported) >= MIN_CELL else SMALL,
    )
