"""Signing with pyHanko: one PAdES signature per party, each an incremental update in its own field.

The content is frozen when the version is drafted: the first signer signs the version's PDF,
every later signer signs the PDF as the previous signature left it. `sign_agreement` runs in one
transaction and is safe to call twice or concurrently: a unique constraint per version and role
makes a second Sign for the same party a no-op, one per version and sequence makes two parties
signing at the same moment take turns (the loser retries on top of the winner's result).
"""
import hashlib
import io
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date

from cryptography.hazmat.primitives.asymmetric.ec import ECDSA, EllipticCurvePrivateKey
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from flask import current_app
from pyhanko_certvalidator.util import get_pyca_cryptography_hash
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigAuthType, SigSeedSubFilter
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore
from sqlalchemy import select

from ..extensions import db
from ..models import Agreement, AgreementSignature, AgreementStatus, PlacementStatus, SignerRole, VersionStatus
from ..models.base import utcnow
from . import notifications
from .access import signer_role
from .blocking import run_blocking
from .certificates import signing_material
from .events import EventKind, append_event, retrying
from .rendering import field_name
from .wording import wording


class SigningError(Exception):
    """Why a signature or a decline was refused; `code` is stable, for the views and tests."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


class PortalSigner(signers.SimpleSigner):
    """pyHanko's SimpleSigner, signing with a key object loaded once instead of at every call.

    (SimpleSigner parses the DER key for each raw signature, twice per PDF signature; for an
    RSA key OpenSSL checks the key each time, which cost ~150 ms per call here.)
    """

    def __init__(self, *, private_key, **kwargs):
        super().__init__(**kwargs)
        self.private_key = private_key

    def sign_raw(self, data, digest_algorithm):
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism == "rsassa_pkcs1v15" and isinstance(self.private_key, RSAPrivateKey):
            return self.private_key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if mechanism == "ecdsa" and isinstance(self.private_key, EllipticCurvePrivateKey):
            return self.private_key.sign(data, ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)


def portal_signer():
    material = signing_material()
    return PortalSigner(
        signing_cert=material.certificate,
        signing_key=material.key,
        private_key=material.private_key,
        cert_registry=SimpleCertificateStore.from_certs(list(material.chain)),
    )


# The font of the signature boxes: embedded (subset, with only the glyphs the stamp uses), so that
# the PDF stays PDF/UA and names print alike everywhere; the same family as the agreement's text.
STAMP_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
# Subsetting the whole DejaVu Sans (740 KB) at every signature took ~450 ms; the stamp's font is
# cut once per process to the Latin scripts (~80 KB), and each signature subsets that (~90 ms). A
# letter outside them prints as a box in the stamp; the signature panel still shows the name.
STAMP_FONT_RANGES = (
    (0x20, 0x24F),  # Basic Latin, Latin-1, Latin Extended-A and -B
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x206F),  # punctuation (dashes, quotes)
)


@lru_cache(maxsize=4)
def _font_engine(path):
    """A pyHanko font engine for the stamp (OpenType, needs uharfbuzz); None without the font or
    uharfbuzz, when pyHanko's built-in Courier is used (not embedded; Latin-1 only)."""
    if not path or not Path(path).is_file():
        return None
    try:
        from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
    except ImportError:
        return None
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # "FFTM NOT subset" at each stamp
    font = TTFont(path)
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[code for low, high in STAMP_FONT_RANGES for code in range(low, high + 1)])
    subsetter.subset(font)
    # pyHanko 0.38 writes the glyph widths in the font's own units where PDF wants thousandths of
    # an em: DejaVu's 2048 units an em printed every letter twice as wide apart. At 1000 they agree.
    scale_upem(font, 1000)
    buffer = io.BytesIO()
    font.save(buffer)
    font_bytes = buffer.getvalue()

    class StampFont(GlyphAccumulatorFactory):
        def create_font_engine(self, writer, obj_stream=None):
            return GlyphAccumulator(writer=writer, font_handle=io.BytesIO(font_bytes), font_size=self.font_size,
                                    obj_stream=obj_stream)

    return StampFont(path, font_size=9)


def stamp_style(*, name, role_words, signed_on, language):
    """The appearance drawn in a party's signature box: name, role and date (no pyHanko logo)."""
    text = wording(language)["signatures"]["stamp"].format(
        name=name, role=role_words, date=format_date(signed_on, "long", locale=language)
    )
    engine = _font_engine(current_app.config.get("AGREEMENT_STAMP_FONT", STAMP_FONT))
    box = TextBoxStyle(font=engine, font_size=9) if engine else TextBoxStyle(font_size=9)
    return TextStampStyle(
        stamp_text=text.replace("%", "%%"),  # pyHanko interpolates %(...)s in the text
        text_box_style=box, border_width=1, background=None,
    )


