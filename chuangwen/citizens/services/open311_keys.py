"""The office's Open311 api_keys: issue (the key is shown once, only its SHA-256 is kept), revoke,
change the hourly limit; and, for the endpoint, finding the key of a request and enforcing its
limit. Each change is office-only, atomic and audited."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.citizens.models import Open311Key, Report
from chuangwen.citizens.services.intake import RateLimited
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.units.models import OFFICE_ROLES

KEY_PREFIX = "o311_"
SHOWN_PREFIX = 10
MAX_KEY_LENGTH = 100
MAX_RATE = 100_000
TOUCH_EVERY = datetime.timedelta(minutes=1)


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _require_office(actor) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以管理 Open311 密钥"))


def _rate(value) -> int:
    try:
        rate = int(value)
    except (TypeError, ValueError):
        raise DomainError(_("请填写每小时请求上限"), field="rate_limit_per_hour") from None
    if not 1 <= rate <= MAX_RATE:
        raise DomainError(_("每小时请求上限应在 1 到 %(n)s 之间") % {"n": MAX_RATE}, field="rate_limit_per_hour")
    return rate


@transaction.atomic
def issue_key(actor, *, name: str, contact: str = "", rate_limit_per_hour=600) -> tuple[Open311Key, str]:
    """A new key for a client (an app, a partner system). Returns the key and its secret, shown once."""
    _require_office(actor)
    name, contact = (name or "").strip(), (contact or "").strip()
    if not name:
        raise DomainError(_("请填写密钥名称"), field="name")
    if len(name) > Open311Key._meta.get_field("name").max_length:
        raise DomainError(_("密钥名称最多 50 个字"), field="name")
    if len(contact) > Open311Key._meta.get_field("contact").max_length:
        raise DomainError(_("联系人最多 100 个字"), field="contact")
    rate = _rate(rate_limit_per_hour)
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = Open311Key.objects.create(
        name=name, contact=contact, prefix=secret[:SHOWN_PREFIX], key_hash=hash_key(secret),
        rate_limit_per_hour=rate, created_by=actor, created_at=timezone.now(),
    )  # fmt: skip
    audit.record(
        actor, "open311_key.issued", key, after={"name": name, "prefix": key.prefix, "rate_limit_per_hour": rate}
    )
    return key, secret


@transaction.atomic
def revoke_key(actor, key: Open311Key) -> Open311Key:
    _require_office(actor)
    key = Open311Key.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise Conflict(_("该密钥已撤销"))
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit.record(actor, "open311_key.revoked", key, before={"revoked_at": None}, after={"revoked_at": key.revoked_at})
    return key


@transaction.atomic
def set_rate_limit(actor, key: Open311Key, rate_limit_per_hour) -> Open311Key:
    _require_office(actor)
    rate = _rate(rate_limit_per_hour)
    key = Open311Key.objects.select_for_update().get(pk=key.pk)
    before = key.rate_limit_per_hour
    if before != rate:
        key.rate_limit_per_hour = rate
        key.save(update_fields=["rate_limit_per_hour"])
        audit.record(
            actor, "open311_key.rate_changed", key,
            before={"rate_limit_per_hour": before}, after={"rate_limit_per_hour": rate},
        )  # fmt: skip
    return key


def key_for_secret(secret: str | None) -> Open311Key | None:
    """The active key with this secret, or None. Marks it used (at most one write a minute)."""
    secret = (secret or "").strip()
    if not secret or len(secret) > MAX_KEY_LENGTH:
        return None
    key = Open311Key.objects.filter(key_hash=hash_key(secret), revoked_at__isnull=True).first()
    if key is not None:
        _touch(key)
    return key


def _touch(key: Open311Key) -> None:
    now = timezone.now()
    if key.last_used_at is not None and key.last_used_at > now - TOUCH_EVERY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY)
    Open311Key.objects.filter(stale, pk=key.pk).update(last_used_at=now)
    key.last_used_at = now


def check_rate(key: Open311Key, now: datetime.datetime | None = None) -> None:
    """Refuse a request when the key already sent its hourly number of reports (RateLimited, 429)."""
    now = now or timezone.now()
    sent = Report.objects.filter(open311_key=key, created_at__gte=now - datetime.timedelta(hours=1)).count()
    if sent >= key.rate_limit_per_hour:
        raise RateLimited(
            _("该 api_key 每小时最多提交 %(n)s 条，请稍后再试") % {"n": key.rate_limit_per_hour}, field="api_key"
        )
