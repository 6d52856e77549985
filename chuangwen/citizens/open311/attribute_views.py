"""The office's service definitions: the Open311 attributes of each public category."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from chuangwen.citizens.models import Datatype, ServiceAttribute
from chuangwen.citizens.open311 import attribute_services as service
from chuangwen.lib.bounded import MAX_INT
from chuangwen.lib.errors import DomainError
from chuangwen.lib.permissions import office_required
from chuangwen.problems.action_views import form_error
from chuangwen.problems.models import ProblemCategory

SECTION = "open311"


class AttributeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("编码"),
        max_length=50,
        help_text=gettext_lazy("字母、数字、下划线，客户端以 attribute[编码] 提交"),
    )
    description = forms.CharField(label=gettext_lazy("问题"), max_length=500)
    datatype = forms.ChoiceField(label=gettext_lazy("数据类型"), choices=Datatype.choices)
    required = forms.BooleanField(label=gettext_lazy("必填"), required=False)
    variable = forms.BooleanField(label=gettext_lazy("需要填写（不勾选则只作说明）"), required=False, initial=True)
    datatype_description = forms.CharField(label=gettext_lazy("填写说明"), max_length=200, required=False)
    order = forms.IntegerField(label=gettext_lazy("排序"), min_value=1, max_value=MAX_INT, required=False)
    values = forms.CharField(
        label=gettext_lazy("可选值"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("单选、多选用：每行一项，格式“编码=名称”"),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"

    @staticmethod
    def initial_for(attribute: ServiceAttribute) -> dict:
        fields = ["code", "description", "datatype", "required", "variable", "datatype_description", "order"]
        return {name: getattr(attribute, name) for name in fields} | {"values": service.values_text(attribute.values)}

    def data_for_service(self) -> dict:
        return self.cleaned_data | {"values": service.parse_values(self.cleaned_data["values"])}


def _public(pk: int) -> ProblemCategory:
    return get_object_or_404(ProblemCategory, pk=pk)


@require_GET
@office_required
def service_list(request):
    categories = ProblemCategory.objects.annotate(attribute_count=Count("open311_attributes")).order_by("sort_order")
    return render(request, "citizens/keys/services.html", {"categories": categories, "section": SECTION})


@require_GET
@office_required
def attribute_list(request, pk: int):
    category = _public(pk)
    attributes = category.open311_attributes.order_by("order", "id")
    return render(
        request, "citizens/keys/attributes.html", {"category": category, "attributes": attributes, "section": SECTION}
    )


def _form_page(request, form, category, attribute=None, status=200):
    context = {"form": form, "category": category, "attribute": attribute, "section": SECTION}
    return render(request, "citizens/keys/attribute_form.html", context, status=status)


def _save(form, write):
    if not form.is_valid():
        return None, 400
    try:
        return write(form.data_for_service()), None
    except DomainError as exc:
        form_error(form, exc)
        return None, exc.status


@require_http_methods(["GET", "POST"])
@office_required
def attribute_create(request, pk: int):
    category = _public(pk)
    form = AttributeForm(request.POST or None, initial={"order": service.next_order(category)})
    if request.method == "GET":
        return _form_page(request, form, category)
    saved, status = _save(form, lambda data: service.create_attribute(request.user, category, **data))
    if saved is None:
        return _form_page(request, form, category, status=status)
    messages.success(request, _("已新增附加信息项“%(code)s”") % {"code": saved.code})
    return redirect("open311_keys:attributes", category.pk)


@require_http_methods(["GET", "POST"])
@office_required
def attribute_edit(request, pk: int):
    attribute = get_object_or_404(ServiceAttribute.objects.select_related("category"), pk=pk)
    form = AttributeForm(request.POST or None, initial=AttributeForm.initial_for(attribute))
    if request.method == "GET":
        return _form_page(request, form, attribute.category, attribute)
    saved, status = _save(form, lambda data: service.update_attribute(request.user, attribute, **data))
    if saved is None:
        return _form_page(request, form, attribute.category, attribute, status)
    messages.success(request, _("已保存附加信息项“%(code)s”") % {"code": saved.code})
    return redirect("open311_keys:attributes", attribute.category_id)


@require_POST
@office_required
def attribute_delete(request, pk: int):
    attribute = get_object_or_404(ServiceAttribute, pk=pk)
    service.delete_attribute(request.user, attribute)
    messages.success(request, _("已删除附加信息项“%(code)s”") % {"code": attribute.code})
    return redirect("open311_keys:attributes", attribute.category_id)
