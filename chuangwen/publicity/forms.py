"""The office's news form. The rules (lengths, what is required) live in the services, which
answer in Chinese on the field at fault; the form marks the required fields with the same words."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.lib.forms import BootstrapMixin
from chuangwen.publicity.services import MAX_BODY


class NewsForm(BootstrapMixin, forms.Form):
    title = forms.CharField(
        label=_("标题"), required=False, strip=False, widget=forms.TextInput(attrs={"maxlength": 80})
    )
    summary = forms.CharField(
        label=_("摘要"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 200}),
        help_text=_("选填，列表中显示；不填则显示正文开头。"),
    )
    body = forms.CharField(
        label=_("正文"),
        strip=False,
        error_messages={"required": _("请填写正文")},
        widget=forms.Textarea(attrs={"rows": 14, "maxlength": MAX_BODY}),
        help_text=_("纯文字，每行一段；不支持 HTML 和图片代码。"),
    )
    cover = forms.FileField(
        label=_("封面图片"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("选填，JPG、PNG 或 WebP；横图效果最好。"),
    )
    remove_cover = forms.BooleanField(label=_("删除现有封面"), required=False)

    def __init__(self, *args, has_cover: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_cover:
            del self.fields["remove_cover"]

    @staticmethod
    def initial_for(post) -> dict:
        return {"title": post.title, "summary": post.summary, "body": post.body}

    def texts(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "summary": data["summary"], "body": data["body"]}


class WithdrawForm(BootstrapMixin, forms.Form):
    reason = forms.CharField(
        label=_("撤回理由"), required=False, widget=forms.TextInput(attrs={"maxlength": 200}),
        help_text=_("撤回后公众页面不再显示这条新闻；理由记入审计日志。"),
    )  # fmt: skip
