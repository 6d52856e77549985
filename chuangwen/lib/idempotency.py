"""Idempotency-Key for API writes: a retried request changes nothing and gets the first answer.

How it holds across gunicorn workers and machines: the answer is remembered in the database
(``apitokens.IdempotencyRecord``, unique per user and key), never in a process's memory.

1. :func:`parse_key` checks the header (1-100 visible ASCII characters) or refuses with 400.
2. :func:`fingerprint` hashes what the request asks for: method, path, the parsed fields and
   the bytes of every uploaded file (multipart boundaries differ between retries; these do not).
3. :func:`replay` looks for an earlier answer under the key: the same fingerprint gets the
   stored status and body back; a different one is refused with 422. The caller does this
   before any work (such as storing uploaded photos).
4. :func:`execute` runs the change in one transaction that first *claims* the key by inserting
   the record and at the end stores the answer in it. A crash or a refusal rolls the claim back
   with the change, so a key is never held by a request that did nothing.

Two copies of one request at the same moment both pass step 3; the unique constraint stops the
second at its claim. On PostgreSQL that insert waits for the first transaction: when it commits,
the second gets the first answer; if the first takes longer than ``IDEMPOTENCY_WAIT_SECONDS``
(5 by default) the second is answered 409 "请求正在处理中" and may retry. On SQLite writers are
serialized (BEGIN IMMEDIATE), so the second simply finds the record.

Only successful answers are remembered: a refused request changed nothing, so sending it again is
harmless. Records are kept for :data:`TTL` (24 hours); ``manage.py purge_idempotency_keys``
deletes older ones, and an expired record under a reused key is replaced.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.lib.errors import Conflict, DomainError

HEADER = "Idempotency-Key"
KEY_RE = re.compile(r"[\x21-\x7e]{1,100}")
TTL = datetime.timedelta(hours=24)
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired
HASH_LIMIT = 64 * 1024 * 1024  # bytes of one file that count; larger files are refused later anyway


class KeyReused(DomainError):
    """The key was used before for a different request."""

    status = 422


class _Taken(Exception):
    """Another transaction holds or has committed the same key."""


@dataclass(frozen=True)
class Call:
    """One request as idempotency sees it."""

    user: Any
    key: str | None
    method: str
    path: str
    request_hash: str


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    replayed: bool


def parse_key(value: str | None) -> str | None:
    """The key from the header, None when absent; a malformed key is refused (400)."""
    if value is None:
        return None
    if not KEY_RE.fullmatch(value):
        raise DomainError(_("Idempotency-Key 须为 1-100 个可见 ASCII 字符（不含空格）"), field=HEADER)
    return value


def fingerprint(method: str, path: str, fields: Mapping[str, Any], files: Iterable = ()) -> str:
    """A hash of what the request asks for, the same for every retry of it."""
    payload = {
        "method": method.upper(),
        "path": path,
        "fields": fields,
        "files": [_file_digest(f) for f in files],
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _file_digest(uploaded) -> str:
    digest = hashlib.sha256()
    read = 0
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    for chunk in uploaded.chunks() if hasattr(uploaded, "chunks") else [uploaded.read()]:
        digest.update(chunk[: max(0, HASH_LIMIT - read)])
        read += len(chunk)
        if read >= HASH_LIMIT:
            break
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    return f"{digest.hexdigest()}:{getattr(uploaded, 'size', read)}"


def _fresh(call: Call):
    from chuangwen.apitokens.models import IdempotencyRecord

    return IdempotencyRecord.objects.filter(
        user_id=call.user.pk, key=call.key, created_at__gte=timezone.now() - TTL, status_code__gt=0
    )


def replay(call: Call) -> Answer | None:
    """The remembered answer to this request, None if there is none; 422 if the key was used
    for a different request."""
    if call.key is None:
        return None
    record = _fresh(call).first()
    if record is None:
        return None
    if record.request_hash != call.request_hash:
        raise KeyReused(_("该 Idempotency-Key 已用于另一个不同的请求，请换一个新的键"), field=HEADER)
    return Answer(record.status_code, record.response, replayed=True)


def execute(call: Call, action: Callable[[], tuple[int, Any]]) -> Answer:
    """Run ``action`` (returning status and a JSON-ready body) once for this key, in one
    transaction with the claim; or answer as the request that got there first did."""
    if call.key is None:
        with transaction.atomic():
            status, body = action()
        return Answer(status, body, replayed=False)
    try:
        with transaction.atomic():
            record = _claim(call)
            status, body = action()
            record.status_code, record.response = status, body
            record.save(update_fields=["status_code", "response"])
    except _Taken:
        answer = replay(call)
        if answer is None:
            raise Conflict(_("请求正在处理中，请稍后重试"), field=HEADER) from None
        return answer
    return Answer(status, body, replayed=False)


def _claim(call: Call):
    from chuangwen.apitokens.models import IdempotencyRecord

    now = timezone.now()
    IdempotencyRecord.objects.filter(user_id=call.user.pk, key=call.key, created_at__lt=now - TTL).delete()
    try:
        with transaction.atomic():
            _limit_lock_wait()
            record = IdempotencyRecord.objects.create(
                user_id=call.user.pk,
                key=call.key,
                method=call.method.upper(),
                path=call.path[:255],
                request_hash=call.request_hash,
                created_at=now,
            )
            _restore_lock_wait()
    except IntegrityError:
        raise _Taken from None
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise _Taken from None
        raise
    return record


def _limit_lock_wait() -> None:
    """On PostgreSQL, wait at most IDEMPOTENCY_WAIT_SECONDS for a transaction holding the key."""
    if connection.vendor == "postgresql":
        milliseconds = int(float(getattr(settings, "IDEMPOTENCY_WAIT_SECONDS", 5)) * 1000)
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = {max(milliseconds, 1)}")


def _restore_lock_wait() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout TO DEFAULT")


def purge(now: datetime.datetime | None = None) -> int:
    """Delete records older than TTL; returns how many."""
    from chuangwen.apitokens.models import IdempotencyRecord

    now = now or timezone.now()
    deleted, _details = IdempotencyRecord.objects.filter(created_at__lt=now - TTL).delete()
    return deleted
