"""Notices (portal/notices) and the mail outbox (portal/mail.py): written in the change's own
transaction, shown on /notices with an unread count, and sent through the outbox even when the
mail server was down when the change was made."""
import socket
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import func, insert, select, update

from portal import mail, notices
from portal.extensions import db
from portal.models import Notice, OutboxMail, Role, User
from portal.models.base import utcnow
from tests.conftest import page


def user(email):
    return db.session.scalar(select(User).where(User.email == email))


def unsent():
    return db.session.scalars(select(OutboxMail).where(OutboxMail.sent_at.is_(None)).order_by(OutboxMail.id)).all()


class SMTPServer:
    """A real SMTP server on localhost (aiosmtpd) that can be stopped and started on one port."""

    def __init__(self):
        from aiosmtpd.handlers import Message

        received = self.received = []

        class Keep(Message):
            def handle_message(self, message):
                received.append(message)

        self.handler = Keep()
        with socket.socket() as probe:  # a free port: aiosmtpd checks its own port, so 0 will not do
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(app):
    server = SMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TIMEOUT_SECONDS=5)
    yield server
    server.stop()


def test_notify_adds_a_notice_and_an_outbox_mail_in_the_callers_transaction(app, demo):
    with app.app_context():
        employer = user("employer@example.com")
        told = db.session.scalar(select(func.count(Notice.id)).where(Notice.user_id == employer.id))
        notices.notify(employer, notices.ORGANISATION_VERIFIED, subject="Ämne", body="Text")
        db.session.rollback()  # nothing told about a change that did not happen
        assert db.session.scalar(select(func.count(Notice.id)).where(Notice.user_id == employer.id)) == told
        before = db.session.scalar(select(func.count(OutboxMail.id)))
        notice = notices.notify(employer, notices.ORGANISATION_VERIFIED, subject={"sv": "Ämne", "en": "Subject"},
                                body={"sv": "Hej", "en": "Hello"}, link_endpoint="dashboard.index")
        db.session.commit()
        assert (notice.text, notice.text_en, notice.link_path) == ("Ämne", "Subject", "/dashboard/")
        row = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id.desc())).first()
        assert db.session.scalar(select(func.count(OutboxMail.id))) == before + 1
        assert row.recipient == "employer@example.com" and row.subject == "Ämne / Subject"
        assert "Hej" in row.body and "Hello" in row.body and "http://127.0.0.1:5000/dashboard/" in row.body
        assert row.sent_at is not None  # no MAIL_SERVER: written to the outbox folder right after the commit
        with pytest.raises(ValueError):
            notices.notify(employer, "no-such-kind", subject="x", body="y")


def test_the_notices_page_lists_newest_first_and_marks_them_read(app, client, auth, demo):
    with app.app_context():
        union = user("union@example.com")
        for number in (1, 2):
            notices.notify(union, notices.SLOT_SENT_FOR_CONSULTATION, subject=f"Samråd {number}", body="",
                           mail=False, link_endpoint="reviews.index")
        db.session.commit()
        unread = notices.unread_count(union)
    assert unread >= 2
    auth.login("union@example.com")
    header = page(client.get("/dashboard/")).select_one(".notices-link")
    assert header.select_one(".unread-count").get_text(" ", strip=True).startswith(str(unread))
    html = page(client.get("/notices/"))
    items = html.select(".notice-item")
    texts = [item.select_one(".notice-text").get_text(strip=True) for item in items]
    assert texts.index("Samråd 2") < texts.index("Samråd 1")  # newest first
    assert len(html.select(".notice-unread")) == unread
    assert html.select_one(".notices-link .unread-count") is None  # read now, the header says so at once
    assert not page(client.get("/notices/")).select(".notice-unread")
    with app.app_context():
        assert notices.unread_count(user("union@example.com")) == 0


def test_the_header_count_is_one_query(app, client, auth, demo):
    from sqlalchemy import event

    auth.login("employer@example.com")
    statements = []
    with app.app_context():
        def count(_conn, _cursor, statement, *_args):
            if "notices" in statement:
                statements.append(statement)
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            client.get("/dashboard/")
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) == 1


def test_every_waiting_step_tells_its_people(app, client, auth, demo, make_slot, make_placement):
    from portal.models import SlotStatus

    make_slot(status=SlotStatus.AWAITING_REVIEW, title="Samrådsplats")
    with app.app_context():
        kinds = {(n.user.email, n.kind) for n in db.session.scalars(select(Notice))}
    assert ("union@example.com", notices.SLOT_SENT_FOR_CONSULTATION) in kinds
    make_placement()  # a slot with a statement, and a match
    with app.app_context():
        kinds = {(n.user.email, n.kind) for n in db.session.scalars(select(Notice))}
    assert ("employer@example.com", notices.STATEMENT_GIVEN) in kinds
    assert ("coordinator@example.com", notices.STATEMENT_GIVEN) in kinds
    assert ("jobseeker@example.com", notices.MATCHED) in kinds or ("employer@example.com", notices.MATCHED) in kinds
    # A coordinator verifies an organisation: its employer account is told.
    auth.login("coordinator@example.com")
    with app.app_context():
        from portal.models import Organisation

        organisation = db.session.scalar(select(Organisation).where(Organisation.verified_at.is_(None)))
        employer_emails = [u.email for u in organisation.users]
    client.post(f"/organisations/{organisation.id}/verify")
    with app.app_context():
        told = {n.user.email for n in db.session.scalars(select(Notice).where(
            Notice.kind == notices.ORGANISATION_VERIFIED))}
    assert set(employer_emails) <= told


