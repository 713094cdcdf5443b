"""Plain text as people type it: control characters (other than tab and line breaks) have
no place in it, and XML (feeds, sitemaps) cannot hold them at all."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: C0 control characters XML 1.0 refuses, NUL aside (Django's forms refuse NUL already,
#: with a message of their own).
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")


def validate_no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value or ""):
        raise ValidationError(
            _("Control characters (such as escape codes) are not allowed."), code="control"
        )


def without_control_characters(text: str) -> str:
    """``text`` fit for XML: for what was stored before the validator existed."""
    return CONTROL_CHARACTERS.sub("", text)
