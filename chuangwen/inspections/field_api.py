"""JSON endpoints the inspector's phone calls while checking a site (session login + CSRF header).

Every write goes through services.visits, which makes it safe to repeat: the phone keeps an outbox
and retries on weak signal, and a repeated request answers 200 with the same result. Errors answer
{"error": <Chinese message>, "field": <name or null>} with 400 (bad input), 403 (not on the team),
404 (no such visit, or one this person may not see) or 409 (the visit is already submitted).
"""

from __future__ import annotations

import datetime
import functools
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from chuangwen.inspections import access, services
from chuangwen.inspections.models import CheckPhoto, CheckResult, Visit, VisitStatus
from chuangwen.inspections.services.visits import warning_distance
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.lib.text import clean_data


def error_response(message, field: str | None = None, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": str(message), "field": field, **extra}, status=status)


def endpoint(method: str):
    """Login (anonymous → the login page, like every page), one method, errors as JSON."""

    def wrap(view):
        @login_required
        @never_cache
        @functools.wraps(view)
        def inner(request, *args, **kwargs):
            if request.method != method:
                response = error_response(_("不支持该请求方法"), status=405)
                response["Allow"] = method
                return response
            try:
                return view(request, *args, **kwargs)
            except Http404:
                return error_response(_("未找到该检查记录"), status=404)
            except DomainError as exc:
                return error_response(exc.message, exc.field, exc.status)

        return inner

    return wrap


def readable_visit(user, pk: int) -> Visit:
    """The visit for its round's inspectors and the office; others who may see it are refused
    (403), those who may not see it do not find it (404)."""
    visit = access.get_visit_for_user(user, pk)
    if not (access.is_member(user, visit.round) or access.plans(user)):
        raise PermissionDenied(_("只有本轮的督查员可以查看检查过程"))
    return visit


def may_write(user, visit: Visit) -> bool:
    """On the team that makes the visit (any team of the round if the visit has lost its team)."""
    team = access.team_of(user, visit.round) if user.role in access.TEAM_ROLES else None
    return team is not None and visit.team_id in (None, team.pk)


def writable_visit(user, pk: int) -> Visit:
    """The visit, for the team that makes it only (the services check it again, under lock):
    refused before the request's content is read, so a refusal says nothing about the input."""
    visit = access.get_visit_for_user(user, pk)
    if not may_write(user, visit):
        raise PermissionDenied(_("只有本轮的督查员可以记录检查结果"))
    return visit


# --- what the phone is told ------------------------------------------------------------------


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def result_json(result: CheckResult) -> dict:
    return {
        "item": result.item_id,
        "verdict": result.verdict,
        "count": result.count,
        "note": result.note,
        "client_at": _iso(result.client_at),
        "answered_at": _iso(result.answered_at),
        "answered_by": result.answered_by.display_name if result.answered_by_id else "",
    }


def photo_json(photo: CheckPhoto) -> dict:
    url = reverse("inspections:photo", args=[photo.pk])
    return {
        "id": photo.pk,
        "item": photo.item_id,
        "client_id": photo.client_id,
        "url": url,
        "thumb": url + "?size=thumb",
    }


def position_json(visit: Visit) -> dict | None:
    if visit.lat is None:
        return None
    return {
        "lat": float(visit.lat),
        "lng": float(visit.lng),
        "accuracy_m": visit.accuracy_m,
        "distance_m": visit.distance_m,
        "far": visit.far_from_site,
    }


def visit_json(visit: Visit) -> dict:
    return {
        "id": visit.pk,
        "status": visit.status,
        "status_label": visit.get_status_display(),
        "submitted": visit.status == VisitStatus.SUBMITTED,
        "submitted_at": _iso(visit.submitted_at),
        "notes": visit.notes,
    }


def progress_json(visit: Visit) -> dict:
    items = set(services.checklist(visit).values_list("pk", flat=True))
    answered = set(CheckResult.objects.filter(visit=visit).values_list("item_id", flat=True))
    return {"answered": len(items & answered), "total": len(items)}


def state_payload(visit: Visit) -> dict:
    results = CheckResult.objects.filter(visit=visit).select_related("answered_by")
    return {
        "visit": visit_json(visit),
        "position": position_json(visit),
        "threshold_m": warning_distance(),
        "answers": {str(r.item_id): result_json(r) for r in results},
        "photos": [photo_json(p) for p in CheckPhoto.objects.filter(visit=visit)],
        "progress": progress_json(visit),
    }


# --- reading the request -------------------------------------------------------------------------


def request_data(request) -> dict:
    """A JSON body (its text cleaned by lib.text), or form fields (multipart for photos; cleaned by
    lib.text's middleware)."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            raise DomainError(_("请求内容不是有效的 JSON")) from None
        if not isinstance(data, dict):
            raise DomainError(_("请求内容不是有效的 JSON"))
        return clean_data(data)
    return request.POST


def item_id(data) -> int:
    try:
        return int(str(data.get("item", "")).strip())
    except (TypeError, ValueError):
        raise DomainError(_("请指定检查项"), field="item") from None


def client_time(value) -> datetime.datetime | None:
    """When the phone recorded the answer (ISO 8601); a time ahead of the server's clock counts
    as now, so a phone with a wrong clock cannot lock an item against its partner's answers."""
    if value in (None, ""):
        return None
    moment = parse_datetime(str(value)) if isinstance(value, str) else None
    if moment is None:
        raise DomainError(_("记录时间格式无效"), field="client_at")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return min(moment, timezone.now())


# --- the endpoints ---------------------------------------------------------------------------------


@endpoint("GET")
def visit_state(request, pk: int):
    """Everything a reopened page needs: answers, photos, position, status, progress."""
    return JsonResponse(state_payload(readable_visit(request.user, pk)))


@endpoint("POST")
def answer(request, pk: int):
    visit = writable_visit(request.user, pk)
    data = request_data(request)
    result = services.answer(
        request.user, visit, item_id(data), verdict=str(data.get("verdict") or ""), count=data.get("count"),
        note=str(data.get("note") or ""), client_at=client_time(data.get("client_at")),
    )  # fmt: skip
    result = CheckResult.objects.select_related("answered_by").get(pk=result.pk)
    return JsonResponse({"result": result_json(result), "progress": progress_json(visit)})


@endpoint("POST")
def photo(request, pk: int):
    visit = writable_visit(request.user, pk)
    data = request.POST
    stored = services.add_photo(
        request.user, visit, item_id(data), request.FILES.get("photo"), client_id=data.get("client_id", ""),
        lat=data.get("lat"), lng=data.get("lng"),
    )  # fmt: skip
    return JsonResponse({"photo": photo_json(stored)})


@endpoint("POST")
def position(request, pk: int):
    visit = writable_visit(request.user, pk)
    data = request_data(request)
    for name in ("lat", "lng"):
        if data.get(name) in (None, ""):
            raise DomainError(_("缺少定位坐标"), field=name)
    visit = services.record_position(
        request.user, visit, lat=data.get("lat"), lng=data.get("lng"), accuracy=data.get("accuracy")
    )
    return JsonResponse({"position": position_json(visit), "threshold_m": warning_distance()})


@endpoint("POST")
def submit(request, pk: int):
    visit = writable_visit(request.user, pk)
    data = request_data(request)
    try:
        visit = services.submit_visit(request.user, visit, notes=str(data.get("notes") or ""))
    except DomainError as exc:
        if exc.field != "results":
            raise
        return error_response(exc.message, exc.field, exc.status, missing=_missing(visit))
    problems = list(
        CheckResult.objects.filter(visit=visit, problem__isnull=False).values_list("problem__code", flat=True)
    )
    return JsonResponse({"visit": visit_json(visit), "problems": problems, "progress": progress_json(visit)})


def _missing(visit: Visit) -> list[int]:
    answered = CheckResult.objects.filter(visit=visit).values_list("item_id", flat=True)
    return list(services.checklist(visit).exclude(pk__in=answered).values_list("pk", flat=True))
