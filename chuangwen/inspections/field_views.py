"""The inspector's pages on a phone: my tasks, start a site, the checklist of a visit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as Forbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from chuangwen.indicators.models import RuleKind
from chuangwen.inspections import access, field_api, field_tasks, services
from chuangwen.inspections.models import CheckPhoto, CheckResult, Round, RoundSite, Verdict, Visit, VisitStatus
from chuangwen.inspections.services.visits import MAX_COUNT, MAX_NOTE, MAX_PHOTOS_PER_ITEM, warning_distance
from chuangwen.lib.errors import DomainError

SECTION = "my_rounds"


def _require_team_role(user) -> None:
    if user.role not in access.TEAM_ROLES:
        raise Forbidden(_("只有督查员和文明办人员可以查看督查任务"))


def _render_mine(request, error: str = "", status: int = 200):
    context = {
        "section": SECTION,
        "tasks": field_tasks.tasks_for(request.user),
        "today": timezone.localdate(),
        "error": error,
    }
    return render(request, "inspections/field/mine.html", context, status=status)


@login_required
@require_GET
def mine(request):
    """我的督查任务: the rounds I am on that are scheduled or running, my team's sites in order."""
    _require_team_role(request.user)
    return _render_mine(request)


@login_required
@require_POST
def start(request, pk: int):
    """Start (or resume) the visit of a sampled site, then open its checklist."""
    rounds = Round.objects.visible_to(request.user)
    entry = get_object_or_404(RoundSite.objects.filter(round__in=rounds).select_related("round", "site"), pk=pk)
    try:
        visit = services.start_visit(request.user, entry)
    except DomainError as exc:
        if exc.status == 403:
            raise Forbidden(str(exc.message)) from None
        _require_team_role(request.user)
        return _render_mine(request, error=str(exc.message), status=exc.status)
    return redirect("inspections:visit", pk=visit.pk)


# --- the checklist page ---------------------------------------------------------------------------


def _groups(visit: Visit, results: dict, photos: dict) -> list[dict]:
    """The checklist grouped by standard, each item with its answer and photos."""
    groups: list[dict] = []
    for item in services.checklist(visit):
        if not groups or groups[-1]["standard"].pk != item.standard_id:
            groups.append({"standard": item.standard, "items": []})
        item.result = results.get(item.pk)
        item.photo_list = photos.get(item.pk, [])
        item.counts = item.rule_kind == RuleKind.DEDUCTION
        groups[-1]["items"].append(item)
    return groups


def _js_strings() -> dict:
    return {
        "pending": _("%(n)s 条待上传"),
        "synced": _("已全部上传"),
        "offline": _("离线：答案已保存在手机上，联网后自动上传"),
        "retrying": _("上传失败，%(s)s 秒后重试"),
        "expired": _("登录已失效或页面已过期：请重新登录后再打开本页，未上传的内容会保留"),
        "locating": _("正在获取位置…"),
        "located": _("距点位约 %(d)s 米（定位精度 ±%(a)s 米）"),
        "far": _("您距离点位约 %(d)s 米，超过 %(t)s 米：请确认已到达点位后重新定位"),
        "no_geo": _("无法获取位置：%(why)s。请允许定位后点“重新定位”"),
        "geo_unsupported": _("此浏览器不支持定位"),
        "geo_denied": _("未获得定位权限"),
        "geo_unavailable": _("暂时无法定位"),
        "geo_timeout": _("定位超时"),
        "too_large": _("图片过大，无法上传"),
        "storage_failed": _("无法在手机上保存待上传内容，请保持网络连接"),
        "progress": _("已检查 %(a)s / %(t)s 项"),
        "missing": _("还有 %(n)s 项未检查"),
        "verdict_first": _("请先选择合格、不合格或不适用，说明会随结论一起保存"),
        "photo_pending": _("待上传"),
        "too_many_photos": _("每个检查项最多 %(n)s 张照片") % {"n": MAX_PHOTOS_PER_ITEM},
        "submitting": _("正在提交：等待全部内容上传完成…"),
        "submit_queued": _("提交已保存，联网后自动完成"),
        "no_failed": _("本点位没有不合格项"),
        "count_suffix": _("（%(n)s 处）"),
        "answered_by": _("%(who)s 记录"),
    }


def _check_context(visit: Visit, user) -> dict:
    results = {r.item_id: r for r in CheckResult.objects.filter(visit=visit).select_related("answered_by", "problem")}
    photos: dict[int, list] = {}
    for photo in CheckPhoto.objects.filter(visit=visit):
        photos.setdefault(photo.item_id, []).append(photo)
    groups = _groups(visit, results, photos)
    total = sum(len(g["items"]) for g in groups)
    editable = visit.status == VisitStatus.IN_PROGRESS and field_api.may_write(user, visit)
    return {
        "section": SECTION,
        "visit": visit,
        "site": visit.site,
        "round": visit.round,
        "team": visit.team,
        "groups": groups,
        "total": total,
        "answered": sum(1 for g in groups for i in g["items"] if i.result is not None),
        "failed": [i for g in groups for i in g["items"] if i.result is not None and i.result.verdict == Verdict.FAIL],
        "editable": editable,
        "threshold": warning_distance(),
        "max_count": MAX_COUNT,
        "max_note": MAX_NOTE,
        "max_photos": MAX_PHOTOS_PER_ITEM,
        "state": field_api.state_payload(visit) if editable else None,
        "strings": _js_strings() if editable else None,
        "urls": _urls(visit) if editable else None,
    }


def _urls(visit: Visit) -> dict:
    return {
        name: reverse(f"inspections:{name}", args=[visit.pk])
        for name in ("visit_state", "answer", "visit_photo", "position", "submit")
    } | {"mine": reverse("inspections:mine")}


@login_required
@require_GET
def visit(request, pk: int):
    """The checklist of a visit for its team (the office sees it read-only); once submitted, a summary."""
    try:
        visit = field_api.readable_visit(request.user, pk)
    except DomainError as exc:
        raise Forbidden(str(exc.message)) from None
    visit = Visit.objects.select_related("round", "site__site_type", "team", "inspector").get(pk=visit.pk)
    return render(request, "inspections/field/visit.html", _check_context(visit, request.user))
