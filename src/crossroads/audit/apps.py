from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "crossroads.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from crossroads.audit import receivers

        receivers.connect()
