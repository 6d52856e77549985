"""Forms of the office's citizen-channel pages: triage actions, staff intake, the XLSX import and
the settings. They parse what was typed; the services decide what is allowed (a reason that is
required, an external reference already registered …), so their messages are the services' own."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.citizens.models import Channel, CitizenSettings
from chuangwen.citizens.phones import MAX_INPUT, clean_phone_field
from chuangwen.citizens.services.intake import MAX_DESCRIPTION, STAFF_CHANNELS
from chuangwen.citizens.services.settings import CHOICES, RULES
from chuangwen.lib.forms import BootstrapMixin
from chuangwen.problems.forms import PhotosField
from chuangwen.problems.models import Problem, ProblemCategory, Severity

STAFF_CHANNEL_CHOICES = [(c.value, c.label) for c in Channel if c in STAFF_CHANNELS]


def _text(label, *, rows: int = 2, required_in_browser: bool = True) -> forms.CharField:
    attrs = {"rows": rows, "maxlength": 2000}
    if required_in_browser:
        attrs["required"] = True
    return forms.CharField(label=label, required=False, max_length=2000, widget=forms.Textarea(attrs=attrs))


def category_field(empty) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=gettext_lazy("问题类别"),
        queryset=ProblemCategory.objects.filter(is_active=True),
        required=False,
        empty_label=empty,
        error_messages={"invalid_choice": gettext_lazy("问题类别不存在或已停用")},
    )


class AcceptForm(BootstrapMixin, forms.Form):
    category = category_field(gettext_lazy("（沿用反映的类别）"))
    severity = forms.ChoiceField(label=gettext_lazy("严重程度"), choices=Severity.choices, initial=Severity.MINOR)
    note = _text(gettext_lazy("受理意见"), required_in_browser=False)
    public_text = _text(gettext_lazy("公开文字"), rows=3, required_in_browser=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["public_text"].help_text = _(
            "Open311 接口向公众显示的文字；不填则为反映原文。可删去姓名、门牌等个人信息"
        )


class RejectForm(BootstrapMixin, forms.Form):
    reason = _text(gettext_lazy("不予受理理由"))


class DuplicateForm(BootstrapMixin, forms.Form):
    """The problem the report repeats: one of the suggestions, or a problem code typed in."""

    problem = forms.TypedChoiceField(label=gettext_lazy("疑似重复的问题"), coerce=int, required=False, choices=())
    code = forms.CharField(label=gettext_lazy("或填写问题编号"), max_length=24, required=False)
    note = _text(gettext_lazy("说明"), required_in_browser=False)

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problem"].choices = [(s.item.pk, s.item.code) for s in suggestions]
        self.fields["problem"].widget = forms.RadioSelect(choices=self.fields["problem"].choices)

    def clean(self):
        data = super().clean()
        pk, code = data.get("problem"), (data.get("code") or "").strip()
        if code:
            found = Problem.objects.filter(code__iexact=code).first()
            if found is None:
                self.add_error("code", _("未找到编号为 %(code)s 的问题") % {"code": code})
            data["target"] = found
        elif pk:
            data["target"] = Problem.objects.filter(pk=pk).first()
        else:
            raise forms.ValidationError(_("请选择重复的问题，或填写问题编号"))
        return data


class IntakeForm(BootstrapMixin, forms.Form):
    """A 12345 ticket, a petition or an environmental-inspection transfer, typed in by the office."""

    channel = forms.ChoiceField(label=gettext_lazy("来源渠道"), choices=STAFF_CHANNEL_CHOICES)
    external_ref = forms.CharField(
        label=gettext_lazy("外部编号"),
        max_length=64,
        error_messages={"required": gettext_lazy("请填写外部编号（12345工单号、信访件编号或转办编号）")},
        help_text=gettext_lazy("12345工单号、信访件编号或转办编号；同一渠道不能重复登记"),
    )
    description = forms.CharField(
        label=gettext_lazy("问题描述"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("请填写问题描述")},
    )
    category = category_field(gettext_lazy("请选择"))
    address = forms.CharField(label=gettext_lazy("问题地址"), max_length=200, required=False)
    lat = forms.DecimalField(label=gettext_lazy("纬度"), max_digits=9, decimal_places=6, required=False)
    lng = forms.DecimalField(label=gettext_lazy("经度"), max_digits=9, decimal_places=6, required=False)
    reporter_name = forms.CharField(label=gettext_lazy("反映人"), max_length=50, required=False)
    reporter_phone = forms.CharField(label=gettext_lazy("反映人电话"), max_length=MAX_INPUT, required=False)
    photos = PhotosField(label=gettext_lazy("照片"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lat", "lng"):
            self.fields[name].widget.attrs.update({"step": "0.000001", "inputmode": "decimal"})
        self.fields["reporter_phone"].widget.attrs["inputmode"] = "tel"

    def clean_reporter_phone(self):
        return clean_phone_field(self.cleaned_data["reporter_phone"])

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "channel": data["channel"],
            "external_ref": data["external_ref"],
            "description": data["description"],
            "category": data["category"],
            "address": data["address"],
            "lat": data["lat"],
            "lng": data["lng"],
            "name": data["reporter_name"],
            "phone": data["reporter_phone"],
        }


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("XLSX 文件"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": gettext_lazy("请选择要导入的 XLSX 文件")},
    )


class SettingsForm(BootstrapMixin, forms.Form):
    """The CitizenSettings numbers; their ranges are the service's (services/settings.RULES)."""

    def __init__(self, *args, instance: CitizenSettings, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in CHOICES.items():
            label = CitizenSettings._meta.get_field(name).verbose_name
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices.choices,
                initial=getattr(instance, name),
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={
                    "required": _("请选择“%(label)s”") % {"label": label},
                    "invalid_choice": _("“%(label)s”的取值无效") % {"label": label},
                },
            )
        self.fields["open311_listing"].help_text = _(
            "Open311 接口 GET requests 对任何人公开；默认只列出已受理的反映，待受理、不予受理和重复反映不公开其描述、位置和照片"
        )
        for name in RULES:
            rule = RULES[name]
            self.fields[name] = forms.IntegerField(
                label=rule.label,
                initial=getattr(instance, name),
                error_messages={
                    "required": _("请填写“%(label)s”") % {"label": rule.label},
                    "invalid": _("“%(label)s”须为整数") % {"label": rule.label},
                },
            )
            attrs = {"min": rule.minimum, "max": rule.maximum, "inputmode": "numeric", "class": "form-control"}
            self.fields[name].widget.attrs.update(attrs)
        self.fields["points_per_report"].help_text = _(
            "市民（随手拍页面和 Open311）的反映被受理后奖励的积分；0 表示不奖励"
        )
        for name in ("per_phone_per_minute", "per_phone_per_day", "per_device_per_minute"):
            self.fields[name].help_text = _("0 表示不限制")
        self.fields["per_client_per_minute"].help_text = _("同一网络地址；0 表示不限制")
        self.fields["per_client_per_day"].help_text = _("0 表示不限制")
        self.fields["duplicate_radius_m"].help_text = _("受理时提示此距离内同类别的问题为疑似重复")
        self.fields["duplicate_window_days"].help_text = _("只提示此天数内登记或销号的问题")
