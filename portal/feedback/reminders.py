"""Reminders about overdue feedback forms: one e-mail a week per form, at most three.

Run by `flask --app portal send-reminders` (meant for cron). Each reminder is recorded with a
unique (placement, form, number) before it is sent, so running the command twice in a row, or
twice at once, never sends the same reminder twice. Each is a notice with its e-mail
(portal/notices), sent through the outbox.
"""
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import EmployerReport, JobSeekerFeedback, Placement, ReminderSent, Role, Slot, User
from ..models.base import utcnow
from ..notices import steps
from .rules import MAX_REMINDERS, REMINDER_INTERVAL_DAYS, ended_condition

EMPLOYER_REPORT = "employer-report"
JOBSEEKER_FEEDBACK = "jobseeker-feedback"


def overdue_forms(today):
    """(placement, form) pairs whose form is not submitted although the placement has ended."""
    forms = []
    for form, model in ((EMPLOYER_REPORT, EmployerReport), (JOBSEEKER_FEEDBACK, JobSeekerFeedback)):
        submitted = select(model.placement_id).where(model.submitted_at.is_not(None))
        placements = db.session.scalars(
            select(Placement).join(Placement.slot).where(ended_condition(today), Placement.id.not_in(submitted))
            .order_by(Placement.id)
        ).all()
        forms.extend((placement, form) for placement in placements)
    return forms


def recipients(placement, form):
    if form == JOBSEEKER_FEEDBACK:
        user = placement.jobseeker.user
        return [user] if user else []
    return list(db.session.scalars(
        select(User).where(User.role == Role.EMPLOYER, User.organisation_id == placement.slot.organisation_id)
        .order_by(User.id)
    ))


def send_reminders(today, now=None):
    """Send the reminders that are due; return how many were sent."""
    now = now or utcnow()
    sent = 0
    for placement, form in overdue_forms(today):
        earlier = db.session.execute(
            select(func.count(ReminderSent.id), func.max(ReminderSent.sent_at))
            .where(ReminderSent.placement_id == placement.id, ReminderSent.form == form)
        ).one()
        count, last = earlier
        if count >= MAX_REMINDERS or (last and last > now - timedelta(days=REMINDER_INTERVAL_DAYS)):
            continue
        to = recipients(placement, form)
        if not to:
            continue
        db.session.add(ReminderSent(placement_id=placement.id, form=form, number=count + 1,
                                    recipient=", ".join(user.email for user in to), sent_at=now))
        try:
            db.session.flush()  # the unique number claims this reminder before anything is sent
        except IntegrityError:
            db.session.rollback()  # another run sent it a moment ago
            continue
        # A notice and an e-mail in the outbox for each recipient, in the claim's transaction: the
        # mail goes out after the commit, or by `send-mail` if the mail server is down.
        steps.feedback_due(to, placement, form == EMPLOYER_REPORT, count + 1, MAX_REMINDERS)
        db.session.commit()
        sent += 1
    return sent
