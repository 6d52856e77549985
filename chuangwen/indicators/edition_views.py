"""Office pages for editions: list, create, edit, activate, XLSX import, export and template."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.indicators import services, xlsx_export, xlsx_import
from chuangwen.indicators.access import get_edition
from chuangwen.indicators.forms import EditionForm, ImportForm
from chuangwen.indicators.models import Edition
from chuangwen.indicators.pages import add_error, error_page, form_page
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required
from chuangwen.lib.xlsx import XlsxImportError, xlsx_response


def tree_url(edition: Edition) -> str:
    return f"{reverse('indicators:tree')}?edition={edition.pk}"


@office_required
@require_GET
def edition_list(request):
    editions = Edition.objects.annotate(standard_count=Count("standards"))
    return render(request, "indicators/edition_list.html", {"editions": editions, "section": "indicators"})


@office_required
@require_http_methods(["GET", "POST"])
def edition_create(request):
    return form_page(
        request,
        EditionForm(request.POST or None),
        lambda data: services.create_edition(request.user, **data),
        title=_("新建版本"),
        back=reverse("indicators:edition_list"),
        done=tree_url,
        message=_("版本已新建"),
    )


@office_required
@require_http_methods(["GET", "POST"])
def edition_edit(request, pk: int):
    edition = get_edition(pk)
    initial = {"code": edition.code, "name": edition.name, "year": edition.year, "notes": edition.notes}
    return form_page(
        request,
        EditionForm(request.POST or None, initial=initial),
        lambda data: services.update_edition(request.user, edition, **data),
        title=_("修改版本"),
        back=reverse("indicators:edition_list"),
        done=lambda _edition: reverse("indicators:edition_list"),
        message=_("版本已保存"),
    )


@office_required
@require_POST
def edition_activate(request, pk: int):
    edition = get_edition(pk)
    try:
        services.activate_edition(request.user, edition)
    except DomainError as exc:
        return error_page(request, exc.message, status=exc.status, back=reverse("indicators:edition_list"))
    messages.success(request, _("已启用“%(name)s”") % {"name": edition.name})
    return redirect("indicators:edition_list")


@office_required
@require_GET
def edition_export(request, pk: int):
    edition = get_edition(pk)
    return xlsx_response(xlsx_export.export_edition(edition), _("测评体系-%(code)s.xlsx") % {"code": edition.code})


@office_required
@require_GET
def import_template(request):
    return xlsx_response(xlsx_export.template_workbook(), _("测评体系导入模板.xlsx"))


def _imported_message(result: xlsx_import.ImportResult) -> str:
    counts = result.counts
    return _("已导入“%(name)s”：%(nodes)s 个节点，%(standards)s 条测评标准，%(items)s 条考察要求") % {
        "name": result.edition.name,
        "nodes": counts["nodes"],
        "standards": counts["standards"],
        "items": counts["checklist_items"],
    }


@office_required
@require_http_methods(["GET", "POST"])
def edition_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "section": "indicators", "cell_errors": []}
    if request.method == "GET":
        return render(request, "indicators/import.html", context)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        file = data.pop("file")
        try:
            result = xlsx_import.import_edition(request.user, file, **data)
        except XlsxImportError as exc:
            context["cell_errors"] = exc.errors
            form.add_error(None, exc.message)
        except DomainError as exc:
            status = add_error(form, exc)
        else:
            messages.success(request, _imported_message(result))
            return redirect(tree_url(result.edition))
    return render(request, "indicators/import.html", context, status=status)
