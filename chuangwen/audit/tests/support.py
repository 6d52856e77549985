"""Tampering with the audit table as an attacker with database access would: raw SQL, triggers dropped."""

from __future__ import annotations

import json

from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from chuangwen.audit import chain
from chuangwen.audit.head import forget_head
from chuangwen.audit.models import AuditEvent

DROP_TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_auditevent_no_update", "DROP TRIGGER audit_auditevent_no_delete"],
    "postgresql": ["DROP TRIGGER audit_auditevent_append_only ON audit_auditevent"],
}
DROP_ANCHOR_TRIGGERS = {
    "sqlite": ["DROP TRIGGER audit_auditanchor_no_update"],
    "postgresql": ["DROP TRIGGER audit_auditanchor_append_only ON audit_auditanchor"],
}
COLUMNS = (
    "at", "actor_id", "actor_name", "event_type", "object_type", "object_id", "object_repr", "before", "after",
    "reason", "request_id", "seq", "prev_hash", "hash",
)  # fmt: skip


def sql(statement: str, params=()) -> None:
    forget_head()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def drop_triggers(anchors: bool = False) -> None:
    for statement in DROP_TRIGGERS[connection.vendor] + (DROP_ANCHOR_TRIGGERS[connection.vendor] if anchors else []):
        sql(statement)


def rewrite_history(seq: int, **changes) -> None:
    """What an attacker with the database does: change an event, rehash every event after it so the
    chain is consistent again, and make the stored anchors agree (triggers dropped)."""
    from chuangwen.audit.models import AuditAnchor

    drop_triggers(anchors=True)
    for name, value in changes.items():
        sql(f"UPDATE audit_auditevent SET {name} = %s WHERE seq = %s", [value, seq])
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else chain.GENESIS
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        event.prev_hash = prev
        prev = chain.digest(chain.content_of(event))
        sql("UPDATE audit_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [event.prev_hash, prev, event.pk])
    for anchor in AuditAnchor.objects.all():
        new = AuditEvent.objects.get(seq=anchor.seq).hash
        sql("UPDATE audit_auditanchor SET head_hash = %s WHERE id = %s", [new, anchor.pk])
    create_triggers()


def create_triggers() -> None:
    """The triggers as the migrations create them (an attacker puts them back when done)."""
    import importlib

    events = importlib.import_module("chuangwen.audit.migrations.0003_append_only_triggers")
    anchors = importlib.import_module("chuangwen.audit.migrations.0004_hash_chain")
    vendor = connection.vendor
    statements = {
        "sqlite": events.SQLITE_UP + anchors.ANCHOR_SQLITE_UP[:1],
        "postgresql": events.POSTGRES_UP[1:] + anchors.ANCHOR_POSTGRES_UP,
    }[vendor]
    for statement in statements:
        sql(statement)


def head() -> AuditEvent:
    return AuditEvent.objects.order_by("-seq").first()


def forge(*, seq: int, prev_hash: str, at=None, hash_: str | None = None, **fields) -> int:
    """INSERT an event by hand: a made-up hash, or (hash_=None) one computed as the platform would."""
    content = {
        "seq": seq, "at": chain.utc_iso(at or timezone.now()), "actor_id": None, "actor_name": "office_admin",
        "event_type": "problem.approved", "object_type": "problems.problem", "object_id": "1",
        "object_repr": "伪造的销号", "before": {"status": "submitted"}, "after": {"status": "closed"},
        "reason": "", "request_id": "", "prev_hash": prev_hash, **fields,
    }  # fmt: skip
    values = dict(content, hash=hash_ or chain.digest(content))
    values["at"] = connection.ops.adapt_datetimefield_value(at or timezone.now())
    values["before"], values["after"] = json.dumps(values["before"]), json.dumps(values["after"])
    marks = ", ".join(["%s"] * len(COLUMNS))
    sql(f"INSERT INTO audit_auditevent ({', '.join(COLUMNS)}) VALUES ({marks})", [values[c] for c in COLUMNS])
    return AuditEvent.objects.get(seq=seq).pk


def verify(*args: str) -> str:
    """verify_audit's verdict: its OK line, or its BROKEN message."""
    from io import StringIO

    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        assert error.returncode == 1
        return str(error)
    return out.getvalue()


def close_today():
    """Run the anchor job at noon tomorrow (local time): today, and only today, gets its anchor."""
    import datetime

    import time_machine

    from chuangwen.audit import anchoring

    noon = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(12)))
    with time_machine.travel(noon + datetime.timedelta(days=1), tick=False):
        return anchoring.close_days()
