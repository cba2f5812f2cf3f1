"""Pages for changing a running placement (a new version all three sign) and for a coordinator
signing on the job-seeker's behalf (issue 15, parts 3 and 4)."""
import json

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import roles_required
from ..models import Role, SignerRole, VersionStatus
from . import bp
from .changes import (
    TERM_FIELDS,
    ChangeError,
    changes_of,
    current_terms,
    may_propose,
    pending_change,
    propose_change,
    refusal,
    standing_version,
)
from .forms import ChangeForm, OnBehalfForm
from .on_behalf import ON_BEHALF_REASONS, sign_on_behalf
from .routes import _after_refusal, _agreement, _check_signer
from .signing import SigningError

REFUSALS = {
    "not-running": lambda: _("Only a running placement, with an agreement signed by all parties, can be changed."),
    "not-signed": lambda: _("The agreement is not signed by all parties yet: the coordinator makes a new version "
                            "instead."),
    "pending": lambda: _("A change is already waiting for signatures. It must be signed or declined first."),
}


@bp.route("/agreements/<reference>/change", methods=["GET", "POST"])
@roles_required(Role.EMPLOYER, Role.COORDINATOR)
def propose(reference):
    agreement = _agreement(reference)
    if not may_propose(current_user, agreement):
        abort(403)
    refused = refusal(agreement)
    if refused:
        flash(REFUSALS[refused](), "warning")
        return redirect(url_for("agreements.show", reference=reference))
    terms = current_terms(agreement.placement)
    form = ChangeForm(data=terms) if request.method == "GET" else ChangeForm()
    if form.validate_on_submit():
        try:
            propose_change(reference, current_user, values={name: form[name].data for name in TERM_FIELDS},
                           reason=form.reason.data)
        except ChangeError as problem:
            if problem.code in REFUSALS:
                flash(REFUSALS[problem.code](), "warning")
                return redirect(url_for("agreements.show", reference=reference))
            if problem.code == "not-a-party":
                abort(403)
            for name, message in problem.errors.items():
                form[name].errors = list(form[name].errors) + [message]
        else:
            flash(_("The change is proposed as a new version. Until every party has signed it, the current terms "
                    "stand."), "success")
            return redirect(url_for("agreements.show", reference=reference))
    return render_template("agreements/change.html", agreement=agreement, form=form, terms=terms,
                           programme_months=_max_months(agreement))


def _max_months(agreement):
    from ..slots.rules import programme_for

    return programme_for(agreement.placement.slot.placement_type).max_months


@bp.route("/agreements/<reference>/sign-on-behalf", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def sign_on_behalf_page(reference):
    agreement = _agreement(reference)
    version = agreement.current_version
    if version.status != VersionStatus.OPEN or version.signature_for(SignerRole.JOBSEEKER) is not None:
        flash(_("This agreement cannot be signed now."), "warning")
        return redirect(url_for("agreements.show", reference=reference))
    if version.signature_for(SignerRole.EMPLOYER) is None:
        flash(_("The employer signs first; then you can sign for the participant."), "warning")
        return redirect(url_for("agreements.show", reference=reference))
    form = OnBehalfForm(version=version.number)
    if form.validate_on_submit() and _check_signer(form):
        try:
            sign_on_behalf(reference, current_user, reason=form.reason.data, note=form.note.data or "",
                           version_number=form.version.data or version.number,
                           ip_address=request.remote_addr or "", user_agent=request.headers.get("User-Agent", ""))
        except SigningError as refused:
            if refused.code == "employer-first":
                flash(_("The employer signs first; then you can sign for the participant."), "warning")
                return redirect(url_for("agreements.show", reference=reference))
            return _after_refusal(reference, refused.code)
        flash(_("You have signed for %(name)s. They have been told.", name=agreement.placement.jobseeker.full_name),
              "success")
        return redirect(url_for("agreements.show", reference=reference))
    return render_template("agreements/sign_on_behalf.html", agreement=agreement, version=version, form=form,
                           terms=json.loads(version.terms_json))


@bp.app_template_global()
def change_context(agreement, user):
    """What the agreement page shows of changes: the pending one, whether the user may propose."""
    return {
        "pending_change": pending_change(agreement),
        "may_propose_change": may_propose(user, agreement) and refusal(agreement) is None,
        "changes": changes_of(agreement.placement),
        "standing": standing_version(agreement),
    }


@bp.app_template_global()
def event_note(event):
    """A short line for the audit trail on the events that carry a reason (changes, signing on
    behalf, overlaps): who for whom, and why."""
    details = json.loads(event.details or "{}")
    if event.kind == "change-proposed":
        return _("Reason: %(reason)s", reason=details.get("reason", ""))
    if event.kind == "signed-on-behalf":
        why = details.get("note") or str(ON_BEHALF_REASONS.get(details.get("reason"), details.get("reason", "")))
        return _("%(coordinator)s signed for %(participant)s. Reason: %(reason)s",
                 coordinator=details.get("signed_by", ""), participant=details.get("on_behalf_of", ""), reason=why)
    if event.kind == "overlap-confirmed":
        return _("Overlaps %(overlaps)s. Reason: %(reason)s", overlaps=details.get("overlaps", ""),
                 reason=details.get("reason", ""))
    if event.kind == "declined":
        return _("Reason: %(reason)s", reason=details.get("reason", ""))
    return ""
