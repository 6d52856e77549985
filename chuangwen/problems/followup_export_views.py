"""XLSX exports of the summons list (约谈名单, by responsible unit) and of a follow-up sample's checks.

Each reads what its page reads: the summons list through Problem.objects.visible_to (a district
office its district, leaders and the office all), the follow-up samples for the office only.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from chuangwen.lib import xlsx
from chuangwen.lib.permissions import role_required
from chuangwen.lib.xlsx import Column, ExportSpec
from chuangwen.problems import escalation
from chuangwen.problems.followup_models import CheckResult, FollowUpSample
from chuangwen.problems.followup_views import SUMMONS_READERS, office_only
from chuangwen.problems.models import Problem, Status


def _summons_row(item, statuses) -> list:
    group, p = item
    return [
        group.unit.name, group.unit.code, group.unit.head_name, group.count, p.code, p.description,
        p.site.name if p.site else "", p.address, p.district.name if p.district else "",
        xlsx.local_time(p.deadline), p.days_overdue, statuses.get(p.status, p.status),
    ]  # fmt: skip


SUMMONS = ExportSpec(
    "约谈名单",
    [
        Column("unit", "责任单位", 22), Column("unit_code", "单位编码", 14), Column("head", "主要负责人", 12),
        Column("count", "该单位问题数", 12), Column("code", "问题编号", 18), Column("description", "问题描述", 50),
        Column("site", "点位", 24), Column("address", "地址", 30), Column("district", "区县", 12),
        Column("deadline", "整改时限", 17), Column("overdue", "超期天数", 10), Column("status", "状态", 10),
    ],
    _summons_row,
)  # fmt: skip


@role_required(*SUMMONS_READERS)
@require_GET
def summons_export(request):
    """The summons list as the page shows it: the units with the most problems first."""
    visible = Problem.objects.visible_to(request.user).select_related("site", "district")
    groups = escalation.summons_list(timezone.now(), queryset=visible)
    items = [(g, p) for g in groups for p in g.problems]
    back = reverse("problems:summons")
    return SUMMONS.download(request, items, back=back, statuses=xlsx.chinese_labels(Status))


def _check_row(c, results) -> list:
    p = c.problem
    return [
        p.code, p.description, p.responsible_unit.name if p.responsible_unit else "",
        p.site.name if p.site else p.address, xlsx.local_time(p.closed_at), results.get(c.result, c.result),
        c.checked_by.display_name if c.checked_by else "", xlsx.local_time(c.checked_at), c.note,
    ]  # fmt: skip


CHECKS = ExportSpec(
    "回头看",
    [
        Column("code", "问题编号", 18), Column("description", "问题描述", 50), Column("unit", "责任单位", 20),
        Column("site", "点位或地址", 24), Column("closed_at", "办结时间", 17), Column("result", "复查结果", 10),
        Column("checked_by", "复查人", 12), Column("checked_at", "复查时间", 17), Column("note", "复查说明", 40),
    ],
    _check_row,
)  # fmt: skip


@office_only
@require_GET
def followup_export(request, pk: int):
    """One follow-up sample's checks with their results."""
    sample = get_object_or_404(FollowUpSample, pk=pk)
    checks = sample.checks.select_related("problem__responsible_unit", "problem__site", "checked_by")
    back = reverse("problems:followup_detail", args=[sample.pk])
    return CHECKS.download(
        request, checks, name=[f"第{sample.pk}次抽样"], back=back, results=xlsx.chinese_labels(CheckResult)
    )
