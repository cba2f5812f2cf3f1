"""The agreement as a PDF: a Jinja template rendered by WeasyPrint, then empty signature fields.

The PDF is tagged (PDF/UA-1, as WeasyPrint offers it), embeds its fonts (DejaVu, subset), and
repeats the reference and the page number on every page. Text the users typed goes through
Jinja's autoescaping, so it comes out as text, never as markup.

Each party gets its own named signature field (`Signature.employer`, `Signature.jobseeker`,
`Signature.coordinator`), a visible box on the signature page. The fields exist before anyone
signs, so each signature only fills its field in an incremental update, and draws the signer's
name, role and date in the box (signing.py), so that a printed copy shows who signed.
"""
import hashlib
import io
from datetime import date
from functools import lru_cache

from babel.dates import format_date
from flask import current_app
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field
from weasyprint import HTML

from .. import programmes
from ..mail import portal_link
from ..models import SignerRole
from .wording import wording

TEMPLATE = "agreements/pdf/agreement.html"


def field_name(role):
    return f"Signature.{SignerRole(role).value}"


def render_agreement_html(terms, reference, version_number, language, drafted_at):
    text = wording(language)

    def long_date(value):
        return format_date(date.fromisoformat(value) if isinstance(value, str) else value, "long", locale=language)

    placement = terms["placement"]
    weeks = (date.fromisoformat(placement["end_date"]) - date.fromisoformat(placement["start_date"])).days // 7 + 1
    # The type's own terms come from its programme file (content/programmes/), the terms for every
    # type from the wording, each printed with its basis and source.
    programme = programmes.get((terms.get("programme") or {}).get("id") or placement["type"])
    organiser = programme.organiser
    general_terms = [
        dict(term, text=term["text"].replace("{supervisor}", terms["supervisor"]["name"]))
        for term in text["general_terms"]
        if term.get("only") in (None, organiser)
    ]
    template = current_app.jinja_env.get_template(TEMPLATE)
    return template.render(
        t=text,
        terms=terms,
        organiser=organiser,
        type_name=programme.name(language),
        programme_terms=programme.agreement_terms(language),
        general_terms=general_terms,
        reference=reference,
        version=version_number,
        language=language,
        drafted=long_date(drafted_at.date()),
        long_date=long_date,
        weeks=weeks,
        roles=[role.value for role in SignerRole],
        terms_sha256=hashlib.sha256(_canonical(terms).encode()).hexdigest(),
        verify_url=portal_link("agreements.verify"),
    )


def render_agreement_pdf(terms, reference, version_number, language, drafted_at):
    html = render_agreement_html(terms, reference, version_number, language, drafted_at)
    return _pdf_from_html(html, str(current_app.root_path))


@lru_cache(maxsize=8)
def _pdf_from_html(html, base_url):
    """HTML to PDF with signature fields; the same HTML gives the same PDF (kept for a few calls)."""
    document = HTML(string=html, base_url=base_url).render(pdf_variant="pdf/ua-1")
    # Each party's field is a visible box where the page leaves room for it (.signature-space,
    # id "signature-<role>"): signing draws the signer's name, role and date in it (signing.py).
    boxes = {role: _signature_box(document, f"signature-{role.value}") for role in SignerRole}
    # Without object streams (WeasyPrint's compression packs objects into them): validators
    # read every object of every revision, and pyHanko does that 3-5 times faster on plain
    # objects, which keeps /verify well under 300 ms. The file is ~170 KB instead of ~60 KB.
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=True)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    for role in SignerRole:
        page_number, box = boxes[role]
        append_signature_field(writer, SigFieldSpec(sig_field_name=field_name(role), on_page=page_number, box=box))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


CSS_PX_TO_PT = 0.75  # WeasyPrint lays out in CSS pixels (96 a inch); PDF user space is in points


def _signature_box(document, anchor):
    """(page index, (x1, y1, x2, y2) in points from the page's bottom left) of the element with the
    id `anchor`; the last page's bottom left if a template lacks it (the field is still there)."""
    for number, page in enumerate(document.pages):
        if anchor in page.anchors:
            # WeasyPrint gives the element's border box in CSS pixels from the page's top left.
            left, top, right, bottom = (value * CSS_PX_TO_PT for value in page.anchors[anchor])
            page_height = page.height * CSS_PX_TO_PT
            return number, (round(left, 2), round(page_height - bottom, 2), round(right, 2), round(page_height - top, 2))
    return len(document.pages) - 1, (56, 56, 283, 113)


def _canonical(value):
    from .events import canonical_json

    return canonical_json(value)