def test_mail_waits_in_the_outbox_while_the_server_is_down_and_goes_once_when_it_is_up(app, runner, demo, smtp):
    app.config.update(MAIL_RETRY_SECONDS=60)
    with app.app_context():
        db.session.execute(update(OutboxMail).values(sent_at=utcnow(), next_attempt_at=None))  # demo's own mail
        db.session.commit()
        for email in ("employer@example.com", "jobseeker@example.com"):
            notices.notify(user(email), notices.FEEDBACK_DUE, subject="Påminnelse", body="Skriv rapporten.")
        db.session.commit()  # the server is down: tried after the commit, and the request goes on
        rows = unsent()
        assert len(rows) == 2
        for row in rows:
            assert row.attempts == 1 and "refused" in row.last_error.lower()  # why it did not go, kept
            assert row.next_attempt_at > utcnow() + timedelta(seconds=50)  # tried again in about a minute
    result = runner.invoke(args=["send-mail"])
    assert "Sent 0 messages; 2 waiting" in result.output  # not due yet
    smtp.start()
    with app.app_context():
        db.session.execute(update(OutboxMail).where(OutboxMail.sent_at.is_(None)).values(next_attempt_at=utcnow()))
        db.session.commit()
    assert "Sent 2 messages; 0 waiting" in runner.invoke(args=["send-mail"]).output
    assert "Sent 0 messages" in runner.invoke(args=["send-mail"]).output
    assert sorted(message["To"] for message in smtp.received) == ["employer@example.com", "jobseeker@example.com"]
    subject = str(make_header(decode_header(smtp.received[0]["Subject"])))
    assert subject == "Påminnelse / Påminnelse"


def test_mail_is_sent_right_after_the_commit_when_the_server_is_up(app, demo, smtp):
    smtp.start()
    with app.app_context():
        notices.notify(user("employer@example.com"), notices.FEEDBACK_DUE, subject="Nu", body="Genast.")
        assert not smtp.received  # not before the commit
        db.session.commit()
    assert [message["To"] for message in smtp.received] == ["employer@example.com"]


def test_back_off_doubles_and_is_capped_and_gives_up(app):
    app.config.update(MAIL_RETRY_SECONDS=60, MAIL_RETRY_MAX_SECONDS=3600)
    with app.app_context():
        delays = [mail.retry_delay(n).total_seconds() for n in range(1, 9)]
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]


def test_the_last_attempt_gives_up(app, demo, smtp):
    app.config.update(MAIL_MAX_ATTEMPTS=2)
    with app.app_context():
        notices.notify(user("employer@example.com"), notices.FEEDBACK_DUE, subject="x", body="y")
        db.session.commit()  # attempt 1 fails
        row = unsent()[-1]
        db.session.execute(update(OutboxMail).where(OutboxMail.id == row.id).values(next_attempt_at=utcnow()))
        db.session.commit()
        assert mail.send_due() == 0  # attempt 2 fails: given up
        db.session.expire_all()
        row = db.session.get(OutboxMail, row.id)
        assert row.attempts == 2 and row.next_attempt_at is None and row.sent_at is None and row.last_error


def test_two_send_mail_runs_at_once_send_each_message_once(app, demo, smtp):
    with app.app_context():
        db.session.execute(update(OutboxMail).values(sent_at=utcnow(), next_attempt_at=None))
        # Written past the session (no try after the commit): they wait for the runs below.
        db.session.execute(insert(OutboxMail), [
            {"recipient": f"person{number}@example.com", "subject": f"Mail {number}", "body": "x",
             "created_at": utcnow(), "attempts": 0, "next_attempt_at": utcnow()} for number in range(20)])
        db.session.commit()
    smtp.start()

    def run(_):
        with app.app_context():
            try:
                return mail.send_due()
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(run, range(4)))
    assert sum(counts) == 20
    assert sorted(message["To"] for message in smtp.received) == sorted(f"person{n}@example.com" for n in range(20))
    with app.app_context():
        assert db.session.scalar(select(func.count(OutboxMail.id)).where(OutboxMail.sent_at.is_(None))) == 0


def test_coordinator_is_told_in_their_language(app, client, auth, demo):
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.role == Role.COORDINATOR))
        notices.notify(coordinator, notices.CHECK_IN_DUE, subject={"sv": "Uppföljning", "en": "Check-in"}, body="",
                       mail=False)
        db.session.commit()
        email = coordinator.email
    auth.login(email)
    client.get("/?lang=en")
    assert "Check-in" in [p.get_text(strip=True) for p in page(client.get("/notices/")).select(".notice-text")]
