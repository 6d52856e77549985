"""Writing audit events. Every service that changes state calls record() in its transaction."""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from collections.abc import Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from chuangwen.audit import chain
from chuangwen.audit.head import chain_head, remember_head
from chuangwen.audit.models import AuditEvent
from chuangwen.lib.request_context import current_request_id


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of obj (foreign keys as ids) as JSON-safe data."""
    names = list(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if names is not None and field.name not in names:
            continue
        data[field.attname if field.is_relation else field.name] = _plain(field.value_from_object(obj))
    if names:
        for name in names:
            field = obj._meta.get_field(name)
            if field.many_to_many and obj.pk:
                data[name] = sorted(getattr(obj, name).values_list("pk", flat=True))
    return data


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, for compact audit events."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def build(
    actor,
    event_type: str,
    obj: models.Model | None = None,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """An unsaved event, stamped with the actor and the request id."""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_repr = str(obj)[:255]
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=actor_obj,
        actor_name=(actor_obj.display_name if actor_obj else "system")[:150],
        event_type=event_type,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        reason=reason,
        request_id=current_request_id(),
    )


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events must be written inside transaction.atomic()")


def _stored(value: Any) -> Any:
    """The JSON value as the database will give it back (so that the hash covers what is stored)."""
    return None if value is None else json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _seal(events: list[AuditEvent]) -> None:
    """Chain the events after the current head, in one pass (the head is locked until commit)."""
    seq, prev = chain_head()
    for event in events:
        seq += 1
        event.at = event.at or timezone.now()
        event.before, event.after = _stored(event.before), _stored(event.after)
        event.seq, event.prev_hash = seq, prev
        event.hash = prev = chain.digest(chain.content_of(event))


def record(actor, event_type: str, obj: models.Model | None = None, **details: Any) -> AuditEvent:
    """Append one audit event. Must be called inside the service's transaction."""
    _require_transaction()
    event = build(actor, event_type, obj, **details)
    _seal([event])
    event.save()
    remember_head(event.seq, event.hash)
    return event


def record_changes(
    actor, event_type: str, obj: models.Model, before: dict[str, Any], after: dict[str, Any], reason: str = ""
) -> AuditEvent | None:
    """Record an update as only the fields that changed; record nothing when nothing did."""
    old, new = changed(before, after)
    if not new:
        return None
    return record(actor, event_type, obj, before=old, after=new, reason=reason)


def record_many(events: list[AuditEvent], batch_size: int = 500) -> None:
    """Append events made with build() in bulk (imports), inside the caller's transaction."""
    _require_transaction()
    if not events:
        return
    _seal(events)
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    remember_head(events[-1].seq, events[-1].hash)
