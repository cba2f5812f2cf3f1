"""Who may see and sign an agreement: one place for the per-object rules.

Who may see an agreement is who may see its placement (portal/placements/access.py).
"""
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from ..extensions import db
from ..models import Agreement, AgreementVersion, JobSeeker, Placement, Role, SignerRole, Slot
from ..placements.access import may_see as may_see_placement
from ..placements.access import visible_condition

SIGNER_ROLE_OF = {
    Role.EMPLOYER: SignerRole.EMPLOYER,
    Role.JOBSEEKER: SignerRole.JOBSEEKER,
    Role.COORDINATOR: SignerRole.COORDINATOR,
}


def may_see(user, agreement):
    return may_see_placement(user, agreement.placement)


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
        .join(JobSeeker, Placement.jobseeker_id == JobSeeker.id)
        .order_by(Agreement.created_at.desc(), Agreement.id.desc())
    )
    return query.where(visible_condition(user))


def agreements_for(user, limit=None):
    # What the lists show of each agreement, loaded with it: a fixed number of queries however many.
    # The placement, slot and job-seeker from the joins visible_agreements already has (joining them
    # a second time made PostgreSQL spend 3.5 ms planning a nine-table join for an empty list).
    query = visible_agreements(user).options(
        contains_eager(Agreement.placement).contains_eager(Placement.slot).selectinload(Slot.organisation),
        contains_eager(Agreement.placement).contains_eager(Placement.jobseeker),
        selectinload(Agreement.versions).selectinload(AgreementVersion.signatures),
    )
    if limit:
        query = query.limit(limit)
    return db.session.scalars(query).all()
