"""Command-line tasks: `flask --app portal create-user ...` and `flask --app portal demo-data`."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from .accounts.users import AccountError, new_user
from .extensions import db
from .models import Organisation, Role
from .organisations.numbers import InvalidOrganisationNumber, normalise_organisation_number


def init_app(app):
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_data_command)


@click.command("create-user")
@with_appcontext
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="The person's full name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--organisation", "organisation_number", help="Employers: the organisation number it belongs to.")
def create_user_command(role, email, full_name, password, organisation_number):
    """Create an account with one role."""
    if len(password) < 12:
        raise click.BadParameter("must have at least 12 characters", param_hint="--password")
    organisation = None
    if role == Role.EMPLOYER:
        if not organisation_number:
            raise click.UsageError("an employer belongs to an organisation: give --organisation NNNNNN-NNNN")
        try:
            digits = normalise_organisation_number(organisation_number)
        except InvalidOrganisationNumber:
            raise click.BadParameter("not a valid organisation number", param_hint="--organisation") from None
        organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == digits))
        if organisation is None:
            raise click.BadParameter("no organisation with that number is registered", param_hint="--organisation")
    try:
        user = new_user(email=email, password=password, role=role, full_name=full_name, organisation=organisation)
    except AccountError:
        raise click.BadParameter("an account with this e-mail address already exists", param_hint="--email") from None
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}")


@click.command("demo-data")
@with_appcontext
def demo_data_command():
    """Load demo accounts and records (safe to run again: nothing is created twice)."""
    from .demo import DEMO_PASSWORD, load_demo_data

    created = load_demo_data()
    click.echo(f"Demo data ready ({created} new records).")
    click.echo(f"Demo logins, all with the password {DEMO_PASSWORD}:")
    for role, email in DEMO_LOGINS:
        click.echo(f"  {role:<22} {email}")


DEMO_LOGINS = [
    ("employer", "employer@example.com"),
    ("union representative", "union@example.com"),
    ("job-seeker", "jobseeker@example.com"),
    ("coordinator", "coordinator@example.com"),
]
