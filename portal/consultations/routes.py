"""Coordinators decide on each slot after the union consultation (samråd), and see to the
consultations that cannot go on by themselves: a slot no union representative covers (assign one,
or record a consultation held another way), and statements waiting for a decision."""
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..access import roles_required
from ..extensions import db
from ..models import Role, Slot, SlotStatus, SlotStatusChange, UnionScope, User
from ..slots import workflow
from ..slots.access import covered_condition
from . import bp
from .forms import AssignRepresentativeForm, DecisionForm, HeldAnotherWayForm
from .notices import decision_taken
from .queries import consultations
from .record import organisation_record


@bp.route("/")
@roles_required(Role.COORDINATOR)
def index():
    return render_template("consultations/index.html", lists=consultations(date.today()))


@bp.route("/<int:slot_id>", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def show(slot_id):
    slot = db.get_or_404(Slot, slot_id)
    form = DecisionForm(prefix="decide")
    today = date.today()
    if form.validate_on_submit():
        try:
            decision = workflow.decide(slot, current_user, form.outcome.data, form.reason.data,
                                       revision=form.read_revision, status=form.read_status, today=today)
        except workflow.NotDecidable:
            db.session.rollback()
            slot = db.session.get(Slot, slot_id)
            form.form_errors.append(_("You may decide once the statement is in, or after the due date: nothing is "
                                      "recorded."))
        except workflow.SlotChanged:
            db.session.rollback()
            slot = db.session.get(Slot, slot_id)
            form.form_errors.append(_("The slot changed after you opened it (a statement came in, or the employer "
                                      "changed it): nothing is recorded. Read it again below and decide on it as "
                                      "it is now."))
        else:
            decision_taken(slot, decision)
            db.session.commit()
            if form.outcome.data == "approve":
                flash(_("You approved %(title)s: it is open for matching. The employer and the union representative "
                        "see your decision.", title=slot.title), "success")
            else:
                flash(_("You refused %(title)s. The employer and the union representative see your decision.",
                        title=slot.title), "success")
            return redirect(url_for("slots.show", slot_id=slot.id))
    return _page(slot, today, decision_form=form)


@bp.route("/<int:slot_id>/held-another-way", methods=["POST"])
@roles_required(Role.COORDINATOR)
def held_another_way(slot_id):
    slot = db.get_or_404(Slot, slot_id)
    form = HeldAnotherWayForm(prefix="other")
    today = date.today()
    if form.validate_on_submit():
        if form.read_status != SlotStatus.AWAITING_REVIEW:
            form.form_errors.append(_("The slot is no longer in consultation: nothing is recorded."))
        else:
            try:
                workflow.record_review(slot, current_user, form.decision.data, form.reason.data,
                                       revision=form.read_revision, method=form.method.data,
                                       held_on=form.held_on.data, consulted=form.consulted.data)
            except workflow.SlotChanged:
                db.session.rollback()
                slot = db.session.get(Slot, slot_id)
                form.form_errors.append(_("The slot changed after you opened it: nothing is recorded. Read it "
                                          "again below and record the consultation on it as it is now."))
            else:
                db.session.commit()
                flash(_("The consultation is recorded as the union's statement. Now decide on the slot."), "success")
                return redirect(url_for("consultations.show", slot_id=slot.id))
    return _page(slot, today, other_way_form=form)


@bp.route("/<int:slot_id>/representative", methods=["POST"])
@roles_required(Role.COORDINATOR)
def assign_representative(slot_id):
    slot = db.get_or_404(Slot, slot_id)
    form = AssignRepresentativeForm(prefix="assign")
    form.representative.choices = _representative_choices()
    if form.validate_on_submit():
        representative = db.session.get(User, form.representative.data)
        if representative is None or representative.role != Role.UNION:
            abort(400)
        if form.cover.data == "sector":
            scope = UnionScope(sector=slot.organisation.sector)
        else:
            scope = UnionScope(organisation_id=slot.organisation_id)
        if not _already_covers(representative, scope):
            representative.union_scopes.append(scope)
        db.session.commit()
        flash(_("%(name)s now covers %(organisation)s and sees the slot in their queue.",
                name=representative.full_name, organisation=slot.organisation.name), "success")
        return redirect(url_for("consultations.show", slot_id=slot.id))
    return _page(slot, date.today(), assign_form=form)


def _already_covers(representative, scope):
    return any((existing.organisation_id, existing.sector) == (scope.organisation_id, scope.sector)
               for existing in representative.union_scopes)


def _representative_choices():
    representatives = db.session.execute(
        select(User.id, User.full_name).where(User.role == Role.UNION).order_by(User.full_name)
    ).all()
    return [SelectChoice(user_id, name) for user_id, name in representatives]


def _page(slot, today, decision_form=None, other_way_form=None, assign_form=None):
    """The consultation page: the slot, the statement (or its absence), the organisation's record and
    what the coordinator can do now. Forms not posted start from the slot as it is now."""
    state = {"revision": str(slot.revision), "status": slot.status}
    # Three forms on one page, each with a prefix of its own: their fields' names and ids differ.
    decision_form = decision_form or DecisionForm(prefix="decide", formdata=None)
    other_way_form = other_way_form or HeldAnotherWayForm(prefix="other", formdata=None, held_on=today)
    assign_form = assign_form or AssignRepresentativeForm(prefix="assign", formdata=None, cover="organisation")
    assign_form.representative.choices = _representative_choices()
    for form in (decision_form, other_way_form):
        form.revision.data, form.status.data = state["revision"], state["status"]
    covered = db.session.scalar(select(covered_condition(organisation_id=slot.organisation_id)))
    history = db.session.scalars(
        select(SlotStatusChange).where(SlotStatusChange.slot_id == slot.id)
        .options(selectinload(SlotStatusChange.changed_by)).order_by(SlotStatusChange.id)
    ).all()
    statement = slot.statement
    changes = None
    if statement is not None and statement.slot_revision != slot.revision:
        from ..reviews.routes import _shown_changes

        changes = _shown_changes(workflow.changes_since(slot, statement.slot_revision))
    return render_template(
        "consultations/show.html", slot=slot, statement=statement, changes=changes,
        may_decide=workflow.may_decide(slot, today), covered=covered, record=organisation_record(slot, today),
        decision_form=decision_form, other_way_form=other_way_form, assign_form=assign_form, history=history,
        today=today,
    )
