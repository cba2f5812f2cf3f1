from datetime import datetime
from enum import StrEnum
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class Role(StrEnum):
    """One person has one role (DESIGN.md, section 2)."""

    EMPLOYER = "employer"
    UNION = "union"
    JOBSEEKER = "jobseeker"
    COORDINATOR = "coordinator"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    # Changes whenever the password does, so that other sessions stop being valid.
    session_token: Mapped[str] = mapped_column(String(64))
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"), index=True)
    # Registered on the public form and the e-mail address not yet confirmed by the link sent to it:
    # cannot log in. The form answers alike whether or not an address has an account, so the
    # account is only usable once its owner has shown they read that address's mail.
    awaiting_confirmation: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Optional["Organisation"]] = relationship(  # noqa: F821
        back_populates="users", foreign_keys=[organisation_id]
    )
    jobseeker: Mapped[Optional["JobSeeker"]] = relationship(back_populates="user")  # noqa: F821
    union_scopes: Mapped[list["UnionScope"]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self):
        # Flask-Login keeps this in the session: a password change invalidates old sessions.
        return f"{self.id}:{self.session_token}"

    def has_role(self, *roles):
        return self.role in roles

    def __repr__(self):
        return f"<User {self.email} ({self.role})>"
