"""Project-level views: the health check and error pages."""

from __future__ import annotations

import sys

from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import DatabaseError, connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from chuangwen.lib import unavailable

HEALTH_WAIT_MS = 1000  # how long /healthz waits for a lock before it says "busy"


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers reads and would take a write now; 503 with the failing
    check otherwise, within about a second even while another process holds the write lock."""
    checks = {"database_read": "unavailable", "database_write": "unavailable"}
    try:
        with connection.cursor() as cursor:
            _short_wait(cursor, HEALTH_WAIT_MS)
            try:
                cursor.execute("SELECT 1")
                cursor.fetchone()
                checks["database_read"] = "ok"
                checks["database_write"] = "busy"  # until the write check passes
                checks["database_write"] = _write_check(cursor)
            finally:
                _short_wait(cursor, None)
    except DatabaseError:
        pass  # the checks say which step failed
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "database": "ok" if healthy else "unavailable", "checks": checks}
    return JsonResponse(body, status=200 if healthy else 503)


def _short_wait(cursor, ms: int | None) -> None:
    """SQLite: wait at most ms for a lock (None: back to the configured DATABASE_LOCK_TIMEOUT)."""
    if connection.vendor != "sqlite":
        return
    if ms is None:
        ms = int(float(connection.settings_dict["OPTIONS"].get("timeout", 5)) * 1000)
    cursor.execute(f"PRAGMA busy_timeout = {int(ms)}")


def _write_check(cursor) -> str:
    """SQLite: take the writer's lock and let it go at once; PostgreSQL: not a read-only standby."""
    if connection.vendor == "sqlite":
        if not connection.in_atomic_block:  # inside one (tests) this connection holds the lock already
            cursor.execute("BEGIN IMMEDIATE")
            cursor.execute("ROLLBACK")
        return "ok"
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_is_in_recovery()")
        return "read_only" if cursor.fetchone()[0] else "ok"
    return "ok"


def _api_error(request, status: int, detail: str) -> JsonResponse | None:
    """Under /api/ an error is the API's JSON (chuangwen/api.py), also one raised before the API's
    own views (a middleware refusing a path, a fault outside ninja); pages keep HTML."""
    if not (request.path_info or request.path).startswith("/api/"):
        return None
    return JsonResponse({"detail": detail, "field": None}, status=status)


def permission_denied(request, exception=None):
    message = str(exception) if exception and str(exception) else None
    api_response = _api_error(request, 403, message or _("您无权办理此操作"))
    if api_response is not None:
        return api_response
    return render(request, "403.html", {"message": message}, status=403)


def csrf_failure(request, reason=""):
    """A form sent without its security token (cookies blocked, or a page left open too long):
    a 403 that says what to do, in the user's language."""
    message = _("页面已过期或浏览器禁用了 Cookie，请刷新页面后重新提交（需允许本网站使用 Cookie）")
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    return _api_error(request, 404, _("没有这个接口地址")) or render(request, "404.html", status=404)


def server_error(request):
    """Django's handler500; called while the error is being handled, so it can tell a busy
    database (503, see lib/unavailable.py) from a fault."""
    response = unavailable.response_for(request, sys.exc_info()[1])
    if response is not None:
        return response
    return _api_error(request, 500, _("服务器出错了，请稍后重试；问题已记录")) or render(
        request, "500.html", status=500
    )


def favicon(request):
    """/favicon.ico: the icon among the static files (pages link it; some clients ask the root)."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("favicon.ico"))
