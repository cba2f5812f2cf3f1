"""The schema comes from migrations: they must build a database that matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from portal.extensions import db
from tests.conftest import drop_version_table


def test_migrations_build_the_schema_the_models_describe(app):
    with app.app_context():
        db.drop_all()
        drop_version_table()
        try:
            upgrade()
            with db.engine.connect() as connection:
                differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
            assert differences == []
            downgrade(revision="base")
            upgrade()
        finally:
            drop_version_table()


def test_the_facts_migration_fills_in_the_placements_already_there(app, demo, make_placement):
    from flask_migrate import stamp
    from sqlalchemy import select

    from portal.models import PlacementFact
    from portal.stats import facts

    make_placement(status="ended")
    make_placement(jobseeker_name="Karim Haddad")
    with app.app_context():
        def all_facts():
            rows = db.session.execute(select(*PlacementFact.__table__.columns).order_by(PlacementFact.placement_id))
            found = [tuple(row) for row in rows]
            db.session.remove()  # no transaction left open for the migrations' connection to wait on
            return found

        kept = all_facts()
        assert len(kept) == 2
        stamp()
        try:
            downgrade(revision="1dcea1aa1ca1")  # before the facts
            upgrade()
            assert all_facts() == kept  # the migration's SQL says what facts.facts_query() says
            facts.rebuild(db.session)
            db.session.commit()
            assert all_facts() == kept
        finally:
            drop_version_table()
