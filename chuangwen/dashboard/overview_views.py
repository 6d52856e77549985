"""The overview (态势) pages: the dashboard, a district's drill-down, the big screen (大屏) and the
JSON they read. Who sees what scope: overview_access; the figures: overview, overview_scores,
overview_map."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from chuangwen.dashboard import overview
from chuangwen.dashboard.overview_access import CITY_READERS, OVERVIEW_ROLES, Scope, scope_for
from chuangwen.dashboard.overview_map import map_data
from chuangwen.lib.bounded import parse_int
from chuangwen.lib.permissions import role_required
from chuangwen.units.models import Unit

SECTION = "overview"
REFRESH_MIN, REFRESH_MAX = 5, 3600
JSON_PARAMS = {"ensure_ascii": False, "separators": (",", ":")}


def _urls(scope: Scope) -> dict:
    query = f"?district={scope.key}" if scope.key else ""
    return {
        "data": reverse("overview_data") + query,
        "map": reverse("overview_map_data") + query,
        "screen": reverse("overview_screen") + query,
        "page": reverse("overview_district", args=[scope.key]) if scope.key else reverse("overview"),
        "city": reverse("overview"),
        # The problem list, ready for one more filter ("status=open", "overdue=1").
        "problems": reverse("problems:list") + (f"?district={scope.key}&" if scope.key else "?"),
    }


def _text() -> dict:
    """Words the scripts show, in the page's language."""
    return {
        "opened": _("新增"),
        "closed": _("办结"),
        "score": _("得分"),
        "problemCount": _("问题数"),
        "passed": _("合格点位"),
        "failed": _("不合格点位"),
        "notInspected": _("未检查点位"),
        "openProblems": _("待整改问题"),
        "overdue": _("超期"),
        "groups": _("区域范围"),
        "lastInspected": _("最近检查"),
        "never": _("尚未检查"),
        "detail": _("查看详情"),
        "drill": _("查看该区态势"),
        "loading": _("正在加载地图…"),
        "failed_load": _("地图加载失败，将自动重试"),
        "count": _("点位 %s 个，待整改问题 %s 件"),
        "legend": _("图例"),
        "updated": _("数据更新于 %s"),
        "stale": _("更新失败，显示的是 %s 的数据"),
        "expired": _("登录已失效，请重新登录后刷新本页；显示的是 %s 的数据"),
        "none": _("暂无数据"),
        "rank": _("名次"),
        "days": _("%s 天"),
        "noOverdue": _("没有超期问题"),
    }


def _map_config() -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": [settings.MAP_CENTER_LAT, settings.MAP_CENTER_LNG],
    }


def _districts(user) -> list[Unit]:
    """The districts offered in the picker: all of them for office staff and leaders."""
    if user.role not in CITY_READERS:
        return []
    return list(Unit.objects.districts().filter(is_active=True).only("id", "name").order_by("sort_order", "code"))


def _page(request, scope: Scope):
    data = overview.build(scope)
    context = {
        "section": SECTION,
        "scope": scope,
        "data": data,
        "figures": data["figures"],
        "districts": _districts(request.user),
        "city_reader": request.user.role in CITY_READERS,
        "urls": _urls(scope),
        "map_config": _map_config(),
        "text": _text(),
    }
    return render(request, "dashboard/overview/page.html", context)


@require_GET
@role_required(*OVERVIEW_ROLES)
def overview_page(request):
    """The city's overview (a district office: its district's)."""
    return _page(request, scope_for(request.user))


@require_GET
@role_required(*OVERVIEW_ROLES)
def overview_district(request, pk: int):
    """One district's overview: the same figures, its streets' ranking and its map."""
    return _page(request, scope_for(request.user, pk))


def _refresh_seconds(request) -> int | None:
    raw = request.GET.get("refresh", "").strip()
    if not raw:
        return max(REFRESH_MIN, min(REFRESH_MAX, settings.DASHBOARD_SCREEN_REFRESH_SECONDS))
    return parse_int(raw, REFRESH_MIN, REFRESH_MAX)


@never_cache
@require_GET
@role_required(*OVERVIEW_ROLES)
def overview_screen(request):
    """The big screen (大屏): a full-screen dark page for a wall display that refreshes itself."""
    scope = scope_for(request.user, request.GET.get("district"))
    refresh = _refresh_seconds(request)
    if refresh is None:
        message = _("刷新间隔须为 %(min)s 到 %(max)s 之间的整数（秒）") % {"min": REFRESH_MIN, "max": REFRESH_MAX}
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    data = overview.build(scope)
    context = {
        "scope": scope,
        "data": data,
        "figures": data["figures"],
        "urls": _urls(scope),
        "map_config": _map_config(),
        "text": _text(),
        "screen_config": {
            "refreshSeconds": refresh,
            "dataUrl": _urls(scope)["data"] + ("&" if scope.key else "?") + "screen=1",
            "timeZone": settings.TIME_ZONE,
        },
    }
    return render(request, "dashboard/overview/screen.html", context)


@never_cache
@require_GET
@role_required(*OVERVIEW_ROLES)
def overview_data(request):
    """The overview's figures as JSON (?district=id). The big screen asks with ?screen=1, which
    also keeps its session alive: a wall display polling every minute does not get logged out."""
    scope = scope_for(request.user, request.GET.get("district"))
    if request.GET.get("screen") == "1":
        request.session.modified = True  # rolls the session's expiry forward (SESSION_COOKIE_AGE)
    return JsonResponse(overview.build(scope), json_dumps_params=JSON_PARAMS)


@gzip_page
@never_cache
@require_GET
@role_required(*OVERVIEW_ROLES)
def overview_map_data(request):
    """Sites by latest result and open problems of the scope, as compact JSON (?district=id)."""
    scope = scope_for(request.user, request.GET.get("district"))
    return JsonResponse(map_data(scope), json_dumps_params=JSON_PARAMS)
