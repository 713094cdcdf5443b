from django.conf import settings
from django.utils import timezone


def site(request):
    return {"SITE_URL": settings.SITE_URL, "today": timezone.localdate()}
