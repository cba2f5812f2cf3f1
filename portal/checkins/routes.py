from datetime import date

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import roles_required
from ..extensions import db
from ..models import CheckIn, PlacementStatus, Role
from ..models.records import ATTENDANCE_LABELS, FLAG_LABELS
from ..placements.access import placement_or_403
from . import bp, rules
from .forms import CheckInForm


@bp.route("/<int:placement_id>/check-in", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.UNION)
def check_in(placement_id):
    """The coordinator records the check-in; a union representative (in scope) reads it."""
    placement = placement_or_403(placement_id, current_user)
    existing = db.session.scalar(select(CheckIn).where(CheckIn.placement_id == placement.id))
    today = date.today()
    refusal = None
    if existing is None:
        if not rules.has_check_in(placement):
            refusal = _("This placement is shorter than four weeks: it has no check-in.")
        elif placement.status != PlacementStatus.ACTIVE or placement.start_date > today:
            refusal = _("A check-in is held while the placement runs; this one has not begun or was not agreed.")
    form = CheckInForm()
    if existing is None and refusal is None and current_user.role == Role.COORDINATOR:
        if form.validate_on_submit() and form.held_on.data > today:
            form.held_on.errors.append(_("Enter a date that is today or before"))
        elif form.is_submitted() and not form.errors:
            check_in = rules.record(placement, current_user, form.values())
            db.session.commit()
            flash(_("The check-in is saved.") + (" " + _("The placement is flagged.") if check_in.flags else ""),
                  "success")
            return redirect(url_for("checkins.check_in", placement_id=placement.id))
        if not form.is_submitted():
            form.held_on.data = today
    return render_template("checkins/check_in.html", placement=placement, check_in=existing, form=form,
                           refusal=refusal, due_on=rules.due_on(placement), attendance_labels=ATTENDANCE_LABELS,
                           flag_labels=FLAG_LABELS)
