"""Employers offer, edit, withdraw and copy slots; everyone allowed can read one."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..access import roles_required
from ..extensions import db
from ..forms import EmptyForm
from ..listing import one_page
from ..models import LANGUAGE_LEVEL_LABELS, Role, Slot, SlotStatus, SlotStatusChange
from . import bp, rules, workflow
from .access import slot_or_403
from .forms import DECLARATION_LABELS, DECLARATIONS, ReplyToObjectionForm, SendForm, SlotForm


DASHBOARD_SLOTS = 10  # the newest slots on the employer's dashboard; the slot list has them all


def employer_slots_query(organisation):
    """The organisation's slots, newest first, with what their list rows show loaded alongside
    (one query per collection for a page of slots, not one per slot)."""
    return (
        select(Slot)
        .where(Slot.organisation_id == organisation.id)
        .options(selectinload(Slot.reviews), selectinload(Slot.decisions), selectinload(Slot.placements))
        .order_by(Slot.created_at.desc(), Slot.id.desc())
    )


def employer_slots(organisation, limit=DASHBOARD_SLOTS):
    """The newest slots and how many there are in all (the dashboard's list)."""
    slots = db.session.scalars(employer_slots_query(organisation).limit(limit)).all()
    total = db.session.scalar(select(func.count(Slot.id)).where(Slot.organisation_id == organisation.id))
    return slots, total


@bp.route("/")
@roles_required(Role.EMPLOYER)
def index():
    organisation = current_user.organisation
    rows, elsewhere = one_page(employer_slots_query(organisation), "slots.index", None)
    if elsewhere:
        return elsewhere
    return render_template("slots/index.html", slots=rows.items, rows=rows,
                           blockers=rules.submission_blockers(organisation))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def new():
    organisation = current_user.organisation
    form = SlotForm(today=date.today())
    supervisors = _offer_supervisors(form, organisation)
    if request.method == "GET":
        form.workplace_address.data = organisation.workplace_address
    if form.is_submitted() and form.use_supervisor.data:
        _use_supervisor(form, supervisors)
    elif _valid_and_ready(form, organisation):
        slot = workflow.create_slot(organisation, current_user, form.slot_values(), form.goals)
        if form.submit_for_review.data:
            workflow.submit_for_review(slot, current_user)
        db.session.commit()
        return _after_saving(slot, form)
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
    supervisors = _offer_supervisors(form, slot.organisation)
    if request.method == "GET":
        form.learning_goals.data = "\n".join(goal.text for goal in slot.learning_goals)
        if slot.status != SlotStatus.DRAFT:
            # Declarations are confirmed afresh with each submission; a draft keeps those ticked so far.
            for name in DECLARATIONS:
                form[name].data = False
    if form.is_submitted() and form.use_supervisor.data:
        _use_supervisor(form, supervisors)
    elif _valid_and_ready(form, slot.organisation, slot):
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
            return redirect(url_for("slots.show", slot_id=slot.id))
        return _after_saving(slot, form)
    return render_template(
        "slots/form.html", form=form, slot=slot, blockers=rules.submission_blockers(slot.organisation)
    )


@bp.route("/<int:slot_id>/check", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER)
def check(slot_id):
    """Check your answers (GOV.UK's pattern): every answer of a draft or a refused slot, each with a
    link to change it, and the button that sends the slot for consultation as shown."""
    slot = slot_or_403(slot_id, current_user, change=True)
    if slot.status not in (SlotStatus.DRAFT, SlotStatus.REFUSED):
        return redirect(url_for("slots.show", slot_id=slot.id))
    form = SendForm(revision=slot.revision)
    blockers = rules.submission_blockers(slot.organisation)
    problems = _sending_problems(slot, date.today())
    if form.validate_on_submit() and not problems and not blockers:
        try:
            workflow.send_for_consultation(slot, current_user, form.revision.data)
        except workflow.SlotChanged:
            db.session.rollback()
            flash(_("The slot changed after these answers were shown (in another tab, or it was already sent). "
                    "Nothing is sent: check the answers as they are now."), "warning")
            return redirect(url_for("slots.check", slot_id=slot.id))
        db.session.commit()
        _flash_saved(slot, form)
        return redirect(url_for("slots.show", slot_id=slot.id))
    return render_template("slots/check.html", slot=slot, form=form, rows=answer_rows(slot), problems=problems,
                           blockers=blockers, submitted=form.is_submitted(),
                           due_on=workflow.consultation_due_on())


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
    submitting = (form.submit_for_review.data or form.check_answers.data
                  or (slot is not None and slot.status != SlotStatus.DRAFT))
    if not submitting:
        return True
    declared = form.require_declarations()
    blockers = rules.submission_blockers(organisation)
    form.form_errors.extend(blockers)
    return declared and not blockers


def _after_saving(slot, form):
    """To the page that checks the answers when the employer goes on to send the slot; else to the slot."""
    if form.check_answers.data and slot.status in (SlotStatus.DRAFT, SlotStatus.REFUSED):
        flash(_("Your answers are saved. Check them, then send the slot for consultation."), "success")
        return redirect(url_for("slots.check", slot_id=slot.id))
    _flash_saved(slot, form)
    return redirect(url_for("slots.show", slot_id=slot.id))


def _offer_supervisors(form, organisation):
    """Offer the supervisors the organisation named before; returns them by slot id."""
    supervisors = {str(row.id): row for row in workflow.previous_supervisors(organisation)}
    form.previous_supervisor.choices = [("", _("Choose a supervisor"))] + [
        (key, f"{row.supervisor_name}, {row.supervisor_role} ({row.supervisor_email})")
        for key, row in supervisors.items()
    ]
    return supervisors


def _use_supervisor(form, supervisors):
    """Fill the supervisor's fields from the one chosen (only the organisation's own are offered)."""
    row = supervisors.get(form.previous_supervisor.data or "")
    if row is None:
        form.previous_supervisor.errors = [_("Choose a supervisor from the list, or type their details below")]
        return
    form.supervisor_name.data = row.supervisor_name
    form.supervisor_role.data = row.supervisor_role
    form.supervisor_phone.data = row.supervisor_phone
    form.supervisor_email.data = row.supervisor_email


def _sending_problems(slot, today):
    """What stops a saved slot going to consultation today, as (field name on the form, message):
    a declaration not confirmed, or a period that no longer holds (its start date has passed)."""
    problems = [
        (name, _("Confirm “%(question)s” to submit the slot, or save it as a draft", question=label))
        for name, label in DECLARATION_LABELS.items() if not getattr(slot, name)
    ]
    problems += list(rules.period_errors(slot.start_date, slot.end_date, today, slot.placement_type).items())
    hours = rules.hours_error(slot.hours_per_week, slot.placement_type)
    if hours:
        problems.append(("hours_per_week", hours))
    return problems


def answer_rows(slot):
    """(field name, label, value) for every answer on the slot's form, in the form's order; the value
    is text, or a list (the learning goals)."""
    rows = []
    for name, label in rules.CONTENT_LABELS.items():
        if name == "learning_goals":
            value = [goal.text for goal in slot.learning_goals]
        elif name == "placement_type":
            value = slot.placement_type_label
        elif name == "swedish_level":
            value = LANGUAGE_LEVEL_LABELS.get(slot.swedish_level, slot.swedish_level)
        else:
            value = getattr(slot, name)
            if isinstance(value, bool):
                value = _("Yes") if value else _("No")
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
        rows.append((name, label, value))
    for name, label in DECLARATION_LABELS.items():
        rows.append((name, label, _("Confirmed") if getattr(slot, name) else _("Not confirmed")))
    return rows


def _flash_saved(slot, form):
    if slot.status == SlotStatus.AWAITING_REVIEW:
        flash(_("The slot is sent for consultation with the union. The coordinator decides after the union's "
                "statement, or after %(date)s if none comes.", date=slot.consultation_due_on.isoformat()), "success")
    else:
        flash(_("The slot is saved."), "success")
    if getattr(form, "warning", None):
        flash(form.warning, "warning")

