"""Forms of the index pages. They parse input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chuangwen.indicators import rules
from chuangwen.indicators.models import Edition, IndexNode, Method, NodeLevel, RuleKind, VetoScope
from chuangwen.lib.bounded import MAX_INT, IdField
from chuangwen.lib.errors import DomainError
from chuangwen.lib.forms import BootstrapMixin
from chuangwen.sites.models import SiteType
from chuangwen.units.models import Unit


def responsible_unit_choices():
    return Unit.objects.filter(kind__in=rules.RESPONSIBLE_KINDS).order_by("path")


class CheckboxesMixin:
    """Bootstrap classes for the boxes of CheckboxSelectMultiple widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.CheckboxSelectMultiple):
                field.widget.attrs["class"] = "form-check-input"


class EditionForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=_("版本编码"), max_length=32)
    name = forms.CharField(label=_("名称"), max_length=100)
    year = forms.IntegerField(label=_("年份"), min_value=1990, max_value=2100)
    notes = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class NodeForm(BootstrapMixin, forms.Form):
    parent = forms.ModelChoiceField(label=_("上级节点"), queryset=IndexNode.objects.none(), required=False)
    code = forms.CharField(label=_("编码"), max_length=32)
    title = forms.CharField(label=_("名称"), max_length=200)
    sort_order = forms.IntegerField(label=_("排序"), initial=0, required=False, min_value=-MAX_INT, max_value=MAX_INT)

    def __init__(self, *args, edition: Edition, level: int, **kwargs):
        super().__init__(*args, **kwargs)
        if level == NodeLevel.CATEGORY:
            del self.fields["parent"]
        else:
            parents = IndexNode.objects.filter(edition=edition, level=level - 1).order_by("sort_order", "code")
            self.fields["parent"].queryset = parents
            self.fields["parent"].required = True
            self.fields["parent"].label = NodeLevel(level - 1).label


class StandardForm(CheckboxesMixin, BootstrapMixin, forms.Form):
    content = forms.ModelChoiceField(label=_("测评内容"), queryset=IndexNode.objects.none())
    code = forms.CharField(label=_("编码"), max_length=32)
    text = forms.CharField(label=_("测评标准"), widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.DecimalField(label=_("分值"), max_digits=6, decimal_places=2)
    methods = forms.MultipleChoiceField(
        label=_("测评方法"), choices=Method.choices, widget=forms.CheckboxSelectMultiple
    )
    site_types = forms.ModelMultipleChoiceField(
        label=pgettext_lazy("plural", "点位类型"),
        queryset=SiteType.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    negative_list = forms.BooleanField(label=_("负面清单"), required=False)
    is_special = forms.BooleanField(label=_("自选指标（本市特色指标）"), required=False)
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none(), required=False)
    responsible_units = forms.ModelMultipleChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    sort_order = forms.IntegerField(label=_("排序"), initial=0, required=False, min_value=-MAX_INT, max_value=MAX_INT)

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        contents = IndexNode.objects.filter(edition=edition, level=NodeLevel.CONTENT).order_by("sort_order", "code")
        self.fields["content"].queryset = contents
        self.fields["lead_unit"].queryset = responsible_unit_choices()
        self.fields["responsible_units"].queryset = responsible_unit_choices()
        self.fields["responsible_units"].help_text = _("按住 Ctrl（Mac 上为 Command）可多选")


class ResponsibilityForm(BootstrapMixin, forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("牵头单位"), queryset=Unit.objects.none(), required=False)
    responsible_units = forms.ModelMultipleChoiceField(
        label=_("责任单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = responsible_unit_choices()
        self.fields["responsible_units"].queryset = responsible_unit_choices()


class ChecklistItemForm(BootstrapMixin, forms.Form):
    site_type = forms.ModelChoiceField(label=_("点位类型"), queryset=SiteType.objects.none())
    code = forms.CharField(label=_("编码"), max_length=40)
    text = forms.CharField(label=_("考察要求"), widget=forms.Textarea(attrs={"rows": 3}))
    rule_kind = forms.ChoiceField(label=_("计分规则"), choices=RuleKind.choices, initial=RuleKind.PASS_RATE)
    deduction_per = forms.DecimalField(
        label=_("每处扣分"), max_digits=6, decimal_places=2, required=False, help_text=_("按处扣分时必填，大于 0")
    )
    grade_thresholds = forms.CharField(
        label=_("等级阈值"),
        required=False,
        help_text=_("按等级计分时必填，写作“等级:最低值:得分比例”，从高到低，如 A:95:1.0、B:80:0.8、C:70:0.6"),
    )
    veto_scope = forms.ChoiceField(label=_("否决范围"), choices=[("", "---------"), *VetoScope.choices], required=False)
    sort_order = forms.IntegerField(label=_("排序"), initial=0, required=False, min_value=-MAX_INT, max_value=MAX_INT)

    def __init__(self, *args, standard, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site_type"].queryset = standard.site_types.all()

    def clean_grade_thresholds(self):
        text = self.cleaned_data["grade_thresholds"]
        if self.data.get("rule_kind") != RuleKind.GRADE:
            return []
        try:
            return rules.parse_grades(text)
        except DomainError as exc:
            raise ValidationError(exc.message) from None


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("XLSX 文件"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))
    code = forms.CharField(
        label=_("版本编码"), max_length=32, required=False, help_text=_("不填则取文件“版本信息”中的值")
    )
    name = forms.CharField(label=_("名称"), max_length=100, required=False)
    year = forms.IntegerField(label=_("年份"), min_value=1990, max_value=2100, required=False)
    notes = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class TreeFilterForm(forms.Form):
    """The tree's query string; ids are resolved by the view against lists it loads anyway."""

    edition = IdField()
    method = forms.ChoiceField(choices=[("", ""), *Method.choices], required=False)
    unit = IdField()
    site_type = IdField()
    q = forms.CharField(max_length=100, required=False, strip=True)

    def has_filters(self) -> bool:
        data = self.cleaned_data
        return any(data.get(k) for k in ("method", "unit", "site_type", "q"))
