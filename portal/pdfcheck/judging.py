"""pyHanko's verdict on one PDF, in this process (the checking server's child calls it).

See portal/pdfcheck/__init__.py for why it runs in a child, and what the verdict rests on.
"""
import io
import re

from asn1crypto import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from . import LIMITS

EOF_AT_END = re.compile(rb"%%EOF[\r\n\x00\t\f ]*\Z")
FIELD_ROLE = re.compile(r"^Signature\.(\w+)$")


def judge(data, trust_roots_der, limits=LIMITS):
    """The verdict itself, in this process (the child calls it; tests may too)."""
    if not EOF_AT_END.search(data[-1024:]):
        # No %%EOF at the very end: either the file was cut short, or something was appended to
        # a complete file without closing it (the forged update of issue 13). Judge the file up
        # to its last %%EOF; if that holds signatures, whatever follows them is an alteration.
        cut = data.rfind(b"%%EOF")
        if cut < 0:
            return {"outcome": "refused", "code": "truncated"}
        answer = judge(data[: cut + 5] + b"\n", trust_roots_der, limits)
        if answer["outcome"] == "checked" and answer["signatures"]:
            answer["altered"] = True
            for signature in answer["signatures"]:
                signature["covers_whole_document"] = False
            return answer
        return {"outcome": "refused", "code": "truncated"}

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        revisions = reader.xrefs.total_revisions
        size = int(reader.trailer_view.get("/Size", 0))
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return {"outcome": "checked", "altered": True, "signatures": [], "revisions": 0}
    if revisions > limits["max_revisions"] or size > limits["max_objects"]:
        return {"outcome": "refused", "code": "too-complex"}
    try:
        embedded = _signatures(reader, limits["max_signatures"])
    except _TooMany:
        return {"outcome": "refused", "code": "too-complex"}
    except (PdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError):
        return {"outcome": "checked", "altered": True, "signatures": [], "revisions": revisions}

    context = ValidationContext(trust_roots=[x509.Certificate.load(der) for der in trust_roots_der])
    signatures, altered = [], False
    seen = set()
    for signature in embedded:
        report, changed = _check_one(signature, context)
        # Two fields pointing at one signature dictionary: not something signing makes.
        value = signature.sig_field.raw_get("/V")
        key = (value.idnum, value.generation) if isinstance(value, generic.IndirectObject) else id(value)
        if key in seen:
            changed = True
        seen.add(key)
        signatures.append(report)
        altered = altered or changed
    if signatures:
        last_end = max(s["end"] for s in signatures)
        if last_end != len(data):
            # Bytes after the last signature: nothing the portal writes, so an alteration.
            altered = True
        for report in signatures:
            report["covers_whole_document"] = report["end"] == len(data)
    return {"outcome": "checked", "altered": altered, "signatures": signatures, "revisions": revisions}


class _TooMany(Exception):
    pass


def _signatures(reader, most):
    found = []
    for signature in reader.embedded_signatures:
        found.append(signature)
        if len(found) > most:
            raise _TooMany()
    return found


ALLOWED_AFTER_SIGNING = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)


def _check_one(signature, context):
    name = str(signature.sig_object.get("/Name", "") or "")
    match = FIELD_ROLE.match(signature.field_name or "")
    role = match.group(1) if match else ""
    try:
        claimed = signature.self_reported_timestamp
    except Exception:  # noqa: BLE001 -- a damaged /M entry is just an unknown time
        claimed = None
    try:
        byte_range = [int(value) for value in signature.sig_object["/ByteRange"]]
        end = byte_range[2] + byte_range[3]
    except (KeyError, TypeError, ValueError, IndexError):
        end = -1
    report = {"name": name, "role": role, "signed_at": _iso(claimed), "valid": False, "intact": False,
              "trusted": False, "covers_whole_document": False, "end": end}
    try:
        status = validate_pdf_signature(signature, context)
    except Exception:  # noqa: BLE001 -- pyHanko raises many kinds on damaged input: not valid, altered
        return report, True
    modification_ok = status.modification_level in ALLOWED_AFTER_SIGNING and status.docmdp_ok is not False
    report.update(
        name=name or status.signing_cert.subject.human_friendly,
        signed_at=_iso(status.signer_reported_dt or claimed),
        valid=bool(status.bottom_line and status.intact and status.valid and status.trusted and modification_ok),
        intact=bool(status.intact),
        trusted=bool(status.trusted),
    )
    return report, not status.intact or not modification_ok


def _iso(moment):
    return moment.isoformat() if moment is not None else None
