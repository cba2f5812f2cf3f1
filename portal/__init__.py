"""Praktikportalen: the application factory."""
import os
import secrets
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .extensions import babel, csrf, db, login_manager, migrate

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config=None):
    app = Flask(
        __name__,
        instance_path=str(PROJECT_ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(
        SQLALCHEMY_DATABASE_URI="sqlite:///" + os.path.join(app.instance_path, "portal.sqlite"),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=False,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        BABEL_DEFAULT_LOCALE="sv",
        # Times are stored in UTC and shown in Swedish time (the local_time filter, portal/i18n.py).
        BABEL_DEFAULT_TIMEZONE="Europe/Stockholm",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        LANGUAGES=("sv", "en"),
        # argon2id parameters; tests lower them to keep the suite fast.
        PASSWORD_HASH_PARAMS={},
        LOGIN_MAX_FAILURES=5,  # for one e-mail
        LOGIN_MAX_FAILURES_PER_ADDRESS=50,  # from one address, whatever the e-mail (an office shares one)
        LOGIN_LOCK_MINUTES=15,
        # Wrong passwords typed when signing an agreement, per user, counted apart from logins (a
        # party who mistypes there is paused from signing, not locked out of the portal).
        SIGNING_MAX_FAILURES=5,
        SIGNING_LOCK_MINUTES=15,
        # Employer registrations tried from one address per window (each may send an e-mail).
        REGISTRATIONS_PER_ADDRESS=10,
        REGISTRATIONS_WINDOW_MINUTES=60,
        # Behind a reverse proxy (nginx...), how many proxies set X-Forwarded-For/-Proto: without
        # it every visitor has the proxy's address, and the throttle per address would lock all.
        BEHIND_PROXIES=0,
        MAX_CONTENT_LENGTH=10 * 1024 * 1024,
        # The portal's own address (https://... in production): every link in an e-mail or a PDF
        # starts with it (portal/mail.py), never with the Host header a request came with.
        # Unset: http://127.0.0.1:5000, `make run`'s address.
        PORTAL_URL=None,
        # The Host headers answered (any other: 400 Bad Request). Unset: localhost, 127.0.0.1 and
        # PORTAL_URL's host (portal/security.py). wsgi.py refuses to start production without it.
        TRUSTED_HOSTS=None,
        # Anonymous questions to the guide per address (each may be kept for staff), per window.
        GUIDE_QUESTIONS_PER_ADDRESS=30,
        GUIDE_QUESTIONS_WINDOW_MINUTES=10,
        # Days the union has for its statement on a slot sent for consultation (samråd): after the
        # due date the coordinator may decide without one (portal/slots/workflow.py).
        CONSULTATION_DAYS=7,
        # The mail outbox (portal/mail.py): an unsent message is tried again after a pause that
        # doubles each time, at most the cap, and given up after the last attempt (about two days).
        MAIL_RETRY_SECONDS=60,
        MAIL_RETRY_MAX_SECONDS=6 * 3600,
        MAIL_MAX_ATTEMPTS=16,
        MAIL_TIMEOUT_SECONDS=20,
        # "Forgot your password?" requests per window: from one address, and for one e-mail (each
        # sends a mail; past the e-mail's limit nothing more is sent and the answer stays the same).
        PASSWORD_RESETS_PER_ADDRESS=10,
        PASSWORD_RESETS_PER_EMAIL=3,
        PASSWORD_RESETS_WINDOW_MINUTES=60,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    if os.environ.get("DATABASE_URL") and not (test_config and "SQLALCHEMY_DATABASE_URI" in test_config):
        app.config["SQLALCHEMY_DATABASE_URI"] = _sqlalchemy_url(os.environ["DATABASE_URL"])

    if app.config["BEHIND_PROXIES"]:
        count = app.config["BEHIND_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret_key(app.instance_path)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)

    from . import i18n, security

    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)

    from . import data_version, database, models  # noqa: F401  (tables, SQLite settings, data version events)
    from .accounts import bp as accounts_bp
    from .agreements import bp as agreements_bp
    from .certificates import bp as certificates_bp
    from .checkins import bp as checkins_bp
    from .consultations import bp as consultations_bp
    from .dashboard import bp as dashboard_bp
    from .feedback import bp as feedback_bp
    from .guide import bp as guide_bp
    from .jobseekers import bp as jobseekers_bp
    from .notices import bp as notices_bp
    from .organisations import bp as organisations_bp
    from .records import bp as records_bp
    from .reviews import bp as reviews_bp
    from .slots import bp as slots_bp
    from .start import bp as start_bp
    from .stats import bp as stats_bp
    from .unions import bp as unions_bp

    app.register_blueprint(start_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(organisations_bp)
    app.register_blueprint(slots_bp)
    app.register_blueprint(reviews_bp)
    app.register_blueprint(consultations_bp)
    app.register_blueprint(jobseekers_bp)
    app.register_blueprint(unions_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(stats_bp)
    app.register_blueprint(guide_bp)
    app.register_blueprint(agreements_bp)
    app.register_blueprint(notices_bp)
    app.register_blueprint(checkins_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(certificates_bp)

    from . import cli, errors, forms

    forms.init_app(app)
    cli.init_app(app)
    errors.init_app(app)
    return app


def _sqlalchemy_url(url):
    """Accept the usual postgres:// spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _instance_secret_key(instance_path):
    """Read the secret key from instance/, creating it on first start (never committed)."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        # Written aside and linked into place, so that several workers starting at once
        # all end up reading the same complete key.
        temporary = path.with_name(f"secret_key.{os.getpid()}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
    return path.read_text().strip()
