from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    name = "crossroads.taxonomy"
    verbose_name = _("Topics and frameworks")
