"""A change to a running placement (period, tasks, hours, schedule, supervisor), proposed with a
reason and carried by a new agreement version that all three parties sign (issue 15, part 3)."""
from datetime import datetime
from enum import StrEnum
from typing import Optional

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow


class ChangeStatus(StrEnum):
    PROPOSED = "proposed"  # its version awaits signatures; the old terms stand
    SIGNED = "signed"  # all three signed: the placement's terms are the change's
    DECLINED = "declined"  # a party declined: the old terms stand


CHANGE_STATUS_LABELS = {
    ChangeStatus.PROPOSED: _l("Proposed, awaiting signatures"),
    ChangeStatus.SIGNED: _l("Signed by all parties"),
    ChangeStatus.DECLINED: _l("Declined"),
}

CHANGE_KIND_LABELS = {
    "extend": _l("extended"),
    "shorten": _l("shortened"),
    "tasks": _l("tasks"),
    "hours": _l("hours"),
    "schedule": _l("schedule"),
    "supervisor": _l("supervisor"),
}


class PlacementChange(db.Model):
    __tablename__ = "placement_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id"), index=True)
    # The agreement version that carries the change (unique: one change per version).
    version_id: Mapped[int] = mapped_column(ForeignKey("agreement_versions.id"), unique=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    kinds: Mapped[str] = mapped_column(String(100))  # "extend,tasks": CHANGE_KIND_LABELS' keys
    before_json: Mapped[str] = mapped_column(Text)  # the changed terms as they stood, and as proposed
    after_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=ChangeStatus.PROPOSED, index=True)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # A change of tasks or hours, or an extension, is one the union should be asked about again:
    # flagged for the coordinator, and the representatives covering the workplace are told.
    union_to_be_asked: Mapped[bool] = mapped_column(default=False)

    placement: Mapped["Placement"] = relationship()  # noqa: F821
    version: Mapped["AgreementVersion"] = relationship()  # noqa: F821
    proposed_by: Mapped["User"] = relationship()  # noqa: F821

    @property
    def kind_list(self):
        return [kind for kind in self.kinds.split(",") if kind]

    @property
    def kind_labels(self):
        return [CHANGE_KIND_LABELS.get(kind, kind) for kind in self.kind_list]

    @property
    def status_label(self):
        return CHANGE_STATUS_LABELS[ChangeStatus(self.status)]
