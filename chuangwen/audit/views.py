"""The office's audit log: filter the append-only trail and read each change as a diff."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from chuangwen.audit.chain import Finding
from chuangwen.audit.integrity import chain_state
from chuangwen.audit.labels import EVENT_LABELS, EXTRA_LABELS, _model_for, event_label, object_type_label
from chuangwen.audit.models import AuditEvent
from chuangwen.lib.bounded import MAX_PAGE, parse_int
from chuangwen.lib.forms import BootstrapMixin, DateInput
from chuangwen.lib.permissions import office_required

PAGE_SIZE = 50


def object_type_choices() -> list[tuple[str, str]]:
    """The project's own models, by their Chinese names."""
    choices = [
        (m._meta.label_lower, str(m._meta.verbose_name))
        for m in apps.get_models()
        if m._meta.app_config.name.startswith("chuangwen.")
    ]
    return [("", _("全部对象类型")), *sorted(choices, key=lambda c: c[0])]


# The diff


@dataclass
class DiffRow:
    field: str
    label: str
    before: str
    after: str


def _field(model, key: str) -> models.Field | None:
    """The model field behind a key, or None (reverse relations and removed fields keep their key)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except Exception:  # noqa: BLE001 - a field that no longer exists keeps its raw name
        return None
    return field if hasattr(field, "verbose_name") else None


def _pk(field, value: Any) -> Any:
    """The value as a key of the related model, or None when it is not one."""
    if value is None or isinstance(value, (bool, list, dict)):
        return None
    try:
        return field.target_field.to_python(value)
    except ValidationError:
        return None


def _display(field, value: Any, present: bool, names: dict) -> str:
    if not present or value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation and field.many_to_one:
        if _pk(field, value) is None:
            return str(value)  # a name written under the field's key (circular.issued's template)
        name = names.get((field.related_model, _pk(field, value)))
        return f"{name} (#{value})" if name else f"#{value}"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _ordered_keys(model, keys: set[str]) -> list[str]:
    """The model's field order (the database may not keep JSON key order), then the rest by name."""
    order = {}
    if model is not None:
        for index, field in enumerate(model._meta.concrete_fields):
            order[field.name] = order[field.attname] = index
    return sorted(keys, key=lambda k: (order.get(k, len(order)), k))


def diff_rows(event: AuditEvent, names: dict | None = None) -> list[DiffRow]:
    """One row per field the event touched: its label, value before and value after."""
    model = _model_for(event.object_type)
    before, after = event.before or {}, event.after or {}
    rows = []
    for key in _ordered_keys(model, {*before, *after}):
        field = _field(model, key)
        label = str(field.verbose_name) if field is not None else str(EXTRA_LABELS.get(key, key))
        rows.append(
            DiffRow(
                field=key,
                label=label,
                before=_display(field, before.get(key), key in before, names or {}),
                after=_display(field, after.get(key), key in after, names or {}),
            )
        )
    return rows


def related_names(events: list[AuditEvent]) -> dict:
    """Names of the objects the events' foreign keys point to: one query per related model."""
    wanted: dict[type[models.Model], set] = {}
    for event in events:
        model = _model_for(event.object_type)
        for key, value in [*(event.before or {}).items(), *(event.after or {}).items()]:
            field = _field(model, key)
            if field is not None and field.is_relation and field.many_to_one and _pk(field, value) is not None:
                wanted.setdefault(field.related_model, set()).add(_pk(field, value))
    return {
        (related, pk): str(obj)
        for related, pks in wanted.items()
        for pk, obj in related._default_manager.in_bulk(list(pks)).items()
    }


# The list


