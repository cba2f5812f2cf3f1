from datetime import date, datetime
from enum import StrEnum
from typing import Optional

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_method
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..programmes import ProgrammeName
from .base import UTCDateTime, utcnow


class PlacementType(StrEnum):
    """The placement types; each has its rules in content/programmes/ (portal/programmes.py)."""

    WORK_PLACEMENT = "work-placement"  # arbetspraktik
    LANGUAGE_PLACEMENT = "language-placement"  # språkpraktik (arbetspraktik for language)
    WORK_TRAINING = "work-training"  # arbetsträning
    REINFORCED_WORK_TRAINING = "reinforced-work-training"  # förstärkt arbetsträning
    MUNICIPAL = "municipal"  # praktik via kommunen (a job centre such as Jobbtorg)


# Named as in the programme files (sv/en), in the request's language.
PLACEMENT_TYPE_LABELS = {placement_type: ProgrammeName(placement_type.value) for placement_type in PlacementType}


class SlotStatus(StrEnum):
    DRAFT = "draft"
    # In consultation (samråd): waiting for the union's statement, until the consultation's due date.
    AWAITING_REVIEW = "awaiting-review"
    # The statement is in (or a consultation held another way is recorded): the coordinator decides.
    AWAITING_DECISION = "awaiting-decision"
    APPROVED = "approved"  # the coordinator approved it: open for matching while places are left
    REFUSED = "refused"  # the coordinator refused it; the employer may revise it and send it again
    WITHDRAWN = "withdrawn"


SLOT_STATUS_LABELS = {
    SlotStatus.DRAFT: _l("Draft"),
    SlotStatus.AWAITING_REVIEW: _l("In consultation with the union"),
    SlotStatus.AWAITING_DECISION: _l("Awaiting the coordinator's decision"),
    SlotStatus.APPROVED: _l("Approved by the coordinator"),
    SlotStatus.REFUSED: _l("Refused by the coordinator"),
    SlotStatus.WITHDRAWN: _l("Withdrawn"),
}

# Statuses from before the coordinator decided (the union's statement set the status then): they
# remain in the history of older slots (slot_status_changes), and are named as what they were.
EARLIER_STATUS_LABELS = {
    "consented": _l("The union supported it (before the coordinator decided)"),
    "objected": _l("The union objected (before the coordinator decided)"),
}

# Levels used for language requirements and for what a job-seeker speaks, lowest first.
LANGUAGE_LEVELS = ("none", "basic", "good", "fluent", "native")
LANGUAGE_LEVEL_LABELS = {
    "none": _l("No requirement"),
    "basic": _l("Basic"),
    "good": lazy_pgettext("language level", "Good"),  # "goda" in Swedish, not "bra" as in a rating
    "fluent": _l("Fluent"),
    "native": _l("Native"),
}


