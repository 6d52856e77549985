"""A busy or unreachable database answers 503 "try again shortly", never a 500 or a hung request.

SQLite's writer lock ("database is locked" once the busy timeout, DATABASE_LOCK_TIMEOUT, has run
out), PostgreSQL's lock_timeout, statement_timeout, serialization failures, deadlocks and lost or
refused connections all mean the same to a client: nothing was changed, ask again in a moment.
`DatabaseUnavailableMiddleware` turns them into a 503 with Retry-After in the caller's own
format: JSON `{"detail": ..., "field": null}` (the API's error shape) under /api/, Open311's list
of `{code, description}` under /open311/, and a plain page (templates/503.html, rendered without
the database) for people. The API's catch-all handler (chuangwen/api.py) and
`chuangwen.views.server_error` ask `response_for` too, the latter for errors raised outside a view (a
middleware loading the session, say). Every other error stays a 500.
"""

from __future__ import annotations

import logging
import sqlite3

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
SQLITE_BUSY = ("database is locked", "database table is locked", "database schema is locked")
SQLITE_UNREACHABLE = ("unable to open database file", "disk i/o error")
# SQLSTATE classes and codes that mean "not now": connection exception, insufficient resources,
# operator intervention (cancelled statement, shutdown), transaction rollback (serialization,
# deadlock), lock not available (lock_timeout).
PG_CLASSES = ("08", "53", "57", "40")
PG_CODES = ("55P03",)


def is_unavailable(exc: BaseException | None) -> bool:
    """Whether exc (or what caused it) says the database is busy or out of reach, not broken."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if _says_unavailable(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _says_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        message = str(exc).lower()
        return message.startswith(SQLITE_BUSY) or message.startswith(SQLITE_UNREACHABLE)
    sqlstate = getattr(exc, "sqlstate", "")
    if _is_psycopg_error(exc):
        return not sqlstate or sqlstate[:2] in PG_CLASSES or sqlstate in PG_CODES
    if isinstance(exc, InterfaceError):
        return True  # "connection already closed"
    if isinstance(exc, OperationalError) and exc.__cause__ is None:
        return str(exc).lower().startswith(SQLITE_BUSY)
    return False


def _is_psycopg_error(exc: BaseException) -> bool:
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)


def message() -> str:
    return _("系统繁忙，请稍后重试（数据库暂时无法处理请求）")


def response_for(request, exc: BaseException | None) -> HttpResponse | None:
    """The 503 for this request when exc means the database is unavailable, else None."""
    if not is_unavailable(exc):
        return None
    path = request.path_info or request.path
    logger.warning("database unavailable on %s %s: %s", request.method, path, exc)
    if path.startswith("/api/"):
        response = JsonResponse({"detail": message(), "field": None}, status=503)  # the API's error shape
    elif path.startswith("/open311/"):
        response = _open311_response(path)
    else:
        response = HttpResponse(_page(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _page() -> str:
    try:
        return loader.render_to_string("503.html")
    except Exception:  # the busy page must not become a 500 of its own
        logger.exception("could not render 503.html")
        return f"<!doctype html><meta charset='utf-8'><title>503</title><p>{message()}</p>"


def _open311_response(path: str) -> HttpResponse:
    from chuangwen.citizens.open311.errors import error_response

    return error_response("json" if path.endswith(".json") else "xml", 503, message())


class DatabaseUnavailableMiddleware:
    """Last in MIDDLEWARE, so it sees a view's exception first (and ninja's, which re-raises
    what it has no handler for)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return response_for(request, exception)
