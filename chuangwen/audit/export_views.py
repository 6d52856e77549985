"""XLSX export of the audit log with the page's filters: one event a row, its changes as text.

Office staff only, as the page. Labels (events, object types, fields) are written in Chinese
whatever the screen language, like every file the platform writes; times in local time with seconds.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from chuangwen.audit.labels import event_label, object_type_label
from chuangwen.audit.models import AuditEvent
from chuangwen.audit.views import AuditFilterForm, diff_rows, event_list, related_names
from chuangwen.lib import xlsx
from chuangwen.lib.permissions import office_required
from chuangwen.lib.xlsx import Column

COLUMNS = [
    Column("at", "时间", 20), Column("actor", "操作人", 12), Column("username", "用户名", 14),
    Column("event", "事件", 20), Column("event_type", "事件类型", 24), Column("object_type", "对象类型", 14),
    Column("object", "对象", 30), Column("object_id", "对象编号", 10), Column("reason", "原因", 30),
    Column("changes", "变更内容", 60), Column("request_id", "请求编号", 20),
]  # fmt: skip


def _changes(event, names) -> str:
    return "\n".join(f"{d.label}：{d.before} → {d.after}" for d in diff_rows(event, names))


def event_rows(events):
    """Sheet rows, in Chinese; the names behind the changes' references read once per batch."""
    with translation.override("zh-hans"):
        for e, names in xlsx.with_batch_lookup(events.iterator(chunk_size=xlsx.EXPORT_CHUNK), related_names):
            yield [
                timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name if e.actor_id else "系统",
                e.actor.username if e.actor_id else "", str(event_label(e)), e.event_type,
                str(object_type_label(e.object_type)), e.object_repr, e.object_id, e.reason,
                _changes(e, names), e.request_id,
            ]  # fmt: skip


@require_GET
@office_required
def event_export(request):
    """The events the log shows with its filters, newest first."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return event_list(request)  # the log with the filter's errors, status 400
    events = form.filter(AuditEvent.objects.select_related("actor"))
    sheet = xlsx.Sheet("审计日志", COLUMNS, event_rows(events))
    back = reverse("audit:list")
    return xlsx.download(
        request, [sheet], xlsx.export_filename("审计日志"), too_many=xlsx.exceeds_limit(events), back=back
    )
