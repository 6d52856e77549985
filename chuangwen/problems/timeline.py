"""A problem's history as a readable timeline: its audit events with labels and before/after values."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from chuangwen.audit.labels import EVENT_LABELS, EXTRA_LABELS, event_label
from chuangwen.audit.models import AuditEvent
from chuangwen.audit.views import DiffRow, related_names
from chuangwen.problems.models import Problem
from chuangwen.units.models import Unit

# Event types that end or interrupt the normal flow, drawn in a warning colour.
WARNING_EVENTS = {"problem.rejected", "problem.extension_denied", "problem.dispute_upheld", "problem.rebounded"}
# Keys the services add beside the model's fields, with their labels.

UNIT_LIST_KEYS = {"cooperating_units"}
UNIT_KEYS = {"suggested_unit"}
TIME_KEYS = {"deadline", "requested_deadline", "closed_at", "assigned_at", "submitted_at"}
# On creation, the fields worth a line (the rest repeat the problem page).
CREATION_KEYS = {"source", "severity", "category_id", "standard_id", "site_id", "photos"}


@dataclass
class TimelineRow:
    event: AuditEvent
    label: str
    warning: bool
    diff: list[DiffRow] = field(default_factory=list)


def timeline(problem: Problem) -> list[TimelineRow]:
    """Oldest first: what happened, who did it, when, why, and what changed (three queries)."""
    events = list(AuditEvent.objects.for_object(problem).select_related("actor").order_by("at", "id"))
    names = related_names(events)
    units = _unit_names(events)
    return [_row(e, names, units) for e in events]


def _row(event: AuditEvent, names: dict, units: dict[int, str]) -> TimelineRow:
    label = str(EVENT_LABELS.get(event.event_type) or event_label(event))
    rows = diff(event, names, units)
    if event.event_type == "problem.created":
        rows = [r for r in rows if r.field in CREATION_KEYS and r.after != "—"]
    rows = [r for r in rows if r.before != r.after]
    return TimelineRow(event, label, event.event_type in WARNING_EVENTS, rows)


def _model_field(key: str):
    """The problem's concrete field for a snapshot key (name or attname), or None for extra keys."""
    try:
        field = Problem._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if field.concrete else None


def diff(event: AuditEvent, names: dict, units: dict[int, str]) -> list[DiffRow]:
    """One row per key the event recorded, in the model's field order, extra keys after."""
    before, after = event.before or {}, event.after or {}
    order = {f.attname: i for i, f in enumerate(Problem._meta.concrete_fields)}
    order.update({f.name: i for i, f in enumerate(Problem._meta.concrete_fields)})
    keys = sorted({*before, *after}, key=lambda k: (order.get(k, len(order)), k))
    rows = []
    for key in keys:
        field = _model_field(key)
        label = EXTRA_LABELS.get(key) or (field.verbose_name if field is not None else key)
        rows.append(
            DiffRow(
                field=key,
                label=str(label),
                before=_value(key, field, before, names, units),
                after=_value(key, field, after, names, units),
            )
        )
    return rows


def _value(key: str, field, data: dict, names: dict, units: dict[int, str]) -> str:
    if key not in data or data[key] is None or data[key] == "":
        return "—"
    value = data[key]
    if key in UNIT_LIST_KEYS and isinstance(value, list):
        return "、".join(units.get(v, f"#{v}") for v in value) or "—"
    if key in UNIT_KEYS and isinstance(value, int):
        return units.get(value, f"#{value}")
    if key in TIME_KEYS and isinstance(value, str):
        return _local_time(value)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field is not None and field.is_relation:
        name = names.get((field.related_model, value))
        return name or f"#{value}"
    return str(value)


def _unit_names(events: list[AuditEvent]) -> dict[int, str]:
    """Names of the units named in extra keys (cooperating and suggested units): one query."""
    ids: set[int] = set()
    for event in events:
        for data in (event.before or {}, event.after or {}):
            for key in UNIT_LIST_KEYS:
                ids.update(v for v in data.get(key) or [] if isinstance(v, int))
            for key in UNIT_KEYS:
                if isinstance(data.get(key), int):
                    ids.add(data[key])
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}


def _local_time(value: str) -> str:
    moment = parse_datetime(value)
    if moment is None:
        return value
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def actor_label(event: AuditEvent) -> str:
    return event.actor_name if event.actor_id else _("系统")
