"""Tampered copies of a signed agreement, for the verification corpus (issue 13, item 1).

Each function takes the bytes of a fully signed agreement and returns a changed copy. Most append
an incremental update (new objects, a cross-reference section, a trailer with /Prev) written by
pyHanko's incremental writer; `without_eof` then cuts the closing `%%EOF`, as the attack did, so
that a reader which looks for the last `%%EOF` misses the update while a viewer still shows it.
"""
import io
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

RED_PAGE = b"q 1 0 0 rg 0 0 595 842 re f Q"


def _update(pdf, change):
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stream(writer, data, extra=None):
    stream = generic.StreamObject(dict(extra or {}), stream_data=data)
    return writer.add_object(stream)


def _first_page(writer):
    page_ref, _resources = writer.find_page_for_modification(0)
    return page_ref


def without_eof(pdf):
    """The same file without its closing %%EOF marker (and the line end after it)."""
    return re.sub(rb"%%EOF\s*$", b"", pdf)


def signed_range_ends(pdf):
    """Where each signature's covered bytes end, in file order."""
    ends = []
    for match in re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", pdf):
        ends.append(int(match.group(3)) + int(match.group(4)))
    return sorted(ends)


def earlier_revision(pdf, keep=2):
    """The file as it was after the first `keep` signatures: a real earlier revision."""
    return pdf[: signed_range_ends(pdf)[keep - 1]]


def byte_flipped(pdf):
    """One byte inside the first page's text changed (in the signed part)."""
    position = len(pdf) // 3
    return pdf[:position] + bytes([pdf[position] ^ 0x01]) + pdf[position + 1:]


def new_content_stream(pdf):
    """Page 1's content replaced by a new stream (the attack of issue 13)."""

    def change(writer):
        page_ref = _first_page(writer)
        page = page_ref.get_object()
        page[generic.NameObject("/Contents")] = _stream(writer, RED_PAGE)
        writer.update_container(page)

    return _update(pdf, change)


def small_forged_update(pdf):
    """The attack as reported: page 1's content stream object replaced in place by a small
    update written by hand (one object, an xref section, a trailer with /Prev), well under 1 KB
    so that the previous %%EOF stays near the end of the file."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    contents = reader.root["/Pages"]["/Kids"][0].get_object().raw_get("/Contents")
    if isinstance(contents, generic.ArrayObject):
        contents = contents[0]
    trailer = reader.trailer_view
    previous = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    body = b"\n" + b"%d 0 obj\n<< /Length %d >>\nstream\n" % (contents.idnum, len(RED_PAGE))
    offset = len(pdf) + 1
    body += RED_PAGE + b"\nendstream\nendobj\n"
    xref = len(pdf) + len(body)
    body += b"xref\n%d 1\n%010d 00000 n \n" % (contents.idnum, offset)
    body += b"trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
        int(trailer["/Size"]), trailer.raw_get("/Root").idnum, previous, xref)
    return pdf + body


def annotation(pdf):
    """A square annotation drawn over page 1."""

    def change(writer):
        page_ref = _first_page(writer)
        page = page_ref.get_object()
        square = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Square"),
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 50, 545, 792)]),
            generic.NameObject("/C"): generic.ArrayObject([generic.FloatObject(1), generic.FloatObject(0), generic.FloatObject(0)]),
            generic.NameObject("/IC"): generic.ArrayObject([generic.FloatObject(1), generic.FloatObject(0), generic.FloatObject(0)]),
        })
        annots = generic.ArrayObject(list(page.get("/Annots", generic.ArrayObject())))
        annots.append(writer.add_object(square))
        page[generic.NameObject("/Annots")] = annots
        writer.update_container(page)

    return _update(pdf, change)


def overlay_field(pdf):
    """A new text field whose appearance covers page 1 with new words."""

    def change(writer):
        page_ref = _first_page(writer)
        page = page_ref.get_object()
        appearance = _stream(writer, RED_PAGE, {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, 595, 842)]),
        })
        widget = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Widget"),
            generic.NameObject("/FT"): generic.NameObject("/Tx"),
            generic.NameObject("/T"): generic.TextStringObject("Overlay"),
            generic.NameObject("/V"): generic.TextStringObject("Forged"),
            generic.NameObject("/F"): generic.NumberObject(4),
            generic.NameObject("/P"): page_ref,
            generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (0, 0, 595, 842)]),
            generic.NameObject("/AP"): generic.DictionaryObject({generic.NameObject("/N"): appearance}),
        })
        widget_ref = writer.add_object(widget)
        annots = generic.ArrayObject(list(page.get("/Annots", generic.ArrayObject())))
        annots.append(widget_ref)
        page[generic.NameObject("/Annots")] = annots
        writer.update_container(page)
        form = writer.root["/AcroForm"]
        form["/Fields"].append(widget_ref)
        writer.update_container(form["/Fields"]) if form["/Fields"].container_ref else writer.update_container(form)
        writer.update_root()

    return _update(pdf, change)


def appended_page(pdf):
    """A new last page added to the page tree."""

    def change(writer):
        pages_ref = writer.root.raw_get("/Pages")
        pages = pages_ref.get_object()
        page = generic.DictionaryObject({
            generic.NameObject("/Type"): generic.NameObject("/Page"),
            generic.NameObject("/Parent"): pages_ref,
            generic.NameObject("/MediaBox"): generic.ArrayObject([generic.NumberObject(v) for v in (0, 0, 595, 842)]),
            generic.NameObject("/Contents"): _stream(writer, RED_PAGE),
        })
        pages["/Kids"].append(writer.add_object(page))
        pages[generic.NameObject("/Count")] = generic.NumberObject(int(pages["/Count"]) + 1)
        writer.update_container(pages)

    return _update(pdf, change)


def trailing_garbage(pdf):
    """Bytes after the last %%EOF that are no PDF at all."""
    return pdf + b"\n" + b"garbage " * 16 + b"\n"


def corpus(pdf):
    """{name: (bytes, expected)} where expected is 'valid' or 'altered'."""
    files = {
        "original": (pdf, "valid"),
        "earlier revision (2 of 3 signatures)": (earlier_revision(pdf), "valid"),
        "one byte flipped": (byte_flipped(pdf), "altered"),
        "trailing garbage": (trailing_garbage(pdf), "altered"),
    }
    for name, tamper in [("small forged update", small_forged_update),
                         ("new content stream", new_content_stream), ("annotation", annotation),
                         ("overlay field", overlay_field), ("appended page", appended_page)]:
        changed = tamper(pdf)
        files[f"{name}, with %%EOF"] = (changed, "altered")
        files[f"{name}, without %%EOF"] = (without_eof(changed), "altered")
    return files
