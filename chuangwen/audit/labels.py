"""Readable labels for audit events, shared by the audit log and the home page."""

from __future__ import annotations

from django.apps import apps
from django.db import models
from django.utils.translation import pgettext, pgettext_lazy

from chuangwen.audit.models import AuditEvent

# Labels of event types whose name alone does not say it well; others are built from
# the object type and the verb (see event_label) or shown as they are.
EVENT_LABELS = {
    "unit.created": pgettext_lazy("audit event", "新建单位"),
    "unit.updated": pgettext_lazy("audit event", "修改单位"),
    "user.created": pgettext_lazy("audit event", "新建人员"),
    "user.updated": pgettext_lazy("audit event", "修改人员"),
    "user.password_reset": pgettext_lazy("audit event", "管理员重置密码"),
    "user.password_changed": pgettext_lazy("audit event", "本人修改密码"),
    "demo.loaded": pgettext_lazy("audit event", "加载演示数据"),
}
# What happened to an object, as a word that follows the object type in English ("Site created").
VERB_LABELS = {
    "created": pgettext_lazy("audit verb", "新建"),
    "updated": pgettext_lazy("audit verb", "修改"),
    "deleted": pgettext_lazy("audit verb", "删除"),
    "imported": pgettext_lazy("audit verb", "导入"),
    "activated": pgettext_lazy("audit verb", "启用"),
    "deactivated": pgettext_lazy("audit verb", "停用"),
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
        # Translators: an audit event, e.g. 新建点位 / Site created.
        return pgettext("audit event", "%(verb)s%(object)s") % {
            "verb": VERB_LABELS[verb],
            "object": object_type_label(event.object_type),
        }
    return event.event_type
