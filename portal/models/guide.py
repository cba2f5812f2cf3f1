"""The guide: a logged-in user's conversation, and the questions it could not answer."""
from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class GuideMessage(db.Model):
    """One message in a logged-in user's conversation with the guide, oldest first.

    The guide's own words are not stored, only which topic or quiz question it answered with,
    so the conversation is shown in whichever language the user reads it in later.
    """

    __tablename__ = "guide_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # question, choice (a quick reply), answer, unknown, quiz (an answer to a quiz question), finished
    kind: Mapped[str] = mapped_column(String(20))
    ref: Mapped[Optional[str]] = mapped_column(String(60))  # a topic id or a quiz question id
    text: Mapped[Optional[str]] = mapped_column(Text)  # what the user typed, personal details removed
    choice: Mapped[Optional[str]] = mapped_column(String(60))  # the quiz choice picked
    correct: Mapped[Optional[bool]]
    suggestions: Mapped[Optional[str]] = mapped_column(String(200))  # topic ids, space-separated
    # The guide's edition when the message was written: progress counts the current edition only.
    edition: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnansweredQuestion(db.Model):
    """A question the guide could not answer, kept (without personal details) for staff.

    One row per time it was asked; the staff list groups them by `normalised` and counts.
    """

    __tablename__ = "guide_unanswered_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(String(500))
    normalised: Mapped[str] = mapped_column(String(500), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    closest_topic: Mapped[Optional[str]] = mapped_column(String(60))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    handled_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
