"""The accessibility statement, /accessibility/: the standard the site aims for, how it is
checked, what is known not to meet it, and how to report a problem."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.views.decorators.http import require_GET

#: The day the statement was last checked against the site; change it with the text.
REVIEWED_ON = dt.date(2026, 11, 24)


@require_GET
def statement(request):
    return render(request, "content/accessibility.html", {"reviewed_on": REVIEWED_ON})
