"""End feedback: ending early, the employer's final report, the job-seeker's feedback, follow-up, reminders."""
import socket
from email.header import decode_header, make_header
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.feedback.reminders import send_reminders
from portal.models.base import utcnow
from portal.models import EmployerReport, FollowUp, JobSeekerFeedback, Placement, PlacementStatus, ReminderSent
from tests.conftest import COMPLETE_FEEDBACK, COMPLETE_REPORT, goal_fields, login, page

def test_employer_sees_the_report_due_and_submits_it_once(app, client, demo, make_placement):
    placement_id = make_placement()
    login(client, "employer@example.com")
    dashboard = page(client.get("/dashboard/"))
    assert dashboard.find("a", href=f"/placements/{placement_id}/report")
    form = page(client.get(f"/placements/{placement_id}/report"))
    goals = sorted(set(goal_fields(form)))
    assert goals  # one rating per learning goal of the slot
    response = client.post(f"/placements/{placement_id}/report", data={**COMPLETE_REPORT, **{g: "3" for g in goals}})
    assert response.status_code == 302
    with app.app_context():
        report = db.session.scalar(select(EmployerReport))
        assert report.submitted_at and report.attendance_percent == 90 and report.would_take_again is True
        assert [rating.rating for rating in report.goal_ratings] == [3] * len(goals)
    # Read-only from now on: the page shows the answers, and a new post changes nothing.
    view = page(client.get(f"/placements/{placement_id}/report"))
    assert "Submitted on" in view.get_text() and not view.find("form", attrs={"method": "post", "novalidate": True})
    client.post(f"/placements/{placement_id}/report", data={**COMPLETE_REPORT, "attendance_percent": "10"})
    with app.app_context():
        assert db.session.scalar(select(EmployerReport)).attendance_percent == 90
    assert not page(client.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/report")


def test_a_draft_keeps_partial_answers_and_submit_needs_all(app, client, demo, make_placement):
    placement_id = make_placement()
    login(client, "employer@example.com")
    client.post(f"/placements/{placement_id}/report", data={"attendance_percent": "75", "save_draft": "Save"})
    with app.app_context():
        report = db.session.scalar(select(EmployerReport))
        assert report.attendance_percent == 75 and report.submitted_at is None
    html = page(client.post(f"/placements/{placement_id}/report", data={"attendance_percent": "75", "submit": "Submit"}))
    assert "Answer “Tasks the participant did” before you submit" in html.find(id="tasks_done-error").get_text()
    assert html.find("input", attrs={"name": "attendance_percent"})["value"] == "75"
    bad = page(client.post(f"/placements/{placement_id}/report", data={"attendance_percent": "120", "save_draft": "S"}))
    assert "0 to 100" in bad.find(id="attendance_percent-error").get_text()
    typo = page(client.post(f"/placements/{placement_id}/report", data={"attendance_percent": "9o", "save_draft": "S"}))
    assert len(typo.select(".error-summary a[href='#attendance_percent']")) == 1  # one message for one mistake
    assert "whole number" in typo.find(id="attendance_percent-error").get_text()
    assert typo.find("input", attrs={"name": "attendance_percent"})["value"] == "9o"


def test_report_is_not_open_before_the_placement_ends(app, client, demo, make_placement):
    placement_id = make_placement(days_ago_ended=-10)  # ends in ten days
    login(client, "employer@example.com")
    html = page(client.get(f"/placements/{placement_id}/report"))
    assert "opens when the placement has ended" in html.get_text()
    client.post(f"/placements/{placement_id}/report", data=COMPLETE_REPORT)
    with app.app_context():
        assert db.session.scalar(select(func.count(EmployerReport.id))) == 0


def test_jobseeker_gives_feedback_in_plain_language(app, client, demo, make_placement):
    placement_id = make_placement()
    login(client, "jobseeker@example.com")
    assert page(client.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/feedback")
    form = page(client.get(f"/placements/{placement_id}/feedback"))
    assert "How was the help from your supervisor?" in form.get_text()
    assert client.post(f"/placements/{placement_id}/feedback", data=COMPLETE_FEEDBACK).status_code == 302
    with app.app_context():
        feedback = db.session.scalar(select(JobSeekerFeedback))
        assert (feedback.supervision_rating, feedback.job_outcome) == (5, "offered") and feedback.submitted_at


def test_a_rating_of_white_space_is_saved_as_no_answer(app, client, demo, make_placement):
    """Found by hypothesis (tests/security/test_properties.py): " " used to end in a 500."""
    placement_id = make_placement()
    login(client, "jobseeker@example.com")
    response = client.post(f"/placements/{placement_id}/feedback",
                           data={"supervision_rating": " ", "learning_rating": "4", "save_draft": "y"})
    assert response.status_code == 302
    with app.app_context():
        feedback = db.session.scalar(select(JobSeekerFeedback))
        assert (feedback.supervision_rating, feedback.learning_rating, feedback.submitted_at) == (None, 4, None)


def test_swedish_feedback_form(client, auth, demo, make_placement):
    placement_id = make_placement()
    auth.login("jobseeker@example.com")
    html = page(client.get(f"/placements/{placement_id}/feedback?lang=sv"))
    assert html.html["lang"] == "sv" and "Hur var din praktik?" in html.h1.get_text()


def test_employer_never_sees_the_jobseekers_feedback(app, client, auth, demo, make_placement):
    placement_id = make_placement()
    login(client, "jobseeker@example.com")
    client.post(f"/placements/{placement_id}/feedback", data=COMPLETE_FEEDBACK)
    auth.logout()
    login(client, "employer@example.com")
    assert client.get(f"/placements/{placement_id}/feedback").status_code == 403
    for url in ["/dashboard/", f"/placements/{placement_id}/report"]:
        assert "My supervisor was kind" not in client.get(url).get_data(as_text=True)
    auth.logout()
    login(client, "coordinator@example.com")
    assert "My supervisor was kind" in page(client.get(f"/placements/{placement_id}/feedback")).get_text()


def test_another_jobseeker_or_employer_cannot_open_the_forms(app, client, demo, make_placement):
    placement_id = make_placement("Karim Haddad")  # not the demo job-seeker's placement
    login(client, "jobseeker@example.com")
    assert client.get(f"/placements/{placement_id}/feedback").status_code == 403
    assert client.post(f"/placements/{placement_id}/feedback", data=COMPLETE_FEEDBACK).status_code == 403
    assert client.get(f"/placements/{placement_id}/end").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(JobSeekerFeedback.id))) == 0


