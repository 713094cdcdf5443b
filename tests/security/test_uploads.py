"""Uploads: refused past the size limit, known by their content and not their name,
stored under generated names, and served back never as a page a browser would run."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crossroads.content import uploads
from crossroads.content.models import Item
from crossroads.demo.pdf import render_pdf
from crossroads.ingest.forms import ImportForm
from crossroads.library.models import ResourceVersion
from tests.admin.formdata import form_errors, inline_rows
from tests.admin.test_library import NOT_A_DOCUMENT, resource_data, version

pytestmark = pytest.mark.django_db

PDF = render_pdf(title="Local inclusion guidance", lines=["A real, small PDF."])
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.domain)</script></svg>"
)
STORED_NAME = re.compile(r"resources/\d{4}/\d{2}/[A-Za-z0-9_-]{22}\.(\w+)")


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


DOCX = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
PPTX = zipped({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})


def odf(kind: str) -> bytes:
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return zipped({"mimetype": mimetype, "content.xml": b"<office:document-content/>"})


def upload_through_admin(admin_client, name: str, content: bytes):
    return admin_client.post(
        reverse("admin:library_resource_add"),
        resource_data(
            **inline_rows(
                "versions",
                version(file=SimpleUploadedFile(name, content, content_type="application/pdf")),
            )
        ),
    )


# -- through the admin's resource form ----------------------------------------------------
def test_a_real_pdf_is_stored_under_a_generated_name(admin_client, settings):
    response = upload_through_admin(admin_client, "../../Guidance final.exe", PDF)

    assert response.status_code == 302, form_errors(response)
    stored = ResourceVersion.objects.get()
    found = STORED_NAME.fullmatch(stored.file.name)
    assert found and found.group(1) == "pdf", stored.file.name
    assert (stored.format, stored.size) == ("pdf", len(PDF))
    path = settings.MEDIA_ROOT / stored.file.name
    assert path.read_bytes() == PDF
    assert path.resolve().is_relative_to(settings.MEDIA_ROOT.resolve())


def test_a_name_with_dots_slashes_and_unicode_is_never_used(admin_client, settings):
    response = upload_through_admin(admin_client, "../../../etc/ملف‮fdp.exe\x00.pdf", PDF)

    assert response.status_code == 302, form_errors(response)
    name = ResourceVersion.objects.get().file.name
    assert STORED_NAME.fullmatch(name), name
    assert [path.name for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()] == [
        name.rsplit("/", 1)[1]
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("report.pdf", HTML, id="html-named-pdf"),
        pytest.param("logo.pdf", SVG, id="svg-with-script"),
        pytest.param("notes.txt", b"Plain words, then <script>alert(1)</script>", id="text-html"),
        pytest.param("data.txt", b"ok\x00\x01\x02", id="nul-bytes"),
        pytest.param("latin.txt", "Sfax, Médenine".encode("latin-1"), id="not-utf8"),
        pytest.param("tool.pdf", b"MZ\x90\x00\x03", id="program"),
        pytest.param("any.docx", zipped({"readme.txt": b"hello"}), id="plain-zip"),
        pytest.param("half.pdf", b"PK\x03\x04 not really a zip", id="broken-zip"),
        pytest.param(
            "both.docx",
            zipped(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w/>",
                    "xl/workbook.xml": b"<x/>",
                }
            ),
            id="two-markers",
        ),
    ],
)
def test_files_that_are_not_documents_are_refused_whatever_their_name(admin_client, name, content):
    response = upload_through_admin(admin_client, name, content)

    assert response.status_code == 200
    assert form_errors(response)["versions-0-file"] == [NOT_A_DOCUMENT]
    assert not Item.objects.exists()
    assert not ResourceVersion.objects.exists()


def test_a_file_over_the_limit_is_refused_with_the_limit_named(admin_client, settings):
    settings.UPLOAD_MAX_MB = 1
    content = PDF + b"%" * (2**20)

    response = upload_through_admin(admin_client, "big.pdf", content)

    assert response.status_code == 200
    assert form_errors(response)["versions-0-file"] == ["The file is too large: the limit is 1 MB."]
    assert not ResourceVersion.objects.exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*.pdf"))


def test_a_zip_bomb_is_refused_without_being_unpacked(admin_client, settings):
    settings.UPLOAD_MAX_MB = 1
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (11 * 2**20)})
    assert len(bomb) < 2**20 // 10  # small on the wire, eleven times the limit unpacked

    response = upload_through_admin(admin_client, "bomb.docx", bomb)

    assert form_errors(response)["versions-0-file"] == [NOT_A_DOCUMENT]
    assert not ResourceVersion.objects.exists()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, "pdf"),
        (DOCX, "docx"),
        (XLSX, "xlsx"),
        (PPTX, "pptx"),
        (odf("text"), "odt"),
        (odf("spreadsheet"), "ods"),
        (odf("presentation"), "odp"),
        (zipped({"mimetype": b"application/epub+zip", "content.opf": b"<package/>"}), "epub"),
        ("\ufeffCity,Year\nSfax,2024\n".encode(), "txt"),
        ("Nairobi — Kisumu, 2 < 3".encode(), "txt"),
    ],
)
def test_the_stored_extension_is_the_detected_format(admin_client, content, expected):
    response = upload_through_admin(admin_client, "whatever.bin", content)

    assert response.status_code == 302, form_errors(response)
    stored = ResourceVersion.objects.get()
    assert stored.format == expected
    assert stored.file.name.endswith(f".{expected}")


# -- the importer -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("page.html", PDF, "This file is not a web page, a text, a calendar or a feed."),
        ("feed.xml", DOCX, "This file is not a web page, a text, a calendar or a feed."),
        ("page.html", b"<p>\x00</p>", "This file is not a web page, a text, a calendar or a feed."),
    ],
)
def test_the_importer_refuses_files_that_are_not_text(name, content, error):
    form = ImportForm(data={"address": ""}, files={"file": SimpleUploadedFile(name, content)})

    assert not form.is_valid()
    assert form.errors["file"] == [error]


def test_the_importer_takes_a_page_within_the_limits(settings):
    settings.UPLOAD_MAX_MB = 1
    small = SimpleUploadedFile("page.html", b"<html><body><h1>Workshop</h1></body></html>")
    large = SimpleUploadedFile("page.html", b"<p>" + b"x" * 2**20 + b"</p>")

    assert ImportForm(data={"address": ""}, files={"file": small}).is_valid()
    refused = ImportForm(data={"address": ""}, files={"file": large})
    assert not refused.is_valid()
    assert refused.errors["file"] == ["The file is too large: 1.0 MB, and the limit is 1 MB."]


# -- the media view -------------------------------------------------------------------------
@pytest.fixture
def media(settings):
    root = settings.MEDIA_ROOT
    root.mkdir(parents=True, exist_ok=True)

    def put(name: str, content: bytes) -> str:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return f"/media/{name}"

    return put


@pytest.mark.parametrize(
    ("name", "content", "content_type", "disposition"),
    [
        ("resources/a.pdf", PDF, "application/pdf", "inline"),
        ("resources/b.png", b"\x89PNG\r\n\x1a\n", "image/png", "inline"),
        ("resources/c.txt", b"Plain", "text/plain; charset=utf-8", "attachment"),
        ("resources/d.docx", DOCX, uploads.SERVED_TYPES["docx"], "attachment"),
        ("resources/old.html", HTML, "application/octet-stream", "attachment"),
        ("resources/logo.svg", SVG, "application/octet-stream", "attachment"),
        ("resources/page.HTM", HTML, "application/octet-stream", "attachment"),
        ("resources/noextension", HTML, "application/octet-stream", "attachment"),
    ],
)
def test_media_is_served_with_a_safe_type_and_never_as_a_page(
    client, media, name, content, content_type, disposition
):
    response = client.get(media(name, content))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Content-Disposition"].split(";")[0] == disposition


@pytest.mark.parametrize(
    "path",
    [
        "/media/../settings.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/media/..%2f..%2fetc/passwd",
        "/media/resources/..%5c..%5cetc%5cpasswd",
        "/media//etc/passwd",
        "/media/resources/a.pdf%00.html",
        "/media/resources/",
        "/media/resources/missing.pdf",
    ],
)
def test_media_outside_the_folder_or_missing_is_404(client, media, path, settings):
    media("resources/a.pdf", PDF)
    (settings.MEDIA_ROOT.parent / "settings.py").write_text("SECRET = 1")

    assert client.get(path).status_code == 404


def test_media_answers_only_reads(client, media):
    path = media("resources/a.pdf", PDF)

    assert client.post(path).status_code == 405
    assert client.head(path).status_code == 200
