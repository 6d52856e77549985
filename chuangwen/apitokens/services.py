"""Issuing, revoking and checking API tokens. Issue and revoke are audited."""

from __future__ import annotations

import datetime
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.apitokens.models import ApiToken, hash_secret
from chuangwen.audit import services as audit
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied

SECRET_PREFIX = "cw_"
SHOWN_PREFIX = 10  # "cw_" and 7 random characters: enough to tell a person's tokens apart
MAX_ACTIVE_TOKENS = 20
MAX_SECRET_LENGTH = 100
TOUCH_EVERY = datetime.timedelta(minutes=1)


def _require_active(actor) -> None:
    if not (actor.is_authenticated and actor.is_active):
        raise PermissionDenied(_("您无权管理 API 令牌"))


@transaction.atomic
def issue_token(actor, *, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor. Returns the token and its secret, which is never shown again."""
    _require_active(actor)
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写令牌名称"), field="name")
    if len(name) > ApiToken._meta.get_field("name").max_length:
        raise DomainError(_("令牌名称最多 50 个字"), field="name")
    get_user_model().objects.select_for_update().filter(pk=actor.pk).first()  # one issue at a time per person
    if ApiToken.objects.active().filter(user=actor).count() >= MAX_ACTIVE_TOKENS:
        raise Conflict(_("有效令牌已达 %(n)s 个，请先撤销不用的令牌") % {"n": MAX_ACTIVE_TOKENS}, field="name")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=actor, name=name, prefix=secret[:SHOWN_PREFIX], key_hash=hash_secret(secret))
    audit.record(actor, "apitoken.created", token, after={"user": actor.pk, "name": name, "prefix": token.prefix})
    return token, secret


@transaction.atomic
def revoke_token(actor, token: ApiToken) -> ApiToken:
    """Revoke a token: its owner, or the office admin (a lost phone, a person who left)."""
    _require_active(actor)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.user_id != actor.pk and not actor.is_office_admin:
        raise PermissionDenied(_("只能撤销自己的令牌"))
    if token.revoked_at is not None:
        raise Conflict(_("该令牌已撤销"))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(actor, "apitoken.revoked", token, before={"revoked_at": None}, after={"revoked_at": token.revoked_at})
    return token


def token_for_secret(secret: str | None) -> ApiToken | None:
    """The active token with this secret whose owner is active, or None. Marks it used."""
    if not secret or len(secret) > MAX_SECRET_LENGTH or not secret.startswith(SECRET_PREFIX):
        return None
    token = ApiToken.objects.active().select_related("user", "user__unit").filter(key_hash=hash_secret(secret)).first()
    if token is None or not token.user.is_active:
        return None
    _touch(token)
    return token


def _touch(token: ApiToken) -> None:
    """Record the use at most once a minute: a conditional UPDATE, so no write on most requests."""
    now = timezone.now()
    if token.last_used_at is not None and token.last_used_at > now - TOUCH_EVERY:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - TOUCH_EVERY)
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
