"""When a check-in is due, recording one, and the notices about them: plain functions."""
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import contains_eager

from ..extensions import db
from ..models import CheckIn, JobSeeker, Placement, PlacementStatus, ReminderSent, Role, Slot, User
from ..models.base import utcnow
from ..notices import CHECK_IN_DUE, CHECK_IN_FLAGGED, notify_all
from ..notices.steps import coordinators, representatives_covering
from ..placements.access import visible_condition

MIN_LENGTH = timedelta(weeks=4)  # shorter placements have no check-in
NOTICE_FORM = "check-in"  # the reminders_sent row that claims the "check-in due" notice, once per placement


def has_check_in(placement):
    """Placements of four weeks or more (by the agreed period) have a check-in."""
    return placement.planned_end_date - placement.start_date >= MIN_LENGTH


def due_on(placement):
    """The placement's midpoint, when its check-in falls due; None when it has none."""
    if not has_check_in(placement):
        return None
    return placement.start_date + (placement.planned_end_date - placement.start_date) / 2


def _running(today):
    start = func.coalesce(Placement.agreed_start_date, Slot.start_date)
    end = func.coalesce(Placement.agreed_end_date, Slot.end_date)
    held = exists().where(CheckIn.placement_id == Placement.id)
    return (
        select(Placement).join(Placement.slot).join(Placement.jobseeker)
        .where(Placement.status == PlacementStatus.ACTIVE, Placement.ended_on.is_(None), start <= today,
               end >= today, ~held)
        .options(contains_eager(Placement.slot).joinedload(Slot.organisation), contains_eager(Placement.jobseeker))
        .order_by(end, Placement.id)
    )


def due(today, user=None):
    """Running placements whose check-in is due (midpoint reached) and not held, soonest end first."""
    query = _running(today)
    if user is not None:
        query = query.where(visible_condition(user))
    return [p for p in db.session.scalars(query).unique() if due_on(p) is not None and due_on(p) <= today]


def flagged(user, limit=50):
    """Check-ins with a finding, newest first, of placements the user may see (a union: in scope)."""
    query = (
        select(CheckIn).join(CheckIn.placement).join(Placement.slot).join(Placement.jobseeker)
        .where(visible_condition(user),
               (CheckIn.tasks_as_agreed.is_(False)) | (CheckIn.supervisor_present.is_(False))
               | (CheckIn.replaces_staff.is_(True)))
        .order_by(CheckIn.held_on.desc(), CheckIn.id.desc()).limit(limit)
    )
    return db.session.scalars(query).all()


def dashboard(user, today):
    """What the dashboards show: coordinators the check-ins due and the flagged; unions the flagged."""
    from ..models.records import FLAG_LABELS

    if user.role == Role.COORDINATOR:
        return {"check_ins_due": due(today), "check_ins_flagged": flagged(user), "flag_labels": FLAG_LABELS}
    if user.role == Role.UNION:
        return {"check_ins_flagged": flagged(user), "flag_labels": FLAG_LABELS}
    return {}


def record(placement, user, values):
    """Save the check-in (one per placement) and tell the people a finding concerns; not committed."""
    check_in = CheckIn(placement=placement, recorded_by=user, recorded_at=utcnow(), **values)
    db.session.add(check_in)
    db.session.flush()
    if check_in.flags:
        _tell_flagged(check_in, user)
    return check_in


def _tell_flagged(check_in, actor):
    from ..models.records import FLAG_LABELS

    placement = check_in.placement
    slot = placement.slot
    people = [u for u in [*representatives_covering(slot.organisation), *coordinators()] if u.id != actor.id]
    notify_all(
        people, CHECK_IN_FLAGGED,
        subject=lambda: _("Check-in flagged: %(title)s at %(employer)s", title=slot.title, employer=slot.organisation.name),
        body=lambda: _("Hello,\n\nA check-in of the placement %(title)s at %(employer)s found: %(findings)s.",
                       title=slot.title, employer=slot.organisation.name,
                       findings=", ".join(str(FLAG_LABELS[flag]).lower() for flag in check_in.flags)),
        link_endpoint="checkins.check_in", placement_id=placement.id,
    )


def _who_holds(placement):
    """The coordinator who matched the placement holds its check-in; all coordinators if they are gone."""
    matcher = db.session.get(User, placement.matched_by_id)
    if matcher is not None and matcher.role == Role.COORDINATOR:
        return [matcher]
    return coordinators()


def send_check_in_notices(today, now=None):
    """Tell the coordinator of each check-in that fell due; once per placement. Returns how many.

    Each notice is claimed by a unique reminders_sent row (placement, "check-in", 1) before it is
    written, in the same transaction: running the command twice, or twice at once, tells once.
    """
    now = now or utcnow()
    sent = 0
    claimed = select(ReminderSent.placement_id).where(ReminderSent.form == NOTICE_FORM)
    for placement in due(today):
        if db.session.scalar(select(claimed.where(ReminderSent.placement_id == placement.id).exists())):
            continue
        to = _who_holds(placement)
        if not to:
            continue
        db.session.add(ReminderSent(placement_id=placement.id, form=NOTICE_FORM, number=1,
                                    recipient=", ".join(user.email for user in to)[:254], sent_at=now))
        try:
            db.session.flush()
        except IntegrityError:
            db.session.rollback()  # another run claimed it a moment ago
            continue
        slot = placement.slot
        notify_all(
            to, CHECK_IN_DUE,
            subject=lambda: _("Check-in due: %(name)s at %(employer)s", name=placement.jobseeker.full_name,
                              employer=slot.organisation.name),
            body=lambda: _("Hello,\n\nThe placement %(title)s at %(employer)s (%(name)s) is half-way: its check-in "
                           "is due. Record attendance, the tasks, the supervisor and the participant's view.",
                           title=slot.title, employer=slot.organisation.name, name=placement.jobseeker.full_name),
            link_endpoint="checkins.check_in", placement_id=placement.id,
        )
        db.session.commit()
        sent += 1
    return sent
