"""What /verify says about an uploaded PDF: the signatures' verdict and which agreement it is.

The verdict comes from `portal.pdfcheck` (pyHanko, in a child process with hard limits): *valid*
when the file has signatures, every one intact, valid and trusted by the portal's CA, nothing
changed between them beyond what signing allows, and the last one covering the file to its last
byte; *altered* otherwise. The bytes are then looked up by SHA-256 among the portal's agreements:
which agreement and version, who has signed this copy, who has not, and whether it is the final
agreement (every party signed, and no newer version replaced it). Bytes that are no agreement's may
be a placement certificate the portal issued (portal/certificates): then `certificate` says whose.
The upload is never stored.
"""
import hashlib
import logging
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Agreement, AgreementSignature, AgreementVersion, SignerRole, VersionStatus
from .. import pdfcheck
from .certificates import signing_material

log = logging.getLogger(__name__)

PARTIES = tuple(SignerRole)


class UnreadableUpload(ValueError):
    """The upload is not something we can judge; `code` says why (for the message next to the field)."""

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
    latest_version_number: int | None = None
    signed_by: list = field(default_factory=list)  # parties whose signature in this copy is valid
    complete: bool = False  # every party has signed this copy
    final: bool = False  # complete, and the agreement's version in force
    certificate: dict | None = None  # a placement certificate's reference, participant, employer, period
    peak_rss_kb: int | None = None  # the check's memory, for the tests' bounds

    @property
    def awaiting(self):
        return [role for role in PARTIES if role not in self.signed_by]

    def as_json(self):
        answer = {
            "valid": self.valid,
            "altered": self.altered,
            "signatures": [
                {"name": s.name, "role": s.role, "signed_at": s.signed_at, "valid": s.valid,
                 "covers_whole_document": s.covers_whole_document}
                for s in self.signatures
            ],
            "agreement": self.agreement,
            "version": self.version_number,
            "latest_version": self.latest_version_number,
            "signed_by": list(self.signed_by),
            "awaiting": [str(role) for role in self.awaiting] if self.agreement else [],
            "complete": self.complete,
            "final": self.final,
        }
        if self.certificate:  # only for a placement certificate: an agreement's answer is as it was
            answer["certificate"] = self.certificate
        return answer


def verify_pdf(data):
    if not data:
        raise UnreadableUpload("empty")
    if not data.lstrip()[:5] == b"%PDF-":
        raise UnreadableUpload("not-pdf")
    digest = hashlib.sha256(data).hexdigest()
    config = current_app.config
    limits = {"time_limit": config["VERIFY_TIME_LIMIT_SECONDS"], "queue_wait": config["VERIFY_QUEUE_SECONDS"],
              "max_revisions": config["VERIFY_MAX_REVISIONS"],
              "max_signatures": config["VERIFY_MAX_SIGNATURES"], "max_objects": config["VERIFY_MAX_OBJECTS"]}
    roots = [root.dump() for root in signing_material().trust_roots]
    answer = pdfcheck.check(data, roots, limits)
    if answer["outcome"] == "refused":
        log.info("verify: %s refused (%s)", digest, answer["code"])
        raise UnreadableUpload(answer["code"])
    signatures = [SignatureReport(**{key: s[key] for key in SignatureReport.__dataclass_fields__})
                  for s in answer["signatures"]]
    altered = answer["altered"]
    valid = bool(signatures) and not altered and all(s.valid for s in signatures)
    report = VerificationReport(sha256=digest, valid=valid, altered=altered, signatures=signatures,
                                peak_rss_kb=answer.get("peak_rss_kb"))
    log.info("verify: %s %s, %d signature(s)", digest, "valid" if valid else "altered" if altered else "not valid",
             len(signatures))
    return _with_agreement(report)


def _with_agreement(report):
    """Find the agreement version whose drafted file, or one of whose signed results, is exactly these bytes."""
    version = db.session.scalar(select(AgreementVersion).where(AgreementVersion.pdf_sha256 == report.sha256))
    signed = []
    if version is None:
        signature = db.session.scalar(
            select(AgreementSignature).where(AgreementSignature.result_sha256 == report.sha256)
        )
        if signature is None:
            return _with_certificate(report)
        version = signature.version
        # Byte-for-byte this signature's result: it holds the signatures up to and including it.
        signed = [s.role for s in version.signatures if s.sequence <= signature.sequence]
    agreement = version.agreement
    report.agreement = agreement.reference
    report.version_number = version.number
    report.latest_version_number = agreement.current_version.number
    if report.valid:
        report.signed_by = [role for role in PARTIES if role in signed]
        report.complete = len(report.signed_by) == len(PARTIES)
        report.final = (report.complete and version.status == VersionStatus.SIGNED
                        and agreement.current_version.id == version.id)
    return report


def _with_certificate(report):
    """The placement certificate that is exactly these bytes, if any: only its issued file matches
    (a certificate has one signature, the portal's, and no other version)."""
    from ..models import PlacementCertificate

    certificate = db.session.scalar(
        select(PlacementCertificate).where(PlacementCertificate.pdf_sha256 == report.sha256)
    )
    if certificate is not None:
        placement = certificate.placement
        report.certificate = {
            "reference": certificate.reference, "participant": placement.jobseeker.full_name,
            "employer": placement.slot.organisation.name, "title": placement.slot.title,
            "start_date": placement.start_date.isoformat(), "end_date": placement.end_date.isoformat(),
        }
    return report


def find_agreement(reference):
    return db.session.scalar(select(Agreement).where(Agreement.reference == reference))
