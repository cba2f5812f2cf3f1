"""The waiting steps of a placement's life that tell someone (DESIGN.md section 3), each in one place.

Called in the transaction that makes the change. Two steps are seen from the session (after each
flush) rather than called, because several paths make them and each must tell the same people:
- a slot sent for consultation (every status change is a SlotStatusChange row, slots/workflow.py's
  set_status) -> the union representatives covering it;
- a statement given (a UnionReview row, given in the portal or recorded by a coordinator) -> the
  employer and the coordinators;
- a new placement (a match) -> the job-seeker and the employer.
The person who made a change is not told about it.
"""
from flask import has_app_context
from flask_babel import gettext as _
from sqlalchemy import event, or_, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..mail import portal_link
from ..models import JobSeeker, Placement, Role, Slot, SlotStatus, SlotStatusChange, UnionReview, UnionScope, User
from . import (
    FEEDBACK_DUE,
    MATCHED,
    ORGANISATION_VERIFIED,
    SLOT_SENT_FOR_CONSULTATION,
    STATEMENT_GIVEN,
    notify,
    notify_all,
)


def employer_users(organisation_id):
    return db.session.scalars(
        select(User).where(User.role == Role.EMPLOYER, User.organisation_id == organisation_id).order_by(User.id)
    ).all()


def coordinators():
    return db.session.scalars(select(User).where(User.role == Role.COORDINATOR).order_by(User.id)).all()


def representatives_covering(organisation):
    """The union representatives whose scope names the organisation or its sector."""
    covering = or_(UnionScope.organisation_id == organisation.id, UnionScope.sector == organisation.sector)
    return db.session.scalars(
        select(User).where(User.role == Role.UNION, User.id.in_(select(UnionScope.user_id).where(covering)))
        .order_by(User.id)
    ).all()


def _others(users, actor):
    actor_id = getattr(actor, "id", actor)
    return [user for user in users if user.id != actor_id]


def organisation_verified(organisation):
    """A coordinator verified the organisation: its employer accounts may now offer slots."""
    notify_all(
        employer_users(organisation.id), ORGANISATION_VERIFIED,
        subject=lambda: _("%(name)s is verified", name=organisation.name),
        body=lambda: _("Hello,\n\nThe employment service has verified %(name)s on Praktikportalen. You can now "
                       "offer placements: complete the guide and submit a slot.", name=organisation.name),
        link_endpoint="dashboard.index",
    )


def slot_sent_for_consultation(slot, actor=None):
    notify_all(
        _others(representatives_covering(slot.organisation), actor), SLOT_SENT_FOR_CONSULTATION,
        subject=lambda: _("Consultation: %(title)s at %(employer)s", title=slot.title, employer=slot.organisation.name),
        body=lambda: _("Hello,\n\nThe employment service asks for the union's statement on the placement "
                       "%(title)s at %(employer)s. Give it in the portal, supporting or objecting with a reason.",
                       title=slot.title, employer=slot.organisation.name),
        link_endpoint="reviews.review", slot_id=slot.id,
    )


def statement_given(slot, actor=None):
    """The union's statement is in (or a consultation held another way): the coordinator decides."""
    for users, endpoint in ((employer_users(slot.organisation_id), "slots.show"), (coordinators(), "slots.show")):
        notify_all(
            _others(users, actor), STATEMENT_GIVEN,
            subject=lambda: _("Statement given on %(title)s", title=slot.title),
            body=lambda: _("Hello,\n\nThe union has given its statement on the placement %(title)s at %(employer)s. "
                           "The employment service's coordinator now decides.",
                           title=slot.title, employer=slot.organisation.name),
            link_endpoint=endpoint, slot_id=slot.id,
        )


def matched(placement, actor=None):
    """A coordinator matched a job-seeker to a slot. Not mailed: the match always comes with its
    agreement, whose mail to each party asks them to sign (agreements/notifications.py)."""
    slot = db.session.get(Slot, placement.slot_id)
    jobseeker = db.session.get(JobSeeker, placement.jobseeker_id)
    if jobseeker.user is not None and jobseeker.user_id != getattr(actor, "id", actor):
        notify(jobseeker.user, MATCHED, mail=False,
               subject=lambda: _("You are matched to the placement %(title)s at %(employer)s",
                                 title=slot.title, employer=slot.organisation.name),
               body="", link_endpoint="dashboard.index")
    notify_all(
        _others(employer_users(slot.organisation_id), actor), MATCHED, mail=False,
        subject=lambda: _("A participant is matched to %(title)s", title=slot.title),
        body="", link_endpoint="slots.show", slot_id=slot.id,
    )


def feedback_due(users, placement, employer_form, number, of):
    """A reminder that a feedback form is due (feedback/reminders.py, once a week, at most `of`)."""
    slot = placement.slot
    endpoint = "feedback.employer_report" if employer_form else "feedback.jobseeker_feedback"
    url = portal_link(endpoint, placement_id=placement.id)
    if employer_form:
        subject = lambda: _("Reminder: final report for %(title)s", title=slot.title)  # noqa: E731
        body = lambda: _("The placement %(title)s (%(name)s) has ended. Please write the final report: %(url)s",  # noqa: E731
                         title=slot.title, name=placement.jobseeker.full_name, url=url)
    else:
        subject = lambda: _("Reminder: tell us how your placement went")  # noqa: E731
        body = lambda: _("Your placement at %(employer)s has ended. Please tell us how it went: %(url)s",  # noqa: E731
                         employer=slot.organisation.name, url=url)
    return notify_all(
        users, FEEDBACK_DUE, subject=subject,
        body=lambda: body() + "\n" + _("Reminder %(number)d of %(max)d.", number=number, max=of),
        link_endpoint=endpoint, placement_id=placement.id,
    )


# -- seen from the session ----------------------------------------------------------------------
STEPS_KEY = "portal_notice_steps"


@event.listens_for(Session, "after_flush")
def _steps_in_this_flush(session, _flush_context):
    # After the flush the new rows have their ids (links need them); "new" still lists what was flushed.
    found = [obj for obj in session.new if isinstance(obj, (SlotStatusChange, UnionReview, Placement))]
    if found:
        session.info.setdefault(STEPS_KEY, []).extend(found)


@event.listens_for(Session, "after_flush_postexec")
def _tell(session, _flush_context):
    # What is added here is written by the next flush: at the latest the commit's, which flushes
    # until nothing is left, so the notices are in the change's own transaction.
    found = session.info.pop(STEPS_KEY, None)
    if not found or not has_app_context():
        return
    for obj in found:
        if isinstance(obj, SlotStatusChange):
            if obj.to_status == SlotStatus.AWAITING_REVIEW and obj.from_status != obj.to_status:
                slot_sent_for_consultation(obj.slot, actor=obj.changed_by_id)
        elif isinstance(obj, UnionReview):
            statement_given(obj.slot, actor=obj.reviewer_id)
        else:
            matched(obj, actor=obj.matched_by_id)


@event.listens_for(Session, "after_rollback")
def _forget(session):
    session.info.pop(STEPS_KEY, None)
