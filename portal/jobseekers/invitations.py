"""Inviting a job-seeker to the portal from their record (the account: accounts/recovery.py)."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..access import roles_required
from ..accounts.forms import InviteForm
from ..accounts.recovery import INVITATION_VALID_FOR, InvitationError, invite as send_invitation
from ..extensions import db
from ..models import JobSeeker, Role
from . import bp


@bp.route("/<int:jobseeker_id>/invite", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def invite(jobseeker_id):
    jobseeker = db.get_or_404(JobSeeker, jobseeker_id)
    if jobseeker.user is not None and not jobseeker.user.awaiting_confirmation:
        flash(_("%(name)s already has an account.", name=jobseeker.full_name), "info")
        return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    form = InviteForm(data={"email": jobseeker.user.email} if jobseeker.user else None)
    if form.validate_on_submit():
        try:
            send_invitation(jobseeker, form.email.data)
        except InvitationError as error:
            db.session.rollback()
            form.email.errors.append(
                _("This e-mail address already has an account. Ask the person which address to use.")
                if str(error) == "email-taken" else _("%(name)s already has an account.", name=jobseeker.full_name))
        else:
            db.session.commit()
            flash(_("The invitation is sent to %(email)s. The link in it is valid for %(days)d days.",
                    email=jobseeker.user.email, days=INVITATION_VALID_FOR.days), "success")
            return redirect(url_for("jobseekers.show", jobseeker_id=jobseeker.id))
    return render_template("jobseekers/invite.html", form=form, jobseeker=jobseeker, days=INVITATION_VALID_FOR.days)
