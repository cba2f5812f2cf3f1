"""Command-line tasks: `flask --app portal export-agreement REFERENCE --out FILE`, `send-agreement-reminders`."""
from datetime import timedelta
from pathlib import Path

import click
from sqlalchemy import select

from ..extensions import db
from ..models import Agreement, AgreementStatus
from ..models.base import utcnow
from . import bp, notifications
from .events import EventKind, append_event


@bp.cli.command("export-agreement")
@click.argument("reference")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True),
              help="Where to write the PDF.")
@click.option("--version", "version_number", type=int, help="An earlier version (default: the current one).")
def export_agreement_command(reference, out, version_number):
    """Write an agreement's current PDF (with every signature made so far) to a file."""
    agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference.strip().upper()))
    if agreement is None:
        raise click.BadParameter("no agreement has this reference", param_hint="REFERENCE")
    version = agreement.current_version
    if version_number is not None:
        version = next((v for v in agreement.versions if v.number == version_number), None)
        if version is None:
            raise click.BadParameter("the agreement has no such version", param_hint="--version")
    data = version.signatures[-1].result_pdf if version.signatures else version.pdf
    Path(out).write_bytes(data)
    signed = ", ".join(s.role for s in version.signatures) or "nobody yet"
    click.echo(f"Wrote {agreement.reference} version {version.number} ({len(data)} bytes; signed by {signed}) to {out}")


@bp.cli.command("send-agreement-reminders")
@click.option("--days", default=3, show_default=True, help="Remind again after this many days.")
def send_agreement_reminders_command(days):
    """E-mail every party still awaited on agreements not reminded within --days (run it daily)."""
    cutoff = utcnow() - timedelta(days=days)
    agreements = db.session.scalars(
        select(Agreement).where(Agreement.status == AgreementStatus.AWAITING_SIGNATURES)
    ).all()
    sent = 0
    for agreement in agreements:
        if (agreement.last_reminded_at or agreement.created_at) > cutoff:
            continue
        count = notifications.ask_to_sign(agreement, reminder=True)
        agreement.last_reminded_at = utcnow()
        append_event(agreement, EventKind.REMINDED, version=agreement.current_version, details={"messages": count})
        db.session.commit()
        sent += count
    click.echo(f"Sent {sent} reminders.")
