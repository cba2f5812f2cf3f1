"""Checking an uploaded PDF: pyHanko's whole-document judgement against the portal's trust roots.

A document is *valid* when it has signatures, every one is intact, cryptographically valid and
made with a certificate that chains to the portal's CA, and nothing was changed after any
signature beyond what signing allows (filling the next signature field). It is *altered* when
any signature's bytes no longer match, or an update after a signature does more than that --
a page or object appended after the last signature included. The uploaded bytes are hashed in
memory to find the agreement they belong to and never stored.
"""
import hashlib
import io
import re
from dataclasses import dataclass, field

from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from sqlalchemy import select

from ..extensions import db
from ..models import Agreement, AgreementSignature, AgreementVersion, SignerRole
from .blocking import run_blocking
from .certificates import signing_material

ALLOWED_AFTER_SIGNING = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
FIELD_ROLE = re.compile(r"^Signature\.(\w+)$")


class UnreadableUpload(ValueError):
    """The upload is not something we can check; `code` says why (for the message next to the field)."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass
class SignatureReport:
    name: str
    role: str
    signed_at: str | None
    valid: bool
    intact: bool
    trusted: bool
    covers_whole_document: bool


@dataclass
class VerificationReport:
    sha256: str
    valid: bool
    altered: bool
    signatures: list = field(default_factory=list)
    agreement: str | None = None
    version_number: int | None = None
    final: bool = False

    def as_json(self):
        return {
            "valid": self.valid,
            "altered": self.altered,
            "signatures": [
                {"name": s.name, "role": s.role, "signed_at": s.signed_at, "valid": s.valid} for s in self.signatures
            ],
            "agreement": self.agreement,
        }


def verify_pdf(data):
    if not data:
        raise UnreadableUpload("empty")
    if not data.lstrip()[:5] == b"%PDF-":
        raise UnreadableUpload("not-pdf")
    if b"%%EOF" not in data[-1024:]:
        raise UnreadableUpload("truncated")
    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        # It looks like a PDF but its structure does not hold (or nests past any sense): altered or damaged.
        return _with_agreement(VerificationReport(sha256=digest, valid=False, altered=True))
    context = ValidationContext(trust_roots=list(signing_material().trust_roots))
    reports, altered = [], False
    for signature in embedded:
        report, changed = _check(signature, context)
        reports.append(report)
        altered = altered or changed
    valid = bool(reports) and not altered and all(r.valid for r in reports)
    return _with_agreement(VerificationReport(sha256=digest, valid=valid, altered=altered, signatures=reports))


def _check(signature, context):
    name = str(signature.sig_object.get("/Name", "") or "")
    match = FIELD_ROLE.match(signature.field_name or "")
    role = match.group(1) if match and match.group(1) in set(SignerRole) else ""
    try:
        claimed = signature.self_reported_timestamp
    except Exception:  # noqa: BLE001 -- a damaged /M entry is just an unknown time
        claimed = None
    try:
        status = run_blocking(validate_pdf_signature, signature, context)
    except Exception:  # noqa: BLE001 -- pyHanko raises many kinds on damaged input: not valid, altered
        return SignatureReport(name, role, _iso(claimed), False, False, False, False), True
    modification_ok = status.modification_level in ALLOWED_AFTER_SIGNING and status.docmdp_ok is not False
    altered = not status.intact or not modification_ok
    report = SignatureReport(
        name=name or status.signing_cert.subject.human_friendly,
        role=role,
        signed_at=_iso(status.signer_reported_dt or claimed),
        valid=bool(status.bottom_line and status.intact and status.valid and status.trusted and modification_ok),
        intact=bool(status.intact),
        trusted=bool(status.trusted),
        covers_whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
    )
    return report, altered


def _iso(moment):
    return moment.isoformat() if moment is not None else None


def _with_agreement(report):
    """Find the agreement whose version or signed result has exactly these bytes."""
    row = db.session.execute(
        select(Agreement.reference, AgreementVersion.number, AgreementVersion.status)
        .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
        .where(AgreementVersion.pdf_sha256 == report.sha256)
    ).first()
    if row is None:
        row = db.session.execute(
            select(Agreement.reference, AgreementVersion.number, AgreementVersion.status)
            .join(AgreementVersion, AgreementVersion.agreement_id == Agreement.id)
            .join(AgreementSignature, AgreementSignature.version_id == AgreementVersion.id)
            .where(AgreementSignature.result_sha256 == report.sha256)
            .order_by(AgreementSignature.sequence.desc())
        ).first()
        if row is not None:
            report.final = _is_final_result(report.sha256)
    if row is not None:
        report.agreement, report.version_number = row.reference, row.number
    return report


def _is_final_result(digest):
    signature = db.session.scalar(select(AgreementSignature).where(AgreementSignature.result_sha256 == digest))
    version = signature.version
    return version.status == "signed" and version.signatures[-1].id == signature.id
