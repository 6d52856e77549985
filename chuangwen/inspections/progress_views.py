"""A round's progress for the office and the round's own inspectors: per team sites done, in
progress and remaining, the findings so far and a live map (the page fetches the JSON every 30 s)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chuangwen.inspections import access
from chuangwen.inspections.models import CheckResult, Round, RoundSite, Verdict, VisitStatus
from chuangwen.inspections.office_views import round_context
from chuangwen.inspections.team_views import team_color

LATEST_FINDINGS = 20
REFRESH_SECONDS = 30
STATES = ("todo", "in_progress", "passed", "failed")


def _progress_round(request, pk: int) -> Round:
    """404 if the round is not visible; 403 unless office staff or one of its inspectors."""
    round_ = access.get_round_for_user(request.user, pk)
    if not (access.plans(request.user) or access.is_member(request.user, round_)):
        raise Forbidden(_("只有文明办和本轮督查员可以查看进度"))
    return round_


def _state(entry, fails: dict[int, int]) -> str:
    visit = getattr(entry, "visit", None)
    if visit is None:
        return "todo"
    if visit.status == VisitStatus.IN_PROGRESS:
        return "in_progress"
    return "failed" if fails.get(visit.pk) else "passed"


def _site_row(entry, state: str, fails: dict[int, int]) -> dict:
    row = {
        "id": entry.pk, "code": entry.site.code, "name": entry.site.name, "lat": float(entry.site.lat),
        "lng": float(entry.site.lng), "team": entry.team_id, "seq": entry.seq, "state": state, "visit": None,
    }  # fmt: skip
    visit = getattr(entry, "visit", None)
    if visit is not None:
        row["visit"] = {
            "id": visit.pk, "url": reverse("inspections:visit_detail", args=[visit.pk]),
            "inspector": visit.inspector.display_name, "fails": fails.get(visit.pk, 0),
            "lat": float(visit.lat) if visit.lat is not None else None,
            "lng": float(visit.lng) if visit.lng is not None else None,
            "far": visit.far_from_site, "distance_m": visit.distance_m,
            "at": timezone.localtime(visit.submitted_at or visit.started_at).strftime("%m-%d %H:%M"),
        }  # fmt: skip
    return row


def _findings(round_: Round, show_problem_links: bool) -> list[dict]:
    latest = (
        CheckResult.objects.filter(round=round_, verdict=Verdict.FAIL)
        .select_related("item", "site", "problem", "visit__inspector")
        .order_by("-answered_at", "-id")[:LATEST_FINDINGS]
    )
    rows = []
    for r in latest:
        problem = r.problem
        rows.append({
            "site": r.site.name, "item": r.item.text, "count": r.count, "note": r.note,
            "inspector": r.visit.inspector.display_name,
            "at": timezone.localtime(r.answered_at).strftime("%m-%d %H:%M"),
            "visit_url": reverse("inspections:visit_detail", args=[r.visit_id]),
            "problem": problem.code if problem else "",
            "problem_url": reverse("problems:detail", args=[problem.pk]) if problem and show_problem_links else "",
        })  # fmt: skip
    return rows


def progress_data(round_: Round, user) -> dict:
    entries = list(
        RoundSite.objects.filter(round=round_, removed=False)
        .select_related("site", "visit__inspector")
        .order_by("team__sort_order", "seq", "site_id")
    )
    fails = dict(
        CheckResult.objects.filter(round=round_, verdict=Verdict.FAIL, visit__status=VisitStatus.SUBMITTED)
        .values("visit_id")
        .annotate(n=Count("pk"))
        .values_list("visit_id", "n")
        .order_by()
    )
    teams = list(round_.teams.all())
    counts = {pk: dict.fromkeys(STATES, 0) for pk in [*(t.pk for t in teams), None]}
    sites = []
    for entry in entries:
        state = _state(entry, fails)
        counts[entry.team_id if entry.team_id in counts else None][state] += 1
        sites.append(_site_row(entry, state, fails))
    rows = [_team_row(t.pk, t.name, team_color(i), counts[t.pk]) for i, t in enumerate(teams)]
    if sum(counts[None].values()):
        rows.append(_team_row(None, _("未分配"), "#6e7781", counts[None]))
    total = _team_row(None, _("合计"), "", {s: sum(c[s] for c in counts.values()) for s in STATES})
    return {
        "status": round_.get_status_display(),
        "teams": rows,
        "total": total,
        "failed_items": sum(fails.values()),
        "sites": sites,
        "findings": _findings(round_, access.plans(user)),
        "updated": timezone.localtime().strftime("%H:%M:%S"),
    }


def _team_row(pk, name: str, color: str, c: dict) -> dict:
    done = c["passed"] + c["failed"]
    total = done + c["in_progress"] + c["todo"]
    return {
        "id": pk, "name": name, "color": color, "total": total, "done": done, "in_progress": c["in_progress"],
        "remaining": c["todo"], "with_findings": c["failed"], "percent": round(100 * done / total) if total else 0,
    }  # fmt: skip


def _map_config(round_: Round) -> dict:
    return {
        "tileUrl": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "center": [settings.MAP_CENTER_LAT, settings.MAP_CENTER_LNG],
        "dataUrl": reverse("inspections:progress_data", args=[round_.pk]),
        "refreshSeconds": REFRESH_SECONDS,
    }


def _map_text() -> dict:
    return {
        "todo": _("未开始"), "in_progress": _("检查中"), "passed": _("已提交·无问题"), "failed": _("已提交·有问题"),
        "position": _("检查位置"), "far": _("位置偏离 %s 米"), "failed_items": _("不合格 %s 项"),
        "legend": _("图例"), "failed_load": _("数据刷新失败，稍后重试"), "updated": _("更新于 %s"),
        "open": _("查看检查记录"), "none": _("暂无"),
    }  # fmt: skip


@require_GET
@login_required
def progress(request, pk: int):
    round_ = _progress_round(request, pk)
    context = round_context(
        request, round_, "progress", data=progress_data(round_, request.user), map_config=_map_config(round_),
        map_text=_map_text(),
    )  # fmt: skip
    return render(request, "inspections/office/progress.html", context)


@require_GET
@login_required
def progress_json(request, pk: int):
    round_ = _progress_round(request, pk)
    response = JsonResponse(progress_data(round_, request.user), json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response
