"""The parties' pages: list, terms, PDF, signing in two steps, declining, audit trail, new versions."""
import json

from flask import abort, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ..access import any_logged_in_user, ensure, roles_required
from ..accounts import throttle
from ..extensions import db
from ..forms import EmptyForm
from ..models import Agreement, AgreementEvent, Role, SignerRole, VersionStatus
from ..models.base import utcnow
from ..security import verify_password
from . import bp, notifications
from .access import agreements_for, may_see, signer_role
from .drafting import DraftingError, redraft_agreement, terms_changed
from .events import EventKind, append_event, check_chain, retrying
from .forms import DeclineForm, NewVersionForm, ReadForm, SignForm
from .signing import SigningError, decline_agreement, sign_agreement
from .wording import wording

READ_KEY = "agreements_read"  # session: {reference: version number} once step 1 is confirmed
PARTIES = (Role.EMPLOYER, Role.JOBSEEKER, Role.COORDINATOR)


def _agreement(reference):
    agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
    if agreement is None:
        abort(404)
    ensure(may_see(current_user, agreement))
    return agreement


def _signing_state(agreement):
    """For the templates: each party with its signature (or None) on the current version."""
    version = agreement.current_version
    return [(role, version.signature_for(role)) for role in SignerRole]


def _record_view(agreement):
    """A 'viewed' event the first time each person opens a version."""
    version = agreement.current_version
    seen = db.session.scalar(
        select(AgreementEvent.id).where(
            AgreementEvent.agreement_id == agreement.id,
            AgreementEvent.kind == EventKind.VIEWED,
            AgreementEvent.actor_id == current_user.id,
            AgreementEvent.version_number == version.number,
        )
    )
    if seen is None:
        retrying(lambda: append_event(agreement, EventKind.VIEWED, actor=current_user, version=version))


@bp.route("/agreements/")
@any_logged_in_user
def index():
    return render_template("agreements/index.html", agreements=agreements_for(current_user))


@bp.route("/agreements/<reference>")
@any_logged_in_user
def show(reference):
    agreement = _agreement(reference)
    version = agreement.current_version
    role = signer_role(current_user, agreement)
    language = str(get_locale()) if str(get_locale()) in ("sv", "en") else "sv"
    return render_template(
        "agreements/show.html",
        agreement=agreement,
        version=version,
        terms=json.loads(version.terms_json),
        plain=wording(language),
        my_role=role,
        my_signature=version.signature_for(role) if role else None,
        signing=_signing_state(agreement),
        stale=current_user.role == Role.COORDINATOR and not agreement.is_final and terms_changed(agreement),
        version_form=NewVersionForm(language=version.language),
        empty_form=EmptyForm(),
    )


@bp.route("/agreements/<reference>/agreement.pdf")
@any_logged_in_user
def pdf(reference):
    agreement = _agreement(reference)
    number = request.args.get("version", type=int)
    version = next((v for v in agreement.versions if v.number == number), None) if number else agreement.current_version
    if version is None:
        abort(404)
    data = version.signatures[-1].result_pdf if version.signatures else version.pdf
    if version is agreement.current_version:
        _record_view(agreement)
    suffix = "" if version.status == VersionStatus.SIGNED else f"-v{version.number}"
    response = make_response(data)
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'inline; filename="{agreement.reference}{suffix}.pdf"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/agreements/<reference>/sign", methods=["GET", "POST"])
@roles_required(*PARTIES)
def sign(reference):
    agreement = _agreement(reference)
    version = agreement.current_version
    role = signer_role(current_user, agreement)
    refusal = _refusal(agreement, role)
    if refusal:
        return refusal
    form = ReadForm(version=version.number, participant=role == SignerRole.JOBSEEKER)
    if form.validate_on_submit():
        if form.version.data != version.number:
            flash(_("The agreement has changed. Read the new version before you sign."), "warning")
            return redirect(url_for("agreements.sign", reference=reference))
        session[READ_KEY] = {**session.get(READ_KEY, {}), reference: version.number}
        return redirect(url_for("agreements.sign_confirm", reference=reference))
    if request.method == "GET":
        _record_view(agreement)
    # The terms are shown on this step, for this reader, above the box that says they were read.
    language = str(get_locale()) if str(get_locale()) in ("sv", "en") else "sv"
    return render_template("agreements/sign.html", agreement=agreement, version=version, form=form,
                           role=role, terms=json.loads(version.terms_json), plain=wording(language))


@bp.route("/agreements/<reference>/sign/confirm", methods=["GET", "POST"])
@roles_required(*PARTIES)
def sign_confirm(reference):
    agreement = _agreement(reference)
    version = agreement.current_version
    role = signer_role(current_user, agreement)
    refusal = _refusal(agreement, role, allow_signed=request.method == "POST")
    if refusal:
        return refusal
    already_signed = version.signature_for(role) is not None
    if session.get(READ_KEY, {}).get(reference) != version.number and not already_signed:
        return redirect(url_for("agreements.sign", reference=reference))  # step 1 first
    form = SignForm(version=version.number)
    if request.method == "GET" and throttle.signing_paused(current_user):
        form.password.errors = [_paused_message()]  # said before the user types, not only after
    if form.validate_on_submit():
        if _check_signer(form):
            try:
                _signature, created = sign_agreement(
                    reference, current_user, typed_name=form.full_name.data,
                    version_number=form.version.data or version.number,
                    ip_address=request.remote_addr or "", user_agent=request.headers.get("User-Agent", ""),
                )
            except SigningError as refused:
                return _after_refusal(reference, refused.code)
            session[READ_KEY] = {k: v for k, v in session.get(READ_KEY, {}).items() if k != reference}
            flash(_("You have signed the agreement.") if created else _("You had already signed the agreement."),
                  "success")
            return redirect(url_for("agreements.show", reference=reference))
    return render_template("agreements/sign_confirm.html", agreement=agreement, version=version, form=form,
                           role=role)


