"""The portal's signing certificate: generated into instance/signing/ on first use, or configured.

By default the portal makes its own small PKI the first time it signs: a self-signed CA and a
signing certificate issued by it (RSA 3072, SHA-256). To sign with a real certificate instead,
set in instance/config.py:

    AGREEMENT_SIGNING_CERT = "/path/signing.pem"       # the signing certificate (PEM)
    AGREEMENT_SIGNING_KEY = "/path/signing-key.pem"     # its private key (PEM, PKCS#8)
    AGREEMENT_SIGNING_KEY_PASSPHRASE = "..."            # if the key is encrypted
    AGREEMENT_CHAIN = ["/path/intermediate.pem"]        # certificates between it and the root
    AGREEMENT_TRUST_ROOTS = ["/path/root.pem"]          # what /verify trusts
"""
import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import current_app

CA_FILE, CA_KEY_FILE = "ca.pem", "ca-key.pem"
SIGNING_FILE, SIGNING_KEY_FILE = "signing.pem", "signing-key.pem"


@dataclass(frozen=True)
class SigningMaterial:
    certificate: asn1_x509.Certificate
    key: asn1_keys.PrivateKeyInfo
    private_key: object  # the same key loaded once by `cryptography` (loading an RSA key is slow)
    chain: tuple  # of asn1_x509.Certificate, from the issuer up
    trust_roots: tuple  # of asn1_x509.Certificate


def signing_directory(app=None):
    app = app or current_app
    return Path(app.config.get("AGREEMENT_SIGNING_DIR") or Path(app.instance_path) / "signing")


def signing_material(app=None):
    """The configured certificate and key, or the portal's own (created on first use). Cached per app."""
    app = app or current_app
    cache_key = (
        str(signing_directory(app)),
        app.config.get("AGREEMENT_SIGNING_CERT"),
        app.config.get("AGREEMENT_SIGNING_KEY"),
    )
    cached = app.extensions.get("agreement_signing_material")
    if cached and cached[0] == cache_key:
        return cached[1]
    if app.config.get("AGREEMENT_SIGNING_CERT"):
        material = _configured_material(app.config)
    else:
        material = _own_material(signing_directory(app))
    app.extensions["agreement_signing_material"] = (cache_key, material)
    return material


def _configured_material(config):
    passphrase = config.get("AGREEMENT_SIGNING_KEY_PASSPHRASE")
    key = serialization.load_pem_private_key(
        Path(config["AGREEMENT_SIGNING_KEY"]).read_bytes(), password=passphrase.encode() if passphrase else None
    )
    chain = tuple(_load_certificate(Path(p)) for p in config.get("AGREEMENT_CHAIN") or ())
    roots = tuple(_load_certificate(Path(p)) for p in config.get("AGREEMENT_TRUST_ROOTS") or ())
    return SigningMaterial(
        certificate=_load_certificate(Path(config["AGREEMENT_SIGNING_CERT"])),
        key=_asn1_key(key),
        private_key=key,
        chain=chain,
        trust_roots=roots or chain[-1:],
    )


def _own_material(directory):
    if not (directory / SIGNING_KEY_FILE).exists():
        create_portal_pki(directory)
    ca = _load_certificate(directory / CA_FILE)
    key = serialization.load_pem_private_key((directory / SIGNING_KEY_FILE).read_bytes(), password=None)
    return SigningMaterial(
        certificate=_load_certificate(directory / SIGNING_FILE), key=_asn1_key(key), private_key=key,
        chain=(ca,), trust_roots=(ca,),
    )


def create_portal_pki(directory, organisation="Praktikportalen"):
    """Write a CA and a signing certificate into `directory`, unless another process just did.

    Everything is written into a fresh folder beside it and renamed into place in one step, so
    that workers starting together all end up with the same complete set.
    """
    directory = Path(directory)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".signing-", dir=directory.parent))
    try:
        now = datetime.datetime.now(datetime.timezone.utc)
        ca_key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        ca_name = _name(f"{organisation} CA", organisation)
        ca = (
            _builder(ca_name, ca_name, ca_key.public_key(), now, years=20)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        certificate = (
            _builder(_name(f"{organisation} signing", organisation), ca_name, key.public_key(), now, years=10)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        _write(staging / CA_FILE, ca.public_bytes(serialization.Encoding.PEM))
        _write(staging / SIGNING_FILE, certificate.public_bytes(serialization.Encoding.PEM))
        _write(staging / CA_KEY_FILE, _pem_key(ca_key), private=True)
        _write(staging / SIGNING_KEY_FILE, _pem_key(key), private=True)
        try:
            os.rename(staging, directory)
        except OSError:
            if not (directory / SIGNING_KEY_FILE).exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _name(common_name, organisation):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "SE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _builder(subject, issuer, public_key, now, years):
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=365 * years))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )


def _key_usage(**enabled):
    flags = dict.fromkeys(
        ["digital_signature", "content_commitment", "key_encipherment", "data_encipherment", "key_agreement",
         "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"],
        False,
    )
    flags.update(enabled)
    return x509.KeyUsage(**flags)


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _write(path, data, private=False):
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _load_certificate(path):
    certificate = x509.load_pem_x509_certificate(path.read_bytes())
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _asn1_key(key):
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return asn1_keys.PrivateKeyInfo.load(der)
