"""Coordinators keep job-seeker records and match job-seekers to open, consented slots."""
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from .. import listing
from ..access import roles_required
from ..agreements.drafting import draft_agreement
from ..agreements.events import EventKind, append_event
from ..extensions import db
from ..forms import EmptyForm
from ..models import JobSeeker, JobSeekerLanguage, Placement, Role, Slot
from ..records import access_log
from . import bp
from .forms import JobSeekerForm, JobSeekerSearchForm, OverlapForm
from .matching import MatchRefused, confirm_match, open_pool, overlapping_placements
from .pool import score_slot

SHOWN = 25  # ranked slots on the matching page at first; "Show more" adds as many again

RECORD_FIELDS = (
    "full_name", "gender", "birth_year", "education", "experience", "desired_occupation", "desired_development",
    "needs_step_free_access", "needs_part_time", "adjustment_needs",
)


@bp.route("/")
@roles_required(Role.COORDINATOR)
def index():
    """Job-seekers by name, a page at a time, narrowed by the search box."""
    form = JobSeekerSearchForm(request.args)
    query = select(JobSeeker).order_by(JobSeeker.full_name, JobSeeker.id)
    search = form.q.data if form.validate() else ""
    if search:
        query = query.where(or_(listing.contains(JobSeeker.full_name, search),
                                 listing.contains(JobSeeker.desired_occupation, search)))
    # Select-in, not joined: a joined collection would break the page's LIMIT.
    query = query.options(selectinload(JobSeeker.languages), selectinload(JobSeeker.placements))
    jobseekers, past_the_end = listing.one_page(query, "jobseekers.index", search)
    return past_the_end or render_template("jobseekers/index.html", jobseekers=jobseekers, form=form, search=search)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def new():
    form = JobSeekerForm()
    if form.validate_on_submit():
        jobseeker = JobSeeker()
        _save(form, jobseeker)
        db.session.add(jobseeker)
        db.session.commit()
        flash(_("The record for %(name)s is saved.", name=jobseeker.full_name), "success")
        return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    return render_template("jobseekers/form.html", form=form, jobseeker=None)


@bp.route("/<int:jobseeker_id>/edit", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def edit(jobseeker_id):
    jobseeker = db.get_or_404(JobSeeker, jobseeker_id)
    if request.method == "GET":
        access_log.log_access(jobseeker, current_user, "jobseekers.edit")
    form = JobSeekerForm(obj=jobseeker)
    if request.method == "GET" and len(form.languages) < form.languages.max_entries and all(
        row.language.data for row in form.languages
    ):
        form.languages.append_entry()
    if form.validate_on_submit():
        _save(form, jobseeker)
        db.session.commit()
        flash(_("The record for %(name)s is saved.", name=jobseeker.full_name), "success")
        return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    return render_template("jobseekers/form.html", form=form, jobseeker=jobseeker)


@bp.route("/<int:jobseeker_id>")
@roles_required(Role.COORDINATOR)
def show(jobseeker_id):
    """The record, and the open slots ranked by fit with the reasons."""
    jobseeker = db.get_or_404(JobSeeker, jobseeker_id)
    access_log.log_access(jobseeker, current_user, "jobseekers.show")
    placements = db.session.scalars(
        select(Placement).where(Placement.jobseeker_id == jobseeker.id)
        .options(selectinload(Placement.slot).selectinload(Slot.organisation))
        .order_by(Placement.matched_at.desc())
    ).all()
    already = {placement.slot_id for placement in placements}  # a slot they were matched to is not offered again
    pool = open_pool(date.today())
    open_count = len(pool) - sum(1 for slot_id in already if slot_id in pool.positions)
    # Every open slot is ranked; the page shows the best few, and more on request.
    shown = max(SHOWN, min(request.args.get("show", SHOWN, type=int) or SHOWN, open_count))
    best = pool.best(jobseeker, date.today(), limit=shown, leave_out=already)  # item.slot: a matching.Candidate
    return render_template("jobseekers/show.html", jobseeker=jobseeker, ranked=best, open_count=open_count,
                           more=min(open_count, shown + SHOWN) if shown < open_count else None,
                           placements=placements, form=EmptyForm(), accesses=access_log.recent(jobseeker))


@bp.route("/<int:jobseeker_id>/match/<int:slot_id>", methods=["POST"])
@roles_required(Role.COORDINATOR)
def match(jobseeker_id, slot_id):
    jobseeker = db.get_or_404(JobSeeker, jobseeker_id)
    slot = db.get_or_404(Slot, slot_id)
    if not EmptyForm().validate_on_submit():
        return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    return _match(jobseeker, slot)


@bp.route("/<int:jobseeker_id>/match/<int:slot_id>/overlap", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def match_overlap(jobseeker_id, slot_id):
    """The match's confirmation page when another placement of the person overlaps the slot's
    period: a warning naming it, and the match only with a confirmed reason (kept and logged)."""
    jobseeker = db.get_or_404(JobSeeker, jobseeker_id)
    slot = db.get_or_404(Slot, slot_id)
    form = OverlapForm()
    if form.validate_on_submit():
        return _match(jobseeker, slot, overlap_reason=form.reason.data)
    overlaps = [p for p in overlapping_placements(jobseeker.id, slot.start_date, slot.end_date) if p.slot_id != slot.id]
    return render_template("jobseekers/overlap.html", jobseeker=jobseeker, slot=slot, overlaps=overlaps, form=form)


def _match(jobseeker, slot, overlap_reason=None):
    jobseeker_id = jobseeker.id
    score = score_slot(jobseeker, slot, date.today()).score
    try:
        placement = confirm_match(jobseeker, slot, current_user, score=score, overlap_reason=overlap_reason)
    except MatchRefused as refusal:
        if str(refusal) == "overlap":
            flash(_("%(name)s has another placement at the same time. Check it before you match.",
                    name=jobseeker.full_name), "warning")
            return redirect(url_for("jobseekers.match_overlap", jobseeker_id=jobseeker_id, slot_id=slot.id))
        messages = {
            "ended": _("%(title)s ended on %(date)s, so no one can be matched to it. Choose another slot.",
                       title=slot.title, date=slot.end_date.isoformat()),
            "no-places": _("%(title)s has no places left, or is no longer open. Choose another slot.", title=slot.title),
            "already-matched": _("%(name)s is already matched to %(title)s.", name=jobseeker.full_name,
                                 title=slot.title),
        }
        flash(messages[str(refusal)], "warning")
        return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker_id))
    agreement = draft_agreement(placement, current_user)  # in the same transaction: a match always has its agreement
    if placement.overlap_reason:
        # In the agreement's audit trail too: who matched despite which overlap, and why.
        append_event(agreement, EventKind.OVERLAP_CONFIRMED, actor=current_user, version=agreement.current_version,
                     details={"reason": placement.overlap_reason, "overlaps": placement.overlap_with})
    db.session.commit()
    flash(_("%(name)s is matched to %(title)s at %(organisation)s.", name=jobseeker.full_name, title=slot.title,
            organisation=slot.organisation.name), "success")
    return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))


def _save(form, jobseeker):
    for name in RECORD_FIELDS:
        setattr(jobseeker, name, form[name].data if form[name].data is not None else "")
    jobseeker.languages = [JobSeekerLanguage(language=language, level=level) for language, level in form.language_rows()]
