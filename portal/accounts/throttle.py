"""Login throttle: after too many tries for one e-mail, or many from one address whatever the
e-mail, refuse tries for a while.

Each try is counted *before* the password is checked (portal/ratelimit.py: one atomic upsert), so
parallel guesses are counted one after another: forty at once for one e-mail check five passwords,
not twelve. Kept in the database, so it holds however many worker processes serve the portal.

Wrong passwords typed when signing an agreement are counted apart (SIGNING_BUCKET): a party who
mistypes there must not be locked out of logging in.
"""
import math
from datetime import timedelta

from flask import current_app

from .. import ratelimit
from ..extensions import db
from ..models import RateLimit
from ..models.base import utcnow

EMAIL_BUCKET = "login-email"
ADDRESS_BUCKET = "login-address"
SIGNING_BUCKET = "signing-password"


def normalise_email(email):
    return (email or "").strip().lower()


def _window():
    return timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def count_try(email, address=None):
    """Count one try for this e-mail from this address; True when the password may be checked.

    A try refused here is counted too: a locked e-mail stays locked until its window ends.
    """
    config = current_app.config
    within_email = ratelimit.hit(EMAIL_BUCKET, normalise_email(email), config["LOGIN_MAX_FAILURES"], _window())
    within_address = not address or ratelimit.hit(
        ADDRESS_BUCKET, address, config["LOGIN_MAX_FAILURES_PER_ADDRESS"], _window())
    return within_email and within_address


def succeeded(email, address=None):
    """A right password: the e-mail's count starts afresh, the address gets this one try back.

    Not the address's whole count: one account of one's own must not wipe out the count of
    guesses at other people's.
    """
    ratelimit.reset(EMAIL_BUCKET, normalise_email(email))
    if address:
        ratelimit.forgive(ADDRESS_BUCKET, address)


def count_signing_try(user):
    """Count one password typed at the signing step; True when it may be checked."""
    config = current_app.config
    return ratelimit.hit(SIGNING_BUCKET, str(user.id), config["SIGNING_MAX_FAILURES"], _signing_window())


def signing_succeeded(user):
    ratelimit.reset(SIGNING_BUCKET, str(user.id))


def signing_tries_left(user):
    """Right after a counted try: how many more the user has in this window."""
    return max(current_app.config["SIGNING_MAX_FAILURES"] - ratelimit.current_count(SIGNING_BUCKET, str(user.id)), 0)


def signing_paused(user):
    """Whether the user's tries at the signing step are used up for now (without counting one)."""
    return ratelimit.is_over(SIGNING_BUCKET, str(user.id), current_app.config["SIGNING_MAX_FAILURES"],
                             _signing_window())


def signing_paused_minutes(user):
    """Whole minutes until the user may type a password at the signing step again (at least 1)."""
    row = db.session.get(RateLimit, (SIGNING_BUCKET, str(user.id)))
    if row is None:
        return 1
    left = row.window_started_at + _signing_window() - utcnow()
    return max(math.ceil(left.total_seconds() / 60), 1)


def _signing_window():
    return timedelta(minutes=current_app.config["SIGNING_LOCK_MINUTES"])
