"""The demo PDF: small, but a valid file whose cross-reference table points at its objects."""

import re

from crossroads.demo.pdf import is_printable, render_pdf


def test_xref_offsets_point_at_each_object():
    pdf = render_pdf(title="Guide (2024) \\ intégration", lines=["Language: French (fr)"])

    assert pdf.startswith(b"%PDF-1.4\n")
    assert pdf.endswith(b"%%EOF\n")
    xref = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", pdf)[1])
    assert pdf[xref:].startswith(b"xref\n0 7\n0000000000 65535 f \n")
    entries = pdf[xref:].split(b"\n")[3:9]
    assert all(len(entry) == 19 and entry.endswith(b" 00000 n ") for entry in entries)
    for number, entry in enumerate(entries, start=1):
        offset = int(entry[:10])
        assert pdf[offset:].startswith(b"%d 0 obj\n" % number)
    assert b"trailer\n<< /Size 7 /Root 1 0 R /Info 6 0 R >>\n" in pdf


def test_stream_length_matches_and_text_is_escaped():
    pdf = render_pdf(title="Guide (2024) \\ intégration", lines=["Language: French (fr)"])

    length = int(re.search(rb"/Length (\d+) >>\nstream\n", pdf)[1])
    stream = pdf.split(b"stream\n", 1)[1].split(b"\nendstream", 1)[0]
    assert len(stream) == length
    assert b"(Guide \\(2024\\) \\\\ int\xe9gration) Tj" in stream
    assert b"(Language: French \\(fr\\)) Tj" in stream
    assert b"/Title <FEFF0047007500690064006500200028" in pdf


def test_long_titles_wrap_onto_several_lines():
    title = "Migration management in secondary cities in developing regions and financing"

    pdf = render_pdf(title=title, lines=[])

    assert b"(Migration management in secondary cities in developing) Tj" in pdf
    assert b"(regions and financing) Tj" in pdf


def test_text_outside_windows_1252_is_not_printable():
    assert is_printable("Réfugiés – guide")
    assert not is_printable("اللاجئون")
