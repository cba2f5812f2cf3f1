"""Security headers, trusted hosts, password hashing and session tokens."""
import secrets
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import abort, current_app, g, request, session
from werkzeug.routing import IntegerConverter

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# The largest id an id column holds: PostgreSQL's integer (SQLite's goes to 2**63 - 1).
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in a route, matching only numbers a database id can be: a larger one is a 404
    like any other unknown id, where PostgreSQL ("integer out of range") and SQLite (past 2**63)
    would fail on it with a 500."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def default_trusted_hosts(portal_url):
    """localhost, 127.0.0.1 and the host of PORTAL_URL: enough for development and the tests."""
    hosts = ["localhost", "127.0.0.1"]
    host = urlsplit(portal_url or "").hostname
    if host and host not in hosts:
        hosts.append(host)
    return hosts


def production_problems(app):
    """What a production deployment has not set (wsgi.py refuses to start while any remains)."""
    problems = []
    if not (app.config.get("PORTAL_URL") or "").startswith("https://"):
        problems.append("PORTAL_URL is not the portal's https:// address (links in e-mail and in "
                        "agreements are built from it)")
    if app.extensions.get("portal_trusted_hosts_by_default"):
        problems.append("TRUSTED_HOSTS is not set (the host names the portal answers to)")
    if not app.config.get("SESSION_COOKIE_SECURE"):
        problems.append("SESSION_COOKIE_SECURE is not True (the session cookie would also travel over plain http)")
    return problems


def init_app(app):
    # Before the blueprints add their routes: every <int:...> is a bounded id.
    app.url_map.converters["int"] = IdConverter

    # Flask answers any other Host header with 400. Links never come from the Host header
    # (portal/mail.py), so this is a second line: a forged host gets no page at all.
    if app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = default_trusted_hosts(app.config.get("PORTAL_URL"))
        app.extensions["portal_trusted_hosts_by_default"] = True

    @app.before_request
    def refuse_nul_characters():
        # No address or query has a use for NUL, and PostgreSQL refuses it in a query (a 500 otherwise).
        # Forms drop it from what is typed (portal/forms.py).
        if "\x00" in request.path:
            abort(404)
        if any("\x00" in key or "\x00" in value for key, value in request.args.items(multi=True)):
            abort(400)

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # A logged-in user's pages hold personal data: no browser, proxy or "back" button keeps a
        # copy (a shared computer at a job centre). Public static files keep their caching.
        if request.endpoint != "static" and _for_a_logged_in_user():
            response.headers["Cache-Control"] = "no-store"
        return response


def _for_a_logged_in_user():
    # Without loading the user when the view did not (the database may be why the request failed).
    user = g.get("_login_user")
    if user is not None:
        return user.is_authenticated
    return "_user_id" in session


def new_session_token():
    return secrets.token_hex(16)


def _hasher():
    return PasswordHasher(**current_app.config["PASSWORD_HASH_PARAMS"])


def hash_password(password):
    return _hasher().hash(password)


def verify_password(password_hash, password):
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def burn_password_check(password):
    """Spend the time of a real check, so that an unknown e-mail answers as slowly as a known one."""
    verify_password(_dummy_hash(), password)


def _dummy_hash():
    cached = current_app.extensions.get("portal_dummy_hash")
    if cached is None:
        cached = current_app.extensions["portal_dummy_hash"] = hash_password("not-a-real-password")
    return cached