def test_ending_early_needs_a_reason_and_a_sensible_date(app, client, demo, make_placement):
    placement_id = make_placement(days_ago_ended=-30, length_days=60)  # started 30 days ago, 30 days left
    login(client, "jobseeker@example.com")
    assert page(client.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/end")
    html = page(client.post(f"/placements/{placement_id}/end", data={"ended_on": date.today().isoformat()}))
    assert "Choose why" in html.find(id="reason-error").get_text()
    future = (date.today() + timedelta(days=3)).isoformat()
    html = page(client.post(f"/placements/{placement_id}/end", data={"ended_on": future, "reason": "got-job"}))
    assert "today or a date that has passed" in html.find(id="ended_on-error").get_text()
    response = client.post(f"/placements/{placement_id}/end",
                           data={"ended_on": date.today().isoformat(), "reason": "got-job", "note": "Hired elsewhere"})
    assert response.status_code == 302
    with app.app_context():
        placement = db.session.get(Placement, placement_id)
        assert placement.status == PlacementStatus.ENDED and placement.end_reason == "got-job"
        assert placement.ended_by.email == "jobseeker@example.com" and placement.ended_on == date.today()
    # Ended: the feedback form opens at once.
    assert page(client.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/feedback")


def test_coordinator_records_the_outcome_three_months_after(app, client, demo, make_placement):
    placement_id = make_placement(days_ago_ended=100)
    login(client, "coordinator@example.com")
    assert page(client.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/follow-up")
    html = page(client.post(f"/placements/{placement_id}/follow-up", data={}))
    assert html.find(id="outcome-error")
    client.post(f"/placements/{placement_id}/follow-up", data={"outcome": "in-work"})
    with app.app_context():
        assert db.session.scalar(select(FollowUp)).outcome == "in-work"
    assert not page(client.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/follow-up")


def test_no_follow_up_before_the_placement_has_ended(app, client, demo, make_placement):
    """Issue 13, item 13: the rule as a function, and the page refuses with its message."""
    from portal.feedback.rules import follow_up_refusal

    running = make_placement(days_ago_ended=-30)  # ends in 30 days
    signed_not_started = make_placement("Karim Haddad", status=PlacementStatus.MATCHED)  # never signed
    ended = make_placement("Tesfay Gebremedhin", days_ago_ended=1)
    with app.app_context():
        assert follow_up_refusal(db.session.get(Placement, running), date.today()) is not None
        assert follow_up_refusal(db.session.get(Placement, signed_not_started), date.today()) is not None
        assert follow_up_refusal(db.session.get(Placement, ended), date.today()) is None
    login(client, "coordinator@example.com")
    for placement_id in (running, signed_not_started):
        html = page(client.get(f"/placements/{placement_id}/follow-up"))
        assert "has not ended" in html.get_text() and not html.find("input", attrs={"name": "outcome"})
        refused = page(client.post(f"/placements/{placement_id}/follow-up", data={"outcome": "in-work"}))
        assert "has not ended" in refused.get_text()
    client.post(f"/placements/{ended}/follow-up", data={"outcome": "studies"})  # ended: allowed, if early
    with app.app_context():
        assert db.session.scalars(select(FollowUp.placement_id)).all() == [ended]


@pytest.fixture
def smtp_server(app):
    """A real SMTP server on localhost (aiosmtpd) that keeps what it receives."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    received = []

    class Keep(Message):
        def handle_message(self, message):
            received.append(message)

    with socket.socket() as probe:  # a free port: aiosmtpd checks its own port, so 0 will not do
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield received
    controller.stop()


def test_reminders_go_weekly_at_most_three_times_and_never_twice(app, demo, make_placement, smtp_server):
    make_placement()  # both the employer's report and the job-seeker's feedback are overdue
    smtp_server.clear()  # the slot's and the match's own notices
    with app.app_context():
        start = utcnow()
        assert send_reminders(date.today(), now=start) == 2
        assert send_reminders(date.today(), now=start) == 0  # running twice in a row sends nothing twice
        assert send_reminders(date.today(), now=start + timedelta(days=6)) == 0
        assert send_reminders(date.today(), now=start + timedelta(days=7)) == 2
        assert send_reminders(date.today(), now=start + timedelta(days=14)) == 2
        assert send_reminders(date.today(), now=start + timedelta(days=21)) == 0  # at most three per form
        assert db.session.scalar(select(func.count(ReminderSent.id))) == 6
    recipients = sorted(message["To"] for message in smtp_server)
    assert recipients == ["employer@example.com"] * 3 + ["jobseeker@example.com"] * 3
    subject = str(make_header(decode_header(smtp_server[0]["Subject"])))
    assert "Påminnelse" in subject and "Reminder" in subject


def test_no_reminder_once_the_form_is_submitted(app, client, auth, demo, make_placement, smtp_server):
    placement_id = make_placement()
    auth.login("jobseeker@example.com")
    client.post(f"/placements/{placement_id}/feedback", data=COMPLETE_FEEDBACK)
    smtp_server.clear()  # the slot's and the match's own notices
    with app.app_context():
        assert send_reminders(date.today()) == 1  # only the employer's report is still due
    assert [message["To"] for message in smtp_server] == ["employer@example.com"]


def test_send_reminders_command_writes_to_the_outbox_in_development(app, runner, demo, make_placement, tmp_path):
    app.config["MAIL_OUTBOX_DIR"] = str(tmp_path / "outbox")
    make_placement()
    before = len(list((tmp_path / "outbox").glob("*.eml")))  # the slot's and the match's own notices
    first = runner.invoke(args=["send-reminders"])
    second = runner.invoke(args=["send-reminders"])
    assert "Sent 2 reminders" in first.output and "Sent 0 reminders" in second.output
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == before + 2
