"""Who may see which placement: one place for the rule, used by agreements, feedback and statistics.

Employers see their organisation's placements, job-seekers their own, union representatives
those in their scope (read-only), coordinators all.
"""
from flask import abort
from sqlalchemy import true

from ..extensions import db
from ..models import JobSeeker, Placement, Role, Slot
from ..slots.access import union_covers, union_scope_condition


def may_see(user, placement):
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.EMPLOYER:
        return user.organisation_id is not None and placement.slot.organisation_id == user.organisation_id
    if user.role == Role.JOBSEEKER:
        return placement.jobseeker.user_id is not None and placement.jobseeker.user_id == user.id
    if user.role == Role.UNION:
        return union_covers(user, placement.slot)
    return False


def visible_condition(user):
    """An SQL condition on a query that joins Placement, Slot and JobSeeker: what the user may see."""
    if user.role == Role.COORDINATOR:
        return true()
    if user.role == Role.EMPLOYER:
        return Slot.organisation_id == (user.organisation_id or -1)
    if user.role == Role.JOBSEEKER:
        return JobSeeker.user_id == user.id
    return union_scope_condition(user)


def placement_or_403(placement_id, user, roles=None):
    """The placement, if the user may see it (and has one of `roles`, when given); else 403."""
    placement = db.get_or_404(Placement, placement_id)
    if not may_see(user, placement) or (roles and user.role not in roles):
        abort(403)
    return placement
