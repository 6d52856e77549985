"""Forms of the circular pages: issuing, the office's settings, a Word template upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from chuangwen.circulars.models import CircularSettings
from chuangwen.lib.forms import BootstrapMixin


class IssueForm(BootstrapMixin, forms.Form):
    round = forms.ModelChoiceField(label=gettext_lazy("督查轮次"), queryset=None, empty_label=None)
    title = forms.CharField(
        label=gettext_lazy("标题"), max_length=200, required=False,
        help_text=gettext_lazy("留空则为“关于某某督查情况的通报”"),
    )  # fmt: skip
    reason = forms.CharField(
        label=gettext_lazy("重新印发理由"), max_length=200, required=False,
        help_text=gettext_lazy("该轮次已印发过通报时必填"),
    )  # fmt: skip

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].label_from_instance = lambda r: f"{r.code} {r.name}"


class SettingsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CircularSettings
        fields = ["office_name", "number_prefix", "addressees", "requirements", "copy_to"]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 5})}


class TemplateForm(BootstrapMixin, forms.Form):
    template = forms.FileField(label=gettext_lazy("Word 模板（.docx）"), required=False)
    name = forms.CharField(label=gettext_lazy("模板名称"), max_length=100, required=False)
