"""Placement agreements: drafting, the PDF, signatures by the three parties, and public verification."""
from datetime import date

from flask import Blueprint
from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from ..models import SIGNER_ROLE_LABELS, SignerRole

bp = Blueprint("agreements", __name__, cli_group=None)


@bp.record_once
def _defaults(state):
    config = state.app.config
    config.setdefault("AGREEMENT_AUTHORITY_NAME", "Arbetsförmedlingen")
    # Coordinators have no phone of their own in the portal: the agreement prints the office's
    # general number (Arbetsförmedlingen's customer service). For placements through the
    # municipality, the municipality's unit and number (empty: none printed).
    config.setdefault("AGREEMENT_AUTHORITY_PHONE", "0771-416 416")
    config.setdefault("AGREEMENT_MUNICIPALITY_NAME", "Kommunens arbetsmarknadsenhet")
    config.setdefault("AGREEMENT_MUNICIPALITY_PHONE", "")
    config.setdefault("AGREEMENT_TIMESTAMP_URL", None)
    config.setdefault("VERIFY_MAX_BYTES", 10 * 1024 * 1024)
    # An upload is judged in a child process killed after this long (portal/pdfcheck/), after
    # waiting at most VERIFY_QUEUE_SECONDS for the worker's checking server to be free, and refused
    # before any signature is validated when it holds more than an agreement can.
    config.setdefault("VERIFY_TIME_LIMIT_SECONDS", 1.0)
    config.setdefault("VERIFY_QUEUE_SECONDS", 0.8)
    config.setdefault("VERIFY_MAX_REVISIONS", 12)
    config.setdefault("VERIFY_MAX_SIGNATURES", 8)
    config.setdefault("VERIFY_MAX_OBJECTS", 20_000)
    # Uploads per address (anonymous or not) within the window.
    config.setdefault("VERIFY_UPLOADS_PER_ADDRESS", 30)
    config.setdefault("VERIFY_UPLOAD_WINDOW_MINUTES", 10)


EVENT_LABELS = {
    "drafted": _l("Drafted"),
    "versioned": _l("New version"),
    "viewed": _l("Opened"),
    "signed": _l("Signed"),
    "completed": _l("Signed by all parties"),
    "declined": _l("Declined"),
    "voided": _l("Version void"),
    "reminded": _l("Reminder sent"),
    "verified": _l("Checked at /verify"),
    "change-proposed": _l("Change proposed"),
    "signed-on-behalf": _l("Signed on behalf of the participant"),
    "overlap-confirmed": _l("Matched despite an overlapping placement"),
}


@bp.app_template_global()
@bp.app_template_filter()
def role_label(role):
    return SIGNER_ROLE_LABELS[SignerRole(role)]


@bp.app_template_global()
def event_label(kind):
    return EVENT_LABELS.get(kind, kind)


@bp.app_template_global()
def dashboard_agreements(user, limit=10):
    """(agreement, awaits this user's signature) pairs for a dashboard, those awaiting the user first."""
    from .access import agreements_for, signer_role

    pairs = []
    for agreement in agreements_for(user, limit=limit):
        role = signer_role(user, agreement)
        version = agreement.current_version
        awaits = bool(role and version.status == "open" and version.signature_for(role) is None)
        pairs.append((agreement, awaits))
    return sorted(pairs, key=lambda pair: not pair[1])


@bp.app_template_global()
def long_date(value):
    return format_date(date.fromisoformat(value) if isinstance(value, str) else value, "long")


from . import change_routes, cli, routes, verify  # noqa: E402,F401
