from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CircularsConfig(AppConfig):
    name = "chuangwen.circulars"
    verbose_name = _("督查通报")
