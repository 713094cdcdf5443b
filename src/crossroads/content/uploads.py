"""Uploaded files: how large they may be, what they are (read from their content, never
from their name), the name they are stored under, and how they are served back.

A file's kind is read from its first bytes and, for the ZIP-based formats, from the
marker file inside: ``detect_format`` gives the extension the file is stored with
(``resources/2026/11/<random>.pdf``), whatever it was called when it was uploaded. The
media view (``content.views.media``) serves a stored file with the type its extension
names, from ``SERVED_TYPES`` only, and never as a page a browser would run.
"""

from __future__ import annotations

import re
import secrets
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

#: How much of a file is read to recognise it.
_HEAD = 8192

#: The ``mimetype`` member of OpenDocument and EPUB files, and what it makes them.
_ZIP_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/epub+zip": "epub",
}
#: The part that only each Office Open XML format has.
_OOXML_PARTS = {
    "word/document.xml": "docx",
    "xl/workbook.xml": "xlsx",
    "ppt/presentation.xml": "pptx",
}

#: A ZIP whose members would unpack to more than this many times the upload limit is
#: refused (a "zip bomb"): no real document comes near it.
_ZIP_EXPANSION = 10

#: Text that a browser would take for markup.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta)\b", re.I
)

#: The formats of documents (library resources); each is an extension.
DOCUMENT_FORMATS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub", "txt")

#: What the media view may say a stored file is, by extension; anything else is served
#: as bytes to download.
SERVED_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "epub": "application/epub+zip",
}
#: Shown in the browser; every other type is downloaded (``Content-Disposition:
#: attachment``).
SHOWN_INLINE = frozenset({"pdf", "png", "jpg", "gif", "webp"})


def limit_bytes() -> int:
    return settings.UPLOAD_MAX_MB * 2**20


def validate_size(file) -> None:
    """Refuse a file larger than ``UPLOAD_MAX_MB``."""
    if file.size > limit_bytes():
        raise ValidationError(
            _("The file is too large: the limit is %(limit)d MB.")
            % {"limit": settings.UPLOAD_MAX_MB},
            code="too_large",
        )


def _read_head(file) -> bytes:
    file.seek(0)
    head = file.read(_HEAD)
    file.seek(0)
    return head


def _zip_format(file) -> str | None:
    """The ZIP-based format of ``file`` (by its marker member), None when it is none of
    them, is damaged, or would unpack to far more than the upload limit."""
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if sum(member.file_size for member in members) > _ZIP_EXPANSION * limit_bytes():
                return None
            names = {member.filename for member in members}
            marker = archive.getinfo("mimetype") if "mimetype" in names else None
            if marker is not None and marker.file_size <= 100:
                return _ZIP_MIMETYPES.get(archive.read(marker).strip())
            if "[Content_Types].xml" in names:
                found = [kind for part, kind in _OOXML_PARTS.items() if part in names]
                return found[0] if len(found) == 1 else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None
    finally:
        file.seek(0)
    return None


def _is_plain_text(file) -> bool:
    """UTF-8 text without NUL characters that no browser would read as a page."""
    file.seek(0)
    content = file.read(limit_bytes() + 1)
    file.seek(0)
    if b"\x00" in content or _MARKUP.search(content):
        return False
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def detect_format(file) -> str | None:
    """The extension ``file`` is stored with, read from its content: a document format
    of ``DOCUMENT_FORMATS``, or None when it is none of them."""
    head = _read_head(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return _zip_format(file)
    return "txt" if _is_plain_text(file) else None


def validate_document(file) -> None:
    """A document upload: within the size limit, and a PDF, an Office or OpenDocument
    file, an EPUB or plain text by its content. Files already stored pass (they were
    checked when uploaded)."""
    if getattr(file, "_committed", False):
        return
    validate_size(file)
    if detect_format(file) not in DOCUMENT_FORMATS:
        raise ValidationError(
            _(
                "This file is not a PDF, Word, Excel, PowerPoint, OpenDocument, EPUB or "
                "plain text file (its content was checked, not its name)."
            ),
            code="unknown_format",
        )


def looks_binary(file) -> bool:
    """Whether ``file`` is not text at all: a document, an archive, an image or a
    program (by its first bytes), or anything with NUL characters."""
    head = _read_head(file)
    signatures = (b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"MZ", b"\x7fELF")
    return head.startswith(signatures) or b"\x00" in head


def generated_name(folder: str, extension: str) -> str:
    """A new name to store a file under: ``<folder>/<year>/<month>/<random>.<extension>``."""
    today = timezone.localdate()
    return f"{folder}/{today:%Y}/{today:%m}/{secrets.token_urlsafe(16)}.{extension}"
