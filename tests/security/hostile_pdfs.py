"""Hostile PDFs, made byte by byte for the upload tests: nesting, loops, bombs, lies about signatures."""
import zlib

MiB = 1 << 20
EMPTY_PAGES = b"<< /Type /Pages /Kids [] /Count 0 >>"


def build(objects, root=1):
    """A classic PDF from {object number: body}, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (b"%010d 00000 n \n" % offsets[number]) if number in objects else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def catalog(extra=b""):
    return b"<< /Type /Catalog /Pages 2 0 R " + extra + b" >>"


def nested_arrays(depth):
    return build({1: catalog(b"/Deep " + b"[" * depth + b"]" * depth), 2: EMPTY_PAGES})


def nested_dictionaries(depth):
    return build({1: catalog(b"/Deep " + b"<< /A " * depth + b"1" + b" >>" * depth), 2: EMPTY_PAGES})


def deep_field_tree(depth):
    """A form whose fields nest `depth` levels, each level its own object."""
    objects = {1: catalog(b"/AcroForm << /Fields [3 0 R] >>"), 2: EMPTY_PAGES}
    for level in range(depth):
        number = 3 + level
        kids = b"/Kids [%d 0 R]" % (number + 1) if level < depth - 1 else b"/FT /Sig"
        objects[number] = b"<< /T (f%d) %s >>" % (level, kids)
    return build(objects)


def field_loop():
    """Two form fields that are each other's child."""
    return build({1: catalog(b"/AcroForm << /Fields [3 0 R] >>"), 2: EMPTY_PAGES,
                  3: b"<< /T (a) /Kids [4 0 R] >>", 4: b"<< /T (b) /Kids [3 0 R] /Parent 3 0 R >>"})


def many_pages(count):
    kids = b" ".join(b"%d 0 R" % (3 + index) for index in range(count))
    objects = {1: catalog(), 2: b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count}
    for index in range(count):
        objects[3 + index] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"
    return build(objects)


def deflate_bomb(size, prefix=b""):
    """Deflate data that inflates to about `size` bytes (prefix, then spaces), made in well under a second.

    After a full flush the compressor starts afresh, so every further MiB of spaces compresses to
    the same bytes: repeat them, and end with a final empty block and the right Adler-32.
    """
    chunk = b" " * MiB
    compressor = zlib.compressobj(9)
    head = compressor.compress(prefix + chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = max(0, size // MiB - 1)
    checksum = zlib.adler32(prefix + chunk)
    for _ in range(repeats):
        checksum = zlib.adler32(chunk, checksum)
    return head + block * repeats + b"\x03\x00" + checksum.to_bytes(4, "big")


def object_stream_bomb(size):
    """The form dictionary sits in a compressed object stream that inflates to `size` bytes."""
    header = b"3 0 "
    data = deflate_bomb(size, prefix=header + b"<< /Fields [] >> ")
    out = bytearray(b"%PDF-1.7\n")
    offsets = {1: len(out)}
    out += b"1 0 obj\n" + catalog(b"/AcroForm 3 0 R") + b"\nendobj\n"
    offsets[2] = len(out)
    out += b"2 0 obj\n" + EMPTY_PAGES + b"\nendobj\n"
    offsets[4] = len(out)
    out += (b"4 0 obj\n<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (len(header), len(data))) + data + b"\nendstream\nendobj\n"
    offsets[5] = len(out)
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (2, 4, 0), (1, offsets[4], 0), (1, offsets[5], 0)]
    table = b"".join(bytes([kind]) + field.to_bytes(4, "big") + generation.to_bytes(2, "big")
                     for kind, field, generation in rows)
    out += (b"5 0 obj\n<< /Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
            + table + b"\nendstream\nendobj\n")
    out += b"startxref\n%d\n%%%%EOF\n" % offsets[5]
    return bytes(out)


def xref_stream_bomb(size):
    """The cross-reference stream itself inflates to `size` bytes."""
    data = deflate_bomb(size)
    out = bytearray(b"%PDF-1.7\n")
    out += b"1 0 obj\n" + catalog() + b"\nendobj\n"
    out += b"2 0 obj\n" + EMPTY_PAGES + b"\nendobj\n"
    offset = len(out)
    out += (b"3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\nstream\n"
            % len(data)) + data + b"\nendstream\nendobj\n"
    out += b"startxref\n%d\n%%%%EOF\n" % offset
    return bytes(out)


def lying_signature(byte_range=b"[0 999999999 999999999 5]", contents=b"<3082>"):
    """A signature field whose /ByteRange points far outside the file and whose /Contents is no signature."""
    return build({
        1: catalog(b"/AcroForm << /Fields [3 0 R] /SigFlags 3 >>"), 2: EMPTY_PAGES,
        3: b"<< /T (Signature.employer) /FT /Sig /V 4 0 R >>",
        4: b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange " + byte_range
           + b" /Contents " + contents + b" /Name (Eva Exempel) >>",
    })


def many_fields_one_signature(signed_pdf, count):
    """An incremental update adding `count` signature fields that all point at the last existing
    signature (issue 13, item 2: each was validated in turn, a minute of CPU for 1,000)."""
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf), strict=False)
    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    def leaves(field):
        field = field.get_object()
        return [leaf for kid in field["/Kids"] for leaf in leaves(kid)] if "/Kids" in field else [field]

    signature_ref = next(leaf.raw_get("/V") for field in fields for leaf in leaves(field) if "/V" in leaf)
    for number in range(count):
        fields.append(writer.add_object(generic.DictionaryObject({
            generic.NameObject("/FT"): generic.NameObject("/Sig"),
            generic.NameObject("/T"): generic.TextStringObject(f"Copy{number}"),
            generic.NameObject("/V"): signature_ref,
        })))
    writer.update_container(fields) if fields.container_ref is not None else writer.update_container(form)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
