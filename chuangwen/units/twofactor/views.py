"""The second-factor pages: enrolment (QR code and secret), verification after the password, and
the person's own page with their recovery codes. The office admin's reset is on the people page."""

from __future__ import annotations

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from chuangwen.lib.errors import DomainError
from chuangwen.lib.forms import BootstrapMixin
from chuangwen.units.twofactor import services
from chuangwen.units.twofactor.policy import has_device, is_required, is_verified

SESSION_KEY = "two_factor_pending_key"


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(label=gettext_lazy("验证码"), max_length=32, strip=True)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        widget = self.fields["code"].widget
        widget.attrs.update({"autocomplete": "one-time-code", "autofocus": True, "inputmode": "text"})
        if label:
            self.fields["code"].label = label


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if allowed and target.startswith("/") else resolve_url(settings.LOGIN_REDIRECT_URL)


def _not_needed(request):
    messages.info(request, _("您的角色无需双重验证"))
    return redirect("home")


def _to(name: str, request):
    return redirect(reverse(name) + "?" + urlencode({"next": _next_url(request)}))


def _unverified(request):
    """The person's own second-factor page and codes need a verified session."""
    return _to("two_factor_verify" if has_device(request.user) else "two_factor_setup", request)


def _qr_data_uri(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(scale=5, border=2)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if not is_required(user):
        return _not_needed(request)
    if has_device(user) and not is_verified(user):
        return _to("two_factor_verify", request)
    key = request.session.get(SESSION_KEY) or services.new_secret()
    request.session[SESSION_KEY] = key
    form = CodeForm(request.POST or None, label=_("应用中显示的 6 位验证码"))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.enrol(user, key, form.cleaned_data["code"])
            except DomainError as exc:
                form.add_error("code", exc.message)
            else:
                return _enrolled(request)
    context = {
        "form": form,
        "qr": _qr_data_uri(services.config_url(user, key)),
        "secret": services.secret_text(key),
        "next": _next_url(request),
        "replacing": has_device(user),
    }
    return render(request, "twofactor/setup.html", context, status=status)


def _enrolled(request):
    request.session.pop(SESSION_KEY, None)
    otp_login(request, TOTPDevice.objects.get(user=request.user, confirmed=True))
    request.session.cycle_key()
    messages.success(request, _("双重验证已启用。请把下面的恢复码抄下或打印，妥善保存"))
    return _to("two_factor_manage", request)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if not is_required(user):
        return _not_needed(request)
    if not has_device(user):
        return redirect("two_factor_setup")
    if is_verified(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None, label=_("验证码或恢复码"))
    status = 200
    if request.method == "POST" and form.is_valid():
        result = services.verify(user, form.cleaned_data["code"])
        if result.device is not None:
            return _verified(request, result)
        if result.wait_seconds:
            form.add_error("code", _("错误次数过多，请 %(seconds)d 秒后再试") % {"seconds": result.wait_seconds})
            status = 429
        else:
            form.add_error("code", _("验证码或恢复码不正确"))
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "twofactor/verify.html", {"form": form, "next": _next_url(request)}, status=status)


def _verified(request, result: services.Verification):
    otp_login(request, result.device)
    request.session.cycle_key()
    if result.remaining_codes is not None:
        messages.warning(
            request,
            _("已使用一个恢复码，还剩 %(count)d 个。如手机丢失，请联系文明办管理员重置双重验证")
            % {"count": result.remaining_codes},
        )
    return redirect(_next_url(request))


@login_required
@require_http_methods(["GET"])
def manage(request):
    user = request.user
    if not is_required(user):
        return _not_needed(request)
    if not is_verified(user):
        return _unverified(request)
    context = {
        "device": TOTPDevice.objects.filter(user=user, confirmed=True).first(),
        "codes": services.recovery_codes(user),
        "next": _next_url(request),
    }
    return render(request, "twofactor/manage.html", context)


@login_required
@require_POST
def regenerate(request):
    if not is_required(request.user):
        return _not_needed(request)
    if not is_verified(request.user):
        return _unverified(request)
    try:
        services.regenerate_recovery_codes(request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("two_factor_setup")
    messages.success(request, _("已生成新的恢复码，原有恢复码全部作废"))
    return redirect("two_factor_manage")
