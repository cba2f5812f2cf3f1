from datetime import datetime
from enum import StrEnum
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class Gender(StrEnum):
    """Kept only for follow-up statistics split by gender (DESIGN.md, section 1)."""

    WOMAN = "woman"
    MAN = "man"
    OTHER = "other"  # other or not stated


class JobSeeker(db.Model):
    """A job-seeker's record, kept by a coordinator. No personal identity number is stored."""

    __tablename__ = "jobseekers"
    # The statistics split every placement by the participant's gender: this narrow index answers
    # that look-up without reading the whole (wide) record, a fifth of the statistics' time on SQLite.
    __table_args__ = (Index("ix_jobseekers_id_gender", "id", "gender"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str] = mapped_column(String(10))
    birth_year: Mapped[int]
    education: Mapped[str] = mapped_column(Text, default="")
    experience: Mapped[str] = mapped_column(Text, default="")
    desired_occupation: Mapped[str] = mapped_column(String(200), default="")
    desired_development: Mapped[str] = mapped_column(Text, default="")
    adjustment_needs: Mapped[str] = mapped_column(Text, default="")
    # Structured needs that matching can compare with a workplace; details go in adjustment_needs.
    needs_step_free_access: Mapped[bool] = mapped_column(default=False)
    needs_part_time: Mapped[bool] = mapped_column(default=False)
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[Optional["User"]] = relationship(back_populates="jobseeker")  # noqa: F821
    languages: Mapped[list["JobSeekerLanguage"]] = relationship(
        back_populates="jobseeker", cascade="all, delete-orphan", order_by="JobSeekerLanguage.id"
    )
    placements: Mapped[list["Placement"]] = relationship(back_populates="jobseeker")  # noqa: F821

    @property
    def swedish_level(self):
        """The person's level of Swedish ('none' when not recorded)."""
        for spoken in self.languages:
            if spoken.language.strip().lower() in ("swedish", "svenska"):
                return spoken.level
        return "none"


class JobSeekerLanguage(db.Model):
    """A language the job-seeker speaks, with a level (CEFR-like: basic, good, fluent, native)."""

    __tablename__ = "jobseeker_languages"

    id: Mapped[int] = mapped_column(primary_key=True)
    jobseeker_id: Mapped[int] = mapped_column(ForeignKey("jobseekers.id"), index=True)
    language: Mapped[str] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(20))

    jobseeker: Mapped[JobSeeker] = relationship(back_populates="languages")
