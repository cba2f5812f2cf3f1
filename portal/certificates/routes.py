from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from ..access import roles_required
from ..models import GOAL_SCALE, Role
from ..placements.access import placement_or_403
from . import bp, issuing
from .forms import AcceptForm


@bp.route("/<int:placement_id>/certificate", methods=["GET", "POST"])
@roles_required(Role.JOBSEEKER, Role.COORDINATOR)
def certificate(placement_id):
    """The job-seeker reads the proposed text and accepts it; then downloads the certificate.
    A coordinator sees where it stands (and the text), but cannot accept it for the person."""
    placement = placement_or_403(placement_id, current_user)
    existing = issuing.certificate_of(placement)
    report = issuing.submitted_report(placement)
    terms = issuing.proposed_terms(placement, report) if report is not None and existing is None else None
    form = AcceptForm()
    if existing is None and terms is not None and current_user.role == Role.JOBSEEKER:
        if form.validate_on_submit():
            try:
                issuing.issue(placement, current_user, str(get_locale() or "sv")[:2], form.shown.data)
            except issuing.CertificateRefused:
                flash(_("The final report changed while you were reading. Read the text again."), "warning")
                return redirect(url_for("certificates.certificate", placement_id=placement.id))
            flash(_("Your certificate is issued."), "success")
            return redirect(url_for("certificates.certificate", placement_id=placement.id))
        form.shown.data = issuing.terms_sha256(terms)
    return render_template("certificates/certificate.html", placement=placement, certificate=existing, terms=terms,
                           form=form, goal_scale=GOAL_SCALE)


@bp.route("/<int:placement_id>/certificate.pdf")
@roles_required(Role.JOBSEEKER, Role.COORDINATOR)
def pdf(placement_id):
    placement = placement_or_403(placement_id, current_user)
    existing = issuing.certificate_of(placement)
    if existing is None:
        abort(404)
    return Response(existing.pdf, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{existing.reference}.pdf"', "Cache-Control": "no-store"})
