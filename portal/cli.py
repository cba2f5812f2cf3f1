"""Command-line tasks: `flask --app portal create-user ...` and `flask --app portal demo-data`."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from . import backup
from .accounts.users import AccountError, new_user
from .extensions import db
from .models import SECTORS, Organisation, Role
from .organisations.numbers import InvalidOrganisationNumber, normalise_organisation_number
from .unions.scopes import set_scope


def init_app(app):
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(send_mail_command)
    app.cli.add_command(send_check_in_notices_command)
    app.cli.add_command(delete_old_drafts_command)
    app.cli.add_command(rebuild_facts_command)
    backup.init_app(app)  # backup, restore


@click.command("create-user")
@with_appcontext
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="The person's full name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--organisation", "organisation_number", help="Employers: the organisation number it belongs to.")
@click.option("--scope-organisation", "scope_organisations", multiple=True,
              help="Union representatives: an organisation number they cover (repeat for more).")
@click.option("--scope-sector", "scope_sectors", multiple=True, type=click.Choice(list(SECTORS)),
              help="Union representatives: a sector they cover (repeat for more).")
def create_user_command(role, email, full_name, password, organisation_number, scope_organisations, scope_sectors):
    """Create an account with one role."""
    if len(password) < 12:
        raise click.BadParameter("must have at least 12 characters", param_hint="--password")
    if (scope_organisations or scope_sectors) and role != Role.UNION:
        raise click.UsageError("--scope-organisation and --scope-sector are for union representatives")
    organisation = None
    if role == Role.EMPLOYER:
        if not organisation_number:
            raise click.UsageError("an employer belongs to an organisation: give --organisation NNNNNN-NNNN")
        organisation = _registered_organisation(organisation_number, "--organisation")
    try:
        user = new_user(email=email, password=password, role=role, full_name=full_name, organisation=organisation)
    except AccountError:
        raise click.BadParameter("an account with this e-mail address already exists", param_hint="--email") from None
    if role == Role.UNION:
        covered = [_registered_organisation(number, "--scope-organisation") for number in scope_organisations]
        set_scope(user, organisations=covered, sectors=scope_sectors)
    db.session.commit()
    click.echo(f"Created {user.role} {user.email}")


def _registered_organisation(number, option):
    try:
        digits = normalise_organisation_number(number)
    except InvalidOrganisationNumber:
        raise click.BadParameter(f"{number} is not a valid organisation number", param_hint=option) from None
    organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == digits))
    if organisation is None:
        raise click.BadParameter(f"no organisation with the number {number} is registered", param_hint=option)
    return organisation


@click.command("demo-data")
@with_appcontext
def demo_data_command():
    """Load demo accounts and records (safe to run again: nothing is created twice)."""
    from .demo import DEMO_PASSWORD, load_demo_data, load_demo_statistics

    created = load_demo_data()
    created += load_demo_statistics()  # earlier rounds, so that the statistics show figures
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


@click.command("send-reminders")
@with_appcontext
def send_reminders_command():
    """E-mail reminders about overdue feedback forms (weekly, at most three per form; meant for cron)."""
    from datetime import date

    from .feedback.reminders import send_reminders

    click.echo(f"Sent {send_reminders(date.today())} reminders.")


@click.command("send-check-in-notices")
@with_appcontext
def send_check_in_notices_command():
    """Tell coordinators about check-ins that fell due (once per placement; meant for cron, daily)."""
    from datetime import date

    from .checkins.rules import send_check_in_notices

    click.echo(f"Sent {send_check_in_notices(date.today())} check-in notices.")


@click.command("delete-old-drafts")
@with_appcontext
def delete_old_drafts_command():
    """Warn about, then delete, drafts untouched for 12 weeks (warnings 7 days and 1 day before; daily cron)."""
    from .records.drafts import clean_up

    warned, deleted = clean_up()
    click.echo(f"Sent {warned} warnings; deleted {deleted} drafts.")


@click.command("send-mail")
@with_appcontext
def send_mail_command():
    """Send the e-mail waiting in the outbox (for cron, every few minutes; safe to run twice at once)."""
    from .mail import send_due
    from .models import OutboxMail

    sent = send_due()
    waiting = db.session.scalar(
        select(db.func.count(OutboxMail.id)).where(OutboxMail.sent_at.is_(None), OutboxMail.next_attempt_at.is_not(None))
    )
    click.echo(f"Sent {sent} messages; {waiting} waiting to be tried again.")


@click.command("rebuild-facts")
@with_appcontext
def rebuild_facts_command():
    """Write every placement's statistics facts again from the tables and raise the data version
    (after writes the portal does not see: a raw DBAPI connection, psql, a migration)."""
    from sqlalchemy import func

    from . import data_version
    from .models import PlacementFact

    data_version.changed_everything(db.session.connection())
    db.session.commit()  # the commit writes them (portal/data_version.py)
    click.echo(f"Wrote the facts of {db.session.scalar(select(func.count()).select_from(PlacementFact))} placements.")
