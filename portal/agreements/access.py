"""Who may see and sign an agreement: one place for the per-object rules.

The union rule is the slots code's (portal/slots/access.py): a representative covers a slot when
one of their scope rows names its organisation or the organisation's sector.
"""
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Agreement, AgreementVersion, JobSeeker, Placement, Role, SignerRole, Slot
from ..slots.access import union_covers, union_scope_condition

SIGNER_ROLE_OF = {
    Role.EMPLOYER: SignerRole.EMPLOYER,
    Role.JOBSEEKER: SignerRole.JOBSEEKER,
    Role.COORDINATOR: SignerRole.COORDINATOR,
}


def may_see(user, agreement):
    slot = agreement.placement.slot
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.EMPLOYER:
        return user.organisation_id is not None and user.organisation_id == slot.organisation_id
    if user.role == Role.JOBSEEKER:
        return agreement.placement.jobseeker.user_id == user.id
    if user.role == Role.UNION:
        return union_covers(user, slot)
    return False


def signer_role(user, agreement):
    """The role the user signs in, or None when they do not sign this agreement."""
    if user.role == Role.UNION or not may_see(user, agreement):
        return None
    return SIGNER_ROLE_OF[Role(user.role)]


def visible_agreements(user):
    """A query for the agreements the user may see, newest first."""
    query = (
        select(Agreement)
        .join(Placement, Agreement.placement_id == Placement.id)
        .join(Slot, Placement.slot_id == Slot.id)
        .order_by(Agreement.created_at.desc(), Agreement.id.desc())
    )
    if user.role == Role.COORDINATOR:
        return query
    if user.role == Role.EMPLOYER:
        return query.where(Slot.organisation_id == (user.organisation_id or -1))
    if user.role == Role.JOBSEEKER:
        return query.join(JobSeeker, Placement.jobseeker_id == JobSeeker.id).where(JobSeeker.user_id == user.id)
    return query.where(union_scope_condition(user))


def agreements_for(user, limit=None):
    # What the lists show of each agreement, loaded with it: a fixed number of queries however many.
    query = visible_agreements(user).options(
        joinedload(Agreement.placement).joinedload(Placement.slot).joinedload(Slot.organisation),
        joinedload(Agreement.placement).joinedload(Placement.jobseeker),
        selectinload(Agreement.versions).selectinload(AgreementVersion.signatures),
    )
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()
