from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime


class RateLimit(db.Model):
    """How many tries one key (an address, an e-mail...) made in one bucket since its window began.

    One row per bucket and key, counted up by an atomic upsert (portal/ratelimit.py), so that
    parallel requests cannot all read "4 of 5" and all go ahead.
    """

    __tablename__ = "rate_limits"

    bucket: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
