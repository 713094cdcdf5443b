from django.conf import settings
from django.utils import timezone


def site(request):
    return {"SITE_URL": settings.SITE_URL, "today": timezone.localdate()}


def csp_nonce(request):
    """The request's nonce (``content.security``), for ``<style nonce="{{ csp_nonce }}">``."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
