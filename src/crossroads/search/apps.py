from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "crossroads.search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from crossroads.search import receivers  # noqa: F401 - connects the receivers