class AuditFilterForm(BootstrapMixin, forms.Form):
    event_type = forms.CharField(label=gettext_lazy("事件类型"), required=False, max_length=64)
    actor = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=150)
    object_type = forms.ChoiceField(label=gettext_lazy("对象类型"), required=False, choices=object_type_choices)
    object_id = forms.CharField(label=gettext_lazy("对象编号"), required=False, max_length=64)
    date_from = forms.DateField(label=gettext_lazy("开始日期"), required=False, widget=DateInput)
    date_to = forms.DateField(label=gettext_lazy("结束日期"), required=False, widget=DateInput)
    q = forms.CharField(label=gettext_lazy("搜索"), required=False, max_length=100)
    request_id = forms.CharField(label=gettext_lazy("请求编号"), required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_type"].widget.attrs.update({"list": "event-types", "placeholder": "unit.updated"})
        self.fields["event_type"].help_text = _("可只填前缀，如 unit.")
        self.fields["actor"].widget.attrs["placeholder"] = _("用户名或姓名")
        self.fields["q"].widget.attrs["placeholder"] = _("对象名称或原因")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("结束日期不能早于开始日期"))
        return data

    def filter(self, events):
        data = {k: v.strip() if isinstance(v, str) else v for k, v in self.cleaned_data.items()}
        if data["event_type"]:
            events = events.filter(event_type__startswith=data["event_type"])
        if data["actor"]:
            events = events.filter(Q(actor__username__iexact=data["actor"]) | Q(actor_name__icontains=data["actor"]))
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["object_id"]:
            events = events.filter(object_id=data["object_id"])
        if data["request_id"]:
            events = events.filter(request_id=data["request_id"])
        if data["q"]:
            events = events.filter(Q(object_repr__icontains=data["q"]) | Q(reason__icontains=data["q"]))
        return self._filter_dates(events, data["date_from"], data["date_to"])

    @staticmethod
    def _filter_dates(events, start: datetime.date | None, end: datetime.date | None):
        """Whole days in the local time zone, both ends included."""
        if start:
            events = events.filter(at__gte=_day_start(start))
        if end:
            events = events.filter(at__lt=_day_start(end + datetime.timedelta(days=1)))
        return events


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class EventRow:
    event: AuditEvent
    label: str
    object_label: str
    diff: list[DiffRow]

    @property
    def is_creation(self) -> bool:
        return self.event.before is None and bool(self.event.after)


def _page_number(request) -> int:
    return parse_int(request.GET.get("page"), 1, MAX_PAGE) or 1


def _page(events, number: int) -> tuple[list[AuditEvent], bool]:
    """One page of events and whether another follows; no COUNT over a large table."""
    start = (number - 1) * PAGE_SIZE
    rows = list(events[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _row(event: AuditEvent, names: dict) -> EventRow:
    return EventRow(event, event_label(event), object_type_label(event.object_type), diff_rows(event, names))


@require_GET
@office_required
def event_list(request):
    form = AuditFilterForm(request.GET)
    context: dict[str, Any] = {"form": form, "section": "audit", "event_labels": EVENT_LABELS, "rows": []}
    context |= _chain_context()
    if not form.is_valid():
        return render(request, "audit/event_list.html", context, status=400)
    number = _page_number(request)
    events, has_next = _page(form.filter(AuditEvent.objects.select_related("actor")), number)
    names = related_names(events)
    context |= {
        "rows": [_row(e, names) for e in events],
        "page_number": number,
        "has_next": has_next,
        "filtered": any(form.cleaned_data.values()),
    }
    return render(request, "audit/event_list.html", context)


def _chain_context() -> dict[str, Any]:
    """The chain's length, head, last anchored day and last verification (three short queries)."""
    state = chain_state()
    check = state.last_check
    finding = Finding.from_dict(check.finding).message() if check and check.finding else ""
    return {"chain": state, "chain_finding": finding}


@require_GET
@office_required
def event_detail(request, pk: int):
    event = get_object_or_404(AuditEvent.objects.select_related("actor"), pk=pk)
    context = {
        "event": event,
        "label": event_label(event),
        "object_label": object_type_label(event.object_type),
        "diff": diff_rows(event, related_names([event])),
        "section": "audit",
    }
    return render(request, "audit/event_detail.html", context)
