"""Resources in the admin: language versions as uploaded files or links."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crossroads.content.models import Item, Status
from crossroads.library.models import Resource, ResourceVersion
from tests.admin.formdata import change_form_data, form_errors, inline_rows, management_form
from tests.factories import ResourceFactory, ResourceVersionFactory

pytestmark = pytest.mark.django_db

#: What an upload that is not a document is told (its content is read, not its name).
NOT_A_DOCUMENT = (
    "This file is not a PDF, Word, Excel, PowerPoint, OpenDocument, EPUB or plain text file "
    "(its content was checked, not its name)."
)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def resource_data(**fields) -> dict:
    return {
        "title": "Local inclusion guidance",
        "slug": "local-inclusion-guidance",
        "summary": "",
        "body": "",
        "language": "en",
        "resource_type": "guidance",
        "source_name": "",
        "source_url": "",
        "published_at_0": "",
        "published_at_1": "",
        **management_form("versions", 0),
        **management_form("actors", 0),
        **management_form("translations", 0),
        **fields,
    }


def version(**fields) -> dict:
    return {"language": "en", "title": "", "url": "", "format": "", "pages": "", **fields}


def test_add_page_stores_an_uploaded_file_with_its_size_and_format(admin_client):
    upload = SimpleUploadedFile("Guidance.PDF", PDF, content_type="application/pdf")
    data = resource_data(**inline_rows("versions", version(file=upload, pages="1")))

    response = admin_client.post(reverse("admin:library_resource_add"), data)

    assert response.status_code == 302, form_errors(response)
    resource = Resource.objects.get()
    assert (resource.status, resource.kind) == (Status.DRAFT, "resource")
    stored = resource.versions.get()
    # Stored under a generated name, its extension from the content: never the given name.
    assert re.fullmatch(r"resources/\d{4}/\d{2}/[\w-]{22}\.pdf", stored.file.name)
    assert (stored.size, stored.format, stored.pages, stored.url) == (len(PDF), "pdf", 1, "")
    with stored.file.open("rb") as handle:
        assert handle.read() == PDF


def test_add_page_stores_a_link(admin_client):
    data = resource_data(
        **inline_rows(
            "versions", version(language="fr", url="https://example.org/guide.pdf", format="pdf")
        )
    )

    response = admin_client.post(reverse("admin:library_resource_add"), data)

    assert response.status_code == 302, form_errors(response)
    stored = ResourceVersion.objects.get()
    assert (stored.language, stored.url, stored.format, stored.file.name, stored.size) == (
        "fr",
        "https://example.org/guide.pdf",
        "pdf",
        "",
        None,
    )


@pytest.mark.parametrize(
    ("row", "errors"),
    [
        pytest.param(
            version(file=SimpleUploadedFile("guide.pdf", PDF), url="https://example.org/guide.pdf"),
            {"versions-0-__all__": ["Upload a file or give a link, not both."]},
            id="file-and-link",
        ),
        pytest.param(
            version(title="Nothing"),
            {"versions-0-__all__": ["Upload a file or give a link, not both."]},
            id="neither",
        ),
        pytest.param(
            version(file=SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00")),
            {"versions-0-file": [NOT_A_DOCUMENT]},
            id="not-a-document",
        ),
    ],
)
def test_add_page_refuses_invalid_versions_and_saves_nothing(admin_client, row, errors):
    response = admin_client.post(
        reverse("admin:library_resource_add"), resource_data(**inline_rows("versions", row))
    )

    assert response.status_code == 200
    # The database constraint adds its generic message after the model's own, which is the
    # one editors read.
    assert {name: messages[:1] for name, messages in form_errors(response).items()} == errors
    assert not Item.objects.exists()
    assert not ResourceVersion.objects.exists()


def test_a_second_file_in_the_same_language_and_format_is_refused(admin_client):
    resource = ResourceFactory()
    ResourceVersionFactory(resource=resource, language="en", format="pdf")
    url = reverse("admin:library_resource_change", args=[resource.pk])
    data = change_form_data(admin_client.get(url))
    new_row = version(file=SimpleUploadedFile("again.pdf", PDF))
    data |= {f"versions-1-{name}": value for name, value in new_row.items()}
    data["versions-TOTAL_FORMS"] = "2"

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert form_errors(response) == {
        "versions-1-language": ["This resource already has a version in this language and format."]
    }
    assert resource.versions.count() == 1
