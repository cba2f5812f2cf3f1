from datetime import datetime
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow

# Sector codes stored in the database, with the label shown to users.
SECTORS = {
    "retail": _l("Retail and wholesale"),
    "hospitality": _l("Hotels and restaurants"),
    "health-care": _l("Health and social care"),
    "education": _l("Education"),
    "construction": _l("Construction"),
    "manufacturing": _l("Manufacturing"),
    "transport": _l("Transport and logistics"),
    "cleaning-property": _l("Cleaning and property services"),
    "it-communication": _l("IT and communication"),
    "public-administration": _l("Public administration"),
    "culture-leisure": _l("Culture and leisure"),
    "other": _l("Other"),
}


class Organisation(db.Model):
    """An employer organisation (arbetsgivare), identified by its organisation number."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored as 10 digits without the dash; shown as NNNNNN-NNNN.
    organisation_number: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    workplace_address: Mapped[str] = mapped_column(Text)
    sector: Mapped[str] = mapped_column(String(40), index=True)
    has_collective_agreement: Mapped[bool]
    contact_person: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    verified_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    verified_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id", use_alter=True))  # users and organisations refer to each other
    guide_completed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    guide_version: Mapped[Optional[str]] = mapped_column(String(40))

    users: Mapped[list["User"]] = relationship(  # noqa: F821
        back_populates="organisation", foreign_keys="User.organisation_id"
    )
    verified_by: Mapped[Optional["User"]] = relationship(foreign_keys=[verified_by_id])  # noqa: F821

    @property
    def is_verified(self):
        return self.verified_at is not None

    @property
    def formatted_number(self):
        return f"{self.organisation_number[:6]}-{self.organisation_number[6:]}"

    @property
    def sector_label(self):
        return SECTORS.get(self.sector, self.sector)
