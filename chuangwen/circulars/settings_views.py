"""The office's circular settings: issuing office, number prefix, addressees, requirements, and the
Word template (download the default, upload one's own, go back to the default)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.circulars import access, docx_render, services
from chuangwen.circulars.forms import SettingsForm, TemplateForm
from chuangwen.circulars.models import CircularSettings, CircularTemplate
from chuangwen.lib.errors import DomainError

SECTION = "circulars"
# The placeholders a Word template may use (docxtpl: Jinja in the document; {%tr %} repeats a table
# row, {%p %} a paragraph block). Shown on the settings page.
PLACEHOLDERS = [
    ("{{ number }}", gettext_lazy("文号，如 文明督〔2026〕12号")),
    ("{{ title }}", gettext_lazy("标题")),
    ("{{ office }}", gettext_lazy("发文机关")),
    ("{{ date }}", gettext_lazy("印发日期，如 2026年11月27日")),
    ("{{ addressees }}", gettext_lazy("主送单位")),
    ("{{ round.code }} {{ round.name }} {{ round.kind }} {{ round.period }}", gettext_lazy("督查轮次的编号、名称、类型、时段")),
    ("{{ summary }}", gettext_lazy("基本情况段落")),
    ("{{ figures.sites }} {{ figures.checks }} {{ figures.failures }} {{ figures.pass_rate }} {{ figures.problems }} "
     "{{ figures.closed }} {{ figures.overdue }} {{ figures.average }}", gettext_lazy("主要数据：点位、检查项次、不合格项次、合格率、问题数、已销号、超期、区县平均分")),
    ("{%p for group in groups %} … {%p endfor %}", gettext_lazy("逐个排名组（区县、街道、市直部门）")),
    ("{{ group.label }} {{ group.summary }} {{ group.chart }} {{ group.red_names }} {{ group.black_names }}",
     gettext_lazy("排名组名称、概述、得分图、红榜、黑榜")),
    ("{%tr for row in group.rows %} … {%tr endfor %}", gettext_lazy("排名表的行：row.rank、row.name、row.score、row.change、row.board")),
    ("{{ problem_summary }} {{ category_chart }}", gettext_lazy("问题概述和问题分布图")),
    ("{%tr for p in problems %}", gettext_lazy("问题清单的行：p.no、p.site、p.description、p.unit、p.status")),
    ("{%p for p in photo_problems %}", gettext_lazy("典型问题：p.before（整改前照片）、p.after（整改后照片），无照片时为空")),
    ("{{ summons_intro }} {%tr for s in summoned %}", gettext_lazy("约谈说明和约谈单位：s.no、s.name、s.reason")),
    ("{%p for text in requirements %}", gettext_lazy("工作要求，每段一条")),
    ("{{ copy_to }}", gettext_lazy("抄送")),
]  # fmt: skip


def _page(request, form=None, template_form=None, status: int = 200, template_error: str = ""):
    config = CircularSettings.current()
    context = {
        "section": SECTION, "config": config, "form": form or SettingsForm(instance=config),
        "template_form": template_form or TemplateForm(), "template_error": template_error,
        "templates": CircularTemplate.objects.select_related("uploaded_by")[:20], "placeholders": PLACEHOLDERS,
    }  # fmt: skip
    return render(request, "circulars/settings.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def circular_settings(request):
    access.require_office(request.user)
    if request.method == "GET":
        return _page(request)
    form = SettingsForm(request.POST, instance=CircularSettings.current())
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        services.update_settings(request.user, **{name: form.cleaned_data[name] for name in services.SETTINGS_FIELDS})
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return _page(request, form, status=exc.status)
    messages.success(request, _("已保存通报设置，下次印发时生效"))
    return redirect("circulars:settings")


@require_POST
@login_required
def template_upload(request):
    access.require_office(request.user)
    form = TemplateForm(request.POST, request.FILES)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    try:
        template = services.upload_template(request.user, request.FILES.get("template"), name=data.get("name", ""))
    except DomainError as exc:
        return _page(request, template_form=form, status=exc.status, template_error=str(exc.message))
    messages.success(request, _("已启用新模板“%(name)s”，下次印发时生效") % {"name": template.name})
    return redirect("circulars:settings")


@require_POST
@login_required
def template_revert(request):
    access.require_office(request.user)
    try:
        services.revert_template(request.user)
    except DomainError as exc:
        return _page(request, status=exc.status, template_error=str(exc.message))
    messages.success(request, _("已恢复默认模板"))
    return redirect("circulars:settings")


def _docx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=docx_render.DOCX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
@login_required
def template_default(request):
    access.require_office(request.user)
    return _docx(docx_render.default_template(), "督查通报默认模板.docx")


@require_GET
@login_required
def template_current(request):
    access.require_office(request.user)
    config = CircularSettings.current()
    return _docx(services.template_bytes(config.template), "督查通报当前模板.docx")
