"""Helpers for the tests of placement changes, signing on behalf and overlaps (issue 15, parts 3-5)."""
from sqlalchemy import select

from portal.agreements.changes import TERM_FIELDS, current_terms
from portal.agreements.signing import sign_agreement
from portal.extensions import db
from portal.models import Agreement, User
from tests.agreement_helpers import PARTY_EMAILS


def sign_by_function(app, reference, roles=("employer", "jobseeker", "coordinator")):
    """Sign the current version for each role, straight through signing.sign_agreement (no pages)."""
    with app.app_context():
        for role in roles:
            user = db.session.scalar(select(User).where(User.email == PARTY_EMAILS[role]))
            agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
            sign_agreement(reference, user, typed_name=user.full_name, version_number=agreement.current_version.number)
        db.session.remove()


def signed_agreement(app, new_agreement, **slot_changes):
    reference = new_agreement(**slot_changes)
    sign_by_function(app, reference)
    return reference


def change_form(app, reference, **changes):
    """The change form's fields as they stand, with `changes` over them (dates as date or text)."""
    with app.app_context():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
        terms = current_terms(agreement.placement)
    data = {name: terms[name] for name in TERM_FIELDS}
    data.update(changes)
    data.setdefault("reason", "The participant is learning well and needs four more weeks.")
    return {name: value.isoformat() if hasattr(value, "isoformat") else str(value) for name, value in data.items()}


def load(reference):
    return db.session.scalar(select(Agreement).where(Agreement.reference == reference))
