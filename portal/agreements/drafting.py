"""Drafting an agreement: the terms snapshot, the first version, and later versions.

`draft_agreement(placement, drafted_by)` is what matching calls inside the transaction that
confirms a match: it adds the agreement and its first version to the session and commits nothing.
"""
import hashlib
import secrets
import string

from flask import current_app
from sqlalchemy import select

from .. import programmes
from ..extensions import db
from ..models import (
    Agreement,
    AgreementStatus,
    AgreementVersion,
    ReviewDecision,
    Role,
    SlotStatus,
    VersionStatus,
)
from ..models.base import utcnow
from . import notifications
from .events import EventKind, append_event, canonical_json
from .rendering import render_agreement_pdf

REFERENCE_ALPHABET = "".join(c for c in string.ascii_uppercase + string.digits if c not in "IO01")


class DraftingError(ValueError):
    pass


def new_reference():
    while True:
        reference = f"PA-{utcnow().year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(Agreement.id).where(Agreement.reference == reference)) is None:
            return reference


def terms_for(placement, coordinator, change=None):
    """Everything the agreement states, as plain data (kept with each version, hashed, rendered).

    The type's own terms are read from its programme file when the PDF is rendered; the file's
    checksum is kept here, so that a corrected file counts as changed terms (terms_changed).
    The placement's agreed terms (its last signed change) replace the slot's, and a proposed
    change's replace those in the version that carries it (portal/agreements/changes.py).
    """
    from .changes import apply_terms

    return apply_terms(_slot_terms(placement, coordinator), placement, change)


def _slot_terms(placement, coordinator):
    slot = placement.slot
    organisation = slot.organisation
    programme = programmes.get(slot.placement_type)
    config = current_app.config
    statement = next((r for r in reversed(slot.reviews)), None)
    decision = getattr(slot, "latest_decision", None)
    # When the union was asked: the latest submission for review before its statement (or at all).
    asked = [
        change.changed_at for change in slot.status_changes
        if change.to_status == SlotStatus.AWAITING_REVIEW and (statement is None or change.changed_at <= statement.decided_at)
    ]
    if programme.by_employment_service:
        office, phone = config.get("AGREEMENT_AUTHORITY_NAME", "Arbetsförmedlingen"), config.get("AGREEMENT_AUTHORITY_PHONE", "")
    else:
        office, phone = config.get("AGREEMENT_MUNICIPALITY_NAME", ""), config.get("AGREEMENT_MUNICIPALITY_PHONE", "")
    return {
        "programme": {
            "id": programme.id,
            "organiser": programme.organiser,
            "host_compensation": programme.host_compensation,
            "state_programme_cover": programme.state_programme_cover,
            "content_sha256": programme.sha256,
        },
        "employer": {
            "name": organisation.name,
            "organisation_number": organisation.formatted_number,
            "address": organisation.workplace_address,
            "contact_person": organisation.contact_person,
            "collective_agreement": bool(organisation.has_collective_agreement),
        },
        "supervisor": {
            "name": slot.supervisor_name,
            "role": slot.supervisor_role,
            "phone": slot.supervisor_phone,
            "email": slot.supervisor_email,
        },
        "participant": {"name": placement.jobseeker.full_name},
        "coordinator": {
            "name": coordinator.full_name,
            "email": coordinator.email,
            "office": office,
            "office_phone": phone or "",
        },
        # The decision to refer (anvisa) or, for the municipality, to arrange the placement: the
        # coordinator's match.
        "referral": {
            "decided_on": placement.matched_at.date().isoformat() if placement.matched_at else None,
            "by": placement.matched_by.full_name if placement.matched_by else coordinator.full_name,
        },
        "placement": {
            "type": slot.placement_type,
            "title": slot.title,
            "occupation": slot.occupation,
            "tasks": slot.tasks,
            "learning_goals": [goal.text for goal in slot.learning_goals],
            "start_date": slot.start_date.isoformat(),
            "end_date": slot.end_date.isoformat(),
            "hours_per_week": slot.hours_per_week,
            "schedule": slot.schedule,
            "workplace_address": slot.workplace_address,
            "swedish_level": slot.swedish_level,
            "step_free_access": bool(slot.step_free_access),
            "accessibility_notes": slot.accessibility_notes or "",
        },
        "declarations": {
            name: bool(getattr(slot, name))
            for name in (
                "declares_not_replacing_staff",
                "declares_no_reemployment_rights",
                "declares_no_labour_dispute",
                "declares_supervisor_time",
            )
        },
        "union_asked_on": max(asked).date().isoformat() if asked else None,
        "union": None
        if statement is None
        else {
            "reviewer": statement.reviewer.full_name,
            # Whom a consultation held outside the portal was held with (the union's name, as recorded).
            "consulted": getattr(statement, "consulted", "") or "",
            "decision": ReviewDecision(statement.decision).value,
            "decided_at": statement.decided_at.date().isoformat(),
            "reason": statement.reason or "",
        },
        # The coordinator's decision after the consultation, where the slot has one.
        "consultation_decision": None
        if decision is None
        else {
            "outcome": str(decision.outcome),
            "reason": decision.reason or "",
            "decided_on": decision.decided_at.date().isoformat(),
            "by": decision.decided_by.full_name if decision.decided_by else "",
        },
    }


