"""Issue 13, item 1: /verify's verdict on tampered copies of a signed agreement agrees with two
independent judges, poppler's pdfsig and pyHanko's own whole-document validation.

The corpus (tests/security/tampered_pdfs.py) starts from an agreement signed by all three
parties: the original, an earlier revision, a byte flipped, trailing bytes, and four kinds of
incremental update (a small hand-written one replacing page 1's content as in the reported
attack, a new content stream, an annotation, an overlay field, an appended page), each with
and without its closing %%EOF.
"""
import io
import re
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from portal.agreements.blocking import run_blocking
from portal.agreements.certificates import signing_material
from tests.agreement_helpers import current_pdf, sign_as
from tests.security import tampered_pdfs
from tests.conftest import login


@pytest.fixture
def signed_pdf(app, new_agreement):
    reference = new_agreement()
    for role in ("employer", "jobseeker", "coordinator"):
        sign_as(app, role, reference)
    return current_pdf(app, reference)


@pytest.fixture
def nss_database(tmp_path, signing_dir, signed_pdf):
    """An NSS certificate database trusting the portal's CA, for pdfsig."""
    database = tmp_path / "nssdb"
    database.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{database}", "--empty-password"], check=True)
    for name, trust, pem in [("ca", "CT,C,C", "ca.pem"), ("signing", ",,", "signing.pem")]:
        subprocess.run(["certutil", "-A", "-d", f"sql:{database}", "-n", name, "-t", trust,
                        "-i", str(signing_dir / pem)], check=True)
    return database


def pdfsig_says_valid(path, nss_database):
    """pdfsig's verdict: every signature valid and trusted, and the last one covering the whole file."""
    result = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss_database}", str(path)],
                            capture_output=True, text=True, timeout=60)
    blocks = [block for block in re.split(r"\nSignature #\d+:", result.stdout)[1:]
              if "The signature form field is not signed" not in block]  # a party still to sign
    if result.returncode != 0 or not blocks:
        return False
    every_one_holds = all("Signature is Valid" in block and "Certificate is Trusted" in block for block in blocks)
    ranges = [re.search(r"Signed Ranges: \[\d+ - \d+\], \[\d+ - (\d+)\]", block) for block in blocks]
    if not all(ranges):
        return False
    ends = [int(found.group(1)) for found in ranges]
    last = blocks[ends.index(max(ends))]
    return every_one_holds and "- Total document signed" in last


def pyhanko_says_valid(app, data):
    """pyHanko's whole-document judgement, read straight from pyHanko (not through the portal)."""
    with app.app_context():
        context = ValidationContext(trust_roots=list(signing_material().trust_roots))
    try:
        signatures = list(PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures)
    except Exception:  # noqa: BLE001 -- a file pyHanko cannot read is not a valid signed document
        return False
    if not signatures:
        return False
    allowed = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
    statuses = []
    for signature in signatures:
        try:
            statuses.append(run_blocking(validate_pdf_signature, signature, context))
        except Exception:  # noqa: BLE001
            return False
    every_one_holds = all(s.bottom_line and s.intact and s.trusted and s.modification_level in allowed
                          for s in statuses)
    return every_one_holds and statuses[-1].coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_the_corpus_is_judged_alike_by_the_portal_pdfsig_and_pyhanko(app, signed_pdf, nss_database, tmp_path):
    corpus = tampered_pdfs.corpus(signed_pdf)
    assert len(corpus) >= 12
    client = login(app, None)
    verdicts = {}
    for number, (name, (data, expected)) in enumerate(corpus.items()):
        path = tmp_path / f"{number}.pdf"
        path.write_bytes(data)
        response = client.post("/verify", data={"document": (io.BytesIO(data), "agreement.pdf")},
                               headers={"Accept": "application/json"}, content_type="multipart/form-data")
        answer = response.get_json()
        portal = "valid" if answer.get("valid") else "altered" if answer.get("altered") else "not valid"
        verdicts[name] = (expected, portal, pdfsig_says_valid(path, nss_database), pyhanko_says_valid(app, data))
    disagreements = {
        name: verdict for name, verdict in verdicts.items()
        if not (verdict[0] == verdict[1] and verdict[2] == verdict[3] == (verdict[0] == "valid"))
    }
    assert not disagreements, f"(expected, portal, pdfsig valid, pyHanko valid): {disagreements}"


def test_the_reported_forgery_is_altered_and_says_which_signatures_stop_short(app, signed_pdf):
    forged = tampered_pdfs.without_eof(tampered_pdfs.small_forged_update(signed_pdf))
    assert forged.startswith(signed_pdf) and len(forged) - len(signed_pdf) < 1024
    answer = login(app, None).post(
        "/verify", data={"document": (io.BytesIO(forged), "agreement.pdf")},
        headers={"Accept": "application/json"}, content_type="multipart/form-data").get_json()
    assert answer["valid"] is False and answer["altered"] is True
    assert [s["covers_whole_document"] for s in answer["signatures"]] == [False, False, False]
    assert answer["agreement"] is None  # not byte for byte any agreement's file


def test_the_page_says_altered_for_the_forgery(app, signed_pdf):
    forged = tampered_pdfs.without_eof(tampered_pdfs.small_forged_update(signed_pdf))
    response = login(app, None).post("/verify", data={"document": (io.BytesIO(forged), "agreement.pdf")},
                                         content_type="multipart/form-data")
    assert response.status_code == 200
    assert "The document was changed after it was signed" in response.get_data(as_text=True)
