"""The API: one ``NinjaAPI`` with its routers, its answers to errors (JSON with a plain
``detail`` message, always), and its ETags and cache headers on reads."""

from __future__ import annotations

import hashlib
import logging
from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotModified
from django.utils.cache import parse_etags, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as ParameterError

from crossroads.api import campaigns, directory, items
from crossroads.content import ratelimit
from crossroads.monitoring.outage import database_unavailable

logger = logging.getLogger(__name__)

DESCRIPTION = """\
What the Crossroads pages show — events, news stories, library resources, campaigns and
their signatories, the directory of organisations, cities and networks, frameworks and
topics — as JSON, and the editors' changes. Lists of items take the criteria of /search/
and return its facet counts. Pagination is by an opaque `cursor`: follow `next`. Reads
send an `ETag` (answer `If-None-Match` to get 304). Writes need `Authorization: Bearer
<key>` and are rate limited per token (429, with `Retry-After` in seconds). Errors are
JSON: `{"detail": "…"}`. See docs/api.md."""

api = NinjaAPI(
    title="Crossroads API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("", items.router)
api.add_router("", directory.router)
api.add_router("", campaigns.router)


# -- ETags and caching --------------------------------------------------------------------
#: How long shared caches may keep a public read, in seconds.
MAX_AGE = 60


def _matches(etag: str, header: str) -> bool:
    """``If-None-Match`` holds ``etag`` (weak comparison: compression makes ETags weak)."""
    wanted = parse_etags(header)
    return "*" in wanted or etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in wanted}


def conditional(run):
    """On a successful GET: an ETag (a hash of the body), cache headers (public for a
    minute without a token, private with one), and 304 when ``If-None-Match`` holds it."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response = run(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        etag = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
        response["ETag"] = etag
        private = "Authorization" in request.headers
        response["Cache-Control"] = "private, no-cache" if private else f"public, max-age={MAX_AGE}"
        patch_vary_headers(response, ["Authorization"])
        if _matches(etag, request.headers.get("If-None-Match", "")):
            not_modified = HttpResponseNotModified()
            for header in ("ETag", "Cache-Control", "Vary"):
                not_modified[header] = response[header]
            return not_modified
        return response

    return wrapper


api.add_decorator(conditional, mode="view")


# -- errors -------------------------------------------------------------------------------
def _error(request, status: int, detail: str, **extra):
    return api.create_response(request, {"detail": detail, **extra}, status=status)


#: The names of the operations' arguments holding their parameters or body.
ARGUMENTS = {"params", "change"}


@api.exception_handler(ParameterError)
def invalid_parameters(request, exc: ParameterError):
    """Pydantic's messages, each after the parameter it is about."""
    problems = []
    for error in exc.errors:
        # ("query", "params", "kind", 0) names the parameter "kind": the place, the
        # operation's argument holding the parameters, and list positions are left out.
        names = [part for part in error.get("loc", ())[1:] if isinstance(part, str)]
        if len(names) > 1 and names[0] in ARGUMENTS:
            names = names[1:]
        problems.append(f"{'.'.join(names) or 'request'}: {error.get('msg', '')}")
    return _error(
        request, 400, _("Invalid request: %(problems)s.") % {"problems": "; ".join(problems)}
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc: AuthenticationError):
    message = str(exc)
    if message == "Unauthorized":  # ninja's own, when no token was given
        message = _("This needs a token: “Authorization: Bearer <key>”.")
    response = _error(request, 401, message)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    message = str(exc)
    if message == "Cannot parse request body":  # ninja's own
        message = _("The body is not valid JSON.")
    return _error(request, exc.status_code, message)


@api.exception_handler(Http404)
def not_found(request, exc: Http404):
    return _error(request, 404, _("There is nothing at this address."))


@api.exception_handler(PermissionDenied)
def forbidden(request, exc: PermissionDenied):
    return _error(request, 403, str(exc) or _("You may not do this."))


@api.exception_handler(ValidationError)
def refused(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        fields = {field: list(messages) for field, messages in exc.message_dict.items()}
        return _error(request, 400, " ".join(exc.messages), fields=fields)
    return _error(request, 400, " ".join(exc.messages))


@api.exception_handler(ratelimit.Exceeded)
def too_many(request, exc: ratelimit.Exceeded):
    response = _error(request, 429, _("Too many changes with this token: try again later."))
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Exception)
def server_error(request, exc: Exception):
    if database_unavailable(exc):
        raise exc  # the database is away, not our fault: the monitoring middleware's 503
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, _("Something went wrong on our side. It has been logged."))
