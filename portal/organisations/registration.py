"""Registering an employer without telling anyone which e-mail addresses have an account.

The registration form answers every complete registration alike: "check your e-mail". What
happens is told in a mail to the address typed, which only its owner reads:

- a new address: its account is made awaiting confirmation, and the mail holds the link that
  confirms it (the account logs in only after that);
- an address with an account: a mail saying that someone tried to register with it (an account
  still awaiting confirmation gets a fresh confirmation link instead).

Organisation numbers are public (the company register), so "already registered" may still be said
on the form.
"""
from datetime import timedelta

from flask_babel import force_locale
from flask_babel import gettext as _

from ..accounts import links
from ..mail import portal_link, send_after_commit

LINK_SALT = "confirm-registration"
LINK_VALID_FOR = timedelta(days=7)
LANGUAGES = ("sv", "en")


def confirmation_token(user):
    # The session token changes when the account is confirmed, so each link works once.
    return links.token_for(user, LINK_SALT)


def awaiting_user(token):
    """The account a confirmation link is for, while it still awaits confirmation; else None."""
    user = links.user_for(token, LINK_SALT, LINK_VALID_FOR)
    if user is None or not user.awaiting_confirmation:
        return None
    return user


def _bilingual(texts):
    """Each text in Swedish, then in English, like the portal's other mail."""
    parts = []
    for lang in LANGUAGES:
        with force_locale(lang):
            parts.append(texts())
    return parts


def ask_to_confirm(user):
    """Queue the mail with the confirmation link (sent when the transaction commits)."""
    link = portal_link("organisations.confirm", token=confirmation_token(user))
    days = LINK_VALID_FOR.days

    def texts():
        return (_("Confirm your e-mail address for Praktikportalen"),
                _("Hello %(name)s,\n\nYou have registered %(organisation)s on Praktikportalen. Open this link "
                  "within %(days)d days to confirm your e-mail address; then you are logged in:\n\n%(link)s\n\n"
                  "If you did not register, ignore this message: nothing more happens.",
                  name=user.full_name, organisation=user.organisation.name, days=days, link=link))

    _queue(user.email, _bilingual(texts))


def tell_address_taken(user):
    """Queue the mail to an address that already has an account: someone tried to register with it."""
    if user.awaiting_confirmation and user.organisation is not None:
        ask_to_confirm(user)
        return
    link = portal_link("accounts.login")

    def texts():
        return (_("Someone tried to register with your e-mail address"),
                _("Hello,\n\nSomeone tried to register an organisation on Praktikportalen with this e-mail "
                  "address, which already has an account. If it was you, log in instead:\n\n%(link)s\n\n"
                  "If you have forgotten your password, contact the employment service. If it was not you, "
                  "ignore this message: nothing has changed.", link=link))

    _queue(user.email, _bilingual(texts))


def _queue(to, parts):
    subject = " / ".join(subject for subject, _body in parts)
    body = "\n\n---\n\n".join(body for _subject, body in parts)
    send_after_commit(to, subject, body)
