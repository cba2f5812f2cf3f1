"""Figures that cannot go stale (portal/data_version.py, portal/figure_cache.py): every way of
writing to what statistics and matching read raises the data version and keeps the placement facts
right, or is refused; kept figures are counted again after any change they read."""
from datetime import date

import pytest
from sqlalchemy import delete, insert, select, text, update

from portal import create_app, data_version, figure_cache, warmup
from portal.data_version import WriteNotTracked, written_tables
from portal.extensions import db
from portal.jobseekers import matching
from portal.models import (
    FollowUp,
    JobSeeker,
    JobSeekerFeedback,
    JobSeekerLanguage,
    LearningGoal,
    Organisation,
    Placement,
    PlacementFact,
    PlacementStatus,
    RateLimit,
    Slot,
    UnionScope,
    User,
)
from portal.models.base import utcnow
from portal.stats import facts, queries, report
from portal.stats.queries import Filters
from portal.unions.scopes import set_scope
from portal.warmup import warm_up
from tests.conftest import page, register_other_employer, table

def test_changes_to_what_figures_read_raise_the_version(app, demo, make_slot):
    slot_id = make_slot()
    with app.app_context():
        before = data_version.current_version()
        # Not read by any kept figure.
        db.session.add(RateLimit(bucket="t", key="someone@example.com", count=1, window_started_at=utcnow()))
        db.session.commit()
        assert data_version.current_version() == before

        db.session.get(JobSeeker, 1).gender = "man"
        db.session.commit()
        assert data_version.current_version() == before + 1

        # A bulk UPDATE bypasses the unit of work.
        db.session.execute(update(Slot).where(Slot.id == slot_id).values(places=3))
        db.session.commit()
        assert data_version.current_version() == before + 2


def test_a_rolled_back_change_leaves_the_version(app, demo, make_slot):
    slot_id = make_slot()
    with app.app_context():
        before = data_version.current_version()
        db.session.get(JobSeeker, 1).full_name = "Someone Else"
        db.session.flush()
        db.session.rollback()
        with db.engine.connect() as connection:
            connection.execute(text("UPDATE slots SET places = 9 WHERE id = :id"), {"id": slot_id})
            connection.rollback()
        assert data_version.current_version() == before


def test_the_written_table_is_read_from_the_sql():
    assert written_tables("SELECT * FROM slots FOR UPDATE") == set()
    assert written_tables("INSERT INTO placements (slot_id) VALUES (?)") == {"placements"}
    assert written_tables('update "public"."Slots" set places = 1') == {"slots"}
    assert written_tables("INSERT OR REPLACE INTO follow_ups VALUES (1)") == {"follow_ups"}
    assert written_tables("DELETE FROM ONLY jobseekers WHERE id = 1") == {"jobseekers"}
    assert written_tables("WITH gone AS (DELETE FROM slots RETURNING id) SELECT count(*) FROM gone") == {"slots"}
    assert written_tables("-- a note\nUPDATE slots SET places = 2") == {"slots"}
    assert written_tables("TRUNCATE TABLE placements, slots CASCADE") >= {"placements", "slots"}
    assert written_tables("INSERT INTO rate_limits (bucket) VALUES ('x') ON CONFLICT (bucket) DO UPDATE SET count = 1") \
        == {"rate_limits", "set"}  # (no table is called "set": read, not watched)


def test_kept_values_are_computed_once_per_version(app, demo):
    calls = []

    def compute():
        calls.append(1)
        return {"figure": len(calls)}

    with app.app_context():
        assert figure_cache.kept("test", "key", compute) == {"figure": 1}
        assert figure_cache.kept("test", "key", compute) == {"figure": 1}
        assert figure_cache.kept("test", "other key", compute) == {"figure": 2}
        db.session.get(JobSeeker, 1).full_name = "Someone Else"
        db.session.commit()
        assert figure_cache.kept("test", "key", compute) == {"figure": 3}


def test_the_values_read_most_recently_are_kept(app, demo, monkeypatch):
    monkeypatch.setattr(figure_cache, "SIZE", 2)
    computed = []

    def read(key):
        return figure_cache.kept("test", key, lambda: computed.append(key) or key.upper())

    with app.app_context():
        assert [read("a"), read("b"), read("a"), read("c")] == ["A", "B", "A", "C"]
        assert computed == ["a", "b", "c"]
        read("a")  # still kept: read more recently than "b", which made way for "c"
        read("b")
        assert computed == ["a", "b", "c", "b"]
        figure_cache.forget_all()
        read("b")
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
    figure_cache.forget_all()
    return report.figures(filters, user, today)


