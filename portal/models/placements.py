from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class PlacementStatus(StrEnum):
    MATCHED = "matched"  # a coordinator matched the job-seeker; the agreement comes next
    ACTIVE = "active"  # the agreement is signed by all parties
    ENDED = "ended"
    CANCELLED = "cancelled"


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

    slot: Mapped["Slot"] = relationship()  # noqa: F821
    jobseeker: Mapped["JobSeeker"] = relationship(back_populates="placements")  # noqa: F821
    matched_by: Mapped["User"] = relationship()  # noqa: F821
