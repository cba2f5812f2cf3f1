from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class Notice(db.Model):
    """Something a person is waiting for or must do, shown on their notices page (portal/notices.py).

    The text is kept in both languages, as it was when the notice was made: the page shows the
    reader's language, and a later change of the wording does not rewrite what someone was told.
    """

    __tablename__ = "notices"
    # The header's unread count and the notices page both look up one user's notices.
    __table_args__ = (Index("ix_notices_user_read", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)  # Swedish, the portal's default language
    text_en: Mapped[str] = mapped_column(Text)
    link_path: Mapped[Optional[str]] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped["User"] = relationship()  # noqa: F821

    def text_in(self, language):
        return self.text_en if language == "en" else self.text


class OutboxMail(db.Model):
    """One e-mail to send, written in the same transaction as the change it announces (portal/mail.py).

    Sent after that transaction commits, or later by `flask send-mail` if the mail server was
    down: a row is claimed by a conditional UPDATE before it is sent, so two senders at once
    never send it twice.
    """

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "sent_at", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(1000))
    subject: Mapped[str] = mapped_column(String(1000))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When it may next be tried; NULL once sent or given up after the last attempt.
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
