"""Until a person whose role requires a second factor has given it, every page but the
second-factor pages and logout sends them there (enrolment first if they have no device)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from chuangwen.units.twofactor.policy import has_device, is_required, is_verified

API_PREFIX = "/api/"


def _exempt_prefixes() -> tuple[str, ...]:
    return (
        reverse("two_factor_manage"),  # every /accounts/2fa/ page
        reverse("logout"),
        reverse("healthz"),
        reverse("set_language"),
        "/" + settings.STATIC_URL.lstrip("/"),
    )


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware (which tells whether the session is verified)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not is_required(user) or is_verified(user) or self._passes(request):
            return self.get_response(request)
        return self._refuse(request, user)

    @staticmethod
    def _passes(request) -> bool:
        if request.path.startswith(API_PREFIX) and "Authorization" in request.headers:
            return True  # the API judges such a request by its token alone, never by the session
        return request.path.startswith(_exempt_prefixes())

    @staticmethod
    def _refuse(request, user):
        if request.path.startswith(API_PREFIX):
            return JsonResponse({"detail": _("请先完成双重验证")}, status=401)
        target = reverse("two_factor_verify" if has_device(user) else "two_factor_setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204, headers={"HX-Redirect": target})  # htmx reloads the page there
        return HttpResponseRedirect(target)