def test_statistics_count_again_only_the_organisation_that_changed(app, two_organisations, monkeypatch):
    today = date.today()
    with app.test_request_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        before = report.figures(Filters(), coordinator, today)  # counted afresh, and kept
        version = data_version.current_version()
        other = db.session.scalar(select(Organisation).where(Organisation.organisation_number == "2120000142"))
        placement = db.session.scalar(select(Placement).join(Slot).where(Slot.organisation_id == other.id))
        db.session.add(FollowUp(placement=placement, outcome="in-work", recorded_by=coordinator))
        db.session.commit()
        assert data_version.changed_organisations(version, data_version.current_version()) == {other.id}

        asked = []
        counting = queries.figures
        monkeypatch.setattr(queries, "figures", lambda *args, **kwargs: asked.append(kwargs) or counting(*args, **kwargs))
        after = report.figures(Filters(), coordinator, today)
        assert asked == [{"organisations": {other.id}}]  # the other organisation only
        assert after != before and after == counted_afresh(Filters(), coordinator, today)

        # A job-seeker's gender counts in every organisation where they had a placement.
        version = data_version.current_version()
        person = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Person 1"))
        person.gender = "man"
        db.session.commit()
        changed = data_version.changed_organisations(version, data_version.current_version())
        slot_id = db.session.scalar(select(Placement.slot_id).where(Placement.jobseeker_id == person.id))
        assert changed == {db.session.get(Slot, slot_id).organisation_id}
        assert report.figures(Filters(), coordinator, today) == counted_afresh(Filters(), coordinator, today)


def test_matching_reads_again_only_the_slots_that_changed(app, two_organisations, monkeypatch):
    with app.test_request_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        matching.open_pool(POOL_DAY)  # read afresh, and kept
        asked = []
        reading = matching.candidate_slots
        monkeypatch.setattr(matching, "candidate_slots",
                            lambda *args, **kwargs: asked.append(kwargs.get("only")) or reading(*args, **kwargs))

        # A follow-up and a job-seeker's gender: statistics count again, matching keeps its slots.
        placement = db.session.scalar(select(Placement).where(Placement.slot_id == two_organisations))
        db.session.add(FollowUp(placement=placement, outcome="in-work", recorded_by=coordinator))
        placement.jobseeker.gender = "man"
        db.session.commit()
        assert matching.open_pool(POOL_DAY).candidates == reading(POOL_DAY) and asked == []

        # A slot's places: that slot alone is read again (and leaves the pool once it is full).
        slot = db.session.get(Slot, two_organisations)
        slot.places_filled = slot.places
        db.session.commit()
        pool = matching.open_pool(POOL_DAY)
        assert asked == [{two_organisations}] and two_organisations not in pool.positions
        assert pool.candidates == reading(POOL_DAY)

        # An organisation's new name: its slots are read again and show it.
        asked.clear()
        organisation = db.session.scalar(select(Organisation).where(Organisation.name == "Exempelbolaget AB"))
        organisation.name = "Exempelbolaget Norr AB"
        db.session.commit()
        pool = matching.open_pool(POOL_DAY)
        assert asked == [set(db.session.scalars(select(Slot.id).where(Slot.organisation_id == organisation.id)))]
        assert {candidate.organisation_name for candidate in pool.candidates} == {"Exempelbolaget Norr AB"}
        assert pool.candidates == reading(POOL_DAY)

        # What matching alone reads: a job-seeker's language changes no slot; a learning goal
        # through the ORM is traced to its slot; one written by text() cannot be: every slot again.
        asked.clear()
        placement.jobseeker.languages.append(JobSeekerLanguage(language="Tigrinya", level="native"))
        db.session.commit()
        assert matching.open_pool(POOL_DAY).candidates == reading(POOL_DAY) and asked == []
        goal_slot = pool.candidates[0].id
        db.session.add(LearningGoal(slot_id=goal_slot, position=5, text="Drive a forklift"))
        db.session.commit()
        assert matching.open_pool(POOL_DAY).candidates == reading(POOL_DAY) and asked == [{goal_slot}]
        asked.clear()
        db.session.execute(text("UPDATE learning_goals SET text = 'Drive a truck' WHERE slot_id = :id"), {"id": goal_slot})
        db.session.commit()
        assert matching.open_pool(POOL_DAY).candidates == reading(POOL_DAY) and asked == [None]


