"""Employers offer, edit, withdraw and copy slots; everyone allowed can read one."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ..access import roles_required
from ..extensions import db
from ..forms import EmptyForm
from ..models import Role, Slot, SlotStatus, SlotStatusChange
from . import bp, rules, workflow
from .access import slot_or_403
from .forms import ReplyToObjectionForm, SlotForm


def employer_slots(organisation):
    """The organisation's slots for its list pages, newest first, in a fixed number of queries."""
    return db.session.scalars(
        select(Slot)
        .where(Slot.organisation_id == organisation.id)
        .options(joinedload(Slot.reviews))
        .order_by(Slot.created_at.desc(), Slot.id.desc())
    ).unique().all()


@bp.route("/")
@roles_required(Role.EMPLOYER)
def index():
    organisation = current_user.organisation
    return render_template(
        "slots/index.html", slots=employer_slots(organisation), blockers=rules.submission_blockers(organisation)
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new():
    organisation = current_user.organisation
    form = SlotForm(today=date.today())
    if request.method == "GET":
        form.workplace_address.data = organisation.workplace_address
    if _valid_and_ready(form, organisation):
        slot = workflow.create_slot(organisation, current_user, form.slot_values(), form.goals)
        if form.submit_for_review.data:
            workflow.submit_for_review(slot, current_user)
        db.session.commit()
        _flash_saved(slot, form)
        return redirect(url_for("slots.show", slot_id=slot.id))
    return render_template("slots/form.html", form=form, slot=None, blockers=rules.submission_blockers(organisation))


@bp.route("/<int:slot_id>")
@roles_required(Role.EMPLOYER, Role.UNION, Role.COORDINATOR)
def show(slot_id):
    slot = slot_or_403(slot_id, current_user)
    history = db.session.scalars(
        select(SlotStatusChange)
        .where(SlotStatusChange.slot_id == slot.id)
        .options(selectinload(SlotStatusChange.changed_by))
        .order_by(SlotStatusChange.id)
    ).all()
    return render_template(
        "slots/show.html", slot=slot, history=history, form=EmptyForm(), reply_form=ReplyToObjectionForm()
    )


@bp.route("/<int:slot_id>/edit", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def edit(slot_id):
    slot = slot_or_403(slot_id, current_user, change=True)
    if slot.status not in workflow.EDITABLE_STATUSES:
        flash(_("A withdrawn slot cannot be changed. Copy it to offer it again."), "warning")
        return redirect(url_for("slots.show", slot_id=slot.id))
    form = SlotForm(obj=slot, today=date.today(), places_filled=slot.places_filled)
    if request.method == "GET":
        form.learning_goals.data = "\n".join(goal.text for goal in slot.learning_goals)
        for name in ("declares_no_reemployment_rights", "declares_no_labour_dispute",
                     "declares_not_replacing_staff", "declares_supervisor_time"):
            form[name].data = False  # declarations are confirmed afresh with each submission
    if _valid_and_ready(form, slot.organisation, slot):
        was = slot.status
        try:
            changed = workflow.update_slot(slot, current_user, form.slot_values(), form.goals)
        except workflow.SlotChanged:
            # A union statement (or an edit in another tab) came between reading and saving.
            db.session.rollback()
            form.form_errors.append(_("The slot changed while you were editing it (see its status and history). "
                                      "Nothing is saved: open it again and make your changes on it as it is now."))
            return render_template(
                "slots/form.html", form=form, slot=slot, blockers=rules.submission_blockers(slot.organisation)
            )
        if form.submit_for_review.data:
            workflow.submit_for_review(slot, current_user)
        db.session.commit()
        if was in workflow.RECONSULTED_STATUSES and slot.status == SlotStatus.AWAITING_REVIEW:
            flash(_("You changed terms the consultation covered (%(terms)s), so the slot goes back to "
                    "consultation with the union.",
                    terms=", ".join(str(rules.MATERIAL_TERMS[name]) for name in changed)), "warning")
        else:
            _flash_saved(slot, form)
        return redirect(url_for("slots.show", slot_id=slot.id))
    return render_template(
        "slots/form.html", form=form, slot=slot, blockers=rules.submission_blockers(slot.organisation)
    )


@bp.route("/<int:slot_id>/withdraw", methods=["POST"])
@roles_required(Role.EMPLOYER)
def withdraw(slot_id):
    slot = slot_or_403(slot_id, current_user, change=True)
    if EmptyForm().validate_on_submit() and slot.status != SlotStatus.WITHDRAWN:
        if slot.places_filled:
            flash(_("Job-seekers are already matched to this slot. Contact the coordinator to end those placements."),
                  "warning")
        else:
            workflow.withdraw(slot, current_user)
            db.session.commit()
            flash(_("The slot is withdrawn."), "success")
    return redirect(url_for("slots.show", slot_id=slot.id))


@bp.route("/<int:slot_id>/copy", methods=["POST"])
@roles_required(Role.EMPLOYER)
def copy(slot_id):
    slot = slot_or_403(slot_id, current_user, change=True)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("slots.show", slot_id=slot.id))
    new_slot = workflow.copy_slot(slot, current_user)
    db.session.commit()
    flash(_("This is a copy saved as a draft. Check the period and confirm the declarations before you submit it."),
          "success")
    return redirect(url_for("slots.edit", slot_id=new_slot.id))


@bp.route("/<int:slot_id>/reply", methods=["POST"])
@roles_required(Role.EMPLOYER)
def reply(slot_id):
    slot = slot_or_403(slot_id, current_user, change=True)
    form = ReplyToObjectionForm()
    if not may_reply(slot):
        return redirect(url_for("slots.show", slot_id=slot.id))
    if form.validate_on_submit():
        slot.employer_response = form.response.data
        db.session.commit()
        flash(_("Your answer is saved; the union representative sees it with the slot."), "success")
        return redirect(url_for("slots.show", slot_id=slot.id))
    history = slot.status_changes
    return render_template("slots/show.html", slot=slot, history=history, form=EmptyForm(), reply_form=form)


def may_reply(slot):
    """The employer may answer the union's objection while the coordinator has still to decide (who
    then reads the answer), and a refusal before revising the slot."""
    objection = slot.latest_review is not None and slot.latest_review.decision == "object"
    return (slot.status == SlotStatus.AWAITING_DECISION and objection) or slot.status == SlotStatus.REFUSED


def _valid_and_ready(form, organisation, slot=None):
    """Check the fields and the submission rules together, so that every message shows at once."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    return _ready(form, organisation, slot) and valid


def _ready(form, organisation, slot=None):
    """Submitting needs the declarations, a verified organisation and the guide; a draft needs neither.

    A slot already with the union (or approved) counts as submitted with every change.
    """
    submitting = form.submit_for_review.data or (slot is not None and slot.status != SlotStatus.DRAFT)
    if not submitting:
        return True
    declared = form.require_declarations()
    blockers = rules.submission_blockers(organisation)
    form.form_errors.extend(blockers)
    return declared and not blockers


def _flash_saved(slot, form):
    if slot.status == SlotStatus.AWAITING_REVIEW:
        flash(_("The slot is sent for consultation with the union. The coordinator decides after the union's "
                "statement, or after %(date)s if none comes.", date=slot.consultation_due_on.isoformat()), "success")
    else:
        flash(_("The slot is saved."), "success")
    if form.warning:
        flash(form.warning, "warning")

