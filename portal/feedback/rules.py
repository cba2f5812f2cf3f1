"""When feedback and follow-up are due, and ending a placement early: plain functions."""
from dateutil.relativedelta import relativedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import Placement, PlacementStatus, Slot
from ..models.base import utcnow

FOLLOW_UP_AFTER = relativedelta(months=3)
REMINDER_INTERVAL_DAYS = 7
MAX_REMINDERS = 3


def has_ended(placement, today):
    """A placement has ended when it was ended early, or it ran and its end date has passed."""
    if placement.status == PlacementStatus.ENDED:
        return True
    return placement.status == PlacementStatus.ACTIVE and placement.planned_end_date < today


def ended_condition(today, status=Placement.status, end_date=Slot.end_date):
    """has_ended as an SQL condition on a query joining Placement and Slot (or on other columns
    holding the same, as the statistics' placement facts)."""
    return or_(
        status == PlacementStatus.ENDED,
        and_(status == PlacementStatus.ACTIVE, end_date < today),
    )


def started_condition(today, status=Placement.status, start_date=Slot.start_date):
    """Placements that began: the agreement was signed and the start date has come."""
    return and_(status.in_([PlacementStatus.ACTIVE, PlacementStatus.ENDED]), start_date <= today)


def end_date_expression():
    return func.coalesce(Placement.ended_on, Placement.agreed_end_date, Slot.end_date)


def follow_up_due(placement, today):
    return has_ended(placement, today) and placement.end_date + FOLLOW_UP_AFTER <= today


def end_early_errors(placement, ended_on, today):
    """Problems with ending a placement early on a date, as {field: message}."""
    if placement.status != PlacementStatus.ACTIVE:
        return {"ended_on": _l("Only a running placement can be ended early")}
    if ended_on < placement.start_date:
        return {"ended_on": _l("The end date cannot be before the placement started (%(date)s)",
                               date=placement.start_date.isoformat())}
    if ended_on >= placement.planned_end_date:
        return {"ended_on": _l("Choose a date before the planned end (%(date)s)",
                               date=placement.planned_end_date.isoformat())}
    if ended_on > today:
        return {"ended_on": _l("Choose today or a date that has passed")}
    return {}


def end_early(placement, user, ended_on, reason, note):
    """Record that the placement ended early. The caller checks end_early_errors and commits."""
    placement.status = PlacementStatus.ENDED
    placement.ended_on = ended_on
    placement.end_reason = reason
    placement.end_note = note or ""
    placement.ended_by = user


def follow_up_refusal(placement, today):
    """Why no follow-up can be recorded for the placement yet, or None: it must have ended."""
    if not has_ended(placement, today):
        return _l("The placement has not ended, so there is nothing to follow up yet. "
                  "Record the outcome once it has ended.")
    return None


def ensure_row(model, placement_id, **first_values):
    """The model's row for the placement (one per placement: placement_id is unique), made if missing.

    INSERT ... ON CONFLICT DO NOTHING, then read: two first saves at the same moment make one row
    between them instead of one of them failing on the unique placement_id.
    """
    insert = (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(model)
    db.session.execute(insert.values(placement_id=placement_id, **first_values)
                       .on_conflict_do_nothing(index_elements=["placement_id"])
                       .execution_options(concerns=[("placement", placement_id)]))  # (portal/data_version.py)
    return db.session.scalar(select(model).where(model.placement_id == placement_id))


def open_draft(model, placement_id, **first_values):
    """The placement's form (an EmployerReport or a JobSeekerFeedback) to write in, or None once submitted.

    Made if missing (ensure_row), then claimed with an UPDATE ... WHERE submitted_at IS NULL: the row
    stays locked to this request until it commits, so that a draft saved a moment after a
    submission, or a second submit, finds it submitted and changes nothing.
    """
    ensure_row(model, placement_id, **first_values)
    claimed = db.session.execute(
        update(model).where(model.placement_id == placement_id, model.submitted_at.is_(None))
        .values(updated_at=utcnow()).execution_options(synchronize_session=False,
                                                       concerns=[("placement", placement_id)])
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None
    record = db.session.scalar(select(model).where(model.placement_id == placement_id))
    db.session.expire(record)  # read afresh, goal ratings too: another request may have saved since
    return record


def submit(form_record):
    """Mark a feedback form submitted: from now on it is read-only (open_draft refuses it)."""
    form_record.submitted_at = utcnow()
