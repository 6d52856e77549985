"""How the JSON API knows who is calling: an API token, or the browser's session.

* ``Authorization: Bearer <secret>``: an active token of an active user (mobile apps, scripts).
* The Django session cookie (the browser, /api/docs): the CSRF token is required for unsafe
  methods, exactly as for the HTML pages.

A request that carries an Authorization header is judged by it alone: a bad token is a 401
even when a session cookie comes along.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from chuangwen.apitokens.services import token_for_secret

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class TokenAuth(HttpBearer):
    """An API token in ``Authorization: Bearer <secret>``."""

    def authenticate(self, request: HttpRequest, token: str):
        api_token = token_for_secret(token.strip())
        if api_token is None:
            return None
        request.user = api_token.user  # what the services and the access helpers read
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session, with Django's CSRF check on unsafe methods."""

    def __init__(self) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest):
        if "Authorization" in request.headers:
            return None  # a request with credentials of its own is judged by them (TokenAuth)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None  # anonymous: 401, not a CSRF complaint
        if self._needs_csrf(request) and check_csrf(request) is not None:
            raise HttpError(403, _("CSRF 校验失败，请刷新页面后重试"))
        return user

    @staticmethod
    def _needs_csrf(request: HttpRequest) -> bool:
        return request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False)

    def authenticate(self, request: HttpRequest, key: str | None):  # pragma: no cover - __call__ decides
        return None


token_auth = TokenAuth()
session_auth = SessionAuth()
