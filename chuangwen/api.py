"""The JSON API (django-ninja), mounted at /api/: OpenAPI at /api/openapi.json, docs at /api/docs.

Authentication: an API token (``Authorization: Bearer <secret>``, issued on the 我的 API 令牌
page) or the browser session (CSRF checked on unsafe methods); see chuangwen.apitokens.auth.
Every refusal is JSON ``{"detail": "<message in the request's language>", "field": "<input>"}``:
validation (422), a rule (400), 401/403/404, a path no endpoint has (404), a method an endpoint
lacks (405, with Allow) and a fault (500, logged), and a busy database (503, lib/unavailable).
The docs page loads Swagger UI from the copy bundled in the ninja package (no CDN).
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import ninja
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.signals import got_request_exception
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template import Context, Template
from django.urls import URLPattern, re_path, reverse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.parser import Parser

from chuangwen.apitokens.auth import session_auth, token_auth
from chuangwen.citizens.api import router as intake_router
from chuangwen.inspections.api import router as inspections_router
from chuangwen.lib import unavailable
from chuangwen.lib.errors import DomainError
from chuangwen.problems.api import router as problems_router
from chuangwen.problems.schemas import ErrorOut, MeOut

# --- the docs page, offline -------------------------------------------------------------------

NINJA_STATIC = Path(ninja.__file__).parent / "static" / "ninja"
DOCS_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui-init.js": "text/javascript",
    "favicon.png": "image/png",
}
DOCS_PAGE = Template(
    """<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>{{ title }}</title>
  <link rel="stylesheet" href="{{ assets.css }}">
  <link rel="icon" href="{{ assets.favicon }}" type="image/png">
</head>
<body data-csrf-token="{{ csrf_token }}" data-api-csrf="true">
  {{ settings|json_script:"swagger-settings" }}
  <div id="swagger-ui"></div>
  <script src="{{ assets.bundle }}"></script>
  <script src="{{ assets.init }}"></script>
</body>
</html>"""
)


class OfflineSwagger(DocsBase):
    """Swagger UI from the files ninja ships (ninja/static/ninja), served by the API itself, so the
    docs work where there is no internet. (Ninja would use them only with "ninja" in INSTALLED_APPS
    and the static files collected.)"""

    settings = {"layout": "BaseLayout", "deepLinking": True, "validatorUrl": None}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        def asset(name: str) -> str:
            return reverse(f"{api.urls_namespace}:docs_asset", args=[name])

        context = {
            "title": api.title,
            "settings": self.settings | {"url": self.get_openapi_url(api, kwargs)},
            "csrf_token": get_token(request),
            "assets": {
                "css": asset("swagger-ui.css"),
                "favicon": asset("favicon.png"),
                "bundle": asset("swagger-ui-bundle.js"),
                "init": asset("swagger-ui-init.js"),
            },
        }
        return HttpResponse(DOCS_PAGE.render(Context(context)))


class NotAnObject(ValueError):
    """A JSON body that is an array, a string or a number."""


class JsonOrFormParser(Parser):
    """JSON object bodies; a plain form (fields with one value each) is read as the same object."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            return {key: value for key, value in request.POST.items() if value != ""}
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise NotAnObject
        return data


class JsonErrorsAPI(NinjaAPI):
    """Ninja with JSON for what it answers outside an operation: a method an endpoint lacks (405,
    ninja's is plain text), its root page's 404 and a path under /api/ that no endpoint has (404,
    Django's is a page)."""

    def _get_urls(self) -> list:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_errors(pattern.callback)
        return [*patterns, re_path(r"^.*$", _unmatched, name="unmatched")]


