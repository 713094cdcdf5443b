import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from crossroads.library.models import ResourceVersion
from tests.admin.test_library import NOT_A_DOCUMENT
from tests.factories import ResourceFactory, ResourceVersionFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a very small document\n%%EOF\n"


def upload(name="Agenda.PDF", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_uploaded_file_is_stored_with_its_size_and_format(settings):
    resource = ResourceFactory(slug="kisumu-agenda")

    version = ResourceVersionFactory(
        resource=resource, language="fr", url="", format="", file=upload()
    )

    version.refresh_from_db()
    assert re.fullmatch(r"resources/\d{4}/\d{2}/[\w-]{22}\.pdf", version.file.name)
    assert (settings.MEDIA_ROOT / version.file.name).read_bytes() == PDF
    assert (version.size, version.format) == (len(PDF), "pdf")
    assert version.href == f"/media/{version.file.name}"


def test_a_link_keeps_the_format_it_is_given():
    version = ResourceVersionFactory(url="https://example.org/brief.docx", format="docx")

    assert (version.href, version.format, version.size) == (
        "https://example.org/brief.docx",
        "docx",
        None,
    )


def test_the_database_wants_a_file_or_a_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceVersionFactory(url="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceVersionFactory(url="https://example.org/a.pdf", file=upload())


def test_full_clean_wants_a_file_or_a_link_not_both():
    neither = ResourceVersion(resource=ResourceFactory(), language="en")
    both = ResourceVersion(
        resource=ResourceFactory(), language="en", url="https://example.org/a.pdf", file=upload()
    )

    for version in (neither, both):
        with pytest.raises(ValidationError) as error:
            version.full_clean()
        assert error.value.message_dict == {"__all__": ["Upload a file or give a link, not both."]}


def test_only_document_formats_may_be_uploaded():
    # A program, whatever it is called: the content decides, not the name.
    program = SimpleUploadedFile("report.pdf", b"MZ\x90\x00", content_type="application/pdf")
    version = ResourceVersion(resource=ResourceFactory(), language="en", file=program)

    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert error.value.message_dict["file"] == [NOT_A_DOCUMENT]


def test_an_upload_clashing_with_a_version_in_its_language_and_format_is_refused():
    existing = ResourceVersionFactory(language="en", format="pdf")
    version = ResourceVersion(resource=existing.resource, language="en", file=upload("a.pdf"))

    with pytest.raises(ValidationError) as error:
        version.full_clean()
    assert error.value.message_dict == {
        "language": ["This resource already has a version in this language and format."]
    }


def test_one_version_per_language_and_format():
    version = ResourceVersionFactory(language="en", format="pdf")

    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceVersionFactory(resource=version.resource, language="en", format="pdf")
    ResourceVersionFactory(resource=version.resource, language="en", format="docx")
    ResourceVersionFactory(resource=version.resource, language="fr", format="pdf")
