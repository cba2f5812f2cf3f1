"""Who is told about the coordinator's decision, and about a slot no representative covers
(portal/notices.py: in the portal and by e-mail, in the transaction that makes the change)."""
from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import notices
from ..extensions import db
from ..models import Role, UnionScope, User


def _employers(slot):
    return db.session.scalars(
        select(User).where(User.role == Role.EMPLOYER, User.organisation_id == slot.organisation_id).order_by(User.id)
    ).all()


def _representatives(slot):
    """The representatives covering the slot now, and the one whose statement the decision was taken with."""
    covering = or_(UnionScope.organisation_id == slot.organisation_id, UnionScope.sector == slot.organisation.sector)
    found = db.session.scalars(
        select(User).where(User.role == Role.UNION, User.id.in_(select(UnionScope.user_id).where(covering)))
        .order_by(User.id)
    ).all()
    statement = slot.latest_decision.review if slot.latest_decision else None
    if statement is not None and statement.reviewer.role == Role.UNION:
        found = [statement.reviewer, *found]
    return found


def decision_taken(slot, decision):
    """The employer and the union representative see the coordinator's decision."""
    approved = decision.approved

    def subject():
        if approved:
            return _("%(title)s is approved", title=slot.title)
        return _("%(title)s is refused", title=slot.title)

    def body():
        outcome = (_("The coordinator approved the placement %(title)s at %(employer)s after the consultation.",
                     title=slot.title, employer=slot.organisation.name) if approved else
                   _("The coordinator refused the placement %(title)s at %(employer)s after the consultation.",
                     title=slot.title, employer=slot.organisation.name))
        return _("Hello,\n\n%(outcome)s\n\nThe reason: %(reason)s", outcome=outcome, reason=decision.reason)

    notices.notify_all([user for user in _employers(slot) + _representatives(slot) if user.id != decision.decided_by_id],
                       notices.COORDINATOR_DECISION, subject=subject, body=body,
                       link_endpoint="slots.show", slot_id=slot.id)
