"""Check-ins (issue 15, part 6): due at the midpoint of placements of four weeks or more, recorded by
the coordinator; findings flag the placement on the coordinators' and the union's (in scope) dashboards."""
from datetime import date

from sqlalchemy import func, select

from portal.checkins import rules
from portal.extensions import db
from portal.models import CheckIn, Notice, Placement, ReminderSent
from tests.conftest import login, page

CHECK_IN = {"held_on": date.today().isoformat(), "attendance": "full", "tasks_as_agreed": "yes",
            "supervisor_present": "yes", "replaces_staff": "no", "participant_view": "I learn a lot at the till."}


def test_due_at_the_midpoint_of_placements_of_four_weeks_or_more(app, demo, make_placement):
    half_way = make_placement("Karim Haddad", days_ago_ended=-30, length_days=60)  # midpoint today
    before = make_placement("Olena Kovalenko", days_ago_ended=-50, length_days=60)  # midpoint in 20 days
    short = make_placement("Amina Hassan", days_ago_ended=-10, length_days=20)  # under four weeks
    with app.app_context():
        assert [p.id for p in rules.due(date.today())] == [half_way]
        assert rules.due_on(db.session.get(Placement, before)) > date.today()
        assert rules.due_on(db.session.get(Placement, short)) is None


def test_the_coordinator_records_a_check_in_and_a_finding_flags_the_placement(app, demo, make_placement, runner):
    runner.invoke(args=["create-user", "--role", "union", "--email", "outside@union.example", "--name", "Olle Utanför",
                        "--password", "praktik-demo-2026", "--scope-sector", "education"])
    placement_id = make_placement("Karim Haddad", days_ago_ended=-30, length_days=60)
    coordinator = login(app, "coordinator@example.com")
    dashboard = page(coordinator.get("/dashboard/"))
    assert dashboard.find("a", href=f"/placements/{placement_id}/check-in")
    # Nothing answered: a message for each question, nothing saved.
    response = coordinator.post(f"/placements/{placement_id}/check-in", data={"held_on": ""})
    text = page(response).get_text(" ", strip=True)
    assert response.status_code == 200 and "Choose how the participant attends" in text
    assert "Answer whether the supervisor is there" in text
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 0
    response = coordinator.post(f"/placements/{placement_id}/check-in",
                                data={**CHECK_IN, "tasks_as_agreed": "no", "replaces_staff": "yes"})
    assert response.status_code == 302
    with app.app_context():
        check_in = db.session.scalar(select(CheckIn))
        assert check_in.flags == ["tasks-differ", "replaces-staff"]
        told = {n.user.email for n in db.session.scalars(select(Notice).where(Notice.kind == "check-in-flagged"))}
        assert "union@example.com" in told and "outside@union.example" not in told
    # No longer due; flagged on both dashboards in scope, not outside it.
    dashboard = page(coordinator.get("/dashboard/")).get_text(" ", strip=True)
    assert "1 placement was flagged" in dashboard and "Seems to replace staff" in dashboard
    assert "No check-in is due." in dashboard
    union = page(login(app, "union@example.com").get("/dashboard/"))
    assert union.find("a", href=f"/placements/{placement_id}/check-in")
    assert "Tasks differ from those agreed" in union.get_text()
    assert page(login(app, "union@example.com").get(f"/placements/{placement_id}/check-in")).find("dl")
    outside = login(app, "outside@union.example")
    assert not page(outside.get("/dashboard/")).find("a", href=f"/placements/{placement_id}/check-in")
    assert outside.get(f"/placements/{placement_id}/check-in").status_code == 403
    # Recorded once: a second post changes nothing.
    coordinator.post(f"/placements/{placement_id}/check-in", data=CHECK_IN)
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 1 and not db.session.scalar(select(CheckIn)).tasks_as_agreed


def test_a_check_in_without_a_finding_flags_nothing(app, demo, make_placement):
    placement_id = make_placement("Karim Haddad", days_ago_ended=-30, length_days=60)
    coordinator = login(app, "coordinator@example.com")
    assert coordinator.post(f"/placements/{placement_id}/check-in", data=CHECK_IN).status_code == 302
    assert "No placement is flagged." in page(coordinator.get("/dashboard/")).get_text()
    with app.app_context():
        assert db.session.scalar(select(func.count(Notice.id)).where(Notice.kind == "check-in-flagged")) == 0


def test_a_future_date_and_a_short_placement_are_refused(app, demo, make_placement):
    running = make_placement("Karim Haddad", days_ago_ended=-30, length_days=60)
    short = make_placement("Olena Kovalenko", days_ago_ended=-10, length_days=20)
    coordinator = login(app, "coordinator@example.com")
    response = coordinator.post(f"/placements/{running}/check-in", data={**CHECK_IN, "held_on": "2999-01-01"})
    assert "Enter a date that is today or before" in page(response).get_text()
    assert "shorter than four weeks" in page(coordinator.get(f"/placements/{short}/check-in")).get_text()
    coordinator.post(f"/placements/{short}/check-in", data=CHECK_IN)
    with app.app_context():
        assert db.session.scalar(select(func.count(CheckIn.id))) == 0


def test_parties_cannot_open_the_check_in(app, demo, make_placement):
    placement_id = make_placement("Amina Hassan", days_ago_ended=-30, length_days=60)
    for email in ("employer@example.com", "jobseeker@example.com"):
        assert login(app, email).get(f"/placements/{placement_id}/check-in").status_code == 403


def test_the_check_in_notice_command_tells_the_coordinator_once(app, demo, make_placement, runner):
    placement_id = make_placement("Karim Haddad", days_ago_ended=-30, length_days=60)
    make_placement("Olena Kovalenko", days_ago_ended=-50, length_days=60)  # not yet due
    assert "Sent 1 check-in notices." in runner.invoke(args=["send-check-in-notices"]).output
    assert "Sent 0 check-in notices." in runner.invoke(args=["send-check-in-notices"]).output
    with app.app_context():
        notices = db.session.scalars(select(Notice).where(Notice.kind == "check-in-due")).all()
        assert [(n.user.email, n.link_path) for n in notices] == [
            ("coordinator@example.com", f"/placements/{placement_id}/check-in")]
        assert db.session.scalar(select(func.count(ReminderSent.id)).where(ReminderSent.form == "check-in")) == 1


def test_the_check_in_page_in_swedish(app, demo, make_placement):
    placement_id = make_placement("Karim Haddad", days_ago_ended=-30, length_days=60)
    coordinator = login(app, "coordinator@example.com", lang="sv")
    text = page(coordinator.post(f"/placements/{placement_id}/check-in", data={})).get_text(" ", strip=True)
    assert "Uppföljningssamtal" in text and "Välj hur deltagaren närvarar" in text
    assert "Verkar deltagaren ersätta personal?" in text
