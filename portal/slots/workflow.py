"""How a slot moves between statuses. Every change is recorded with who and when.

The consultation (samråd, DESIGN.md sections 3-4): a submitted slot is in consultation
(AWAITING_REVIEW) until the union gives its statement, supporting or objecting (AWAITING_DECISION),
or until its due date passes without one. The coordinator then decides, approve or refuse, with a
reason (APPROVED: open for matching; REFUSED: the employer may revise and send it again). The
statement decides nothing by itself: the union has no veto.

These functions change the session but never commit: the view commits once, so that
nothing a user submits is half-saved.
"""
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..models import LearningGoal, ReviewDecision, Slot, SlotStatus, SlotStatusChange, UnionReview
from ..models.base import utcnow
from ..models.slots import ConsultationDecision, ConsultationMethod, DecisionOutcome, SlotRevision
from .rules import changed_material_terms

EDITABLE_STATUSES = {SlotStatus.DRAFT, SlotStatus.AWAITING_REVIEW, SlotStatus.AWAITING_DECISION,
                     SlotStatus.APPROVED, SlotStatus.REFUSED}
# A change of material terms in these sends the slot back to consultation: the statement (and an
# approval) covered the terms as they were.
RECONSULTED_STATUSES = (SlotStatus.AWAITING_DECISION, SlotStatus.APPROVED)

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


def update_slot(slot, user, values, goals, today=None):
    """Apply an edit; an approved slot (or one awaiting the decision) whose material terms change
    goes back to consultation, with a new due date.

    An edit of what the union reads raises the revision, in one conditional UPDATE on the revision
    and status the employer's page read: a statement sent at the same moment either comes first
    (and the edit raises SlotChanged) or finds the new revision and is refused (record_review).
    """
    changed = changed_material_terms(slot, values)
    before = content(slot)
    _assign(slot, values, goals)
    if content(slot) != before:
        _next_revision(slot, before)
    if slot.status in RECONSULTED_STATUSES and changed:
        set_status(slot, SlotStatus.AWAITING_REVIEW, user, changed_terms=changed)
        slot.consultation_due_on = consultation_due_on(today)
    return changed


def consultation_due_on(today=None):
    """The last day for the union's statement on a slot sent for consultation `today`."""
    return (today or date.today()) + timedelta(days=current_app.config["CONSULTATION_DAYS"])


def submit_for_review(slot, user, today=None):
    """Send a draft, or a slot the coordinator refused and the employer revised, for consultation."""
    slot.declared_at = utcnow()
    if slot.status in (SlotStatus.DRAFT, SlotStatus.REFUSED):
        set_status(slot, SlotStatus.AWAITING_REVIEW, user)
        slot.consultation_due_on = consultation_due_on(today)


def send_for_consultation(slot, user, revision, today=None):
    """Send a draft or a refused slot for consultation from the page that showed its answers, as
    they were on that page (`revision`).

    One conditional UPDATE on the status and revision read: a second press of the button, or an
    edit in another tab after the answers were shown, raises SlotChanged and nothing is sent.
    """
    db.session.flush()
    claimed = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.status == slot.status,
               Slot.status.in_((SlotStatus.DRAFT, SlotStatus.REFUSED)), Slot.revision == revision)
        .values(status=SlotStatus.AWAITING_REVIEW)
        .execution_options(synchronize_session=False, concerns=[("slot", slot.id)])
    )
    if claimed.rowcount != 1:
        raise SlotChanged()
    submit_for_review(slot, user, today)


def previous_supervisors(organisation):
    """The supervisors named on the organisation's slots, each once (by name and e-mail address),
    as rows (slot id, name, role, phone, e-mail) of the newest slot that names them: for choosing one
    instead of typing them again."""
    rows = db.session.execute(
        select(Slot.id, Slot.supervisor_name, Slot.supervisor_role, Slot.supervisor_phone, Slot.supervisor_email)
        .where(Slot.organisation_id == organisation.id)
        .order_by(Slot.created_at.desc(), Slot.id.desc())
    ).all()
    found = {}
    for row in rows:
        found.setdefault((row.supervisor_name.casefold(), row.supervisor_email.casefold()), row)
    return sorted(found.values(), key=lambda row: row.supervisor_name.casefold())


def withdraw(slot, user):
    set_status(slot, SlotStatus.WITHDRAWN, user)


