"""XLSX export of any filtered problem list (the list's and the queues' filters).

Headers are fixed Chinese whatever the screen language (like every XLSX the platform writes).
Reporters' names and phones are shown to the city office only and masked for everyone else.
Streamed: rows come from the database in chunks and go straight into a write-only workbook on a
temporary file, so memory does not grow with the rows (bench/export.py: 100,000 problems).
"""

from __future__ import annotations

from django.conf import settings
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
from chuangwen.problems.models import WITH_UNIT, Escalation, Severity, Source, Status

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


# The values the export reads, related names included (joined in the one query: no N+1).
FIELDS = (
    "code", "status", "source", "severity", "category__name", "standard__code", "description", "site__name",
    "address", "district__name", "responsible_unit__name", "created_at", "assigned_at", "deadline",
    "submitted_at", "closed_at", "escalation_level", "rework_count", "extension_count", "reopen_count",
    "external_ref", "reporter_name", "reporter_phone",
)  # fmt: skip


def _overdue_days(status, deadline, now) -> int:
    """Problem.overdue_days on a values row (the same rule, without building a model per row)."""
    if status in WITH_UNIT and deadline is not None and deadline < now:
        return (now - deadline).days + 1
    return 0


def export_rows(rows, user, now):
    """Sheet rows from value dicts (see FIELDS), reporters masked for everyone but the office."""
    office = display.sees_personal_data(user)
    labels = fixed_labels()
    for p in rows:
        name, phone = p["reporter_name"], p["reporter_phone"]
        if not office:
            name, phone = display.mask_name(name), display.mask_phone(phone)
        yield [
            p["code"],
            labels["status"].get(p["status"], p["status"]),
            labels["source"].get(p["source"], p["source"]),
            labels["severity"].get(p["severity"], p["severity"]),
            p["category__name"] or "",
            p["standard__code"] or "",
            p["description"],
            p["site__name"] or "",
            p["address"],
            p["district__name"] or "",
            p["responsible_unit__name"] or "",
            _time(p["created_at"]),
            _time(p["assigned_at"]),
            _time(p["deadline"]),
            _overdue_days(p["status"], p["deadline"], now) or "",
            _time(p["submitted_at"]),
            _time(p["closed_at"]),
            labels["escalation"].get(p["escalation_level"], ""),
            p["rework_count"],
            p["extension_count"],
            p["reopen_count"],
            p["external_ref"],
            name,
            phone,
        ]


def export_values(problems):
    """The rows to export, read in chunks from the database as the sheet is written."""
    return problems.order_by("-created_at", "-id").values(*FIELDS).iterator(chunk_size=2000)


@require_GET
@login_required
def problem_export(request):
    now = timezone.now()
    try:
        problem_filter, problems = filtered_problems(request.user, request.GET, now)
    except DomainError as exc:
        return _refused(request, ProblemFilter(), exc.message)
    limit = settings.EXPORT_MAX_ROWS
    if problems.count() > limit:
        message = _("符合条件的问题超过 %(n)s 个，请缩小筛选范围后再导出") % {"n": f"{limit:,}"}
        return _refused(request, problem_filter, message)
    rows = export_rows(export_values(problems), request.user, now)
    filename = _("问题清单-%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}
    return xlsx.streamed_xlsx_response(SHEET, COLUMNS, rows, filename)


def _refused(request, problem_filter: ProblemFilter, message: str):
    context = {
        "filter": problem_filter,
        "querystring": problem_filter.querystring(),
        "choices": filter_choices(request.user, problem_filter),
        "error": message,
        "section": "problems",
    }
    return render(request, "problems/list.html", context, status=400)
