"""How a slot moves between statuses. Every change is recorded with who and when.

These functions change the session but never commit: the view commits once, so that
nothing a user submits is half-saved.
"""
from ..extensions import db
from ..models import LearningGoal, ReviewDecision, Slot, SlotStatus, SlotStatusChange, UnionReview
from ..models.base import utcnow
from .rules import changed_material_terms

EDITABLE_STATUSES = {SlotStatus.DRAFT, SlotStatus.AWAITING_REVIEW, SlotStatus.CONSENTED, SlotStatus.OBJECTED}

SLOT_FIELDS = (
    "placement_type", "title", "occupation", "tasks", "places", "start_date", "end_date", "hours_per_week",
    "schedule", "workplace_address", "supervisor_name", "supervisor_role", "supervisor_phone",
    "supervisor_email", "swedish_level", "other_languages", "step_free_access", "part_time_possible",
    "accessibility_notes", "declares_no_reemployment_rights", "declares_no_labour_dispute",
    "declares_not_replacing_staff", "declares_supervisor_time",
)


def set_status(slot, new_status, user, note="", changed_terms=()):
    slot.status_changes.append(
        SlotStatusChange(from_status=slot.status, to_status=new_status, changed_by=user, note=note,
                         changed_terms=",".join(changed_terms))
    )
    slot.status = new_status


def create_slot(organisation, user, values, goals):
    slot = Slot(organisation=organisation, created_by=user, status=None, places_filled=0)
    _assign(slot, values, goals)
    db.session.add(slot)
    set_status(slot, SlotStatus.DRAFT, user)
    return slot


def update_slot(slot, user, values, goals):
    """Apply an edit; a consented slot whose material terms change goes back to union review."""
    changed = changed_material_terms(slot, values)
    _assign(slot, values, goals)
    if slot.status == SlotStatus.CONSENTED and changed:
        set_status(slot, SlotStatus.AWAITING_REVIEW, user, changed_terms=changed)
    return changed


def submit_for_review(slot, user):
    """Send a draft, or a slot the union objected to, to the union's queue."""
    slot.declared_at = utcnow()
    if slot.status in (SlotStatus.DRAFT, SlotStatus.OBJECTED):
        set_status(slot, SlotStatus.AWAITING_REVIEW, user)


def withdraw(slot, user):
    set_status(slot, SlotStatus.WITHDRAWN, user)


def copy_slot(slot, user):
    """A new draft with the same content; the period and the declarations are to be filled in again."""
    values = {name: getattr(slot, name) for name in SLOT_FIELDS if not name.startswith("declares_")}
    return create_slot(slot.organisation, user, values, [goal.text for goal in slot.learning_goals])


def record_review(slot, reviewer, decision, reason=""):
    review = UnionReview(slot=slot, reviewer=reviewer, decision=decision, reason=reason)
    db.session.add(review)
    if decision == ReviewDecision.CONSENT:
        set_status(slot, SlotStatus.CONSENTED, reviewer)
    else:
        set_status(slot, SlotStatus.OBJECTED, reviewer, note=reason)
    slot.employer_response = ""
    return review


def _assign(slot, values, goals):
    for name in SLOT_FIELDS:
        if name in values:
            setattr(slot, name, values[name])
    existing = [goal.text for goal in slot.learning_goals]
    if existing != goals:
        slot.learning_goals = [LearningGoal(position=index, text=text) for index, text in enumerate(goals)]
