"""The site types page: everyone who reads sites sees the list; office staff maintain it."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import SITE_READERS, office_required, role_required
from chuangwen.sites import services
from chuangwen.sites.filters import type_colors
from chuangwen.sites.forms import ReasonForm, SiteTypeForm
from chuangwen.sites.models import SiteType
from chuangwen.sites.views import form_error


def _types_page(request, status: int = 200, **extra):
    types = list(
        SiteType.objects.annotate(
            site_count=Count("sites"), active_count=Count("sites", filter=Q(sites__is_active=True))
        )
    )
    colors = type_colors(types)
    rows = [(t, colors[t.pk]) for t in types]
    return render(request, "sites/types.html", {"rows": rows, "section": "sites", **extra}, status=status)


@require_GET
@role_required(*SITE_READERS)
def type_list(request):
    return _types_page(request)


@require_http_methods(["GET", "POST"])
@office_required
def type_create(request):
    form = SiteTypeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            site_type = services.create_site_type(request.user, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已新建点位类型“%(name)s”") % {"name": site_type.name})
            return redirect("sites:types")
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
@office_required
def type_edit(request, pk: int):
    site_type = get_object_or_404(SiteType, pk=pk)
    if request.method == "GET":
        return _form_page(request, SiteTypeForm(initial=SiteTypeForm.initial_for(site_type), editing=True), site_type)
    form = SiteTypeForm(request.POST, editing=True)
    if form.is_valid():
        try:
            services.update_site_type(request.user, site_type, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存点位类型“%(name)s”") % {"name": form.cleaned_data["name"]})
            return redirect("sites:types")
    return _form_page(request, form, site_type)


def _form_page(request, form, site_type):
    status = 400 if form.is_bound else 200
    context = {"form": form, "site_type": site_type, "section": "sites"}
    return render(request, "sites/type_form.html", context, status=status)


@require_POST
@office_required
def type_deactivate(request, pk: int):
    site_type = get_object_or_404(SiteType, pk=pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(form.errors["reason"][0], field="reason")
        services.deactivate_site_type(request.user, site_type, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _types_page(request, status=400, error=exc.message)
    messages.success(request, _("已停用点位类型“%(name)s”") % {"name": site_type.name})
    return redirect("sites:types")
