"""Records (issue 15, part 9): the record's access log, a job-seeker's own data, old drafts deleted."""
import io
import json
import zipfile
from datetime import timedelta

from sqlalchemy import func, select, update

from portal.extensions import db
from portal.models import DraftWarning, EmployerReport, JobSeeker, Notice, RecordAccess, Slot, SlotStatus, User
from portal.models.base import utcnow
from portal.records import drafts
from tests.conftest import login, page


def _jobseeker_id(app, name="Amina Hassan"):
    with app.app_context():
        return db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == name))


def test_opening_a_record_is_logged_and_coordinators_see_the_log(app, demo):
    jobseeker_id = _jobseeker_id(app)
    coordinator = login(app, "coordinator@example.com")
    coordinator.get(f"/jobseekers/{jobseeker_id}")
    coordinator.get(f"/jobseekers/{jobseeker_id}/edit")
    html = page(coordinator.get(f"/jobseekers/{jobseeker_id}"))
    with app.app_context():
        accesses = db.session.scalars(select(RecordAccess).order_by(RecordAccess.id)).all()
        assert [(a.user.email, a.page) for a in accesses] == [
            ("coordinator@example.com", "jobseekers.show"), ("coordinator@example.com", "jobseekers.edit"),
            ("coordinator@example.com", "jobseekers.show")]
    log = html.find("details", class_="access-log")
    assert "Who opened this record" in log.get_text() and len(log.find_all("tr")) == 4  # a header and three
    # Nobody else opens the record, so nobody else sees its log.
    for email in ("employer@example.com", "union@example.com", "jobseeker@example.com"):
        assert login(app, email).get(f"/jobseekers/{jobseeker_id}").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(RecordAccess.id))) == 3


def test_a_jobseeker_downloads_what_the_portal_holds_about_them(app, demo, new_agreement):
    reference = new_agreement()  # the demo job-seeker's (Amina Hassan)
    login(app, "coordinator@example.com").get(f"/jobseekers/{_jobseeker_id(app)}")
    client = login(app, "jobseeker@example.com")
    assert page(client.get("/dashboard/")).find("a", href="/my-data")
    response = client.get("/my-data")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "jobseeker@example.com" and data["record"]["full_name"] == "Amina Hassan"
    assert [a["reference"] for p in data["placements"] for a in p["agreements"]] == [reference]
    assert [entry["by"] for entry in data["record_opened"]] == ["Cecilia Handläggare"]
    assert f"agreements/{reference}-v1.pdf" in archive.namelist()
    assert archive.read(f"agreements/{reference}-v1.pdf").startswith(b"%PDF-")
    assert "Karim Haddad" not in json.dumps(data)  # nobody else's


def test_only_the_jobseeker_downloads_their_data(app, demo):
    assert "/login" in app.test_client().get("/my-data").location
    for email in ("employer@example.com", "union@example.com", "coordinator@example.com"):
        assert login(app, email).get("/my-data").status_code == 403


def _age(app, model, object_id, age):
    with app.app_context():
        db.session.execute(update(model).where(model.id == object_id).values(updated_at=utcnow() - age))
        db.session.commit()
        return db.session.get(model, object_id).updated_at


def test_an_untouched_draft_is_warned_about_twice_then_deleted(app, demo, make_slot):
    slot_id = make_slot(status=SlotStatus.DRAFT, title="Gammalt utkast")
    kept_id = make_slot(status=SlotStatus.DRAFT, title="Nytt utkast")
    updated = _age(app, Slot, slot_id, timedelta(weeks=12) - timedelta(days=6))
    deadline = updated + drafts.KEPT_FOR
    with app.app_context():
        for now, expected in [
            (deadline - timedelta(days=8), (0, 0)),  # too early for any warning
            (deadline - timedelta(days=7), (1, 0)),  # the 7-day warning
            (deadline - timedelta(days=7), (0, 0)),  # run again: not twice
            (deadline - timedelta(days=1), (1, 0)),  # the 1-day warning
            (deadline - timedelta(hours=1), (0, 0)),
            (deadline, (0, 1)),  # deleted
            (deadline, (0, 0)),
        ]:
            assert drafts.clean_up(now) == expected, now
        assert db.session.get(Slot, slot_id) is None and db.session.get(Slot, kept_id) is not None
        notices = db.session.scalars(select(Notice).where(Notice.kind == "draft-to-be-deleted")).all()
        assert [n.user.email for n in notices] == ["employer@example.com"] * 2
        assert all(n.link_path == f"/slots/{slot_id}/edit" for n in notices)
        assert db.session.scalar(select(func.count(DraftWarning.id))) == 0  # gone with the draft


