from datetime import date, datetime
from enum import StrEnum
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class PlacementStatus(StrEnum):
    MATCHED = "matched"  # a coordinator matched the job-seeker; the agreement comes next
    ACTIVE = "active"  # the agreement is signed by all parties
    ENDED = "ended"  # ended early; a placement that ran its course stays active past its end date
    CANCELLED = "cancelled"


class EndReason(StrEnum):
    """Why a placement ended before its end date (reported in the follow-up statistics)."""

    GOT_JOB = "got-job"
    STUDIES = "studies"
    ILLNESS = "illness"
    NOT_WORKING = "not-working"
    WORKPLACE = "workplace"
    OTHER = "other"


END_REASON_LABELS = {
    EndReason.GOT_JOB: _l("The participant got a job"),
    EndReason.STUDIES: _l("The participant started studies"),
    EndReason.ILLNESS: _l("Illness"),
    EndReason.NOT_WORKING: _l("The placement did not work out"),
    EndReason.WORKPLACE: _l("Changes at the workplace"),
    EndReason.OTHER: _l("Other reason"),
}


class Placement(db.Model):
    """A job-seeker matched to a slot by a coordinator: one participant's placement."""

    __tablename__ = "placements"
    __table_args__ = (UniqueConstraint("slot_id", "jobseeker_id", name="uq_placements_slot_jobseeker"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    matched_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(20), default=PlacementStatus.MATCHED, index=True)
    match_score: Mapped[int] = mapped_column(default=0)
    # Set when either side ends the placement before the slot's end date.
    ended_on: Mapped[Optional[date]]
    end_reason: Mapped[str] = mapped_column(String(20), default="")
    end_note: Mapped[str] = mapped_column(Text, default="")
    ended_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # The terms of the last fully signed change (portal/agreements/changes.py), where one changed
    # them: the period as columns (the statistics read it in SQL), the rest as JSON of the changed
    # fields. None and "{}" mean the slot's terms. Written only when all three have signed.
    agreed_start_date: Mapped[Optional[date]]
    agreed_end_date: Mapped[Optional[date]]
    agreed_terms: Mapped[str] = mapped_column(Text, default="{}")
    # A coordinator matched the person although another placement of theirs overlaps: why, and with
    # which (their ids and titles), as confirmed on the match page.
    overlap_reason: Mapped[str] = mapped_column(Text, default="")
    overlap_with: Mapped[str] = mapped_column(Text, default="")

    slot: Mapped["Slot"] = relationship()  # noqa: F821
    jobseeker: Mapped["JobSeeker"] = relationship(back_populates="placements")  # noqa: F821
    matched_by: Mapped["User"] = relationship(foreign_keys=[matched_by_id])  # noqa: F821
    ended_by: Mapped[Optional["User"]] = relationship(foreign_keys=[ended_by_id])  # noqa: F821

    @property
    def start_date(self):
        """The agreed start: the last signed change's, else the slot's."""
        return self.agreed_start_date or self.slot.start_date

    @property
    def planned_end_date(self):
        """The agreed end: the last signed change's, else the slot's."""
        return self.agreed_end_date or self.slot.end_date

    @property
    def end_date(self):
        """The day the placement ends or ended: early if it was ended early, else the agreed end date."""
        return self.ended_on or self.planned_end_date

    @property
    def ended_early(self):
        return self.ended_on is not None
