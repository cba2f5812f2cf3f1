"""Union representatives give the union's statement on the slots in their scope: support, or object
with a reason. The coordinator then decides (portal/consultations/)."""
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..access import roles_required
from ..extensions import db
from ..models import LANGUAGE_LEVEL_LABELS, PLACEMENT_TYPE_LABELS, Role, Slot, SlotStatus, UnionReview
from ..models.slots import ConsultationDecision
from ..consultations.record import organisation_record
from ..slots import workflow
from ..slots.access import union_may_see, union_scope_condition
from ..slots.rules import CONTENT_LABELS
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
    decisions = past_decisions(current_user)
    return render_template("reviews/index.html", queue=review_queue(current_user), decisions=decisions,
                           decided=decisions_on(decisions), waiting=awaiting_decision(decisions))


def decisions_on(reviews):
    """{statement id: the coordinator's decision taken with it}, for the representative's list."""
    ids = [review.id for review in reviews]
    found = db.session.scalars(select(ConsultationDecision).where(ConsultationDecision.review_id.in_(ids))).all()
    return {decision.review_id: decision for decision in found}


def awaiting_decision(reviews):
    """The ids of the statements the coordinator has still to decide with: each the latest on its slot,
    which awaits the decision (one query, whatever the number)."""
    slot_ids = {review.slot_id for review in reviews if review.slot.status == SlotStatus.AWAITING_DECISION}
    return set(db.session.scalars(
        select(func.max(UnionReview.id)).where(UnionReview.slot_id.in_(slot_ids)).group_by(UnionReview.slot_id)
    ))


@bp.route("/<int:slot_id>", methods=["GET", "POST"])
@roles_required(Role.UNION)
def review(slot_id):
    slot = db.get_or_404(Slot, slot_id)
    if not union_may_see(current_user, slot):
        abort(403)
    form = ReviewForm()
    if slot.status != SlotStatus.AWAITING_REVIEW:
        if form.is_submitted():
            flash(_("%(title)s is no longer waiting for a statement, so yours was not recorded.", title=slot.title),
                  "warning")
        return redirect(url_for("slots.show", slot_id=slot.id))
    changes = None
    if form.validate_on_submit():
        read = form.read_revision
        try:
            workflow.record_review(slot, current_user, form.decision.data, form.reason.data or "",
                                   revision=-1 if read is None else read)
        except workflow.SlotChanged:
            db.session.rollback()
            slot = db.session.get(Slot, slot_id)
            if slot.status != SlotStatus.AWAITING_REVIEW:
                flash(_("%(title)s is no longer waiting for a statement, so yours was not recorded.",
                        title=slot.title), "warning")
                return redirect(url_for("slots.show", slot_id=slot.id))
            changes = _shown_changes(workflow.changes_since(slot, read))
        else:
            db.session.commit()
            if form.decision.data == "consent":
                flash(_("You support %(title)s. The coordinator decides next, with your statement.",
                        title=slot.title), "success")
            else:
                flash(_("You object to %(title)s. The coordinator decides next, with your statement; the employer "
                        "sees your reason.", title=slot.title), "success")
            return redirect(url_for("reviews.index"))
    if request.method == "GET" or changes is not None:
        form.revision.data = str(slot.revision)  # the statement answers what this page shows
    return render_template("reviews/review.html", slot=slot, form=form, changes=changes,
                           record=organisation_record(slot, date.today()))


def _shown_changes(changes):
    """What changed, as (label, before, now) in words; [] when what changed is not known (the
    revision read was replaced before revisions were kept)."""
    if not changes:
        return []
    return [(CONTENT_LABELS[name], _shown(name, before), _shown(name, now)) for name, before, now in changes]


def _shown(name, text):
    if name == "placement_type" and text in PLACEMENT_TYPE_LABELS:
        return str(PLACEMENT_TYPE_LABELS[text])
    if name == "swedish_level" and text in LANGUAGE_LEVEL_LABELS:
        return str(LANGUAGE_LEVEL_LABELS[text])
    if text in ("yes", "no") and name in ("step_free_access", "part_time_possible"):
        return _("Yes") if text == "yes" else _("No")
    return text
