"""A coordinator signs for the job-seeker (issue 15, part 4), as NAV's case worker may approve on the
participant's behalf: only after the employer has signed, with a stated reason (no e-ID, no digital
access, or another reason in words). The signature is the job-seeker's field in the PDF; its
/Reason, the name in its box, the audit trail and the signature row name both people, and the
job-seeker is told. Safe to press twice or race the job-seeker's own signature: the unique
(version, role) and (version, sequence) constraints let one signature in (signing.py).
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import notices
from ..extensions import db
from ..models import AgreementSignature, Role, SignerRole, VersionStatus
from ..models.base import utcnow
from .access import may_see
from .events import EventKind, append_event, retrying
from .signing import SigningError, _complete, _load, sha256, sign_pdf
from .wording import wording

ON_BEHALF_REASONS = {
    "no-e-id": _l("The participant has no e-ID"),
    "no-digital-access": _l("The participant has no digital access"),
    "other": _l("Another reason (describe it)"),
}


def why_in(language, reason, note):
    return wording(language)["on_behalf"]["why"][reason].format(note=note)


def sign_on_behalf(reference, coordinator, *, reason, note="", version_number, ip_address="", user_agent=""):
    """Sign the current version's job-seeker field for them. Returns (signature, newly_signed)."""
    if reason not in ON_BEHALF_REASONS or (reason == "other" and not note.strip()):
        raise SigningError("no-reason")

    def work():
        agreement = _load(reference)
        if coordinator.role != Role.COORDINATOR or not may_see(coordinator, agreement):
            raise SigningError("not-a-party")
        version = agreement.current_version
        existing = version.signature_for(SignerRole.JOBSEEKER) if version.number == version_number else None
        if existing is not None:
            return existing, False  # signed already (by the job-seeker or for them)
        if version.number != version_number:
            raise SigningError("new-version")
        if version.status != VersionStatus.OPEN:
            raise SigningError("closed")
        if version.signature_for(SignerRole.EMPLOYER) is None:
            raise SigningError("employer-first")
        participant = agreement.placement.jobseeker.full_name
        text = wording(version.language)["on_behalf"]
        values = {"participant": participant, "coordinator": coordinator.full_name,
                  "why": why_in(version.language, reason, note.strip()), "reference": agreement.reference,
                  "version": version.number}
        previous = version.signatures[-1]
        signed_input = previous.result_pdf
        audit_head = agreement.event_head
        result = sign_pdf(
            signed_input, role=SignerRole.JOBSEEKER, name=participant, reference=agreement.reference,
            version_number=version.number, language=version.language, audit_head=audit_head,
            reason=text["reason"].format(**values), stamp_name=text["stamp_name"].format(**values),
        )
        signature = AgreementSignature(
            version=version, sequence=len(version.signatures) + 1, role=SignerRole.JOBSEEKER.value,
            user_id=coordinator.id, typed_name=coordinator.full_name, signed_at=utcnow(),
            ip_address=(ip_address or "")[:45], user_agent=(user_agent or "")[:500],
            shown_sha256=version.pdf_sha256, input_sha256=sha256(signed_input), result_sha256=sha256(result),
            result_pdf=result, audit_head=audit_head,
            on_behalf_of=participant, on_behalf_reason=reason, on_behalf_note=note.strip(),
        )
        db.session.add(signature)
        db.session.flush()
        append_event(agreement, EventKind.SIGNED_ON_BEHALF, actor=coordinator, version=version, details={
            "role": SignerRole.JOBSEEKER.value, "on_behalf_of": participant, "signed_by": coordinator.full_name,
            "reason": reason, "note": note.strip(), "input_sha256": signature.input_sha256,
            "result_sha256": signature.result_sha256,
        })
        _tell_jobseeker(agreement, coordinator, reason, note.strip())
        if all(version.signature_for(role) is not None for role in SignerRole):
            _complete(agreement, version)
        return signature, True

    return retrying(work)


def _tell_jobseeker(agreement, coordinator, reason, note):
    """The job-seeker is told, in the portal and by e-mail, where they have an account."""
    user = agreement.placement.jobseeker.user
    slot = agreement.placement.slot
    notices.notify(
        user, notices.SIGNED_ON_BEHALF,
        subject=lambda: _("%(name)s signed agreement %(reference)s for you", name=coordinator.full_name,
                          reference=agreement.reference),
        body=lambda: _("Hello,\n\nYour coordinator %(name)s has signed the placement agreement %(reference)s "
                       "(%(title)s at %(employer)s) on your behalf. Reason: %(reason)s\n\nYou can read the "
                       "agreement in the portal. If you did not agree to this, contact your coordinator.",
                       name=coordinator.full_name, reference=agreement.reference, title=slot.title,
                       employer=slot.organisation.name,
                       reason=note if reason == "other" else str(ON_BEHALF_REASONS[reason])),
        link_endpoint="agreements.show", reference=agreement.reference,
    )
