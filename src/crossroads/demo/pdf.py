"""A minimal one-page PDF, so that demo resources have real files to download."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

#: A4 in points, the left margin and the first baseline.
_PAGE = (595, 842)
_LEFT, _TOP = 56, 770
_WRAP = 60


def is_printable(text: str) -> bool:
    """Whether ``text`` can be shown with the standard PDF fonts (Windows-1252)."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _literal(text: str) -> bytes:
    """A PDF literal string in Windows-1252; characters outside it become "?"."""
    raw = " ".join(text.split()).encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _unicode(text: str) -> bytes:
    """A PDF text string in UTF-16, for the document information."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def render_pdf(*, title: str, lines: Sequence[str]) -> bytes:
    """A one-page A4 PDF: ``title`` in large type, then ``lines``; ``title`` is also the
    document's title. The text uses Helvetica, so it is limited to Windows-1252 (check
    with ``is_printable``): other characters are shown as "?".
    """
    text = [b"BT", b"/F1 18 Tf", b"22 TL", b"%d %d Td" % (_LEFT, _TOP)]
    for part in textwrap.wrap(title, _WRAP) or [""]:
        text += [_literal(part) + b" Tj", b"T*"]
    text += [b"/F1 11 Tf", b"16 TL", b"T*"]
    for line in lines:
        for part in textwrap.wrap(line, _WRAP * 3 // 2) or [""]:
            text += [_literal(part) + b" Tj", b"T*"]
    text.append(b"ET")
    stream = b"\n".join(text)

    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] " % _PAGE
        + b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title " + _unicode(title) + b" /Producer (Crossroads demo data) >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n" % (len(objects) + 1)
    out += b"0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\n" % (
        len(objects) + 1,
        len(objects),
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
