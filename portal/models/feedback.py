"""End feedback (final reports), follow-up outcomes and the reminders sent about them."""
from datetime import datetime
from enum import StrEnum
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class EmploymentOffer(StrEnum):
    NONE = "none"
    HOURLY = "hourly"
    FIXED_TERM = "fixed-term"
    PERMANENT = "permanent"
    ELSEWHERE = "elsewhere"  # the employer knows the participant got work elsewhere


EMPLOYMENT_OFFER_LABELS = {
    EmploymentOffer.NONE: _l("No employment was offered"),
    EmploymentOffer.HOURLY: _l("Hourly employment"),
    EmploymentOffer.FIXED_TERM: _l("Fixed-term employment"),
    EmploymentOffer.PERMANENT: _l("Permanent employment"),
    EmploymentOffer.ELSEWHERE: _l("Not with us, but we know they got work elsewhere"),
}

# Learning goals are rated on this scale in the employer's final report.
GOAL_SCALE = {
    1: _l("Not reached"),
    2: _l("Partly reached"),
    3: _l("Mostly reached"),
    4: _l("Fully reached"),
}

# The job-seeker's ratings, in plain words.
RATING_SCALE = {
    1: _l("Very bad"),
    2: _l("Bad"),
    3: _l("OK"),
    4: _l("Good"),
    5: _l("Very good"),
}


class Outcome(StrEnum):
    """Where the participant is three months after the placement ended."""

    IN_WORK = "in-work"
    STUDIES = "studies"
    SEEKING = "seeking"
    UNKNOWN = "unknown"


OUTCOME_LABELS = {
    Outcome.IN_WORK: _l("In work"),
    Outcome.STUDIES: _l("In studies"),
    Outcome.SEEKING: _l("Still seeking work"),
    Outcome.UNKNOWN: _l("Unknown"),
}


class EmployerReport(db.Model):
    """The employer's final report (slutrapport). A draft until submitted; read-only after."""

    __tablename__ = "employer_reports"
    __table_args__ = (CheckConstraint("attendance_percent BETWEEN 0 AND 100", name="attendance_percent_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    attendance_percent: Mapped[Optional[int]]
    tasks_done: Mapped[str] = mapped_column(Text, default="")
    went_well: Mapped[str] = mapped_column(Text, default="")
    could_develop: Mapped[str] = mapped_column(Text, default="")
    # A reference for the participant, printed on their placement certificate if given (optional).
    certificate_reference: Mapped[str] = mapped_column(Text, default="", server_default="")
    employment_offered: Mapped[str] = mapped_column(String(20), default="")
    would_take_again: Mapped[Optional[bool]]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    placement: Mapped["Placement"] = relationship()  # noqa: F821
    author: Mapped["User"] = relationship()  # noqa: F821
    goal_ratings: Mapped[list["GoalRating"]] = relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="GoalRating.id"
    )


class GoalRating(db.Model):
    """How far one of the slot's learning goals was reached, in the employer's report."""

    __tablename__ = "goal_ratings"
    __table_args__ = (UniqueConstraint("report_id", "learning_goal_id", name="uq_goal_ratings_report_goal"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("employer_reports.id"), index=True)
    learning_goal_id: Mapped[int] = mapped_column(ForeignKey("learning_goals.id"))
    rating: Mapped[int]

    report: Mapped[EmployerReport] = relationship(back_populates="goal_ratings")
    learning_goal: Mapped["LearningGoal"] = relationship()  # noqa: F821


class JobSeekerFeedback(db.Model):
    """The participant's own feedback. Never shown to the employer with the participant's name."""

    __tablename__ = "jobseeker_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), unique=True)
    supervision_rating: Mapped[Optional[int]]
    learning_rating: Mapped[Optional[int]]
    treatment_rating: Mapped[Optional[int]]
    purpose_met: Mapped[str] = mapped_column(String(10), default="")  # yes / partly / no
    job_outcome: Mapped[str] = mapped_column(String(20), default="")  # none / offered / got-job
    learned: Mapped[str] = mapped_column(Text, default="")
    free_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    placement: Mapped["Placement"] = relationship()  # noqa: F821


class FollowUp(db.Model):
    """The coordinator's record of where the participant is three months after the end."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), unique=True)
    outcome: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    placement: Mapped["Placement"] = relationship()  # noqa: F821
    recorded_by: Mapped["User"] = relationship()  # noqa: F821


class ReminderSent(db.Model):
    """One reminder e-mail about an overdue form; at most three per form, a week apart."""

    __tablename__ = "reminders_sent"
    __table_args__ = (
        UniqueConstraint("placement_id", "form", "number", name="uq_reminders_sent_placement_form_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), index=True)
    form: Mapped[str] = mapped_column(String(20))  # employer-report / jobseeker-feedback
    number: Mapped[int]  # 1, 2 or 3
    recipient: Mapped[str] = mapped_column(String(254))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
