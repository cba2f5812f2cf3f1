"""Reminders about overdue feedback forms: one e-mail a week per form, at most three.

Run by `flask --app portal send-reminders` (meant for cron). Each reminder is recorded with a
unique (placement, form, number) before it is sent, so running the command twice in a row, or
twice at once, never sends the same reminder twice.
"""
import logging
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import mail
from ..extensions import db
from ..models import EmployerReport, JobSeekerFeedback, Placement, ReminderSent, Role, Slot, User
from ..models.base import utcnow
from .rules import MAX_REMINDERS, REMINDER_INTERVAL_DAYS, ended_condition

log = logging.getLogger(__name__)
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
        return [user.email] if user else []
    return list(db.session.scalars(
        select(User.email).where(User.role == Role.EMPLOYER, User.organisation_id == placement.slot.organisation_id)
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
                                    recipient=", ".join(to), sent_at=now))
        try:
            db.session.flush()  # the unique number claims this reminder before anything is sent
        except IntegrityError:
            db.session.rollback()  # another run sent it a moment ago
            continue
        subject, body = _message(placement, form, count + 1)
        try:
            mail.send(to, subject, body)
        except Exception:
            db.session.rollback()
            log.exception("could not send reminder %s for placement %s", form, placement.id)
            continue
        db.session.commit()
        sent += 1
    return sent


def _message(placement, form, number):
    endpoint = "feedback.employer_report" if form == EMPLOYER_REPORT else "feedback.jobseeker_feedback"
    url = mail.portal_link(endpoint, placement_id=placement.id)
    subjects, bodies = [], []
    for language in ("sv", "en"):
        with force_locale(language):
            if form == EMPLOYER_REPORT:
                subjects.append(_("Reminder: final report for %(title)s", title=placement.slot.title))
                bodies.append(_(
                    "The placement %(title)s (%(name)s) has ended. Please write the final report: %(url)s",
                    title=placement.slot.title, name=placement.jobseeker.full_name, url=url))
            else:
                subjects.append(_("Reminder: tell us how your placement went"))
                bodies.append(_(
                    "Your placement at %(employer)s has ended. Please tell us how it went: %(url)s",
                    employer=placement.slot.organisation.name, url=url))
            bodies[-1] += "\n" + _("Reminder %(number)d of %(max)d.", number=number, max=MAX_REMINDERS)
    return " / ".join(subjects), "\n\n---\n\n".join(bodies)
