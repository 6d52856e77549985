"""XLSX export of the triage queue (pending reports) with the queue's filters, oldest first.

Office staff only, as the queue. Reporters' names and phones go through the problems' privacy rule
(problems.display): in full for the city office, masked for anyone else.
"""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse
from django.views.decorators.http import require_GET

from chuangwen.citizens.models import Channel
from chuangwen.citizens.triage_views import pending_reports, read_filters
from chuangwen.lib import xlsx
from chuangwen.lib.permissions import office_required
from chuangwen.lib.xlsx import Column, ExportSpec
from chuangwen.problems import display


def _report_row(r, channels, full) -> list:
    name, phone = (
        (r.reporter_name, r.reporter_phone)
        if full
        else (display.mask_name(r.reporter_name), display.mask_phone(r.reporter_phone))
    )
    return [
        r.tracking_code, channels.get(r.channel, r.channel), r.category.name if r.category else "", r.description,
        r.address, r.lat, r.lng, name, phone, r.external_ref, xlsx.local_time(r.created_at), r.photo_count,
    ]  # fmt: skip


REPORTS = ExportSpec(
    "待受理反映",
    [
        Column("code", "查询码", 12), Column("channel", "渠道", 14), Column("category", "问题类别", 14),
        Column("description", "问题描述", 50), Column("address", "地址", 30), Column("lat", "纬度", 12),
        Column("lng", "经度", 12), Column("name", "反映人", 10), Column("phone", "反映人电话", 15),
        Column("external_ref", "外部编号", 18), Column("created_at", "反映时间", 17), Column("photos", "照片数", 8),
    ],
    _report_row,
)  # fmt: skip


@require_GET
@office_required
def triage_export(request):
    """The pending reports of the queue with its filters (?channel=&category=&q=)."""
    reports = (
        pending_reports(read_filters(request.GET)).select_related("category").annotate(photo_count=Count("photos"))
    )
    return REPORTS.download(
        request, reports, back=reverse("citizens:triage"),
        channels=xlsx.chinese_labels(Channel), full=display.sees_personal_data(request.user),
    )  # fmt: skip
