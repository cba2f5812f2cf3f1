"""The checking server's warm-up: a one-page PDF signed twice with a throwaway certificate and
judged, so that what pyHanko sets up on first use is done once, before the children are forked.
"""
import io
from datetime import datetime, timedelta, timezone

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from pyhanko_certvalidator.registry import SimpleCertificateStore

from .judging import judge

ONE_PAGE = (
    b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
)


def _one_page_pdf():
    offsets, out = [], bytearray()
    for number in (1, 2, 3):
        offsets.append(ONE_PAGE.index(b"%d 0 obj" % number))
    out += ONE_PAGE
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _throwaway_signer():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "warm-up")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    asn1_certificate = asn1_x509.Certificate.load(der)
    asn1_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    signer = signers.SimpleSigner(signing_cert=asn1_certificate, signing_key=asn1_key,
                                  cert_registry=SimpleCertificateStore.from_certs([asn1_certificate]))
    return signer, der


def warm():
    signer, der = _throwaway_signer()
    pdf = _one_page_pdf()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for name in ("Signature.first", "Signature.second"):
        append_signature_field(writer, SigFieldSpec(name))
    out = io.BytesIO()
    writer.write(out)
    pdf = out.getvalue()
    for name in ("Signature.first", "Signature.second"):
        pdf = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)),
                               signers.PdfSignatureMetadata(field_name=name), signer=signer).getvalue()
    return judge(pdf, [der])
