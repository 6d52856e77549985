"""XLSX export of any filtered problem list (the list's and the queues' filters).

Headers are fixed Chinese whatever the screen language (like every XLSX the platform writes).
Reporters' names and phones are shown to the city office only and masked for everyone else.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from chuangwen.lib import xlsx
from chuangwen.lib.errors import DomainError
from chuangwen.lib.xlsx import Column
from chuangwen.problems import display
from chuangwen.problems.filters import ProblemFilter, filter_choices, filtered_problems
from chuangwen.problems.models import Escalation, Severity, Source, Status

EXPORT_LIMIT = 20_000  # openpyxl writes about 2,000 rows a second; beyond this, a background export
SHEET = "问题清单"
COLUMNS = [
    Column("code", "编号", 18),
    Column("status", "状态", 10),
    Column("source", "来源", 12),
    Column("severity", "严重程度", 10),
    Column("category", "问题类别", 14),
    Column("standard", "测评标准", 14),
    Column("description", "问题描述", 50),
    Column("site", "点位", 24),
    Column("address", "地址", 30),
    Column("district", "区县", 12),
    Column("unit", "责任单位", 20),
    Column("created_at", "登记时间", 17),
    Column("assigned_at", "交办时间", 17),
    Column("deadline", "整改时限", 17),
    Column("overdue_days", "超期天数", 10),
    Column("submitted_at", "提交整改时间", 17),
    Column("closed_at", "办结时间", 17),
    Column("escalation", "督办级别", 14),
    Column("rework", "退回次数", 10),
    Column("extensions", "延期次数", 10),
    Column("reopens", "重新打开次数", 12),
    Column("external_ref", "外部编号", 18),
    Column("reporter_name", "反映人", 10),
    Column("reporter_phone", "反映人电话", 15),
]


def fixed_labels() -> dict[str, dict]:
    """Choice labels in Chinese whatever the screen language: the file is an exchange format."""
    with translation.override("zh-hans"):
        return {
            name: {value: str(label) for value, label in choices.choices}
            for name, choices in (
                ("status", Status),
                ("source", Source),
                ("severity", Severity),
                ("escalation", Escalation),
            )
        }


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def export_rows(problems, user, now):
    office = display.sees_personal_data(user)
    labels = fixed_labels()
    for p in problems:
        name, phone = (
            (p.reporter_name, p.reporter_phone)
            if office
            else (display.mask_name(p.reporter_name), display.mask_phone(p.reporter_phone))
        )
        yield [
            p.code,
            labels["status"].get(p.status, p.status),
            labels["source"].get(p.source, p.source),
            labels["severity"].get(p.severity, p.severity),
            p.category.name if p.category_id else "",
            p.standard.code if p.standard_id else "",
            p.description,
            p.site.name if p.site_id else "",
            p.address,
            p.district.name if p.district_id else "",
            p.responsible_unit.name if p.responsible_unit_id else "",
            _time(p.created_at),
            _time(p.assigned_at),
            _time(p.deadline),
            p.overdue_days(now) or "",
            _time(p.submitted_at),
            _time(p.closed_at),
            labels["escalation"].get(p.escalation_level, ""),
            p.rework_count,
            p.extension_count,
            p.reopen_count,
            p.external_ref,
            name,
            phone,
        ]


def export_workbook(problems, user, now):
    workbook = xlsx.new_workbook()
    xlsx.write_sheet(workbook, SHEET, COLUMNS, export_rows(problems, user, now))
    return workbook


RELATED = ("site", "standard", "category", "district", "responsible_unit")


@require_GET
@login_required
def problem_export(request):
    now = timezone.now()
    try:
        problem_filter, problems = filtered_problems(request.user, request.GET, now)
    except DomainError as exc:
        return _refused(request, ProblemFilter(), exc.message)
    problems = problems.select_related(*RELATED).order_by("-created_at", "-id")
    if problems.count() > EXPORT_LIMIT:
        message = _("符合条件的问题超过 %(n)s 个，请缩小筛选范围后再导出") % {"n": EXPORT_LIMIT}
        return _refused(request, problem_filter, message)
    workbook = export_workbook(problems.iterator(chunk_size=2000), request.user, now)
    filename = _("问题清单-%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return xlsx.xlsx_response(workbook, filename)


def _refused(request, problem_filter: ProblemFilter, message: str):
    context = {
        "filter": problem_filter,
        "querystring": problem_filter.querystring(),
        "choices": filter_choices(request.user, problem_filter),
        "error": message,
        "section": "problems",
    }
    return render(request, "problems/list.html", context, status=400)
