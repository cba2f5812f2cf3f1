"""Accounts made and recovered by e-mail: a job-seeker invited from their record, and a forgotten
password reset. Both send a one-time link (accounts/links.py); neither commits.

An invitation makes the job-seeker's account at once, tied to the record and awaiting
confirmation (it cannot log in): the link lets the person choose a password, which confirms it.

A reset request is answered alike whether or not the address has an account: the address is
mailed either the link or word that it has no account, so neither the page nor the time it takes
tells which addresses are registered.
"""
import secrets
from datetime import timedelta

from flask_babel import gettext as _

from ..extensions import db
from ..mail import portal_link
from ..models import Role, User
from ..security import hash_password, new_session_token
from .links import mail_in_both_languages, token_for, user_for
from .throttle import normalise_email
from .users import email_taken

INVITATION = "invitation"
INVITATION_VALID_FOR = timedelta(days=14)
RESET = "password-reset"
RESET_VALID_FOR = timedelta(hours=1)


class InvitationError(ValueError):
    pass


def invite(jobseeker, email):
    """Make (or renew) the record's account and mail the invitation; returns the user."""
    email = normalise_email(email)
    user = jobseeker.user
    if user is not None and not user.awaiting_confirmation:
        raise InvitationError("has-account")
    if user is None:
        if email_taken(email):
            raise InvitationError("email-taken")
        # No password anyone knows: the account logs in only after the link sets one.
        user = User(email=email, password_hash=hash_password(secrets.token_urlsafe(32)), role=Role.JOBSEEKER.value,
                    full_name=jobseeker.full_name, session_token=new_session_token(), awaiting_confirmation=True)
        db.session.add(user)
        jobseeker.user = user
    else:
        if email != user.email and email_taken(email):
            raise InvitationError("email-taken")
        user.email = email
        user.session_token = new_session_token()  # a new invitation: the earlier link stops working
    db.session.flush()
    link = portal_link("accounts.accept_invitation", token=token_for(user, INVITATION))
    days = INVITATION_VALID_FOR.days

    def texts():
        return (_("You are invited to Praktikportalen"),
                _("Hello %(name)s,\n\nThe employment service invites you to Praktikportalen, where you can see "
                  "your placement, sign your agreement and tell us how it went. Open this link within %(days)d "
                  "days and choose a password:\n\n%(link)s\n\nThe link works once. If you did not expect this "
                  "message, ignore it.", name=user.full_name, days=days, link=link))

    mail_in_both_languages(user.email, texts)
    return user


def invited_user(token):
    user = user_for(token, INVITATION, INVITATION_VALID_FOR)
    if user is None or user.role != Role.JOBSEEKER or not user.awaiting_confirmation:
        return None
    return user


def request_reset(email):
    """Mail a reset link to the address if it has an account, else word that it has none."""
    email = normalise_email(email)
    user = db.session.scalar(db.select(User).where(User.email == email))
    if user is None:
        login = portal_link("accounts.login")

        def texts():
            return (_("Resetting your password on Praktikportalen"),
                    _("Hello,\n\nSomeone asked to reset the password for this e-mail address on Praktikportalen, "
                      "but it has no account. If it was you, perhaps you registered with another address: "
                      "try it on the login page:\n\n%(link)s\n\nIf it was not you, ignore this message.", link=login))

        mail_in_both_languages(email, texts)
        return
    link = portal_link("accounts.reset_password", token=token_for(user, RESET))
    minutes = int(RESET_VALID_FOR.total_seconds() // 60)

    def texts():
        return (_("Reset your password on Praktikportalen"),
                _("Hello %(name)s,\n\nSomeone asked to reset your password on Praktikportalen. Open this link "
                  "within %(minutes)d minutes to choose a new one:\n\n%(link)s\n\nThe link works once, and setting "
                  "a new password logs you out everywhere else. If it was not you, ignore this message: your "
                  "password stays as it is.", name=user.full_name, minutes=minutes, link=link))

    mail_in_both_languages(user.email, texts)


def reset_user(token):
    return user_for(token, RESET, RESET_VALID_FOR)


def set_password(user, password):
    """The new password; a new session token ends every other session and makes the link used."""
    user.password_hash = hash_password(password)
    user.session_token = new_session_token()
    user.awaiting_confirmation = False  # the link came by e-mail: the address is the person's
