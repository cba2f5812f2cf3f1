"""How a slot moves between statuses. Every change is recorded with who and when.

These functions change the session but never commit: the view commits once, so that
nothing a user submits is half-saved.
"""
from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import LearningGoal, ReviewDecision, Slot, SlotStatus, SlotStatusChange, UnionReview
from ..models.base import utcnow
from ..models.slots import SlotRevision
from .rules import changed_material_terms

EDITABLE_STATUSES = {SlotStatus.DRAFT, SlotStatus.AWAITING_REVIEW, SlotStatus.CONSENTED, SlotStatus.OBJECTED}

SLOT_FIELDS = (
    "placement_type", "title", "occupation", "tasks", "places", "start_date", "end_date", "hours_per_week",
    "schedule", "workplace_address", "supervisor_name", "supervisor_role", "supervisor_phone",
    "supervisor_email", "swedish_level", "other_languages", "step_free_access", "part_time_possible",
    "accessibility_notes", "declares_no_reemployment_rights", "declares_no_labour_dispute",
    "declares_not_replacing_staff", "declares_supervisor_time",
)

# What the union reads of a slot (templates/slots/_details.html), besides its learning goals: a
# change to any of these raises the slot's revision, and a statement on an earlier one is refused.
CONTENT_FIELDS = tuple(name for name in SLOT_FIELDS if not name.startswith("declares_"))
GOALS = "learning_goals"


class SlotChanged(Exception):
    """The slot is no longer as the user read it: another request changed it in between."""


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
    """Apply an edit; a consented slot whose material terms change goes back to union review.

    An edit of what the union reads raises the revision, in one conditional UPDATE on the revision
    and status the employer's page read: a statement sent at the same moment either comes first
    (and the edit raises SlotChanged) or finds the new revision and is refused (record_review).
    """
    changed = changed_material_terms(slot, values)
    before = content(slot)
    _assign(slot, values, goals)
    if content(slot) != before:
        _next_revision(slot, before)
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


def record_review(slot, reviewer, decision, reason="", revision=None):
    """Record the union's statement on the revision of the slot the representative read.

    The slot's status changes in one conditional UPDATE on that revision and on the status
    awaiting review, so that an edit or another statement between reading and sending cannot
    slip in: then SlotChanged is raised, nothing is recorded, and the caller rolls back.
    Without `revision` (the demo data, tests) the statement answers the slot as it is.
    """
    db.session.flush()  # a slot made in this session has its revision (and row) only once flushed
    revision = slot.revision if revision is None else revision
    new_status = SlotStatus.CONSENTED if decision == ReviewDecision.CONSENT else SlotStatus.OBJECTED
    claimed = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.status == SlotStatus.AWAITING_REVIEW, Slot.revision == revision)
        .values(status=new_status)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise SlotChanged()
    review = UnionReview(slot=slot, reviewer=reviewer, decision=decision, reason=reason, slot_revision=revision)
    db.session.add(review)
    set_status(slot, new_status, reviewer, note="" if new_status == SlotStatus.CONSENTED else reason)
    slot.employer_response = ""
    return review


def content(slot):
    """What the union reads of the slot, as {field name: text}: for comparing revisions."""
    values = {name: _text(getattr(slot, name)) for name in CONTENT_FIELDS}
    values[GOALS] = "\n".join(goal.text for goal in slot.learning_goals)
    return values


def changes_since(slot, revision):
    """[(field name, the text in `revision`, the text now)] for what changed since that revision;
    None when that revision's content was not kept (an edit made before revisions were kept)."""
    if revision == slot.revision:
        return []
    if revision is None or revision > slot.revision:
        return None
    kept = db.session.scalar(
        select(SlotRevision.content).where(SlotRevision.slot_id == slot.id, SlotRevision.number == revision)
    )
    if kept is None:
        return None
    now = content(slot)
    return [(name, kept.get(name, ""), now[name]) for name in now if kept.get(name, "") != now[name]]


def _next_revision(slot, before):
    """Raise the slot's revision from the one read, keeping what it said; SlotChanged when another
    request changed the slot's content or status after this one read it."""
    raised = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.revision == slot.revision, Slot.status == slot.status)
        .values(revision=Slot.revision + 1)
        .execution_options(synchronize_session=False)
    )
    if raised.rowcount != 1:
        raise SlotChanged()
    db.session.add(SlotRevision(slot_id=slot.id, number=slot.revision, content=before))
    set_committed_value(slot, "revision", slot.revision + 1)


def _text(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return "" if value is None else str(value)


def _assign(slot, values, goals):
    for name in SLOT_FIELDS:
        if name in values:
            setattr(slot, name, values[name])
    existing = [goal.text for goal in slot.learning_goals]
    if existing != goals:
        slot.learning_goals = [LearningGoal(position=index, text=text) for index, text in enumerate(goals)]
