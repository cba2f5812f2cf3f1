"""One-time links in e-mail: confirm a registration, accept an invitation, reset a password.

A link carries the account's id and its session token, signed with the portal's secret key and a
salt per purpose (a link for one purpose is no good for another) and stamped with its time. The
session token changes whenever the password does or the link is used, so each link works once,
and it ends every other session too (accounts/routes.py's user loader compares it).
"""
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from ..extensions import db
from ..models import User


def _serializer(purpose):
    return URLSafeTimedSerializer(current_app.secret_key, salt=purpose)


def token_for(user, purpose):
    return _serializer(purpose).dumps([user.id, user.session_token])


def user_for(token, purpose, valid_for):
    """The account a link is for, while the link is valid (signed, not expired, not used); else None."""
    try:
        user_id, session_token = _serializer(purpose).loads(token, max_age=int(valid_for.total_seconds()))
        user = db.session.get(User, int(user_id))
    except (BadSignature, TypeError, ValueError, OverflowError):
        return None
    if user is None or user.session_token != session_token:
        return None
    return user


def mail_in_both_languages(to, texts):
    """Write a mail into the outbox (sent after the commit): `texts()` gives (subject, body) and is
    called once per language, Swedish then English, like the portal's other mail."""
    from flask_babel import force_locale

    from ..mail import send_after_commit

    parts = []
    for lang in ("sv", "en"):
        with force_locale(lang):
            parts.append(texts())
    send_after_commit(to, " / ".join(subject for subject, _body in parts),
                      "\n\n---\n\n".join(body for _subject, body in parts))
