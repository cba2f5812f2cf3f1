"""Cached figures (portal/freshness.py): kept per data version, recomputed after any change they read."""
from datetime import date

import pytest
from sqlalchemy import select, update

from portal import create_app, freshness, warmup
from portal.extensions import cache, db
from portal.jobseekers import matching
from portal.models import FollowUp, JobSeeker, Organisation, Placement, PlacementStatus, RateLimit, Slot, User
from portal.models.base import utcnow
from portal.stats import queries, report
from portal.stats.queries import Filters
from portal.unions.scopes import set_scope
from portal.warmup import warm_up
from tests.conftest import page, register_other_employer
from tests.test_stats import many_placements, table  # noqa: F401  (a fixture)


def test_changes_to_what_figures_read_raise_the_version(app, demo, make_slot):
    slot_id = make_slot()
    with app.app_context():
        before = freshness.current_version()
        # Not read by any cached figure.
        db.session.add(RateLimit(bucket="t", key="someone@example.com", count=1, window_started_at=utcnow()))
        db.session.commit()
        assert freshness.current_version() == before

        db.session.get(JobSeeker, 1).gender = "man"
        db.session.commit()
        assert freshness.current_version() == before + 1

        # A bulk UPDATE bypasses the unit of work (taking a slot's last place does this).
        db.session.execute(update(Slot).where(Slot.id == slot_id).values(places=3))
        db.session.commit()
        assert freshness.current_version() == before + 2


def test_a_rolled_back_change_leaves_the_version(app, demo):
    with app.app_context():
        before = freshness.current_version()
        db.session.get(JobSeeker, 1).full_name = "Someone Else"
        db.session.flush()
        db.session.rollback()
        assert freshness.current_version() == before


def test_cached_values_are_computed_once_per_version(app, demo):
    calls = []

    def compute():
        calls.append(1)
        return {"figure": len(calls)}

    with app.app_context():
        assert freshness.cached("test", "key", compute) == {"figure": 1}
        assert freshness.cached("test", "key", compute) == {"figure": 1}
        assert freshness.cached("test", "other key", compute) == {"figure": 2}
        db.session.get(JobSeeker, 1).full_name = "Someone Else"
        db.session.commit()
        assert freshness.cached("test", "key", compute) == {"figure": 3}


def test_remembered_values_are_the_most_recently_read(app, demo, monkeypatch):
    monkeypatch.setattr(freshness, "REMEMBERED", 2)
    computed = []

    def remember(key):
        return freshness.remembered("test", key, lambda: computed.append(key) or key.upper())

    with app.app_context():
        assert [remember("a"), remember("b"), remember("a"), remember("c")] == ["A", "B", "A", "C"]
        assert computed == ["a", "b", "c"]
        remember("a")  # still kept: read more recently than "b", which made way for "c"
        remember("b")
        assert computed == ["a", "b", "c", "b"]
        freshness.forget_all()
        remember("b")
        assert computed == ["a", "b", "c", "b", "b"]


def test_statistics_show_a_new_placement_at_once(app, client, auth, demo, make_slot):
    slot_id = make_slot(start_date=date(2026, 1, 5), end_date=date(2026, 3, 1), places=20)
    client.get("/?lang=en")
    auth.login("coordinator@example.com")

    def started_women():
        return table(page(client.get("/stats/")), "placements")["Started"][0]

    assert started_women() == "fewer than 5"
    add_women(app, slot_id, "Person")
    assert started_women() == "6"


@pytest.fixture
def two_organisations(app, many_placements, make_slot):
    """many_placements (12, in the demo employer's retail organisation) and 6 ended placements of
    women at a second organisation."""
    register_other_employer(app, sector="hospitality")
    slot_id = make_slot(organisation_number="2120000142", start_date=date(2026, 1, 5), end_date=date(2026, 3, 1),
                        places=20)
    add_women(app, slot_id, "Other")
    return slot_id


def add_women(app, slot_id, name, count=6):
    """Placements of `count` new job-seekers, all women, in the slot."""
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        for number in range(count):
            person = JobSeeker(full_name=f"{name} {number}", gender="woman", birth_year=1990)
            db.session.add(Placement(slot_id=slot_id, jobseeker=person, matched_by=coordinator,
                                     status=PlacementStatus.ACTIVE))
        db.session.commit()


def counted_afresh(filters, user, today):
    cache.clear()
    return report.figures(filters, user, today)