def sign_pdf(pdf, *, role, name, reference, version_number, language, audit_head, signed_on=None, reason=None,
             stamp_name=None):
    """Add one party's signature to `pdf` as an incremental update; returns the new bytes.

    `reason` replaces the signature's /Reason and `stamp_name` the name in its box (a coordinator
    signing on the job-seeker's behalf names both: portal/agreements/on_behalf.py)."""
    text = wording(language)
    role_words = text["signatures"]["roles"][SignerRole(role).value]
    metadata = PdfSignatureMetadata(
        field_name=field_name(role),
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        name=name,
        reason=reason or text["reason"].format(role=role_words.lower(), name=name, reference=reference,
                                               version=version_number),
        location="Praktikportalen",
        contact_info=f"audit-chain-sha256:{audit_head}",
        prop_auth_type=SigAuthType.PASSWORD,
        prop_auth_time=0,
    )
    url = current_app.config.get("AGREEMENT_TIMESTAMP_URL")
    signer = PdfSigner(
        metadata, signer=portal_signer(), timestamper=HTTPTimeStamper(url) if url else None,
        stamp_style=stamp_style(name=stamp_name or name, role_words=role_words, signed_on=signed_on or utcnow().date(),
                                language=language),
    )
    output = run_blocking(signer.sign_pdf, IncrementalPdfFileWriter(io.BytesIO(pdf)))
    return output.getvalue()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def sign_agreement(reference, user, *, typed_name, version_number, ip_address="", user_agent=""):
    """Sign the current version for the user's party. Returns (signature, newly_signed)."""

    def work():
        agreement = _load(reference)
        role = signer_role(user, agreement)
        if role is None:
            raise SigningError("not-a-party")
        version = agreement.current_version
        existing = version.signature_for(role) if version.number == version_number else None
        if existing is not None:
            return existing, False  # a double click, a second tab, a retry: signed once
        if version.number != version_number:
            raise SigningError("new-version")
        if version.status != VersionStatus.OPEN:
            raise SigningError("closed")
        previous = version.signatures[-1] if version.signatures else None
        signed_input = previous.result_pdf if previous else version.pdf
        audit_head = agreement.event_head
        result = sign_pdf(
            signed_input, role=role, name=typed_name, reference=agreement.reference,
            version_number=version.number, language=version.language, audit_head=audit_head,
        )
        signature = AgreementSignature(
            version=version,
            sequence=len(version.signatures) + 1,
            role=role.value,
            user_id=user.id,
            typed_name=typed_name,
            signed_at=utcnow(),
            ip_address=(ip_address or "")[:45],
            user_agent=(user_agent or "")[:500],
            shown_sha256=version.pdf_sha256,
            input_sha256=sha256(signed_input),
            result_sha256=sha256(result),
            result_pdf=result,
            audit_head=audit_head,
        )
        db.session.add(signature)
        db.session.flush()
        append_event(
            agreement, EventKind.SIGNED, actor=user, version=version,
            details={"role": role.value, "typed_name": typed_name, "input_sha256": signature.input_sha256,
                     "result_sha256": signature.result_sha256},
        )
        if all(version.signature_for(r) is not None for r in SignerRole):
            _complete(agreement, version)
        return signature, True

    return retrying(work)


def _complete(agreement, version):
    now = utcnow()
    version.status, version.closed_at = VersionStatus.SIGNED, now
    agreement.status, agreement.signed_at = AgreementStatus.SIGNED, now
    if agreement.placement.status == PlacementStatus.MATCHED:
        agreement.placement.status = PlacementStatus.ACTIVE
    from .changes import apply_signed_change

    apply_signed_change(agreement, version)  # a change's terms become the placement's only now
    append_event(
        agreement, EventKind.COMPLETED, version=version,
        details={"result_sha256": version.signatures[-1].result_sha256},
    )
    notifications.tell_everyone(agreement, "signed_subject", "signed_body")


def decline_agreement(reference, user, *, reason, version_number):
    """A party declines to sign: the current version is void until a coordinator drafts a new one."""

    def work():
        agreement = _load(reference)
        role = signer_role(user, agreement)
        if role is None:
            raise SigningError("not-a-party")
        version = agreement.current_version
        if version.number != version_number:
            raise SigningError("new-version")
        if version.status != VersionStatus.OPEN:
            if version.status == VersionStatus.VOID:
                return version, False
            raise SigningError("closed")
        if version.signature_for(role) is not None:
            raise SigningError("already-signed")
        version.status, version.closed_at, version.closed_by_id = VersionStatus.VOID, utcnow(), user.id
        version.close_reason = reason
        agreement.status = AgreementStatus.DECLINED
        from .changes import decline_change

        decline_change(agreement, version)  # a declined change: the signed terms before it stand
        append_event(agreement, EventKind.DECLINED, actor=user, version=version,
                     details={"role": role.value, "reason": reason})
        append_event(agreement, EventKind.VOIDED, actor=user, version=version, details={})
        notifications.tell_everyone(agreement, "declined_subject", "declined_body", role=role.value, reason=reason)
        return version, True

    return retrying(work)


def _load(reference):
    agreement = db.session.scalar(select(Agreement).where(Agreement.reference == reference))
    if agreement is None:
        raise SigningError("not-found")
    return agreement
