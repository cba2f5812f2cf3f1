from urllib.parse import unquote, urlsplit

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select

from ..access import any_logged_in_user, public
from ..extensions import db, login_manager
from ..forms import EmptyForm
from ..models import User
from ..security import burn_password_check, hash_password, new_session_token, verify_password
from .. import ratelimit
from . import bp, recovery, throttle
from .forms import ChangePasswordForm, ForgotPasswordForm, LoginForm, SetPasswordForm

login_manager.login_view = "accounts.login"
login_manager.login_message = None


@login_manager.user_loader
def load_user(session_id):
    user_id, _sep, token = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or user.session_token != token:
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email = throttle.normalise_email(form.email.data)
        # The try is counted before the password is checked, so parallel guesses cannot slip past.
        if not throttle.count_try(email, request.remote_addr):
            form.form_errors.append(
                _("Too many failed attempts. For your security, wait 15 minutes and try again.")
            )
        else:
            user = db.session.scalar(select(User).where(User.email == email))
            if user is None:
                burn_password_check(form.password.data)
            # An account whose registration is not confirmed yet answers like a wrong password: a
            # different answer would tell that the address had no account before (organisations/registration.py).
            if (user is not None and verify_password(user.password_hash, form.password.data)
                    and not user.awaiting_confirmation):
                throttle.succeeded(email, request.remote_addr)
                login_user(user)
                return redirect(_safe_next(request.args.get("next")) or url_for("dashboard.index"))
            # Same answer for an unknown e-mail and a wrong password.
            form.form_errors.append(_("The e-mail address or the password is wrong."))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@any_logged_in_user
def logout():
    if EmptyForm().validate_on_submit():
        # A new session token makes any copy of the old session cookie worthless.
        current_user.session_token = new_session_token()
        db.session.commit()
        logout_user()
        flash(_("You are logged out."), "success")
    return redirect(url_for("start.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@any_logged_in_user
def change_password():
    """A new password for the logged-in user; every other session of the account ends, this one goes on."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        # Guesses here count towards the login throttle, like wrong logins, and before the check.
        if not throttle.count_try(current_user.email, request.remote_addr):
            form.form_errors.append(
                _("Too many failed attempts. For your security, wait 15 minutes and try again.")
            )
        elif not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append(_("Your current password is wrong"))
        else:
            throttle.succeeded(current_user.email, request.remote_addr)
            if form.new_password.data == form.current_password.data:
                form.new_password.errors.append(_("Choose a new password that differs from the current one"))
            else:
                user = current_user._get_current_object()
                user.password_hash = hash_password(form.new_password.data)
                # A new session token ends every other session; this one is logged in again with it.
                user.session_token = new_session_token()
                db.session.commit()
                login_user(user)
                flash(_("Your password is changed. You are logged out everywhere else."), "success")
                return redirect(url_for("dashboard.index"))
    return render_template("accounts/password.html", form=form)


@bp.route("/password/forgot", methods=["GET", "POST"])
@public
def forgot_password():
    """Ask for a reset link. The answer is the same whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        config = current_app.config
        window = timedelta(minutes=config["PASSWORD_RESETS_WINDOW_MINUTES"])
        # Counted before anything is looked up or sent (ratelimit commits): per address, so that one
        # visitor cannot mail the world; per e-mail, so that nobody's inbox is flooded with links.
        if not ratelimit.hit("reset-address", request.remote_addr, config["PASSWORD_RESETS_PER_ADDRESS"], window):
            form.form_errors.append(_("You have tried too many times. Wait a while and try again."))
            return render_template("accounts/forgot.html", form=form), 429
        if ratelimit.hit("reset-email", throttle.normalise_email(form.email.data),
                         config["PASSWORD_RESETS_PER_EMAIL"], window):
            recovery.request_reset(form.email.data)
            db.session.commit()
        # Past the per-e-mail limit nothing more is sent, and the answer stays the same.
        return render_template("accounts/forgot_sent.html", email=throttle.normalise_email(form.email.data))
    return render_template("accounts/forgot.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    """The link in the reset mail: choose a new password; every other session of the account ends."""
    user = recovery.reset_user(token)
    if user is None:
        return render_template("accounts/link_invalid.html", heading=_("Reset your password")), 200
    form = SetPasswordForm()
    if form.validate_on_submit():
        recovery.set_password(user, form.new_password.data)
        db.session.commit()
        ratelimit.reset(throttle.EMAIL_BUCKET, user.email)  # shown they read the mail: no lock left
        login_user(user)
        flash(_("Your password is changed. You are logged out everywhere else."), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("accounts/set_password.html", form=form, user=user, heading=_("Reset your password"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token):
    """The link in an invitation: the job-seeker chooses a password and is logged in to their record."""
    user = recovery.invited_user(token)
    if user is None:
        return render_template("accounts/link_invalid.html", heading=_("Accept the invitation")), 200
    form = SetPasswordForm()
    if form.validate_on_submit():
        recovery.set_password(user, form.new_password.data)
        db.session.commit()
        login_user(user)
        flash(_("Welcome to Praktikportalen. Your account is ready."), "success")
        return redirect(url_for("dashboard.index"))
    return render_template("accounts/set_password.html", form=form, user=user, heading=_("Accept the invitation"))


def _safe_next(target):
    r"""Only follow ?next= to a path on this site, never to another host.

    Browsers drop tabs and newlines from an address and read a backslash as a slash, so
    `/\t/evil.example` or `/\\evil.example` would take the user to another site. Anything odd is
    refused rather than cleaned, as plain and as percent-encoded (decoded a few times over): the
    user simply lands on the dashboard.
    """
    if not target:
        return None
    decoded = target
    for _round in range(4):
        if any(ord(char) < 0x20 or ord(char) == 0x7F for char in decoded) or "\\" in decoded:
            return None
        parts = urlsplit(decoded)
        if parts.scheme or parts.netloc or not decoded.startswith("/") or decoded.startswith("//"):
            return None
        again = unquote(decoded)
        if again == decoded:
            return target
        decoded = again
    return None  # still encoded after four rounds: nobody's link looks like that