def test_statistics_count_again_only_the_organisation_that_changed(app, two_organisations, monkeypatch):
    today = date.today()
    with app.test_request_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        before = report.figures(Filters(), coordinator, today)  # counted afresh, and kept
        version = freshness.current_version()
        other = db.session.scalar(select(Organisation).where(Organisation.organisation_number == "2120000142"))
        placement = db.session.scalar(select(Placement).join(Slot).where(Slot.organisation_id == other.id))
        db.session.add(FollowUp(placement=placement, outcome="in-work", recorded_by=coordinator))
        db.session.commit()
        assert freshness.changed_organisations(version, freshness.current_version()) == {other.id}

        asked = []
        counting = queries.figures
        monkeypatch.setattr(queries, "figures", lambda *args, **kwargs: asked.append(kwargs) or counting(*args, **kwargs))
        after = report.figures(Filters(), coordinator, today)
        assert asked == [{"organisations": {other.id}}]  # the other organisation only
        assert after != before and after == counted_afresh(Filters(), coordinator, today)

        # A job-seeker's gender counts in every organisation where they had a placement.
        version = freshness.current_version()
        person = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Person 1"))
        person.gender = "man"
        db.session.commit()
        changed = freshness.changed_organisations(version, freshness.current_version())
        assert changed == {db.session.get(Slot, many_placements_slot(person)).organisation_id}
        assert report.figures(Filters(), coordinator, today) == counted_afresh(Filters(), coordinator, today)


def many_placements_slot(person):
    return db.session.scalar(select(Placement.slot_id).where(Placement.jobseeker_id == person.id))


def test_changes_that_cannot_be_traced_count_everything_again(app, two_organisations):
    with app.app_context():
        version = freshness.current_version()
        union = db.session.scalar(select(User).where(User.email == "union@example.com"))
        set_scope(union, sectors=["hospitality"])
        db.session.commit()
        assert freshness.changed_organisations(version, freshness.current_version()) is None

        version = freshness.current_version()
        db.session.execute(update(Slot).where(Slot.id == two_organisations).values(places=30))
        db.session.commit()
        assert freshness.changed_organisations(version, freshness.current_version()) is None

        # Taking a place says it changes nothing the statistics read: matching recomputes, statistics keep.
        version = freshness.current_version()
        db.session.execute(update(Slot).where(Slot.id == two_organisations)
                           .values(places_filled=Slot.places_filled + 1)
                           .execution_options(statistics_unaffected=True))
        db.session.commit()
        assert freshness.current_version() == version + 1
        assert freshness.changed_organisations(version, freshness.current_version()) == set()


def test_the_placement_facts_follow_every_kind_of_change(app, two_organisations):
    """After each change, the facts kept up to date at commit equal the facts written from scratch."""
    from datetime import timedelta

    from portal.models import JobSeekerFeedback, PlacementFact
    from portal.models.base import utcnow
    from portal.stats import facts

    def kept_and_rebuilt():
        def rows():
            return [tuple(row) for row in db.session.execute(
                select(*PlacementFact.__table__.columns).order_by(PlacementFact.placement_id))]

        kept = rows()
        facts.rebuild(db.session)
        rebuilt = rows()
        db.session.rollback()
        return kept, rebuilt

    with app.app_context():
        placement = db.session.scalar(select(Placement).where(Placement.slot_id == two_organisations))
        changes = [
            lambda: db.session.add(JobSeekerFeedback(placement=placement, supervision_rating=4, learning_rating=5,
                                                     treatment_rating=3, submitted_at=utcnow())),
            lambda: setattr(placement.jobseeker, "gender", "other"),
            lambda: setattr(db.session.get(Slot, two_organisations), "end_date", date(2026, 2, 1) + timedelta(days=3)),
            lambda: (setattr(placement, "status", "ended"), setattr(placement, "end_reason", "illness")),
            lambda: db.session.execute(update(Slot).where(Slot.id == two_organisations).values(placement_type="trial")),
        ]
        for change in changes:
            change()
            db.session.commit()
            kept, rebuilt = kept_and_rebuilt()
            assert len(kept) == 18 and kept == rebuilt


def test_a_new_worker_counts_matching_and_statistics_before_its_first_visitor(app, client, auth, demo, monkeypatch):
    warm_up(app)

    def counted_on_a_visit(*args, **kwargs):
        raise AssertionError("counted on a visit, not by warm_up()")

    monkeypatch.setattr(queries, "figures", counted_on_a_visit)
    monkeypatch.setattr(matching, "candidate_slots", counted_on_a_visit)
    auth.login("coordinator@example.com")
    with app.app_context():
        jobseeker_id = db.session.scalar(select(JobSeeker.id))
    assert client.get("/stats/").status_code == 200
    assert client.get(f"/jobseekers/{jobseeker_id}").status_code == 200
    compiled = {template.name for template in app.jinja_env.cache.values()}
    assert set(app.jinja_env.list_templates(extensions=["html"])) <= compiled


def test_warming_up_before_the_database_exists_leaves_it_to_the_first_visitor(tmp_path, monkeypatch):
    warnings = []
    # (Not caplog: alembic's logging set-up in an earlier test can switch this logger off.)
    monkeypatch.setattr(warmup.log, "warning", lambda message, *args: warnings.append(message % args))
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.sqlite"})
    warm_up(app)  # no tables yet: a warning, not a worker that fails to start
    assert len(warnings) == 1 and warnings[0].startswith("caches not warmed up")
