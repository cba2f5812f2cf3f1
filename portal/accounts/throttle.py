"""Login throttle: after too many failures for one e-mail, or many from one address whatever the
e-mail, refuse tries for a while.

Kept in the database, so it holds however many worker processes serve the portal.
"""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from ..extensions import db
from ..models import LoginAttempt
from ..models.base import utcnow


def normalise_email(email):
    return (email or "").strip().lower()


def is_locked(email, address=None):
    """Whether tries for this e-mail, or from this address, are refused for now."""
    config = current_app.config
    since = utcnow() - timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
    if _failures(LoginAttempt.email == normalise_email(email), since) >= config["LOGIN_MAX_FAILURES"]:
        return True
    per_address = config["LOGIN_MAX_FAILURES_PER_ADDRESS"]
    return bool(address) and _failures(LoginAttempt.address == address, since) >= per_address


def _failures(condition, since):
    return db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            condition, LoginAttempt.succeeded.is_(False), LoginAttempt.attempted_at > since
        )
    )


def record_attempt(email, succeeded, address=None):
    email = normalise_email(email)
    if succeeded:
        # A successful login starts the e-mail's count afresh (not the address's: one account of
        # one's own must not reset the count of guesses at other people's).
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    else:
        # Tries older than a day lock nothing any more; without this the table only grows.
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < utcnow() - timedelta(days=1)))
    db.session.add(LoginAttempt(email=email, succeeded=succeeded, address=address))
    db.session.commit()
