"""Placement agreements: one per placement, in versions, signed by three parties, with an audit log.

Nothing here is overwritten: each version keeps the PDF it was drafted as, each signature keeps
the PDF it produced, and events are appended with the SHA-256 of the event before them.
"""
from datetime import datetime
from enum import StrEnum
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class SignerRole(StrEnum):
    """The three parties who sign, in the order the PDF lists them (any order of signing works)."""

    EMPLOYER = "employer"
    JOBSEEKER = "jobseeker"
    COORDINATOR = "coordinator"


SIGNER_ROLE_LABELS = {
    SignerRole.EMPLOYER: _l("Employer"),
    SignerRole.JOBSEEKER: _l("Participant"),
    SignerRole.COORDINATOR: _l("Employment service"),
}


class AgreementStatus(StrEnum):
    AWAITING_SIGNATURES = "awaiting-signatures"
    SIGNED = "signed"  # all three signed the current version: final
    DECLINED = "declined"  # a party declined; the coordinator may draft a new version


AGREEMENT_STATUS_LABELS = {
    AgreementStatus.AWAITING_SIGNATURES: _l("Awaiting signatures"),
    AgreementStatus.SIGNED: _l("Signed by all parties"),
    AgreementStatus.DECLINED: _l("Declined"),
}


class VersionStatus(StrEnum):
    OPEN = "open"  # being signed
    SIGNED = "signed"  # signed by all parties
    VOID = "void"  # declined by a party
    SUPERSEDED = "superseded"  # replaced by a newer version


class Agreement(db.Model):
    """The placement agreement (praktikavtal) for one placement."""

    __tablename__ = "agreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), unique=True)
    status: Mapped[str] = mapped_column(String(30), default=AgreementStatus.AWAITING_SIGNATURES, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    signed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # The head of the event hash chain: appending an event moves it with a conditional UPDATE,
    # so two appends can never both follow the same event.
    event_count: Mapped[int] = mapped_column(default=0)
    event_head: Mapped[str] = mapped_column(String(64), default="0" * 64)

    placement: Mapped["Placement"] = relationship()  # noqa: F821
    created_by: Mapped["User"] = relationship()  # noqa: F821
    versions: Mapped[list["AgreementVersion"]] = relationship(
        back_populates="agreement", order_by="AgreementVersion.number"
    )
    events: Mapped[list["AgreementEvent"]] = relationship(
        back_populates="agreement", order_by="AgreementEvent.sequence"
    )

    @property
    def current_version(self):
        return self.versions[-1] if self.versions else None

    @property
    def status_label(self):
        return AGREEMENT_STATUS_LABELS[AgreementStatus(self.status)]

    @property
    def is_final(self):
        return self.status == AgreementStatus.SIGNED


class AgreementVersion(db.Model):
    """One rendering of the terms. Frozen once anyone signs; a change makes a new version."""

    __tablename__ = "agreement_versions"
    __table_args__ = (UniqueConstraint("agreement_id", "number", name="uq_agreement_versions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    number: Mapped[int]
    language: Mapped[str] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(20), default=VersionStatus.OPEN)
    # The terms as they were rendered (canonical JSON) and the PDF that was made of them.
    terms_json: Mapped[str] = mapped_column(Text)
    terms_sha256: Mapped[str] = mapped_column(String(64))
    pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    close_reason: Mapped[str] = mapped_column(Text, default="")

    agreement: Mapped[Agreement] = relationship(back_populates="versions")
    created_by: Mapped["User"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    closed_by: Mapped[Optional["User"]] = relationship(foreign_keys=[closed_by_id])  # noqa: F821
    signatures: Mapped[list["AgreementSignature"]] = relationship(
        back_populates="version", order_by="AgreementSignature.sequence"
    )

    def signature_for(self, role):
        return next((s for s in self.signatures if s.role == role), None)


class AgreementSignature(db.Model):
    """One party's signature on one version: an incremental update of the PDF before it."""

    __tablename__ = "agreement_signatures"
    __table_args__ = (
        # One signature per party and version, however many times Sign is pressed...
        UniqueConstraint("version_id", "role", name="uq_agreement_signatures_role"),
        # ...and one chain of incremental updates: two signers can never sign the same input.
        UniqueConstraint("version_id", "sequence", name="uq_agreement_signatures_sequence"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"), index=True)
    sequence: Mapped[int]
    role: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    typed_name: Mapped[str] = mapped_column(String(200))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ip_address: Mapped[str] = mapped_column(String(45), default="")
    user_agent: Mapped[str] = mapped_column(String(500), default="")
    # The version's PDF that the signer was shown, the exact bytes signed (the version's PDF
    # plus the signatures before), and the result.
    shown_sha256: Mapped[str] = mapped_column(String(64))
    input_sha256: Mapped[str] = mapped_column(String(64))
    result_sha256: Mapped[str] = mapped_column(String(64), index=True)
    result_pdf: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    # The audit chain head when signing; it is written into the signature itself.
    audit_head: Mapped[str] = mapped_column(String(64))
    # A coordinator signed for the job-seeker (issue 15, part 4): the job-seeker's name, why
    # (ON_BEHALF_REASONS in portal/agreements/on_behalf.py) and the coordinator's words for "other".
    # user_id and typed_name are then the coordinator's.
    on_behalf_of: Mapped[str] = mapped_column(String(200), default="")
    on_behalf_reason: Mapped[str] = mapped_column(String(30), default="")
    on_behalf_note: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[AgreementVersion] = relationship(back_populates="signatures")
    user: Mapped["User"] = relationship()  # noqa: F821

    @property
    def role_label(self):
        return SIGNER_ROLE_LABELS[SignerRole(self.role)]


class AgreementEvent(db.Model):
    """Append-only audit log, a hash chain per agreement (see portal/agreements/events.py)."""

    __tablename__ = "agreement_events"
    __table_args__ = (UniqueConstraint("agreement_id", "sequence", name="uq_agreement_events_sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"), index=True)
    sequence: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    version_number: Mapped[Optional[int]]
    actor_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(20), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    details: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON, hashed as stored
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    agreement: Mapped[Agreement] = relationship(back_populates="events")
    actor: Mapped[Optional["User"]] = relationship()  # noqa: F821
