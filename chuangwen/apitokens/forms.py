from django import forms
from django.utils.translation import gettext_lazy as _

from chuangwen.lib.forms import BootstrapMixin


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("名称"),
        max_length=50,
        help_text=_("用于区分令牌，例如“张三的手机”"),
    )
