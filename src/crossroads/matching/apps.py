from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "crossroads.matching"
    verbose_name = _("Peers and profiles")

    def ready(self) -> None:
        from crossroads.matching import receivers

        receivers.connect()