def test_changes_that_cannot_be_traced_count_everything_again(app, two_organisations):
    with app.app_context():
        version = data_version.current_version()
        union = db.session.scalar(select(User).where(User.email == "union@example.com"))
        set_scope(union, sectors=["hospitality"])
        db.session.commit()
        assert data_version.changed_organisations(version, data_version.current_version()) is None

        version = data_version.current_version()
        db.session.execute(update(Slot).where(Slot.id == two_organisations).values(places=30))
        db.session.commit()
        assert data_version.changed_organisations(version, data_version.current_version()) is None

        # A statement that names the rows it concerns (as taking a place does) is traced to them.
        version = data_version.current_version()
        db.session.execute(update(Slot).where(Slot.id == two_organisations)
                           .values(places_filled=Slot.places_filled + 1)
                           .execution_options(concerns=[("slot", two_organisations)]))
        db.session.commit()
        assert data_version.current_version() == version + 1
        organisation_id = db.session.get(Slot, two_organisations).organisation_id
        assert data_version.changed_organisations(version, data_version.current_version()) == {organisation_id}


# -- every way of writing -------------------------------------------------------------------------
POOL_DAY = date(2026, 1, 2)  # the slots are open then (they end on 1 March 2026)


STATISTICS, MATCHING, BOTH, NEITHER = {"statistics"}, {"matching"}, {"statistics", "matching"}, set()


def write_paths():
    """(name, write(slot_id, placement_id, jobseeker_id, coordinator_id), which figures it changes):
    each writes to what statistics or matching read, and commits, through one of the ways
    SQLAlchemy can write."""

    def session_then_commit(statement, parameters=None):
        db.session.execute(statement, parameters)
        db.session.commit()

    def engine_begin(statement, parameters=None):
        with db.engine.begin() as connection:
            connection.execute(statement, parameters)

    def connection_commit(statement, parameters=None):
        with db.engine.connect() as connection:
            connection.execute(statement, parameters)
            connection.commit()

    def unit_of_work_type(slot_id, *_ids):
        db.session.get(Slot, slot_id).placement_type = "work-training"
        db.session.commit()

    def unit_of_work_delete(_slot_id, placement_id, *_ids):
        db.session.delete(db.session.get(Placement, placement_id))
        db.session.commit()

    return [
        ("ORM unit of work: a slot's type", unit_of_work_type, BOTH),
        ("ORM unit of work: a placement deleted", unit_of_work_delete, STATISTICS),
        ("ORM bulk update", lambda slot_id, *_: session_then_commit(
            update(Slot).where(Slot.id == slot_id).values(placement_type="work-training")), BOTH),
        ("ORM bulk delete", lambda _slot, placement_id, *_: session_then_commit(
            delete(Placement).where(Placement.id == placement_id)), STATISTICS),
        ("Core insert", lambda slot_id, _placement, jobseeker_id, coordinator_id: session_then_commit(
            insert(Placement.__table__).values(slot_id=slot_id, jobseeker_id=jobseeker_id, matched_by_id=coordinator_id,
                                               status="ended", end_reason="illness", ended_on=date(2026, 2, 10))), STATISTICS),
        ("Core update", lambda slot_id, *_: session_then_commit(
            update(Slot.__table__).where(Slot.__table__.c.id == slot_id).values(placement_type="work-training")), BOTH),
        ("Core delete", lambda _slot, placement_id, *_: session_then_commit(
            delete(Placement.__table__).where(Placement.__table__.c.id == placement_id)), STATISTICS),
        ("text() through the session", lambda slot_id, *_: session_then_commit(
            text("UPDATE slots SET placement_type = 'work-training', places = 1 WHERE id = :id"), {"id": slot_id}), BOTH),
        ("text() through db.engine.begin()", lambda _slot, _placement, jobseeker_id, _coordinator: engine_begin(
            text("UPDATE jobseekers SET gender = 'man' WHERE id = :id"), {"id": jobseeker_id}), STATISTICS),
        ("Core through a connection's commit()", lambda slot_id, *_: connection_commit(
            update(Slot.__table__).where(Slot.__table__.c.id == slot_id)
            .values(placement_type="municipal", end_date=date(2026, 2, 20))), BOTH),
        ("text() insert of a learning goal (matching reads it)", lambda slot_id, *_: session_then_commit(
            text("INSERT INTO learning_goals (slot_id, position, text) VALUES (:id, 9, 'Drive a forklift')"),
            {"id": slot_id}), MATCHING),
        ("text() on a follow-up and a feedback, one statement each", lambda _slot, placement_id, *_: (
            session_then_commit(text("DELETE FROM follow_ups WHERE placement_id = :id"), {"id": placement_id}),
            session_then_commit(insert(JobSeekerFeedback.__table__).values(
                placement_id=placement_id, supervision_rating=1, learning_rating=2, treatment_rating=3,
                submitted_at=utcnow()))), STATISTICS),
        ("text() on placement_facts itself", lambda _slot, placement_id, *_: session_then_commit(
            text("UPDATE placement_facts SET gender = 'other' WHERE placement_id = :id"), {"id": placement_id}),
         NEITHER),  # (written again from the tables: the figures are as they were)
    ]


