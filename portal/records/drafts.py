"""Drafts nobody has touched for 12 weeks are deleted, after warnings 7 days and 1 day before.

Run by `flask --app portal delete-old-drafts` (daily, from cron). Drafts are slots never submitted
and final reports never submitted. Each warning is a notice and an e-mail to the draft's owner,
claimed first by a unique draft_warnings row (draft, warning, the draft's last change), so running
the command twice, or twice at once, warns once. A draft is deleted only when both warnings went
out, the first at least 7 days and the second at least 1 day before: if cron stopped for a while,
the deletion waits until the owner has had both. Touching the draft (saving it) starts again.
"""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import delete, exists, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import DraftWarning, EmployerReport, Placement, Slot, SlotStatus, User
from ..models.base import utcnow
from ..models.slots import SlotRevision
from ..notices import DRAFT_TO_BE_DELETED, notify

KEPT_FOR = timedelta(weeks=12)
WARNINGS = (7, 1)  # days before the deletion
SLOT, REPORT = "slot", "employer-report"


def _drafts(now):
    """(kind, draft, owner) of every draft whose first warning is due: untouched for 12 weeks less 7 days."""
    old = now - KEPT_FOR + timedelta(days=max(WARNINGS))
    has_placement = exists().where(Placement.slot_id == Slot.id)
    for slot in db.session.scalars(select(Slot).where(Slot.status == SlotStatus.DRAFT, Slot.updated_at <= old,
                                                      ~has_placement).order_by(Slot.id)):
        yield SLOT, slot, db.session.get(User, slot.created_by_id)
    for report in db.session.scalars(select(EmployerReport).where(EmployerReport.submitted_at.is_(None),
                                                                  EmployerReport.updated_at <= old)
                                      .order_by(EmployerReport.id)):
        yield REPORT, report, db.session.get(User, report.author_id)


def _sent(kind, draft):
    return {w.days_before: w for w in db.session.scalars(
        select(DraftWarning).where(DraftWarning.kind == kind, DraftWarning.draft_id == draft.id,
                                   DraftWarning.draft_updated_at == draft.updated_at))}


def clean_up(now=None):
    """Warn about and delete old drafts; returns (warnings sent, drafts deleted)."""
    now = now or utcnow()
    warned = deleted = 0
    for kind, draft, owner in list(_drafts(now)):
        deadline = draft.updated_at + KEPT_FOR
        sent = _sent(kind, draft)
        if (now >= deadline and all(days in sent for days in WARNINGS)
                and all(sent[days].sent_at <= now - timedelta(days=days) for days in WARNINGS)):
            _delete(kind, draft)
            db.session.commit()
            deleted += 1
            continue
        for days in WARNINGS:
            if days in sent or now < deadline - timedelta(days=days):
                continue
            if days != max(WARNINGS) and max(WARNINGS) not in sent:
                continue  # the first warning comes first
            if _warn(kind, draft, owner, days, now):
                warned += 1
            break
    return warned, deleted


def _warn(kind, draft, owner, days, now):
    db.session.add(DraftWarning(kind=kind, draft_id=draft.id, days_before=days, draft_updated_at=draft.updated_at,
                                recipient=owner.email if owner else "", sent_at=now))
    try:
        db.session.flush()  # claims this warning before anything is told
    except IntegrityError:
        db.session.rollback()  # another run warned a moment ago
        return False
    on = max(draft.updated_at + KEPT_FOR, now + timedelta(days=days)).date()
    if kind == SLOT:
        title, endpoint, values = draft.title, "slots.edit", {"slot_id": draft.id}
        subject = lambda: _("Your draft slot %(title)s will be deleted on %(date)s", title=title, date=on)  # noqa: E731
    else:
        title = draft.placement.slot.title
        endpoint, values = "feedback.employer_report", {"placement_id": draft.placement_id}
        subject = lambda: _("Your draft final report for %(title)s will be deleted on %(date)s",  # noqa: E731
                            title=title, date=on)
    notify(owner, DRAFT_TO_BE_DELETED, subject=subject,
           body=lambda: _("Hello,\n\nNobody has changed this draft for 12 weeks, so it will be deleted on %(date)s. "
                          "Open and save it to keep it, or submit it.", date=on),
           link_endpoint=endpoint, **values)
    db.session.commit()
    return True


def _delete(kind, draft):
    db.session.execute(delete(DraftWarning).where(DraftWarning.kind == kind, DraftWarning.draft_id == draft.id))
    if kind == SLOT:
        db.session.execute(delete(SlotRevision).where(SlotRevision.slot_id == draft.id))
    db.session.delete(draft)  # learning goals, status changes, goal ratings go with it