def draft_agreement(placement, drafted_by, language="sv", reference=None, notify=True):
    """Create the placement's agreement and its first version, without committing."""
    if drafted_by.role != Role.COORDINATOR:
        raise DraftingError("only a coordinator drafts agreements")
    if placement.id is not None and db.session.scalar(
        select(Agreement.id).where(Agreement.placement_id == placement.id)
    ):
        raise DraftingError("the placement already has an agreement")
    agreement = Agreement(reference=reference or new_reference(), placement=placement, created_by=drafted_by)
    db.session.add(agreement)
    db.session.flush()
    version = _add_version(agreement, drafted_by, language, number=1)
    append_event(
        agreement, EventKind.DRAFTED, actor=drafted_by, version=version,
        details={"pdf_sha256": version.pdf_sha256, "terms_sha256": version.terms_sha256, "language": language},
    )
    if notify:
        notifications.ask_to_sign(agreement)
    return agreement


def redraft_agreement(agreement, drafted_by, language=None, note=""):
    """Make a new version from the placement's current terms; everyone signs it again (no commit)."""
    if agreement.is_final:
        raise DraftingError("a signed agreement is final")
    previous = agreement.current_version
    language = language or previous.language
    from .changes import change_of

    change = None
    if previous.status == VersionStatus.OPEN:
        change = change_of(previous)  # a proposed change goes on in the new version
        previous.status = VersionStatus.SUPERSEDED
        previous.closed_at, previous.closed_by, previous.close_reason = utcnow(), drafted_by, note
    version = _add_version(agreement, drafted_by, language, number=previous.number + 1, note=note, change=change)
    if change is not None:
        change.version = version
    agreement.status = AgreementStatus.AWAITING_SIGNATURES
    append_event(
        agreement, EventKind.VERSIONED, actor=drafted_by, version=version,
        details={"pdf_sha256": version.pdf_sha256, "terms_sha256": version.terms_sha256, "language": language,
                 "replaces": previous.number, "note": note},
    )
    notifications.ask_to_sign(agreement)
    return version


def terms_changed(agreement):
    """Whether the slot or parties changed since the current version was drafted."""
    from .changes import change_of

    version = agreement.current_version
    coordinator = version.created_by
    return canonical_json(terms_for(agreement.placement, coordinator, change_of(version))) != version.terms_json


def _add_version(agreement, drafted_by, language, number, note="", change=None):
    terms = terms_for(agreement.placement, drafted_by, change)
    terms_json = canonical_json(terms)
    drafted_at = utcnow()
    pdf = render_agreement_pdf(terms, agreement.reference, number, language, drafted_at)
    version = AgreementVersion(
        agreement=agreement,
        number=number,
        language=language,
        terms_json=terms_json,
        terms_sha256=hashlib.sha256(terms_json.encode()).hexdigest(),
        pdf=pdf,
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        created_at=drafted_at,
        created_by=drafted_by,
        note=note,
    )
    db.session.add(version)
    db.session.flush()
    return version
