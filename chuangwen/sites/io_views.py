"""XLSX pages for sites: import, export (with the list's filters, streamed) and the template."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from chuangwen.lib import xlsx
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import SITE_READERS, office_required, role_required
from chuangwen.sites.filters import filtered_sites
from chuangwen.sites.forms import ImportForm
from chuangwen.sites.importer import import_sites
from chuangwen.sites.views import filter_error_page, form_error
from chuangwen.sites.xlsx_io import export_sheets, template_workbook


@require_http_methods(["GET", "POST"])
@office_required
def site_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "section": "sites"}
    if request.method == "GET":
        return render(request, "sites/import.html", context)
    if not form.is_valid():
        return render(request, "sites/import.html", context, status=400)
    try:
        context["result"] = import_sites(request.user, form.cleaned_data["file"])
    except xlsx.XlsxImportError as exc:
        context.update(errors=exc.errors, error=exc.message)
        return render(request, "sites/import.html", context, status=400)
    except DomainError as exc:
        form_error(form, exc)
        return render(request, "sites/import.html", context, status=400)
    return render(request, "sites/import.html", context)


@require_GET
@role_required(*SITE_READERS)
def site_export(request):
    try:
        _filter, sites = filtered_sites(request.user, request.GET)
    except DomainError as exc:
        return filter_error_page(request, exc, "sites/list.html", "sites")
    sheets = export_sheets(sites.order_by("code"))
    too_many = xlsx.exceeds_limit(sites)
    return xlsx.download(request, sheets, xlsx.export_filename("点位"), too_many=too_many, back=reverse("sites:list"))


@require_GET
@office_required
def site_template(request):
    return xlsx.xlsx_response(template_workbook(), _("点位导入模板.xlsx"))
