"""Issuing and revoking API tokens: the secret once, only its hash kept, every change audited."""

from __future__ import annotations

import pytest

from chuangwen.apitokens import services
from chuangwen.apitokens.models import ApiToken, hash_secret
from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied

pytestmark = pytest.mark.django_db


def test_it_issues_a_token_and_returns_the_secret_once(world):
    token, secret = services.issue_token(world.handler, name=" 张三的手机 ")
    assert secret.startswith("cw_") and len(secret) > 40
    assert token.name == "张三的手机"
    assert token.key_hash == hash_secret(secret)
    assert token.prefix == secret[:10]
    assert token.user == world.handler and token.revoked_at is None
    event = AuditEvent.objects.get(event_type="apitoken.created")
    assert event.actor == world.handler and event.object_id == str(token.pk)
    assert secret not in str(event.after)


def test_two_tokens_have_different_secrets(world):
    assert services.issue_token(world.handler, name="a")[1] != services.issue_token(world.handler, name="b")[1]


@pytest.mark.parametrize(("name", "message"), [("", "请填写令牌名称"), ("长" * 51, "令牌名称最多 50 个字")])
def test_it_refuses_a_bad_name(world, name, message):
    with pytest.raises(DomainError, match=message):
        services.issue_token(world.handler, name=name)
    assert not ApiToken.objects.exists()


def test_it_limits_the_active_tokens_of_a_person(world, monkeypatch):
    monkeypatch.setattr(services, "MAX_ACTIVE_TOKENS", 2)
    services.issue_token(world.handler, name="a")
    token, _secret = services.issue_token(world.handler, name="b")
    with pytest.raises(Conflict):
        services.issue_token(world.handler, name="c")
    services.revoke_token(world.handler, token)
    services.issue_token(world.handler, name="c")


def test_the_owner_revokes_a_token(world):
    token, secret = services.issue_token(world.handler, name="旧手机")
    services.revoke_token(world.handler, token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert services.token_for_secret(secret) is None
    assert AuditEvent.objects.filter(event_type="apitoken.revoked", object_id=str(token.pk)).count() == 1


def test_the_office_admin_revokes_anyones_token(world):
    token, _secret = services.issue_token(world.handler, name="丢失的手机")
    services.revoke_token(world.office_admin, token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


@pytest.mark.parametrize("persona", ["office_staff", "unit_head", "outsider"])
def test_nobody_else_revokes_a_token(world, persona):
    token, _secret = services.issue_token(world.handler, name="手机")
    with pytest.raises(PermissionDenied):
        services.revoke_token(world.personas[persona], token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoking_twice_is_a_conflict(world):
    token, _secret = services.issue_token(world.handler, name="手机")
    services.revoke_token(world.handler, token)
    with pytest.raises(Conflict):
        services.revoke_token(world.handler, token)
    assert AuditEvent.objects.filter(event_type="apitoken.revoked").count() == 1


def test_an_inactive_user_may_not_issue(world):
    world.handler.is_active = False
    with pytest.raises(PermissionDenied):
        services.issue_token(world.handler, name="手机")