def copy_slot(slot, user):
    """A new draft with the same content; the period and the declarations are to be filled in again."""
    values = {name: getattr(slot, name) for name in SLOT_FIELDS if not name.startswith("declares_")}
    return create_slot(slot.organisation, user, values, [goal.text for goal in slot.learning_goals])


def record_review(slot, reviewer, decision, reason="", revision=None, method=ConsultationMethod.PORTAL,
                  held_on=None, consulted=""):
    """Record the union's statement on the revision of the slot the representative read; the slot
    then awaits the coordinator's decision (the statement decides nothing by itself).

    A consultation held another way (phone, meeting, e-mail...) is recorded the same way by the
    coordinator who held it, with `method`, `held_on` and `consulted`: it counts as the statement.

    The slot's status changes in one conditional UPDATE on that revision and on the status
    awaiting review, so that an edit or another statement between reading and sending cannot
    slip in: then SlotChanged is raised, nothing is recorded, and the caller rolls back.
    Without `revision` (the demo data, tests) the statement answers the slot as it is.
    """
    db.session.flush()  # a slot made in this session has its revision (and row) only once flushed
    revision = slot.revision if revision is None else revision
    claimed = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.status == SlotStatus.AWAITING_REVIEW, Slot.revision == revision)
        .values(status=SlotStatus.AWAITING_DECISION)
        .execution_options(synchronize_session=False, concerns=[("slot", slot.id)])
    )
    if claimed.rowcount != 1:
        raise SlotChanged()
    review = UnionReview(slot=slot, reviewer=reviewer, decision=decision, reason=reason, slot_revision=revision,
                         method=method, held_on=held_on, consulted=consulted)
    db.session.add(review)
    set_status(slot, SlotStatus.AWAITING_DECISION, reviewer, note=reason)
    slot.employer_response = ""
    return review


class NotDecidable(Exception):
    """The slot cannot be decided on yet: still in consultation, before its due date, with no statement."""


def may_decide(slot, today):
    """The coordinator decides once the statement is in, or once the due date has passed without one."""
    return slot.status == SlotStatus.AWAITING_DECISION or slot.consultation_overdue(today)


def decide(slot, coordinator, outcome, reason, revision=None, status=None, today=None):
    """The coordinator's decision after the consultation: approve (open for matching) or refuse.

    Taken on what the coordinator read: the slot's revision and status (with a statement, or past
    its due date without one). One conditional UPDATE on both, so that a statement or an edit that
    came in between is never decided on unread: then SlotChanged is raised and the caller rolls back.
    Without `revision` and `status` (the demo data, tests) it decides on the slot as it is.
    """
    today = today or date.today()
    db.session.flush()
    revision = slot.revision if revision is None else revision
    status = slot.status if status is None else status
    if status == SlotStatus.AWAITING_DECISION:
        decidable = Slot.status == SlotStatus.AWAITING_DECISION
    elif status == SlotStatus.AWAITING_REVIEW:
        decidable = and_(Slot.status == SlotStatus.AWAITING_REVIEW, Slot.consultation_due_on < today)
    else:
        raise NotDecidable()
    new_status = SlotStatus.APPROVED if outcome == DecisionOutcome.APPROVE else SlotStatus.REFUSED
    claimed = db.session.execute(
        update(Slot)
        .where(Slot.id == slot.id, Slot.revision == revision, decidable)
        .values(status=new_status)
        .execution_options(synchronize_session=False, concerns=[("slot", slot.id)])  # (portal/data_version.py)
    )
    if claimed.rowcount != 1:
        if slot.status == status and slot.revision == revision and not may_decide(slot, today):
            raise NotDecidable()
        raise SlotChanged()
    statement = slot.latest_review if status == SlotStatus.AWAITING_DECISION else None
    decision = ConsultationDecision(
        slot=slot, slot_revision=revision, outcome=outcome, reason=reason, decided_by=coordinator,
        review=statement, consultation_due_on=slot.consultation_due_on,
    )
    db.session.add(decision)
    set_status(slot, new_status, coordinator, note=reason)
    return decision


def decidable_condition(today):
    """may_decide as an SQL condition on Slot."""
    return or_(Slot.status == SlotStatus.AWAITING_DECISION,
               and_(Slot.status == SlotStatus.AWAITING_REVIEW, Slot.consultation_due_on < today))


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
        .execution_options(synchronize_session=False, concerns=[("slot", slot.id)])
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
