"""What the portal holds about a job-seeker, for them to download (DESIGN.md section 4; issue 15, part 9).

A zip: `data.json` (their account, record, placements with their agreements' terms and signatures,
the feedback and final reports about them, check-ins, follow-ups, notices, who opened their record)
and the PDFs that are theirs: each agreement version as last signed, and their placement certificate.
"""
import io
import json
import zipfile

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Agreement,
    CheckIn,
    EmployerReport,
    FollowUp,
    JobSeekerFeedback,
    Notice,
    Placement,
    PlacementCertificate,
    RecordAccess,
)


def _time(value):
    return value.isoformat() if value is not None else None


def _columns(obj, *names):
    return {name: (_time(v) if hasattr((v := getattr(obj, name)), "isoformat") else v) for name in names}


def collect(user):
    """(the data as a dict, [(file name, bytes)] of the PDFs)."""
    data = {"account": {"email": user.email, "name": user.full_name, "role": user.role,
                        "created_at": _time(user.created_at)},
            "record": None, "placements": [], "notices": [], "record_opened": []}
    files = []
    jobseeker = user.jobseeker
    for notice in db.session.scalars(select(Notice).where(Notice.user_id == user.id).order_by(Notice.id)):
        data["notices"].append({"text": notice.text, "text_en": notice.text_en, "created_at": _time(notice.created_at),
                                "read_at": _time(notice.read_at)})
    if jobseeker is None:
        return data, files
    data["record"] = _columns(jobseeker, "full_name", "gender", "birth_year", "education", "experience",
                              "desired_occupation", "desired_development", "adjustment_needs",
                              "needs_step_free_access", "needs_part_time", "created_at")
    data["record"]["languages"] = [{"language": s.language, "level": s.level} for s in jobseeker.languages]
    for access in db.session.scalars(
            select(RecordAccess).where(RecordAccess.jobseeker_id == jobseeker.id).order_by(RecordAccess.id)):
        data["record_opened"].append({"by": access.user.full_name, "role": access.user.role,
                                      "at": _time(access.accessed_at)})
    placements = db.session.scalars(select(Placement).where(Placement.jobseeker_id == jobseeker.id)
                                    .order_by(Placement.id)).all()
    for placement in placements:
        data["placements"].append(_placement(placement, files))
    return data, files


def _placement(placement, files):
    slot = placement.slot
    entry = {"title": slot.title, "employer": slot.organisation.name, "occupation": slot.occupation,
             "start_date": placement.start_date.isoformat(), "end_date": placement.end_date.isoformat(),
             "status": placement.status, "ended_early": placement.ended_early, "end_reason": placement.end_reason,
             "end_note": placement.end_note, "matched_at": _time(placement.matched_at), "agreements": []}
    agreement = db.session.scalar(select(Agreement).where(Agreement.placement_id == placement.id))
    if agreement is not None:
        for version in agreement.versions:
            entry["agreements"].append({
                "reference": agreement.reference, "version": version.number, "status": version.status,
                "terms": json.loads(version.terms_json),
                "signatures": [{"role": s.role, "name": s.typed_name, "signed_at": _time(s.signed_at)}
                               for s in version.signatures],
            })
            last = version.signatures[-1].result_pdf if version.signatures else version.pdf
            files.append((f"agreements/{agreement.reference}-v{version.number}.pdf", last))
    feedback = db.session.scalar(select(JobSeekerFeedback).where(JobSeekerFeedback.placement_id == placement.id))
    if feedback is not None:
        entry["your_feedback"] = _columns(feedback, "supervision_rating", "learning_rating", "treatment_rating",
                                          "purpose_met", "job_outcome", "learned", "free_text", "submitted_at")
    report = db.session.scalar(select(EmployerReport).where(EmployerReport.placement_id == placement.id,
                                                            EmployerReport.submitted_at.is_not(None)))
    if report is not None:
        entry["employer_final_report"] = _columns(
            report, "attendance_percent", "tasks_done", "went_well", "could_develop", "certificate_reference",
            "employment_offered", "submitted_at")
        entry["employer_final_report"]["learning_goals"] = [
            {"goal": rating.learning_goal.text, "rating": rating.rating} for rating in report.goal_ratings]
    check_in = db.session.scalar(select(CheckIn).where(CheckIn.placement_id == placement.id))
    if check_in is not None:
        entry["check_in"] = _columns(check_in, "held_on", "attendance", "tasks_as_agreed", "supervisor_present",
                                     "replaces_staff", "participant_view", "note")
    follow_up = db.session.scalar(select(FollowUp).where(FollowUp.placement_id == placement.id))
    if follow_up is not None:
        entry["follow_up"] = _columns(follow_up, "outcome", "recorded_at")
    certificate = db.session.scalar(select(PlacementCertificate).where(PlacementCertificate.placement_id == placement.id))
    if certificate is not None:
        entry["certificate"] = {"reference": certificate.reference, "issued_at": _time(certificate.issued_at),
                                "sha256": certificate.pdf_sha256}
        files.append((f"certificates/{certificate.reference}.pdf", certificate.pdf))
    return entry


def as_zip(user):
    data, files = collect(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()