def _json_errors(view):
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _unmatched(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = _error(request, 405, _("此地址不支持 %(method)s 请求") % {"method": request.method})
            response["Allow"] = allowed
        return response

    return wrapper


def _unmatched(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    return _error(request, 404, _("没有这个接口地址"))


_unmatched.csrf_exempt = True  # type: ignore[attr-defined]

api = JsonErrorsAPI(
    title="chuangwen API",
    version="1",
    description=(
        "The JSON API of chuangwen, the platform of a city's National Civilized City campaign: problems and "
        "their rectification, inspection rounds with their results (read-only), and the intake of 12345 hotline "
        "tickets, petitions and environmental transfers (office tokens), for mobile apps and other systems. "
        "Citizens' apps use the Open311 GeoReport v2 endpoint at /open311/v2/ instead.\n\n"
        "**Authentication**: `Authorization: Bearer <token>` with a token a user issues for themselves on the "
        "API token page (/accounts/tokens/), or the browser's login session (unsafe methods then need the "
        "`X-CSRFToken` header). A token acts with the permissions of its user.\n\n"
        '**Errors** are JSON `{"detail": "…", "field": "…"}`; messages follow `Accept-Language` '
        "(Chinese by default).\n\n"
        "**Times** are ISO 8601; a time without an offset is read as Beijing time."
    ),
    urls_namespace="api",
    auth=[token_auth, session_auth],
    docs=OfflineSwagger(),
    parser=JsonOrFormParser(),
)


@api.get("/docs/assets/{name}", auth=None, include_in_schema=False, url_name="docs_asset")
def docs_asset(request: HttpRequest, name: str):
    if name not in DOCS_ASSETS:
        raise Http404
    response = FileResponse((NINJA_STATIC / name).open("rb"), content_type=DOCS_ASSETS[name])
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- who am I ---------------------------------------------------------------------------------


@api.get(
    "/me",
    response={200: MeOut, 401: ErrorOut},
    summary="Who am I",
    description="The user this request acts as: role and unit, for a mobile app to set itself up.",
    tags=["account"],
)
def me(request: HttpRequest):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.display_name,
        "role": user.role,
        "role_label": user.get_role_display(),
        "unit": {"id": user.unit.pk, "name": user.unit.name} if user.unit else None,
        "auth": "token" if getattr(request, "api_token", None) else "session",
    }


api.add_router("/problems", problems_router)
api.add_router("/", inspections_router)
api.add_router("/intake", intake_router)


# --- errors as JSON -------------------------------------------------------------------------


logger = logging.getLogger("chuangwen.api")


def _error(request: HttpRequest, status: int, detail: str, field: str | None = None, **extra: Any) -> HttpResponse:
    """The API's error shape; public as error_response for handlers elsewhere."""
    return api.create_response(request, {"detail": str(detail), "field": field, **extra}, status=status)


error_response = _error


@api.exception_handler(Exception)
def on_server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Any other fault: a busy database is a 503 (lib/unavailable); the rest a logged JSON 500.
    Django's got_request_exception is sent as for any unhandled error (error reporting, and the
    test client re-raises it unless built with raise_request_exception=False)."""
    busy = unavailable.response_for(request, exc)
    if busy is not None:
        return busy
    logger.error("API error on %s %s", request.method, request.path, exc_info=exc)
    got_request_exception.send(sender=None, request=request)
    return _error(request, 500, _("服务器出错了，请稍后重试；问题已记录"))


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _error(request, exc.status, exc.message, exc.field)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("未找到，或您无权查看"))


@api.exception_handler(DjangoPermissionDenied)
def on_permission_denied(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
    return _error(request, 403, str(exc) or _("您无权办理此操作"))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    if "Authorization" in request.headers:
        message = _("API 令牌无效、已撤销，或其用户已停用")
    else:
        message = _("请先登录，或在请求头中提供 API 令牌（Authorization: Bearer …）")
    response = _error(request, 401, message)
    response["WWW-Authenticate"] = 'Bearer realm="chuangwen"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = exc.message
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        not_object = isinstance(exc.__cause__, NotAnObject)
        message = _("请求内容须为 JSON 对象") if not_object else _("请求内容不是有效的 JSON")
    return _error(request, exc.status_code, message)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [{"field": _field_of(e.get("loc", ())), "message": _message_of(e)} for e in exc.errors]
    first = errors[0] if errors else {"field": None, "message": _("输入有误")}
    return _error(request, 422, first["message"], first["field"], errors=errors)


@api.exception_handler(DjangoValidationError)
def on_django_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    field = None
    if hasattr(exc, "error_dict"):
        field, messages = next(iter(exc.message_dict.items()))
        message = messages[0]
    else:
        message = exc.messages[0]
    return _error(request, 422, message, field if field != "__all__" else None)


# Where ninja says the input came from, and the names it gives whole bodies: not field names.
_SOURCES = {"body", "query", "path", "header", "form", "file", "cookie", "payload", "filters"}


def _field_of(loc) -> str | None:
    names = [str(part) for part in loc if isinstance(part, str) and part not in _SOURCES]
    return names[-1] if names else None


def _message_of(error: dict[str, Any]) -> str:
    field = _field_of(error.get("loc", ())) or _("请求内容")
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    messages = {
        "missing": _("缺少必填项“%(field)s”"),
        "int_parsing": _("“%(field)s”须为整数"),
        "int_type": _("“%(field)s”须为整数"),
        "int_from_float": _("“%(field)s”须为整数"),
        "bool_parsing": _("“%(field)s”须为 true 或 false"),
        "bool_type": _("“%(field)s”须为 true 或 false"),
        "string_type": _("“%(field)s”须为文本"),
        "string_too_long": _("“%(field)s”过长（最多 %(max)s 个字符）"),
        "decimal_parsing": _("“%(field)s”须为数字"),
        "decimal_type": _("“%(field)s”须为数字"),
        "float_parsing": _("“%(field)s”须为数字"),
        "decimal_max_places": _("“%(field)s”的小数位数过多"),
        "decimal_max_digits": _("“%(field)s”的位数过多"),
        "greater_than_equal": _("“%(field)s”不能小于 %(min)s"),
        "less_than_equal": _("“%(field)s”不能大于 %(max)s"),
        "datetime_parsing": _("“%(field)s”不是有效的日期时间（例如 2026-05-01T18:00:00+08:00）"),
        "datetime_from_date_parsing": _("“%(field)s”不是有效的日期时间（例如 2026-05-01T18:00:00+08:00）"),
        "datetime_type": _("“%(field)s”不是有效的日期时间（例如 2026-05-01T18:00:00+08:00）"),
        "date_parsing": _("“%(field)s”不是有效的日期（例如 2026-05-01）"),
        "date_from_datetime_parsing": _("“%(field)s”不是有效的日期（例如 2026-05-01）"),
        "date_type": _("“%(field)s”不是有效的日期（例如 2026-05-01）"),
        "list_type": _("“%(field)s”须为列表"),
        "literal_error": _("“%(field)s”的值无效"),
        "enum": _("“%(field)s”的值无效"),
        "model_attributes_type": _("请求内容须为 JSON 对象"),
        "model_type": _("请求内容须为 JSON 对象"),
        "dict_type": _("请求内容须为 JSON 对象"),
        "json_invalid": _("请求内容不是有效的 JSON"),
    }
    template = messages.get(kind, _("“%(field)s”的值无效"))
    return template % {
        "field": field,
        "max": ctx.get("max_length", ctx.get("le", "")),
        "min": ctx.get("ge", ""),
    }
