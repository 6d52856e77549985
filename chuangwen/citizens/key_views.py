"""The office's Open311 api_keys: list, issue (the key is shown once), revoke, hourly limit."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from chuangwen.citizens.models import Open311Key
from chuangwen.citizens.services import open311_keys
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required
from chuangwen.problems.action_views import form_error

SECTION = "open311"
SHOWN_KEYS = 200


class KeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=50, help_text=gettext_lazy("使用此密钥的应用或系统"))
    contact = forms.CharField(label=gettext_lazy("联系人"), max_length=100, required=False)
    rate_limit_per_hour = forms.IntegerField(
        label=gettext_lazy("每小时请求上限"), min_value=1, max_value=open311_keys.MAX_RATE, initial=600
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


@require_http_methods(["GET", "POST"])
@office_required
def key_list(request):
    form = KeyForm(request.POST or None)
    secret = issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued, secret = open311_keys.issue_key(request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            form = KeyForm()
    keys = Open311Key.objects.select_related("created_by")[:SHOWN_KEYS]
    context = {"form": form, "keys": keys, "secret": secret, "issued": issued, "section": SECTION}
    status = 400 if request.method == "POST" and secret is None else 200
    response = render(request, "citizens/keys/list.html", context, status=status)
    add_never_cache_headers(response)  # the key must not stay in any cache
    return response


@require_POST
@office_required
def key_revoke(request, pk: int):
    key = get_object_or_404(Open311Key, pk=pk)
    try:
        open311_keys.revoke_key(request.user, key)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("密钥“%(name)s”已撤销") % {"name": key.name})
    return redirect("open311_keys:list")


@require_POST
@office_required
def key_limit(request, pk: int):
    key = get_object_or_404(Open311Key, pk=pk)
    try:
        open311_keys.set_rate_limit(request.user, key, request.POST.get("rate_limit_per_hour"))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存密钥“%(name)s”的每小时上限") % {"name": key.name})
    return redirect("open311_keys:list")