def test_a_draft_is_not_deleted_before_both_warnings_had_their_time(app, demo, make_slot):
    slot_id = make_slot(status=SlotStatus.DRAFT)
    _age(app, Slot, slot_id, timedelta(weeks=20))  # cron was not running: long past the 12 weeks
    with app.app_context():
        now = utcnow()
        assert drafts.clean_up(now) == (1, 0)  # the first warning, nothing deleted
        assert drafts.clean_up(now + timedelta(days=1)) == (1, 0)  # the second
        assert drafts.clean_up(now + timedelta(days=2)) == (0, 0)  # a week since the first has not passed
        assert drafts.clean_up(now + timedelta(days=7)) == (0, 1)


def test_touching_a_draft_starts_again(app, demo, make_slot):
    slot_id = make_slot(status=SlotStatus.DRAFT)
    _age(app, Slot, slot_id, timedelta(weeks=12) - timedelta(days=7))
    with app.app_context():
        assert drafts.clean_up() == (1, 0)
    _age(app, Slot, slot_id, timedelta(days=0))  # the employer saved it
    with app.app_context():
        assert drafts.clean_up() == (0, 0)
        assert db.session.get(Slot, slot_id) is not None


def test_a_draft_final_report_is_deleted_after_the_warnings(app, demo, make_placement):
    placement_id = make_placement()
    with app.app_context():
        author = db.session.scalar(select(User).where(User.email == "employer@example.com"))
        report = EmployerReport(placement_id=placement_id, author_id=author.id, tasks_done="Half written")
        db.session.add(report)
        db.session.commit()
        report_id = report.id
    updated = _age(app, EmployerReport, report_id, timedelta(weeks=12))
    with app.app_context():
        deadline = updated + drafts.KEPT_FOR
        assert drafts.clean_up(deadline - timedelta(days=7)) == (1, 0)
        assert drafts.clean_up(deadline - timedelta(days=1)) == (1, 0)
        assert drafts.clean_up(deadline) == (0, 1)
        assert db.session.get(EmployerReport, report_id) is None
        notice = db.session.scalars(select(Notice).where(Notice.kind == "draft-to-be-deleted")).first()
        assert notice.link_path == f"/placements/{placement_id}/report"


def test_submitted_slots_and_reports_are_never_deleted(app, demo, make_slot):
    slot_id = make_slot(status=SlotStatus.AWAITING_REVIEW)
    _age(app, Slot, slot_id, timedelta(weeks=30))
    with app.app_context():
        assert drafts.clean_up(utcnow() + timedelta(days=30)) == (0, 0)
        assert db.session.get(Slot, slot_id) is not None


def test_the_command_warns_once_when_run_twice(app, demo, make_slot, runner):
    slot_id = make_slot(status=SlotStatus.DRAFT)
    _age(app, Slot, slot_id, timedelta(weeks=12) - timedelta(days=3))
    assert "Sent 1 warnings; deleted 0 drafts." in runner.invoke(args=["delete-old-drafts"]).output
    assert "Sent 0 warnings; deleted 0 drafts." in runner.invoke(args=["delete-old-drafts"]).output
    with app.app_context():
        assert db.session.scalar(select(func.count(DraftWarning.id))) == 1
