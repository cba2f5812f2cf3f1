"""Who may see and change which slot: the one place for these checks.

Employers see their own organisation's slots, union representatives the submitted slots in
their scope, coordinators every slot; job-seekers see slots only through their own agreement.
"""
from flask import abort
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Organisation, Role, Slot, SlotStatus, UnionScope

# A slot in one of these statuses has been sent to the union at least once. A draft is the
# employer's own until then, and so is a draft withdrawn before it was ever submitted: submitting
# is what sets declared_at (workflow.submit_for_review), and nothing sets it back.
SUBMITTED_STATUSES = (SlotStatus.AWAITING_REVIEW, SlotStatus.AWAITING_DECISION, SlotStatus.APPROVED,
                      SlotStatus.REFUSED)


def union_scope_condition(user, organisation_id=Slot.organisation_id):
    """An SQL condition on Slot (or on another organisation_id column): in this union representative's scope."""
    organisation_ids = select(UnionScope.organisation_id).where(
        UnionScope.user_id == user.id, UnionScope.organisation_id.is_not(None)
    )
    sectors = select(UnionScope.sector).where(UnionScope.user_id == user.id, UnionScope.sector.is_not(None))
    in_sector = select(Organisation.id).where(Organisation.sector.in_(sectors))
    return or_(organisation_id.in_(organisation_ids), organisation_id.in_(in_sector))


def submitted_condition():
    """was_submitted as an SQL condition on Slot."""
    return or_(Slot.status.in_(SUBMITTED_STATUSES),
               and_(Slot.status == SlotStatus.WITHDRAWN, Slot.declared_at.is_not(None)))


def was_submitted(slot):
    return slot.status in SUBMITTED_STATUSES or (slot.status == SlotStatus.WITHDRAWN and slot.declared_at is not None)


def union_may_see(user, slot):
    """A union representative sees a slot in their scope once the employer has submitted it."""
    return union_covers(user, slot) and was_submitted(slot)


def covered_condition(organisation_id=Slot.organisation_id):
    """An SQL condition on Slot: some union representative covers the slot's organisation (by the
    organisation itself or by its sector). A slot without one waits for a statement nobody can give."""
    covered = aliased(Organisation)  # its own alias: the outer query may select Organisation too
    by_organisation = select(UnionScope.id).where(UnionScope.organisation_id == organisation_id)
    by_sector = (select(UnionScope.id).join(covered, covered.sector == UnionScope.sector)
                 .where(covered.id == organisation_id))
    return or_(by_organisation.exists(), by_sector.exists())


def union_covers(user, slot):
    for scope in user.union_scopes:
        if scope.organisation_id == slot.organisation_id or scope.sector == slot.organisation.sector:
            return True
    return False


def may_view(user, slot):
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.EMPLOYER:
        return slot.organisation_id == user.organisation_id
    if user.role == Role.UNION:
        return union_may_see(user, slot)
    return False


def may_change(user, slot):
    return user.role == Role.EMPLOYER and slot.organisation_id == user.organisation_id


def slot_or_403(slot_id, user, change=False):
    slot = db.get_or_404(Slot, slot_id)
    allowed = may_change(user, slot) if change else may_view(user, slot)
    if not allowed:
        abort(403)
    return slot
