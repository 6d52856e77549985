"""Readable labels for audit events, shared by the audit log and the home page."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy

from chuangwen.audit.models import AuditEvent

# Labels of event types whose name alone does not say it well; others are built from
# the object type and the verb (see event_label) or shown as they are.
EVENT_LABELS = {
    "unit.created": gettext_lazy("新建单位"),
    "unit.updated": gettext_lazy("修改单位"),
    "user.created": gettext_lazy("新建人员"),
    "user.updated": gettext_lazy("修改人员"),
    "user.password_reset": gettext_lazy("管理员重置密码"),
    "user.password_changed": gettext_lazy("本人修改密码"),
}
VERB_LABELS = {
    "created": gettext_lazy("新建"),
    "updated": gettext_lazy("修改"),
    "deleted": gettext_lazy("删除"),
    "imported": gettext_lazy("导入"),
    "activated": gettext_lazy("启用"),
    "deactivated": gettext_lazy("停用"),
}


def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model_for(object_type)
    return str(model._meta.verbose_name) if model else object_type


def event_label(event: AuditEvent) -> str:
    if event.event_type in EVENT_LABELS:
        return str(EVENT_LABELS[event.event_type])
    verb = event.event_type.rsplit(".", 1)[-1]
    if verb in VERB_LABELS and _model_for(event.object_type):
        return f"{VERB_LABELS[verb]}{object_type_label(event.object_type)}"
    return event.event_type
