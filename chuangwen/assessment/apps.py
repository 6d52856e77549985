from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "chuangwen.assessment"
    verbose_name = _("测评考核")

    def ready(self):
        from chuangwen.assessment import tallies
        from chuangwen.inspections.signals import round_scorable

        round_scorable.connect(tallies.on_round_scorable, dispatch_uid="assessment.tallies")
