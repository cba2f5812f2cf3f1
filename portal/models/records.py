"""What happens around a running placement and a person's record: check-ins, who opened a record,
warnings before an untouched draft is deleted, and the placement certificate (issue 15, parts 6, 9, 10)."""
from datetime import date, datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

ATTENDANCE_LABELS = {
    "full": _l("Attends as agreed"),
    "some-absence": _l("Some absence"),
    "much-absence": _l("Much absence"),
}

# What a check-in can find that the union should see: the words on both dashboards.
FLAG_LABELS = {
    "tasks-differ": _l("Tasks differ from those agreed"),
    "no-supervisor": _l("No supervisor"),
    "replaces-staff": _l("Seems to replace staff"),
}


class CheckIn(db.Model):
    """The coordinator's check-in during a placement of four weeks or more (due at its midpoint)."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), unique=True)
    held_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attendance: Mapped[str] = mapped_column(String(20))  # a key of ATTENDANCE_LABELS
    tasks_as_agreed: Mapped[bool]
    supervisor_present: Mapped[bool]
    replaces_staff: Mapped[bool]
    participant_view: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")

    placement: Mapped["Placement"] = relationship()  # noqa: F821
    recorded_by: Mapped["User"] = relationship()  # noqa: F821

    @property
    def flags(self):
        """The findings that flag the placement, as keys of FLAG_LABELS (empty: nothing to flag)."""
        found = []
        if not self.tasks_as_agreed:
            found.append("tasks-differ")
        if not self.supervisor_present:
            found.append("no-supervisor")
        if self.replaces_staff:
            found.append("replaces-staff")
        return found


class RecordAccess(db.Model):
    """Someone opened a job-seeker's record: who and when (coordinators see the log on the record)."""

    __tablename__ = "record_accesses"
    __table_args__ = (Index("ix_record_accesses_jobseeker_at", "jobseeker_id", "accessed_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accessed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    page: Mapped[str] = mapped_column(String(40))  # the endpoint that showed it

    user: Mapped["User"] = relationship()  # noqa: F821


class DraftWarning(db.Model):
    """A warning that an untouched draft will be deleted (`days_before` 7 or 1), sent once.

    Unique per draft, warning and the draft's last change: running the clean-up twice warns once,
    and a draft touched after a warning is warned about again before its new deletion date.
    """

    __tablename__ = "draft_warnings"
    __table_args__ = (
        UniqueConstraint("kind", "draft_id", "days_before", "draft_updated_at", name="uq_draft_warnings_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # slot / employer-report
    draft_id: Mapped[int]
    days_before: Mapped[int]
    draft_updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recipient: Mapped[str] = mapped_column(String(1000))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PlacementCertificate(db.Model):
    """The placement certificate (praktikintyg) the job-seeker owns: its accepted wording and the PDF
    signed by the portal. `terms` is what the PDF says (period, hours, tasks, goals, reference)."""

    __tablename__ = "placement_certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), unique=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    language: Mapped[str] = mapped_column(String(2))
    terms: Mapped[str] = mapped_column(Text)  # canonical JSON
    accepted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    pdf_sha256: Mapped[str] = mapped_column(String(64), unique=True)

    placement: Mapped["Placement"] = relationship()  # noqa: F821
    accepted_by: Mapped["User"] = relationship()  # noqa: F821
