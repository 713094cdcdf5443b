"""/api/: the API's operations, its OpenAPI document and docs; JSON for anything else."""

from __future__ import annotations

import json
import logging
from functools import wraps

from django.http import Http404, HttpResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from crossroads.api.api import api
from crossroads.monitoring.outage import database_unavailable

logger = logging.getLogger(__name__)


def _json(status: int, detail: str) -> HttpResponse:
    return HttpResponse(
        json.dumps({"detail": detail}), status=status, content_type="application/json"
    )


def json_errors(view):
    """Whatever ninja answers outside an operation (a method an address does not take,
    an error before an operation runs) is JSON too."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return nothing_here(request)
        except Exception as error:
            if database_unavailable(error):
                raise  # the database is away: the monitoring middleware answers 503
            logger.exception("API error on %s %s", request.method, request.path)
            return _json(500, _("Something went wrong on our side. It has been logged."))
        if response.status_code == 405 and not response["Content-Type"].startswith(
            "application/json"
        ):
            allowed = response["Allow"]
            json_response = _json(
                405, _("This address takes only: %(methods)s.") % {"methods": allowed}
            )
            json_response["Allow"] = allowed
            return json_response
        return response

    wrapper.csrf_exempt = getattr(view, "csrf_exempt", False)
    return wrapper


def nothing_here(request, rest=""):
    return _json(404, _("There is nothing at this address."))


nothing_here.csrf_exempt = True

# Unpacked into one tuple: a module-level ``app_name`` would become this module's namespace.
_api_urls = api.urls
for _pattern in _api_urls[0]:
    _pattern.callback = json_errors(_pattern.callback)

urlpatterns = [
    path("", _api_urls),
    re_path(r"^(?P<rest>.*)$", nothing_here),
]