class Slot(db.Model):
    """A placement slot (praktikplats) offered by an employer organisation."""

    __tablename__ = "slots"
    __table_args__ = (
        CheckConstraint("places >= 1", name="places_positive"),
        CheckConstraint("places_filled <= places", name="places_not_overfilled"),
        CheckConstraint("end_date >= start_date", name="period_in_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    status: Mapped[str] = mapped_column(String(20), default=SlotStatus.DRAFT, index=True)

    placement_type: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    occupation: Mapped[str] = mapped_column(String(200))
    tasks: Mapped[str] = mapped_column(Text)
    places: Mapped[int]
    # Counted up in one conditional UPDATE when a coordinator confirms a match (see matching).
    places_filled: Mapped[int] = mapped_column(default=0)
    start_date: Mapped[date]
    # Indexed: the open slots are those not yet ended, and follow-ups are listed by end date.
    end_date: Mapped[date] = mapped_column(index=True)
    hours_per_week: Mapped[int]
    schedule: Mapped[str] = mapped_column(Text)
    workplace_address: Mapped[str] = mapped_column(Text)

    supervisor_name: Mapped[str] = mapped_column(String(200))
    supervisor_role: Mapped[str] = mapped_column(String(200))
    supervisor_phone: Mapped[str] = mapped_column(String(40))
    supervisor_email: Mapped[str] = mapped_column(String(254))

    swedish_level: Mapped[str] = mapped_column(String(10), default="none")
    other_languages: Mapped[str] = mapped_column(String(300), default="")
    step_free_access: Mapped[bool] = mapped_column(default=False)
    part_time_possible: Mapped[bool] = mapped_column(default=False)
    accessibility_notes: Mapped[str] = mapped_column(Text, default="")

    # The employer's declarations (DESIGN.md, section 4); all four are needed to submit.
    declares_no_reemployment_rights: Mapped[bool] = mapped_column(default=False)
    declares_no_labour_dispute: Mapped[bool] = mapped_column(default=False)
    declares_not_replacing_staff: Mapped[bool] = mapped_column(default=False)
    declares_supervisor_time: Mapped[bool] = mapped_column(default=False)
    declared_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    # The employer's answer to the union's latest objection (the coordinator sees it when deciding).
    employer_response: Mapped[str] = mapped_column(Text, default="")
    # The last day for the union's statement in the current consultation: set when the slot is sent
    # for consultation (CONSULTATION_DAYS later). After it, the coordinator may decide without one.
    consultation_due_on: Mapped[Optional[date]]
    # Raised by every change of what the union reads (workflow.CONTENT_FIELDS and the learning
    # goals). The union's statement names the revision it answers, so that a consent never covers
    # tasks the representative did not see (workflow.record_review).
    revision: Mapped[int] = mapped_column(default=1, server_default="1")

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    organisation: Mapped["Organisation"] = relationship()  # noqa: F821
    created_by: Mapped["User"] = relationship()  # noqa: F821
    learning_goals: Mapped[list["LearningGoal"]] = relationship(
        back_populates="slot", cascade="all, delete-orphan", order_by="LearningGoal.position"
    )
    status_changes: Mapped[list["SlotStatusChange"]] = relationship(
        back_populates="slot", cascade="all, delete-orphan", order_by="SlotStatusChange.id"
    )
    reviews: Mapped[list["UnionReview"]] = relationship(
        back_populates="slot", cascade="all, delete-orphan", order_by="UnionReview.id"
    )
    decisions: Mapped[list["ConsultationDecision"]] = relationship(
        back_populates="slot", cascade="all, delete-orphan", order_by="ConsultationDecision.id"
    )
    # Read-only: placements are made and changed through matching, never through their slot.
    placements: Mapped[list["Placement"]] = relationship(viewonly=True, order_by="Placement.id")  # noqa: F821

    @property
    def places_left(self):
        return self.places - self.places_filled

    # Open for matching, the one statement of the rule: on a loaded slot (Python) and in a query
    # (SQL, e.g. .where(Slot.open_on(today))). Written with & rather than `and`, which works on both.
    @hybrid_method
    def running_on(self, today):
        """Not ended on `today`: the last day is still a day of the slot (a match after it would
        make a placement that never runs)."""
        return self.end_date >= today

    @hybrid_method
    def open_on(self, today):
        """Open for matching on `today`: approved by the coordinator, places left, and not ended."""
        return (self.status == SlotStatus.APPROVED) & (self.places_filled < self.places) & self.running_on(today)

    @property
    def status_label(self):
        return SLOT_STATUS_LABELS[SlotStatus(self.status)]

    @property
    def placement_type_label(self):
        return PLACEMENT_TYPE_LABELS[PlacementType(self.placement_type)]

    @property
    def latest_review(self):
        return self.reviews[-1] if self.reviews else None

    @property
    def latest_decision(self):
        return self.decisions[-1] if self.decisions else None

    @property
    def statement(self):
        """The statement the coordinator decides with: the latest, while the slot awaits the decision."""
        return self.latest_review if self.status == SlotStatus.AWAITING_DECISION else None

    def consultation_overdue(self, today):
        """In consultation past its due date with no statement: the coordinator may decide without one."""
        return (self.status == SlotStatus.AWAITING_REVIEW and self.consultation_due_on is not None
                and today > self.consultation_due_on)


class LearningGoal(db.Model):
    """What the participant will learn; the final report rates each goal."""

    __tablename__ = "learning_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    position: Mapped[int]
    text: Mapped[str] = mapped_column(String(500))

    slot: Mapped[Slot] = relationship(back_populates="learning_goals")


class SlotStatusChange(db.Model):
    """The history of a slot's statuses: who changed it, when, and why."""

    __tablename__ = "slot_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    from_status: Mapped[Optional[str]] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")  # e.g. the union's reason for an objection
    # Which material terms an edit changed, as field names ("tasks,end_date"), when that reopened review.
    changed_terms: Mapped[str] = mapped_column(String(200), default="")

    slot: Mapped[Slot] = relationship(back_populates="status_changes")
    changed_by: Mapped["User"] = relationship()  # noqa: F821

    @property
    def changed_term_names(self):
        return [name for name in self.changed_terms.split(",") if name]

    @property
    def to_status_label(self):
        if self.to_status in EARLIER_STATUS_LABELS:
            return EARLIER_STATUS_LABELS[self.to_status]
        return SLOT_STATUS_LABELS[SlotStatus(self.to_status)]


class ReviewDecision(StrEnum):
    CONSENT = "consent"  # tillstyrker: the union supports the placement
    OBJECT = "object"  # avstyrker: the union objects, with a reason (no veto: the coordinator decides)


class ConsultationMethod(StrEnum):
    """How the union's statement was given: in the portal by a representative, or in a consultation
    a coordinator held another way and recorded (for a slot no representative covers, say)."""

    PORTAL = "portal"
    PHONE = "phone"
    MEETING = "meeting"
    EMAIL = "email"
    OTHER = "other"


CONSULTATION_METHOD_LABELS = {
    ConsultationMethod.PORTAL: _l("In the portal"),
    ConsultationMethod.PHONE: _l("By phone"),
    ConsultationMethod.MEETING: _l("At a meeting"),
    ConsultationMethod.EMAIL: _l("By e-mail"),
    ConsultationMethod.OTHER: _l("Another way"),
}


class UnionReview(db.Model):
    """The union's statement (yttrande) on a slot: support, or an objection with a reason.

    Given in the portal by a representative (`reviewer`), or held another way (phone, meeting,
    e-mail...) and recorded by a coordinator (`reviewer` is then that coordinator, `method` says
    how, `held_on` when and `consulted` with whom). Either way it is the statement the coordinator
    decides with; it decides nothing by itself.
    """

    __tablename__ = "union_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    decision: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The slot's revision the representative read and answered; None for statements made before
    # revisions were counted.
    slot_revision: Mapped[Optional[int]]
    method: Mapped[str] = mapped_column(String(10), default=ConsultationMethod.PORTAL,
                                        server_default=ConsultationMethod.PORTAL.value)
    held_on: Mapped[Optional[date]]  # a consultation held another way: the day it was held
    consulted: Mapped[str] = mapped_column(String(200), default="", server_default="")  # ... and with whom

    slot: Mapped[Slot] = relationship(back_populates="reviews")
    reviewer: Mapped["User"] = relationship()  # noqa: F821

    @property
    def held_another_way(self):
        return self.method != ConsultationMethod.PORTAL

    @property
    def method_label(self):
        return CONSULTATION_METHOD_LABELS.get(self.method, self.method)


class DecisionOutcome(StrEnum):
    APPROVE = "approve"
    REFUSE = "refuse"


class ConsultationDecision(db.Model):
    """The coordinator's decision on a slot after the consultation (DESIGN.md, section 3, step 4):
    approve or refuse, with the reason, and the statement it was taken with (None: no statement
    came by the due date). The union has no veto; this decides whether the slot opens for matching."""

    __tablename__ = "consultation_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"), index=True)
    slot_revision: Mapped[int]  # the revision of the slot the coordinator read
    outcome: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(Text)
    # None only for the slots the union's consent approved before coordinators decided (migration).
    decided_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    review_id: Mapped[Optional[int]] = mapped_column(ForeignKey("union_reviews.id"))
    consultation_due_on: Mapped[Optional[date]]  # the due date of the consultation decided on

    slot: Mapped[Slot] = relationship(back_populates="decisions")
    decided_by: Mapped[Optional["User"]] = relationship()  # noqa: F821
    review: Mapped[Optional[UnionReview]] = relationship()

    @property
    def approved(self):
        return self.outcome == DecisionOutcome.APPROVE


class SlotRevision(db.Model):
    """What a slot said in one of its revisions, kept when an edit replaced it: so that a union
    representative whose statement answers an older revision is shown what changed since."""

    __tablename__ = "slot_revisions"
    __table_args__ = (UniqueConstraint("slot_id", "number", name="uq_slot_revisions_slot_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id"))
    number: Mapped[int]
    content: Mapped[dict] = mapped_column(JSON)  # {field name: value as text}, "learning_goals" included
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class UnionScope(db.Model):
    """What a union representative covers: one organisation, or a whole sector, per row."""

    __tablename__ = "union_scopes"
    __table_args__ = (
        CheckConstraint(
            "(organisation_id IS NULL) <> (sector IS NULL)", name="organisation_or_sector"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    organisation_id: Mapped[Optional[int]] = mapped_column(ForeignKey("organisations.id"))
    sector: Mapped[Optional[str]] = mapped_column(String(40))

    user: Mapped["User"] = relationship(back_populates="union_scopes")  # noqa: F821
    organisation: Mapped[Optional["Organisation"]] = relationship()  # noqa: F821