def counted_from_scratch(filters, user, today):
    """The statistics from the tables themselves: every placement's facts written afresh in a
    transaction that is rolled back, counted with nothing kept."""
    facts.rebuild(db.session)
    figure_cache.forget_all()
    try:
        return report.figures(filters, user, today)
    finally:
        db.session.rollback()
        figure_cache.forget_all()


def facts_from_scratch():
    return sorted(tuple(row) for row in db.session.execute(facts.facts_query()))


def kept_facts():
    return sorted(tuple(row) for row in db.session.execute(select(*PlacementFact.__table__.columns)))


@pytest.mark.parametrize("name, write, changes", write_paths(), ids=[path[0] for path in write_paths()])
def test_every_way_of_writing_keeps_statistics_and_matching_right(app, two_organisations, name, write, changes):
    """After each write the kept figures (counted again in part or whole) equal a count from
    scratch, the placement facts equal the tables, and the kept open slots equal a fresh read."""
    today = date.today()
    with app.test_request_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        views = [Filters(), Filters(placement_type="work-training"), Filters(placement_type="work-placement")]
        before = [report.figures(filters, coordinator, today) for filters in views]  # kept from here on
        pool_before = matching.open_pool(POOL_DAY).candidates
        version = data_version.current_version()
        placement_id, jobseeker_id = db.session.execute(
            select(Placement.id, Placement.jobseeker_id).where(Placement.slot_id == two_organisations)
            .order_by(Placement.id)).first()
        other_person = db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == "Person 12"))
        db.session.commit()

        write(two_organisations, placement_id, other_person if name == "Core insert" else jobseeker_id,
              coordinator.id)
        db.session.expire_all()

        assert data_version.current_version() > version
        assert kept_facts() == facts_from_scratch()
        after = [report.figures(filters, coordinator, today) for filters in views]
        assert after == [counted_from_scratch(filters, coordinator, today) for filters in views]
        assert (after != before) == ("statistics" in changes)
        pool = matching.open_pool(POOL_DAY).candidates
        assert pool == matching.candidate_slots(POOL_DAY)
        assert (pool != pool_before) == ("matching" in changes)


def test_a_write_in_autocommit_mode_is_refused(app, two_organisations):
    with app.app_context():
        version = data_version.current_version()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            with pytest.raises(WriteNotTracked):
                connection.execute(text("UPDATE slots SET placement_type = 'work-training' WHERE id = :id"),
                                   {"id": two_organisations})
            connection.execute(select(Slot.id)).all()  # reads are fine
        assert data_version.current_version() == version
        assert db.session.get(Slot, two_organisations).placement_type != "work-training"


def test_rebuild_facts_puts_right_what_a_raw_connection_wrote(app, runner, two_organisations):
    """A raw DBAPI connection is not seen (README, 'Cached figures'): `flask rebuild-facts` after."""
    today = date.today()
    with app.test_request_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        report.figures(Filters(), coordinator, today)
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()
            cursor.execute(f"UPDATE slots SET placement_type = 'work-training' WHERE id = {int(two_organisations)}")
            raw.commit()
        finally:
            raw.close()
        assert kept_facts() != facts_from_scratch()  # what the README warns of

    assert "Wrote the facts of 18 placements" in runner.invoke(args=["rebuild-facts"]).output
    with app.test_request_context():
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        assert kept_facts() == facts_from_scratch()
        assert report.figures(Filters(), coordinator, today) == counted_from_scratch(Filters(), coordinator, today)


def test_a_union_scope_written_by_text_counts_the_union_figures_again(app, two_organisations):
    today = date.today()
    with app.test_request_context():
        union = db.session.scalar(select(User).where(User.email == "union@example.com"))
        before = report.figures(Filters(), union, today)
        db.session.execute(delete(UnionScope).where(UnionScope.user_id == union.id))
        db.session.execute(text("INSERT INTO union_scopes (user_id, sector) VALUES (:id, 'hospitality')"),
                           {"id": union.id})
        db.session.commit()
        after = report.figures(Filters(), union, today)
        assert after != before and after == counted_from_scratch(Filters(), union, today)

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
