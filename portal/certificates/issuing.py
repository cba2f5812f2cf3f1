"""What the certificate says, and issuing it: rendered by WeasyPrint, signed once by the portal."""
import hashlib
import io
import json
import secrets

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from weasyprint import HTML

from ..agreements.blocking import run_blocking
from ..agreements.drafting import REFERENCE_ALPHABET
from ..agreements.events import canonical_json
from ..agreements.signing import portal_signer
from ..extensions import db
from ..mail import portal_link
from ..models import GOAL_SCALE, EmployerReport, PlacementCertificate
from ..models.base import utcnow
from ..notices import CERTIFICATE_ISSUED, notify

FIELD = "PortalSignature"  # not "Signature.<role>": no party signs it, the portal does
REACHED = 3  # "Mostly reached" or better on the final report's scale counts as reached


class CertificateRefused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def submitted_report(placement):
    return db.session.scalar(select(EmployerReport).where(EmployerReport.placement_id == placement.id,
                                                          EmployerReport.submitted_at.is_not(None)))


def certificate_of(placement):
    return db.session.scalar(select(PlacementCertificate).where(PlacementCertificate.placement_id == placement.id))


def hours_attended(placement, report):
    """The agreed hours over the period, times the attendance in the final report, in whole hours."""
    hours = json.loads(placement.agreed_terms or "{}").get("hours_per_week") or placement.slot.hours_per_week
    days = (placement.end_date - placement.start_date).days + 1
    return round(days / 7 * int(hours) * (report.attendance_percent or 0) / 100)


def proposed_terms(placement, report):
    """What the certificate will say (the facts; the words are the template's, in the reader's language)."""
    slot = placement.slot
    return {
        "participant": placement.jobseeker.full_name,
        "employer": slot.organisation.name,
        "organisation_number": slot.organisation.organisation_number,
        "title": slot.title,
        "occupation": slot.occupation,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "ended_early": placement.ended_early,
        "hours_attended": hours_attended(placement, report),
        "attendance_percent": report.attendance_percent,
        "tasks": report.tasks_done or slot.tasks,
        "goals_reached": [{"goal": rating.learning_goal.text, "rating": rating.rating}
                          for rating in report.goal_ratings if rating.rating >= REACHED],
        "employer_reference": report.certificate_reference or "",
        "supervisor": f"{slot.supervisor_name}, {slot.supervisor_role}",
    }


def render_html(terms, reference, language, issued_on):
    with force_locale(language):
        return render_template("certificates/pdf.html", terms=terms, reference=reference, language=language,
                               issued_on=issued_on, goal_scale=GOAL_SCALE,
                               verify_url=portal_link("agreements.verify"))


def render_pdf(terms, reference, language, issued_on):
    html = render_html(terms, reference, language, issued_on)
    document = HTML(string=html, base_url=str(current_app.root_path)).render(pdf_variant="pdf/ua-1")
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=True)


def sign(pdf, reference, language):
    """One signature, the portal's, covering the whole certificate."""
    with force_locale(language):
        reason = _("Praktikportalen issues placement certificate %(reference)s", reference=reference)
    metadata = PdfSignatureMetadata(field_name=FIELD, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES,
                                    name="Praktikportalen", reason=reason, location="Praktikportalen")
    output = run_blocking(PdfSigner(metadata, signer=portal_signer()).sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return output.getvalue()


def new_reference():
    while True:
        reference = f"PI-{utcnow().year}-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
        if db.session.scalar(select(PlacementCertificate.id).where(PlacementCertificate.reference == reference)) is None:
            return reference


def issue(placement, user, language, shown_terms_sha256=None):
    """The job-seeker accepted the wording: issue the certificate (once; a second accept returns the
    first). `shown_terms_sha256`: the text the person read, so a report changed since is not issued
    unread. Commits. Returns (certificate, newly_issued)."""
    existing = certificate_of(placement)
    if existing is not None:
        return existing, False
    report = submitted_report(placement)
    if report is None:
        raise CertificateRefused("no-report")
    terms = proposed_terms(placement, report)
    if shown_terms_sha256 is not None and shown_terms_sha256 != terms_sha256(terms):
        raise CertificateRefused("changed")
    now = utcnow()
    reference = new_reference()
    pdf = sign(render_pdf(terms, reference, language, now.date()), reference, language)
    certificate = PlacementCertificate(
        placement_id=placement.id, reference=reference, language=language, terms=canonical_json(terms),
        accepted_by_id=user.id, accepted_at=now, issued_at=now, pdf=pdf, pdf_sha256=hashlib.sha256(pdf).hexdigest(),
    )
    db.session.add(certificate)
    try:
        db.session.flush()
    except IntegrityError:  # accepted twice at once: the other request issued it
        db.session.rollback()
        return certificate_of(placement), False
    owner = placement.jobseeker.user
    notify(owner, CERTIFICATE_ISSUED,
           subject=lambda: _("Your placement certificate from %(employer)s", employer=terms["employer"]),
           body=lambda: _("Hello,\n\nYour placement certificate %(reference)s is ready to download. It is signed by "
                          "Praktikportalen; anyone can check it at the portal's verification page.",
                          reference=reference),
           link_endpoint="certificates.certificate", placement_id=placement.id)
    db.session.commit()
    return certificate, True


def terms_sha256(terms):
    return hashlib.sha256(canonical_json(terms).encode()).hexdigest()


def dashboard(user):
    """The job-seeker's placements with a submitted final report: a certificate to accept or download."""
    from ..models import Placement, Role
    from ..models import JobSeeker

    if user.role != Role.JOBSEEKER:
        return {}
    placements = db.session.scalars(
        select(Placement).join(Placement.jobseeker).join(EmployerReport, EmployerReport.placement_id == Placement.id)
        .where(JobSeeker.user_id == user.id, EmployerReport.submitted_at.is_not(None)).order_by(Placement.id)
    ).all()
    issued = {c.placement_id for c in db.session.scalars(
        select(PlacementCertificate).where(PlacementCertificate.placement_id.in_([p.id for p in placements])))}
    return {"certificates": [(placement, placement.id in issued) for placement in placements]}
