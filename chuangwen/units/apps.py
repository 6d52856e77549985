from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "chuangwen.units"
    verbose_name = _("单位与人员")

    def ready(self) -> None:
        from chuangwen.units import checks  # noqa: F401  (registers the system checks)
