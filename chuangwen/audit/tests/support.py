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
COLUMNS = (
    "at", "actor_id", "actor_name", "event_type", "object_type", "object_id", "object_repr", "before", "after",
    "reason", "request_id", "seq", "prev_hash", "hash",
)  # fmt: skip


def sql(statement: str, params=()) -> None:
    forget_head()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def drop_triggers() -> None:
    for statement in DROP_TRIGGERS[connection.vendor]:
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
