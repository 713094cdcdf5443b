"""Plain text: bytes decoded (by BOM, declared charset, UTF-8, then detection) and cleaned
into the one-paragraph-per-line text every page holds, and text files read as one page
each; the other readers decode and tidy their text with the functions here."""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from django.utils.translation import gettext as _

from crossroads.ingest.pages import Page, UnreadableInput

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"))
_BOMS += ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"))
_BOMS += ((codecs.BOM_UTF16_BE, "utf-16"),)

_CHARSET_PARAMETER = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"[^\S\n]+")
_LIST_DASH = re.compile(r"^- ")


def read_text(data: bytes, source: str, content_type: str | None) -> list[Page]:
    """The file as one page, its lines as they are; it states no facts."""
    text = clean(decode(data, http_charset(content_type))).strip()
    if not text:
        raise UnreadableInput(_("No readable text was found in the file."))
    return [Page(source=source, text=text)]


def bom_encoding(data: bytes) -> str | None:
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def decode(data: bytes, *declared: str | None) -> str:
    """Text of ``data``: by its BOM, the first declared charset Python knows, UTF-8, then
    detection. Undecodable bytes become U+FFFD; this never raises."""
    for encoding in (bom_encoding(data), *declared):
        if encoding:
            try:
                return data.decode(encoding, errors="replace")
            except LookupError:
                continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        matches = charset_normalizer.from_bytes(data)
    if (best := matches.best()) is None:
        return data.decode("cp1252", errors="replace")
    # Short texts fit several code pages equally well: the web's default wins a tie.
    tied = (m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence))
    return str(next((m for m in tied if "cp1252" in m.could_be_from_charset), best))


def http_charset(content_type: str | None) -> str | None:
    found = _CHARSET_PARAMETER.search(content_type or "")
    return found.group(1) if found else None


def clean(text: str) -> str:
    """Unix newlines, and no control characters but newlines and tabs."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def tidy(text: str) -> str:
    """One paragraph or list item per line, single spaces, list dashes as bullets."""
    lines = (_SPACES.sub(" ", line).strip() for line in clean(text).split("\n"))
    return "\n".join(_LIST_DASH.sub("• ", line) for line in lines if line)


def squash(text: str | None) -> str:
    return " ".join((text or "").split())
