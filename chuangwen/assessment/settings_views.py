"""The office's assessment settings (考核设置): lists, cycle weights, annual weights and grades.
The write goes through services.update_settings (office only, audited with before and after)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chuangwen.assessment import services, view_access
from chuangwen.assessment.forms import AssessmentSettingsForm
from chuangwen.assessment.models import AssessmentSettings
from chuangwen.lib.errors import DomainError


def _page(request, form, status=200):
    context = {"form": form, "section": "assessment_settings", "config": AssessmentSettings.current()}
    return render(request, "assessment/settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def assessment_settings(request):
    view_access.require_office(request.user)
    config = AssessmentSettings.current()
    form = AssessmentSettingsForm(request.POST or None, initial=AssessmentSettingsForm.initial_for(config))
    if request.method == "GET":
        return _page(request, form)
    if not form.is_valid():
        return _page(request, form, 400)
    try:
        services.update_settings(request.user, **form.service_fields())
    except DomainError as exc:
        form.refuse(exc.field, str(exc.message))
        return _page(request, form, exc.status)
    messages.success(request, _("已保存考核设置，下次计算得分时生效"))
    return redirect("assessment:settings")
