"""Login throttle: after too many failures for one e-mail, refuse tries for a while.

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


def is_locked(email):
    window = timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
    failures = db.session.scalar(
        select(func.count(LoginAttempt.id)).where(
            LoginAttempt.email == normalise_email(email),
            LoginAttempt.succeeded.is_(False),
            LoginAttempt.attempted_at > utcnow() - window,
        )
    )
    return failures >= current_app.config["LOGIN_MAX_FAILURES"]


def record_attempt(email, succeeded):
    email = normalise_email(email)
    if succeeded:
        # A successful login starts the count afresh.
        db.session.execute(delete(LoginAttempt).where(LoginAttempt.email == email))
    db.session.add(LoginAttempt(email=email, succeeded=succeeded))
    db.session.commit()
