from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "chuangwen.publicity"
    verbose_name = _("公开发布")
