from sqlalchemy import func, select

from portal.extensions import db
from portal.models import JobSeeker, Organisation, User


def test_demo_data_creates_one_account_per_role_and_is_idempotent(app, runner):
    first = runner.invoke(args=["demo-data"])
    assert first.exit_code == 0, first.output
    assert "praktik-demo-2026" in first.output
    for email in ["employer@example.com", "union@example.com", "jobseeker@example.com", "coordinator@example.com"]:
        assert email in first.output
    second = runner.invoke(args=["demo-data"])
    assert "(0 new records)" in second.output
    with app.app_context():
        roles = db.session.scalars(select(User.role).order_by(User.role)).all()
        assert roles == ["coordinator", "employer", "jobseeker", "union"]
        assert db.session.scalar(select(Organisation)).is_verified
        genders = set(db.session.scalars(select(JobSeeker.gender)))
        assert genders == {"woman", "man", "other"}
        assert db.session.scalar(select(func.count(JobSeeker.id))) >= 5


def test_create_user_with_a_role(app, runner):
    result = runner.invoke(
        args=["create-user", "--role", "union", "--email", "Rep@Kommunal.example", "--name", "Rut Rep",
              "--password", "a-long-enough-password"]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert (user.email, user.role, user.full_name) == ("rep@kommunal.example", "union", "Rut Rep")


def test_create_user_refuses_bad_input(app, runner):
    short = runner.invoke(args=["create-user", "--role", "coordinator", "--email", "c@x.example", "--name", "C",
                                "--password", "short"])
    assert short.exit_code != 0 and "12 characters" in short.output
    employer = runner.invoke(args=["create-user", "--role", "employer", "--email", "e@x.example", "--name", "E",
                                   "--password", "a-long-enough-password"])
    assert employer.exit_code != 0 and "--organisation" in employer.output
    runner.invoke(args=["demo-data"])
    taken = runner.invoke(args=["create-user", "--role", "coordinator", "--email", "coordinator@example.com",
                                "--name", "C", "--password", "a-long-enough-password"])
    assert taken.exit_code != 0 and "already exists" in taken.output


def test_create_employer_for_a_registered_organisation(app, runner):
    runner.invoke(args=["demo-data"])
    result = runner.invoke(args=["create-user", "--role", "employer", "--email", "second@example.com", "--name",
                                 "Sven Second", "--password", "a-long-enough-password", "--organisation",
                                 "556677-8899"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "second@example.com"))
        assert user.organisation.name == "Exempelbolaget AB"


def test_rebuild_facts_writes_every_placements_facts_again(app, runner, demo, make_placement):
    from sqlalchemy import delete

    from portal.models import PlacementFact

    make_placement()
    with app.app_context():
        db.session.execute(delete(PlacementFact))  # as after a bulk load that bypassed the portal
        db.session.commit()
    result = runner.invoke(args=["rebuild-facts"])
    assert "Wrote the facts of 1 placements." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlacementFact)) == 1
