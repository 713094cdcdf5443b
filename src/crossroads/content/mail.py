"""Mail the site sends: plain text and HTML, in the recipient's language, after commit.

Each message is two templates: ``<name>_subject.txt`` (one line) and ``<name>.txt`` (the
text, written inside ``{% autoescape off %}``: it is plain text). The HTML part is that
same text in ``mail/base.html`` (paragraphs, links made clickable), so the two parts never
say different things and each message is written once. They are rendered in ``language``
and sent once the current transaction commits, so that a rolled-back change never
announces itself (and a failed send never undoes a change: it is logged, and the person
can ask for the message again).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import escape, linebreaks, urlize
from django.utils.safestring import mark_safe

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render(name: str, context: dict, *, language: str) -> tuple[str, str, str]:
    """The subject, text and HTML of message ``name`` in ``language``."""
    with translation.override(language):
        context = {"site_url": settings.SITE_URL.rstrip("/"), **context}
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        text = render_to_string(f"{name}.txt", context)
        # The text is plain: escaped here, whatever its template marked safe.
        body = mark_safe(linebreaks(urlize(escape(text), autoescape=False)))
        html = render_to_string("mail/base.html", {**context, "subject": subject, "body": body})
    return subject, text, html


def send(
    name: str,
    context: dict,
    *,
    to: str,
    language: str,
    attachments: tuple[Attachment, ...] = (),
    reply_to: str | None = None,
) -> None:
    """Send message ``name`` to ``to`` once the current transaction commits."""
    subject, text, html = render(name, context, language=language)
    message = EmailMultiAlternatives(
        subject, text, to=[to], reply_to=[reply_to] if reply_to else None
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)

    def deliver() -> None:
        try:
            message.send()
        except OSError:
            logger.exception("Could not send “%s” to %s", subject, to)

    transaction.on_commit(deliver)
