"""Outgoing e-mail, reusable by any area (agreements now, feedback reminders later).

With MAIL_SERVER configured, messages go out by SMTP (MAIL_PORT, MAIL_USE_TLS, MAIL_USERNAME,
MAIL_PASSWORD; MAIL_SENDER is the From address). Without it -- in development and tests --
each message is written as an .eml file to MAIL_OUTBOX_DIR (default instance/outbox/), where
you can open it with any mail program or read it as text.

Links in a message come from `portal_link(endpoint, **values)`: the configured PORTAL_URL and the
route's path, never the Host header of the request that sent it (a request with a forged Host would
otherwise send the parties links to another site).

`send_after_commit` writes a message into the outbox table (models.OutboxMail) in the current
transaction: a rollback drops it, so nobody is told about something that did not happen, and a
commit keeps it even if the mail server is down. Right after the commit the messages that
transaction wrote are tried once (never raising into the request); what could not be sent is
tried again by `flask --app portal send-mail` (cron, every few minutes) with a growing pause
between tries (MAIL_RETRY_SECONDS doubled each time, at most MAIL_RETRY_MAX_SECONDS) until
MAIL_MAX_ATTEMPTS. Each try first claims its row with a conditional UPDATE, so two senders at once
(the hook and cron, or two cron runs) never send one message twice.
"""
import logging
import os
import secrets
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from .extensions import db
from .models import OutboxMail
from .models.base import utcnow

log = logging.getLogger(__name__)
QUEUE_KEY = "portal_outgoing_mail"  # the outbox rows this transaction wrote, tried after its commit
OUTBOX = OutboxMail.__table__
# A claimed row is left alone this long: the sender that claimed it is sending it. If that sender
# died mid-way, the row is tried again after it (at worst sent twice, never lost).
CLAIM_SECONDS = 600


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
        with smtplib.SMTP(config["MAIL_SERVER"], config.get("MAIL_PORT", 25),
                          timeout=config.get("MAIL_TIMEOUT_SECONDS", 20)) as smtp:
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
    """Write a message into the outbox in the current transaction (nothing is committed here).

    Sent right after the commit if the mail server answers, else later by `send-mail`; dropped
    if the transaction rolls back.
    """
    recipient = ", ".join(to) if isinstance(to, (list, tuple)) else to
    row = OutboxMail(recipient=recipient, subject=subject, body=body, created_at=utcnow(), attempts=0,
                     next_attempt_at=utcnow())
    db.session.add(row)
    return row


def retry_delay(attempts, config=None):
    """The pause after the given number of failed tries: doubled each time, capped."""
    config = config or current_app.config
    base = config.get("MAIL_RETRY_SECONDS", 60)
    cap = config.get("MAIL_RETRY_MAX_SECONDS", 6 * 3600)
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def deliver(connection, mail_id, now=None):
    """Claim one outbox row and send it; returns True if this call sent it.

    `connection` is a Connection of its own (not the request's session), committed after the
    claim and after the outcome, so that the claim is seen by every other sender before sending.
    """
    now = now or utcnow()
    claimed = connection.execute(
        update(OUTBOX)
        .where(OUTBOX.c.id == mail_id, OUTBOX.c.sent_at.is_(None), OUTBOX.c.next_attempt_at.is_not(None),
               OUTBOX.c.next_attempt_at <= now)
        .values(attempts=OUTBOX.c.attempts + 1, next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
    ).rowcount
    connection.commit()
    if claimed != 1:
        return False  # sent, given up, not yet due, or another sender has it
    row = connection.execute(select(OUTBOX).where(OUTBOX.c.id == mail_id)).one()
    try:
        send([part.strip() for part in row.recipient.split(",")] if "," in row.recipient else row.recipient,
             row.subject, row.body)
    except Exception as error:  # the server down, refusing, timing out: try again later
        gave_up = row.attempts >= current_app.config.get("MAIL_MAX_ATTEMPTS", 12)
        log.warning("could not send mail %s to %s (try %s): %s", mail_id, row.recipient, row.attempts, error)
        connection.execute(
            update(OUTBOX).where(OUTBOX.c.id == mail_id, OUTBOX.c.sent_at.is_(None)).values(
                last_error=f"{type(error).__name__}: {error}"[:2000],
                next_attempt_at=None if gave_up else utcnow() + retry_delay(row.attempts),
            )
        )
        connection.commit()
        return False
    connection.execute(update(OUTBOX).where(OUTBOX.c.id == mail_id)
                       .values(sent_at=utcnow(), next_attempt_at=None, last_error=None))
    connection.commit()
    return True


def send_due(now=None, limit=500):
    """Send the outbox rows that are due (`flask send-mail`); returns how many this run sent."""
    now = now or utcnow()
    sent = 0
    with db.engine.connect() as connection:
        ids = connection.execute(
            select(OUTBOX.c.id).where(OUTBOX.c.sent_at.is_(None), OUTBOX.c.next_attempt_at <= now)
            .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id).limit(limit)
        ).scalars().all()
        connection.commit()
        for mail_id in ids:
            sent += deliver(connection, mail_id, now)
    return sent


@event.listens_for(Session, "after_flush")
def _note_outbox_rows(session, _flush_context):
    # After a flush the new rows have their ids; "new" still lists what was flushed.
    ids = [obj.id for obj in session.new if isinstance(obj, OutboxMail)]
    if ids:
        session.info.setdefault(QUEUE_KEY, []).extend(ids)


@event.listens_for(Session, "after_commit")
def _send_queued(session):
    ids = session.info.pop(QUEUE_KEY, None)
    if not ids:
        return
    # The session cannot run SQL inside its own after_commit: a connection of its own does.
    try:
        with db.engine.connect() as connection:
            for mail_id in ids:
                try:
                    deliver(connection, mail_id)
                except Exception:
                    connection.rollback()
                    log.exception("could not try mail %s; `send-mail` will", mail_id)
    except Exception:  # not even a connection: the rows wait for `send-mail`, the request goes on
        log.exception("could not try the mail just written; `send-mail` will")


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
