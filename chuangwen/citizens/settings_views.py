"""The office's settings page for the citizens' channel (CitizenSettings)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from chuangwen.citizens.forms import SettingsForm
from chuangwen.citizens.models import CitizenSettings
from chuangwen.citizens.services.settings import FIELDS, update_settings
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required


@require_http_methods(["GET", "POST"])
@office_required
def citizen_settings(request):
    """GET shows the rules; POST changes them through services.settings.update_settings."""
    current = CitizenSettings.current()
    form = SettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, form, status=400)
        try:
            update_settings(request.user, **{name: form.cleaned_data[name] for name in FIELDS})
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            return _page(request, form, status=exc.status)
        messages.success(request, _("随手拍设置已保存"))
        return redirect("citizens:settings")
    return _page(request, form)


def _page(request, form, status: int = 200):
    return render(
        request, "citizens/office/settings.html", {"form": form, "section": "citizen_settings"}, status=status
    )
