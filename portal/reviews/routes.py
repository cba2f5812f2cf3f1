"""Union representatives review the slots in their scope: consent, or object with a reason."""
from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..access import roles_required
from ..extensions import db
from ..models import Role, Slot, SlotStatus, UnionReview
from ..slots import workflow
from ..slots.access import union_covers, union_scope_condition
from . import bp
from .forms import ReviewForm


def review_queue(user):
    return db.session.scalars(
        select(Slot)
        .where(Slot.status == SlotStatus.AWAITING_REVIEW, union_scope_condition(user))
        .options(joinedload(Slot.organisation), joinedload(Slot.reviews))
        .order_by(Slot.updated_at)
    ).unique().all()


def past_decisions(user, limit=100):
    return db.session.scalars(
        select(UnionReview)
        .join(UnionReview.slot)
        .where(union_scope_condition(user))
        .options(joinedload(UnionReview.slot).joinedload(Slot.organisation), joinedload(UnionReview.reviewer))
        .order_by(UnionReview.decided_at.desc(), UnionReview.id.desc())
        .limit(limit)
    ).all()


@bp.route("/")
@roles_required(Role.UNION)
def index():
    return render_template("reviews/index.html", queue=review_queue(current_user), decisions=past_decisions(current_user))


@bp.route("/<int:slot_id>", methods=["GET", "POST"])
@roles_required(Role.UNION)
def review(slot_id):
    slot = db.get_or_404(Slot, slot_id)
    if not union_covers(current_user, slot):
        abort(403)
    form = ReviewForm()
    if slot.status != SlotStatus.AWAITING_REVIEW:
        return redirect(url_for("slots.show", slot_id=slot.id))
    if form.validate_on_submit():
        workflow.record_review(slot, current_user, form.decision.data, form.reason.data or "")
        db.session.commit()
        if form.decision.data == "consent":
            flash(_("You consented to %(title)s. Coordinators can now match job-seekers to it.", title=slot.title),
                  "success")
        else:
            flash(_("You objected to %(title)s. The employer sees your reason.", title=slot.title), "success")
        return redirect(url_for("reviews.index"))
    return render_template("reviews/review.html", slot=slot, form=form)
