"""End of a placement: ending early, the employer's final report, the job-seeker's feedback, the follow-up."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..access import roles_required
from ..extensions import db
from ..models import EmployerReport, FollowUp, GoalRating, JobSeekerFeedback, Role
from ..placements.access import placement_or_403
from . import bp, rules
from .forms import EndEarlyForm, FollowUpForm, JobSeekerFeedbackForm, employer_report_form, rating_value


@bp.route("/<int:placement_id>/end", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER, Role.JOBSEEKER, Role.COORDINATOR)
def end_early(placement_id):
    placement = placement_or_403(placement_id, current_user)
    form = EndEarlyForm()
    if form.validate_on_submit():
        for name, message in rules.end_early_errors(placement, form.ended_on.data, date.today()).items():
            form[name].errors.append(message)
        if not form.errors:
            rules.end_early(placement, current_user, form.ended_on.data, form.reason.data, form.note.data)
            db.session.commit()
            flash(_("The placement is ended. Both sides can now give their feedback."), "success")
            return redirect(url_for("dashboard.index"))
    return render_template("feedback/end_early.html", form=form, placement=placement)


@bp.route("/<int:placement_id>/report", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER, Role.COORDINATOR)
def employer_report(placement_id):
    """The employer writes the final report; the coordinator reads it."""
    placement = placement_or_403(placement_id, current_user)
    report = db.session.scalar(select(EmployerReport).where(EmployerReport.placement_id == placement.id))
    goals = placement.slot.learning_goals
    editable = current_user.role == Role.EMPLOYER and not (report and report.submitted_at)
    if request.method == "POST" and current_user.role == Role.EMPLOYER and report and report.submitted_at:
        return _already_submitted(_("The final report is already submitted and cannot be changed. "
                                    "Your changes are not saved."), "feedback.employer_report", placement)
    if not editable or not rules.has_ended(placement, date.today()):
        return render_template("feedback/employer_report_view.html", placement=placement, report=report,
                               not_yet=not rules.has_ended(placement, date.today()))
    form = employer_report_form(goals, obj=report)
    if request.method == "GET" and report:
        form.would_take_again.data = {True: "yes", False: "no"}.get(report.would_take_again)
        for rating in report.goal_ratings:
            form[f"goal_{rating.learning_goal_id}"].data = str(rating.rating)
    if form.validate_on_submit() and (form.save_draft.data or form.require_complete()):
        report = rules.open_draft(EmployerReport, placement.id, author_id=current_user.id)
        if report is None:  # submitted since this request read it
            return _already_submitted(_("The final report is already submitted and cannot be changed. "
                                        "Your changes are not saved."), "feedback.employer_report", placement)
        _fill_report(report, form, goals)
        if form.submit.data:
            rules.submit(report)
        db.session.commit()
        flash(_("Your final report is submitted. Thank you.") if form.submit.data
              else _("Your draft is saved. Submit it when it is complete."), "success")
        return redirect(url_for("feedback.employer_report", placement_id=placement.id))
    return render_template("feedback/employer_report.html", form=form, placement=placement, report=report)


@bp.route("/<int:placement_id>/feedback", methods=["GET", "POST"])
@roles_required(Role.JOBSEEKER, Role.COORDINATOR)
def jobseeker_feedback(placement_id):
    """The job-seeker tells how it went; the coordinator reads it. The employer never sees it."""
    placement = placement_or_403(placement_id, current_user)
    feedback = db.session.scalar(select(JobSeekerFeedback).where(JobSeekerFeedback.placement_id == placement.id))
    editable = current_user.role == Role.JOBSEEKER and not (feedback and feedback.submitted_at)
    if request.method == "POST" and current_user.role == Role.JOBSEEKER and feedback and feedback.submitted_at:
        return _already_submitted(_("Your answers are already sent and cannot be changed. Your changes are not saved."),
                                  "feedback.jobseeker_feedback", placement)
    if not editable or not rules.has_ended(placement, date.today()):
        return render_template("feedback/jobseeker_feedback_view.html", placement=placement, feedback=feedback,
                               not_yet=not rules.has_ended(placement, date.today()))
    form = JobSeekerFeedbackForm(obj=feedback)
    if request.method == "GET" and feedback:
        for name in ("supervision_rating", "learning_rating", "treatment_rating"):
            form[name].data = str(getattr(feedback, name)) if getattr(feedback, name) else None
    if form.validate_on_submit() and (form.save_draft.data or form.require_complete()):
        feedback = rules.open_draft(JobSeekerFeedback, placement.id)
        if feedback is None:  # sent since this request read it
            return _already_submitted(_("Your answers are already sent and cannot be changed. "
                                        "Your changes are not saved."), "feedback.jobseeker_feedback", placement)
        for name in ("purpose_met", "job_outcome", "learned", "free_text"):
            setattr(feedback, name, form[name].data or "")
        for name in ("supervision_rating", "learning_rating", "treatment_rating"):
            setattr(feedback, name, rating_value(form[name].data))
        if form.submit.data:
            rules.submit(feedback)
        db.session.commit()
        flash(_("Thank you! Your answers are sent.") if form.submit.data
              else _("Your answers are saved. Send them when you are ready."), "success")
        return redirect(url_for("feedback.jobseeker_feedback", placement_id=placement.id))
    return render_template("feedback/jobseeker_feedback.html", form=form, placement=placement)


@bp.route("/<int:placement_id>/follow-up", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def follow_up(placement_id):
    placement = placement_or_403(placement_id, current_user)
    existing = db.session.scalar(select(FollowUp).where(FollowUp.placement_id == placement.id))
    form = FollowUpForm(obj=existing)
    refusal = rules.follow_up_refusal(placement, date.today())
    if refusal is None and form.validate_on_submit():
        # Made if missing, then changed: two first saves at once make one follow-up, the later one's.
        record = rules.ensure_row(FollowUp, placement.id, outcome=form.outcome.data, recorded_by_id=current_user.id)
        record.outcome = form.outcome.data
        record.recorded_by = current_user
        db.session.commit()
        flash(_("The follow-up is saved."), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("feedback/follow_up.html", form=form, placement=placement, existing=existing,
                           due=rules.follow_up_due(placement, date.today()), refusal=refusal)


def _already_submitted(message, endpoint, placement):
    """A post to a submitted form changes nothing: say so, and show the form as it was submitted."""
    flash(message, "warning")
    return redirect(url_for(endpoint, placement_id=placement.id))


def _fill_report(report, form, goals):
    report.attendance_percent = form.attendance_percent.data
    for name in ("tasks_done", "went_well", "could_develop", "certificate_reference", "employment_offered"):
        setattr(report, name, form[name].data or "")
    report.would_take_again = {"yes": True, "no": False}.get(form.would_take_again.data)
    # Changed in place, so that a goal's row is never deleted and inserted again in one flush.
    existing = {rating.learning_goal_id: rating for rating in report.goal_ratings}
    for goal in goals:
        value = rating_value(form[f"goal_{goal.id}"].data)
        if value and goal.id in existing:
            existing[goal.id].rating = value
        elif value:
            report.goal_ratings.append(GoalRating(learning_goal_id=goal.id, rating=value))
        elif goal.id in existing:
            report.goal_ratings.remove(existing[goal.id])
