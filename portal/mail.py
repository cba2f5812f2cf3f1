"""Outgoing e-mail, reusable by any area (agreements now, feedback reminders later).

With MAIL_SERVER configured, messages go out by SMTP (MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME,
MAIL_PASSWORD; MAIL_SENDER is the From address). Without it -- in development and tests --
each message is written as an .eml file to MAIL_OUTBOX_DIR (default instance/outbox/), where
you can open it with any mail program or read it as text.

Links in a message come from `portal_link(endpoint, **values)`: the configured PORTAL_URL and the
route's path, never the Host header of the request that sent it (a request with a forged Host would
otherwise send the parties links to another site).

`send_after_commit` queues a message on the current database session and sends it only once
that transaction commits; a rollback drops it. Use it for mail that announces a change in the
database, so that nobody is told about something that did not happen.
"""
import logging
import os
import secrets
import smtplib
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from .extensions import db
from .models.base import utcnow

log = logging.getLogger(__name__)
QUEUE_KEY = "portal_outgoing_mail"


DEVELOPMENT_PORTAL_URL = "http://127.0.0.1:5000"  # `make run`'s address, when PORTAL_URL is not set


def portal_url():
    """The portal's own address as configured (PORTAL_URL), without a trailing slash."""
    return (current_app.config.get("PORTAL_URL") or DEVELOPMENT_PORTAL_URL).rstrip("/")


def portal_link(endpoint, **values):
    """The full address of a page for an e-mail or a PDF: PORTAL_URL and the route's path.

    Built without the request (also from the CLI), so the Host header a request came with can
    never end up in a link.
    """
    path = current_app.url_map.bind("portal.invalid").build(endpoint, values)
    return portal_url() + path


def outbox_dir(app=None):
    app = app or current_app
    return Path(app.config.get("MAIL_OUTBOX_DIR") or Path(app.instance_path) / "outbox")


def build_message(to, subject, body):
    message = EmailMessage()
    message["From"] = current_app.config.get("MAIL_SENDER", "Praktikportalen <no-reply@praktikportalen.example>")
    message["To"] = ", ".join(to) if isinstance(to, (list, tuple)) else to
    message["Subject"] = subject
    message["Date"] = utcnow().strftime("%a, %d %b %Y %H:%M:%S +0000")
    message.set_content(body)
    return message


def send(to, subject, body):
    """Send now: by SMTP when configured, else into the outbox folder. Returns the message."""
    message = build_message(to, subject, body)
    config = current_app.config
    if config.get("MAIL_SERVER"):
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25), timeout=20) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.send_message(message)
    else:
        folder = outbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{utcnow():%Y%m%dT%H%M%S%f}-{secrets.token_hex(4)}.eml"
        temporary = folder / f".{name}"
        temporary.write_bytes(bytes(message))
        os.replace(temporary, folder / name)
    return message


def send_after_commit(to, subject, body):
    """Queue a message; it is sent when the current transaction commits, dropped if it rolls back."""
    db.session.info.setdefault(QUEUE_KEY, []).append((to, subject, body))


@event.listens_for(Session, "after_commit")
def _send_queued(session):
    queued = session.info.pop(QUEUE_KEY, None)
    for to, subject, body in queued or ():
        try:
            send(to, subject, body)
        except Exception:  # a mail server being down must not undo or break the request
            log.exception("could not send mail to %s", to)


@event.listens_for(Session, "after_rollback")
def _drop_queued(session):
    session.info.pop(QUEUE_KEY, None)


def outbox_messages(app=None):
    """The messages in the outbox folder, oldest first (for tests and the developer)."""
    from email import message_from_bytes, policy

    folder = outbox_dir(app)
    if not folder.exists():
        return []
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]
