"""/verify: anyone may upload a PDF and learn whether its signatures hold and which agreement it is.

The upload is read into memory, hashed and checked; it is never written anywhere. Asked for
`application/json` the answer is `VerificationReport.as_json()`: {"valid", "altered",
"signatures": [...], "agreement", "version", "latest_version", "signed_by", "awaiting",
"complete", "final"}. The form needs no CSRF token: it changes nothing for anyone and works for
scripts (curl -H 'Accept: application/json' -F document=@file.pdf).

Each address may upload VERIFY_UPLOADS_PER_ADDRESS files per VERIFY_UPLOAD_WINDOW_MINUTES, and
a check of an agreement adds at most one "verified" event to its audit trail per address and
hour, so that nobody outside can fill the trail.
"""
from datetime import timedelta

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.exceptions import RequestEntityTooLarge

from .. import ratelimit
from ..access import public
from ..extensions import csrf, db
from ..models import Agreement
from . import bp
from .events import EventKind, append_event, retrying
from .forms import VerifyForm
from .verification import UnreadableUpload, verify_pdf


def _messages():
    return {
        "missing": _("Choose a PDF file to check"),
        "empty": _("The file is empty. Choose the PDF file of the agreement"),
        "not-pdf": _("The file is not a PDF. Choose the PDF file of the agreement"),
        "truncated": _("The file is incomplete: it ends before the end of the PDF. Download it again and retry"),
        "too-large": _("The file is larger than %(size)d MB. Choose the PDF file of the agreement",
                       size=max(1, current_app.config["VERIFY_MAX_BYTES"] // (1024 * 1024))),
        "too-complex": _("The file has more revisions, signatures or objects than a placement agreement has, "
                         "so it was not checked. It is not an agreement as Praktikportalen signs them"),
        "too-slow": _("Checking the file took too long, so it was stopped. It is not an agreement as "
                      "Praktikportalen signs them"),
        "busy": _("Many files are being checked right now. Try again in a minute"),
        "rate-limited": _("You have checked many files in a short time. Wait %(minutes)d minutes and try again",
                          minutes=current_app.config["VERIFY_UPLOAD_WINDOW_MINUTES"]),
    }


STATUS = {"too-large": 413, "rate-limited": 429, "busy": 503}


def _wants_json():
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]


@bp.route("/verify", methods=["GET", "POST"])
@public
@csrf.exempt
def verify():
    form = VerifyForm(formdata=None, meta={"csrf": False})
    report, status = None, 200
    if request.method == "POST":
        try:
            _count_upload()
            data = _read_upload()
            report = verify_pdf(data)
        except UnreadableUpload as problem:
            message = _messages()[problem.code]
            status = STATUS.get(problem.code, 400)
            if _wants_json():
                return jsonify({"error": problem.code, "message": message}), status
            form.document.errors = [message]
        else:
            _log_verification(report)
            if _wants_json():
                return jsonify(report.as_json())
    return render_template("agreements/verify.html", form=form, report=report), status


def _read_upload():
    """The uploaded file's bytes, refusing what is too large before reading it."""
    limit = current_app.config["VERIFY_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit + 64 * 1024:
        raise UnreadableUpload("too-large")
    try:
        upload = request.files.get("document")
    except RequestEntityTooLarge:
        raise UnreadableUpload("too-large") from None
    if upload is None or not upload.filename:
        raise UnreadableUpload("missing")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise UnreadableUpload("too-large")
    return data


def _count_upload():
    config = current_app.config
    window = timedelta(minutes=config["VERIFY_UPLOAD_WINDOW_MINUTES"])
    if not ratelimit.hit("verify-upload", request.remote_addr, config["VERIFY_UPLOADS_PER_ADDRESS"], window):
        raise UnreadableUpload("rate-limited")


def _log_verification(report):
    if report.agreement is None:
        return
    # One "verified" event per agreement and address an hour: a check is worth recording, a
    # flood of them from outside is not.
    if not ratelimit.hit("verified-event", f"{report.agreement}|{request.remote_addr}", 1, timedelta(hours=1)):
        return

    def work():
        agreement = db.session.scalar(select(Agreement).where(Agreement.reference == report.agreement))
        append_event(agreement, EventKind.VERIFIED, details={
            "sha256": report.sha256, "valid": report.valid, "altered": report.altered,
            "version": report.version_number,
        })

    retrying(work)
