from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "chuangwen.indicators"
    verbose_name = _("测评体系")
