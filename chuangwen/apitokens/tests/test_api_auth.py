"""Who the API lets in: API tokens (Bearer), the browser session with CSRF, and nobody else."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from chuangwen.apitokens import services
from chuangwen.apitokens.models import ApiToken
from chuangwen.problems.models import Problem

pytestmark = pytest.mark.django_db


def _bearer(secret: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {secret}"})


def test_it_answers_me_for_a_token(world):
    _token, secret = services.issue_token(world.handler, name="手机")
    response = _bearer(secret).get("/api/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": world.handler.pk,
        "username": "handler",
        "name": "handler",
        "role": "unit_handler",
        "role_label": "责任单位经办人",
        "unit": {"id": world.dept_a.pk, "name": "市城管局"},
        "auth": "token",
    }


def test_it_answers_me_for_a_session(world, client_for):
    response = client_for(world.office_staff).get("/api/me")
    assert response.status_code == 200
    assert response.json()["auth"] == "session"
    assert response.json()["unit"]["id"] == world.city.pk


def test_it_refuses_a_request_without_credentials(world, client):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("请先登录")
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_anonymous_post_with_401_not_a_csrf_complaint(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/api/problems", {}, content_type="application/json")
    assert response.status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer cw_not-a-real-token", "Bearer ", "Token cw_abc", "Basic dXNlcjpwYXNz", "Bearer " + "x" * 500],
)
def test_it_refuses_a_bad_token(world, header):
    response = Client(headers={"Authorization": header}).get("/api/me")
    assert response.status_code == 401
    assert response.json()["detail"] == "API 令牌无效、已撤销，或其用户已停用"


def test_it_refuses_a_revoked_token(world):
    token, secret = services.issue_token(world.handler, name="旧手机")
    assert _bearer(secret).get("/api/me").status_code == 200
    services.revoke_token(world.handler, token)
    assert _bearer(secret).get("/api/me").status_code == 401


def test_it_refuses_the_token_of_an_inactive_user(world):
    _token, secret = services.issue_token(world.handler, name="手机")
    world.handler.is_active = False
    world.handler.save(update_fields=["is_active"])
    assert _bearer(secret).get("/api/me").status_code == 401


def test_it_refuses_a_session_of_an_inactive_user(world, client_for):
    client = client_for(world.handler)
    world.handler.is_active = False
    world.handler.save(update_fields=["is_active"])
    assert client.get("/api/me").status_code == 401


def test_a_bad_token_is_not_rescued_by_a_session_cookie(world, client_for):
    client = client_for(world.office_staff)
    response = client.get("/api/me", headers={"Authorization": "Bearer cw_wrong"})
    assert response.status_code == 401


def test_it_requires_the_csrf_token_for_a_session_post(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.office_staff, backend="django.contrib.auth.backends.ModelBackend")
    data = {"source": "inspection", "description": "占道经营", "address": "东华路1号"}
    response = client.post("/api/problems", data, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["detail"] == "CSRF 校验失败，请刷新页面后重试"
    assert not Problem.objects.exists()

    client.get("/api/docs")  # sets the CSRF cookie, as the docs page does in a browser
    token = client.cookies["csrftoken"].value
    response = client.post("/api/problems", data, content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201
    assert Problem.objects.count() == 1


def test_a_token_needs_no_csrf_token(world):
    _token, secret = services.issue_token(world.office_staff, name="脚本")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})
    data = {"source": "inspection", "description": "占道经营", "address": "东华路1号"}
    assert client.post("/api/problems", data, content_type="application/json").status_code == 201


def test_it_records_the_last_use_at_most_once_a_minute(world):
    start = timezone.now()
    token, secret = services.issue_token(world.handler, name="手机")
    client = _bearer(secret)
    with time_machine.travel(start, tick=False):
        client.get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + datetime.timedelta(seconds=30), tick=False):
        client.get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + datetime.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        client.get("/api/me")
    token.refresh_from_db()
    assert token.last_used_at == later


def test_a_recently_used_token_costs_one_query(world, django_assert_num_queries):
    _token, secret = services.issue_token(world.handler, name="手机")
    client = _bearer(secret)
    client.get("/api/me")
    with django_assert_num_queries(1):
        assert client.get("/api/me").status_code == 200


def test_the_secret_is_not_stored(world):
    _token, secret = services.issue_token(world.handler, name="手机")
    stored = ApiToken.objects.values().get()
    assert secret not in {str(v) for v in stored.values()}