def _check_signer(form):
    """Re-authentication and the typed name.

    Wrong passwords here are counted on their own, per user and before the check (not towards the
    login throttle: mistyping when signing must not lock anyone out of the portal), and the
    message next to the field says how many tries are left, or for how long signing is paused.
    """
    if not throttle.count_signing_try(current_user):
        form.password.errors.append(_paused_message())
        return False
    if not verify_password(current_user.password_hash, form.password.data):
        left = throttle.signing_tries_left(current_user)
        if left:
            form.password.errors.append(ngettext(
                "The password is wrong. You have %(num)d more try before signing is paused for a while.",
                "The password is wrong. You have %(num)d more tries before signing is paused for a while.",
                left))
        else:
            form.password.errors.append(_("The password is wrong.") + " " + _paused_message())
        return False
    throttle.signing_succeeded(current_user)
    if " ".join(form.full_name.data.split()).casefold() != " ".join(current_user.full_name.split()).casefold():
        form.full_name.errors.append(
            _("Type your full name as it is written on your account: %(name)s", name=current_user.full_name)
        )
        return False
    return True


def _paused_message():
    minutes = throttle.signing_paused_minutes(current_user)
    return ngettext(
        "Signing is paused after too many wrong passwords. Try again in %(num)d minute. You can still log in as usual.",
        "Signing is paused after too many wrong passwords. Try again in %(num)d minutes. You can still log in as usual.",
        minutes)


def _refusal(agreement, role, allow_signed=False):
    """Why this user cannot sign now, as a redirect with a message; None when they can."""
    version = agreement.current_version
    if role is None:
        abort(403)
    if version.signature_for(role) is not None and not allow_signed:
        flash(_("You have already signed this version."), "success")
        return redirect(url_for("agreements.show", reference=agreement.reference))
    if version.status != VersionStatus.OPEN and not (allow_signed and version.signature_for(role)):
        flash(_("This agreement cannot be signed now."), "warning")
        return redirect(url_for("agreements.show", reference=agreement.reference))
    if role == SignerRole.JOBSEEKER and agreement.placement.jobseeker.user_id != current_user.id:
        abort(403)
    return None


def _after_refusal(reference, code):
    messages = {
        "new-version": _("The agreement has changed. Read the new version before you sign."),
        "closed": _("This agreement cannot be signed now."),
        "already-signed": _("You have already signed this version."),
    }
    if code == "not-a-party":
        abort(403)
    if code == "not-found":
        abort(404)
    flash(messages.get(code, _("This agreement cannot be signed now.")), "warning")
    return redirect(url_for("agreements.show", reference=reference))


@bp.route("/agreements/<reference>/decline", methods=["GET", "POST"])
@roles_required(*PARTIES)
def decline(reference):
    agreement = _agreement(reference)
    version = agreement.current_version
    role = signer_role(current_user, agreement)
    refusal = _refusal(agreement, role)
    if refusal:
        return refusal
    form = DeclineForm(version=version.number)
    if form.validate_on_submit():
        try:
            decline_agreement(reference, current_user, reason=form.reason.data,
                              version_number=form.version.data or version.number)
        except SigningError as refused:
            return _after_refusal(reference, refused.code)
        flash(_("You have declined to sign. The parties have been told."), "success")
        return redirect(url_for("agreements.show", reference=reference))
    return render_template("agreements/decline.html", agreement=agreement, version=version, form=form)


@bp.route("/agreements/<reference>/audit")
@any_logged_in_user
def audit(reference):
    agreement = _agreement(reference)
    return render_template("agreements/audit.html", agreement=agreement, chain=check_chain(agreement),
                           events=agreement.events)


@bp.route("/agreements/<reference>/versions", methods=["POST"])
@roles_required(Role.COORDINATOR)
def new_version(reference):
    agreement = _agreement(reference)
    form = NewVersionForm()
    if form.validate_on_submit():
        try:
            retrying(lambda: redraft_agreement(agreement, current_user, language=form.language.data,
                                               note=form.note.data or ""))
        except DraftingError:
            flash(_("A signed agreement is final and cannot get a new version."), "warning")
        else:
            flash(_("A new version was made. Every party signs it again."), "success")
    else:
        flash(_("Choose the language of the agreement"), "warning")
    return redirect(url_for("agreements.show", reference=reference))


@bp.route("/agreements/<reference>/remind", methods=["POST"])
@roles_required(Role.COORDINATOR)
def remind(reference):
    agreement = _agreement(reference)
    if EmptyForm().validate_on_submit() and not agreement.is_final:

        def work():
            count = notifications.ask_to_sign(agreement, reminder=True)
            agreement.last_reminded_at = utcnow()
            append_event(agreement, EventKind.REMINDED, actor=current_user, version=agreement.current_version,
                         details={"messages": count})
            return count

        count = retrying(work)
        flash(_("Reminders sent: %(count)d.", count=count), "success")
    return redirect(url_for("agreements.show", reference=reference))
