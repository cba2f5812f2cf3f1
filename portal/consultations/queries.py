"""The consultations a coordinator has to act on, for the dashboard and the consultations page."""
from dataclasses import dataclass, field

from sqlalchemy import func, not_, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Slot, SlotStatus
from ..slots.access import covered_condition


@dataclass
class Consultations:
    uncovered: list = field(default_factory=list)  # in consultation, and no representative covers the slot
    awaiting_decision: list = field(default_factory=list)  # the statement is in
    overdue: list = field(default_factory=list)  # past the due date without a statement
    in_consultation: int = 0  # waiting for the union, before the due date


def _slots(*conditions):
    return db.session.scalars(
        select(Slot).where(*conditions)
        .options(joinedload(Slot.organisation), joinedload(Slot.reviews))
        .order_by(Slot.consultation_due_on, Slot.id)
    ).unique().all()


def uncovered_slots():
    """Slots in consultation that no union representative covers: nobody can give the statement."""
    return _slots(Slot.status == SlotStatus.AWAITING_REVIEW, not_(covered_condition()))


def consultations(today):
    in_consultation = Slot.status == SlotStatus.AWAITING_REVIEW
    return Consultations(
        uncovered=uncovered_slots(),
        awaiting_decision=_slots(Slot.status == SlotStatus.AWAITING_DECISION),
        overdue=_slots(in_consultation, covered_condition(), Slot.consultation_due_on < today),
        in_consultation=db.session.scalar(
            select(func.count(Slot.id)).where(in_consultation, covered_condition(), Slot.consultation_due_on >= today)
        ),
    )
