"""Forms of the public pages: the 随手拍 report, the status lookup and the points query."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangwen.citizens.models import CODE_ALPHABET, CODE_LENGTH
from chuangwen.citizens.phones import MAX_INPUT, clean_phone_field
from chuangwen.citizens.services.intake import MAX_DESCRIPTION, MAX_PHOTOS
from chuangwen.lib.forms import BootstrapMixin
from chuangwen.problems.forms import PhotosField
from chuangwen.problems.models import ProblemCategory

HONEYPOT = "website"  # a field people never see; bots fill it
CODE_RE = re.compile(f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")


def normalize_code(value: str) -> str:
    """What a citizen typed or pasted, as a tracking code: upper case, no spaces or dashes."""
    return re.sub(r"[\s\-]", "", value or "").upper()[:32]


class MarkInvalid:
    """Give a field with an error Bootstrap's is-invalid class (form errors and service refusals)."""

    def add_error(self, field, error):
        super().add_error(field, error)  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


class CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("查询码"))
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "class": "code-input"}
        )

    def clean(self, value):
        code = normalize_code(super().clean(value))
        if not CODE_RE.match(code):
            raise forms.ValidationError(_("查询码是 10 位字母和数字，请核对后重新输入"))
        return code


class ReportForm(MarkInvalid, BootstrapMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=gettext_lazy("问题类别"),
        queryset=ProblemCategory.objects.none(),
        empty_label=gettext_lazy("请选择"),
        error_messages={"required": gettext_lazy("请选择问题类别"), "invalid_choice": gettext_lazy("问题类别无效")},
    )
    description = forms.CharField(
        label=gettext_lazy("问题描述"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(
            attrs={"rows": 4, "placeholder": gettext_lazy("请描述您看到的问题，如：某路口人行道上堆放垃圾")}
        ),
        error_messages={"required": gettext_lazy("请描述您看到的问题")},
    )
    lat = forms.DecimalField(required=False, max_digits=12, decimal_places=8, widget=forms.HiddenInput)
    lng = forms.DecimalField(required=False, max_digits=12, decimal_places=8, widget=forms.HiddenInput)
    address = forms.CharField(
        label=gettext_lazy("地址"),
        max_length=200,
        required=False,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("如：江南区东华路与中山路交叉口"), "autocomplete": "street-address"}
        ),
    )
    name = forms.CharField(label=gettext_lazy("姓名（选填）"), max_length=50, required=False)
    phone = forms.CharField(
        label=gettext_lazy("手机号（选填）"),
        max_length=MAX_INPUT,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=gettext_lazy("留下手机号可凭查询码查看奖励积分；仅文明办工作人员可见。"),
    )
    device = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    photos = PhotosField(label=gettext_lazy("现场照片"))
    website = forms.CharField(required=False, max_length=200)  # the honeypot

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        categories = ProblemCategory.objects.filter(is_public=True, is_active=True).order_by("sort_order", "code")
        self.fields["category"].queryset = categories
        self.fields["category"].required = categories.exists()
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def trapped(self) -> bool:
        """The honeypot is filled: a bot."""
        return bool((self.data.get(HONEYPOT) or "").strip())

    def clean_phone(self):
        return clean_phone_field(self.cleaned_data["phone"])

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        if not photos:
            raise forms.ValidationError(_("请至少拍摄或选择一张照片"))
        if len(photos) > MAX_PHOTOS:
            raise forms.ValidationError(_("照片最多 %(n)s 张") % {"n": MAX_PHOTOS})
        return photos

    def clean(self):
        data = super().clean()
        has_pin = data.get("lat") is not None and data.get("lng") is not None
        if not has_pin and not (data.get("address") or "").strip() and "address" not in self.errors:
            self.add_error("address", _("请在地图上点选位置、使用我的位置，或填写地址"))
        return data

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "category": data.get("category"),
            "description": data["description"],
            "lat": data.get("lat"),
            "lng": data.get("lng"),
            "address": data.get("address", ""),
            "name": data.get("name", ""),
            "phone": data.get("phone", ""),
        }


class StatusForm(MarkInvalid, BootstrapMixin, forms.Form):
    code = CodeField(error_messages={"required": gettext_lazy("请输入查询码")})


class PointsForm(MarkInvalid, BootstrapMixin, forms.Form):
    phone = forms.CharField(
        label=gettext_lazy("手机号"),
        max_length=MAX_INPUT,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        error_messages={"required": gettext_lazy("请输入手机号")},
    )
    code = CodeField(
        help_text=gettext_lazy("用这个手机号提交的任意一条反映的查询码"),
        error_messages={"required": gettext_lazy("请输入查询码")},
    )

    def clean_phone(self):
        return clean_phone_field(self.cleaned_data["phone"])
