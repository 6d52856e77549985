"""The 我的 API 令牌 page: list, issue (the secret shown once), revoke."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.apitokens import services
from chuangwen.apitokens.models import ApiToken

pytestmark = pytest.mark.django_db
URL = "/accounts/tokens/"


def test_the_url_is_named():
    assert reverse("apitokens:list") == URL


@pytest.mark.parametrize("persona", ["office_admin", "handler", "grid_worker", "leader"])
def test_any_role_opens_the_page(world, client_for, persona):
    response = client_for(world.personas[persona]).get(URL)
    assert response.status_code == 200
    assert "API 令牌" in response.content.decode()


def test_it_lists_only_ones_own_tokens(world, client_for):
    services.issue_token(world.handler, name="经办人的手机")
    services.issue_token(world.outsider, name="外单位的手机")
    html = client_for(world.handler).get(URL).content.decode()
    assert "经办人的手机" in html and "外单位的手机" not in html


def test_it_issues_a_token_and_shows_the_secret_once(world, client_for):
    client = client_for(world.handler)
    response = client.post(URL, {"name": "张三的手机"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    token = ApiToken.objects.get()
    secret = html.split('id="token-secret">')[1].split("</code>")[0]
    assert secret.startswith(token.prefix)
    assert services.token_for_secret(secret) == token
    assert secret not in client.get(URL).content.decode()


def test_it_refuses_an_empty_name(world, client_for):
    response = client_for(world.handler).post(URL, {"name": ""})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_the_owner_revokes_a_token(world, client_for):
    token, _secret = services.issue_token(world.handler, name="旧手机")
    response = client_for(world.handler).post(reverse("apitokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_revoking_twice_shows_a_message(world, client_for):
    token, _secret = services.issue_token(world.handler, name="旧手机")
    client = client_for(world.handler)
    client.post(reverse("apitokens:revoke", args=[token.pk]))
    response = client.post(reverse("apitokens:revoke", args=[token.pk]), follow=True)
    assert "该令牌已撤销" in response.content.decode()


def test_another_persons_token_is_404_on_the_page(world, client_for):
    token, _secret = services.issue_token(world.handler, name="手机")
    response = client_for(world.office_admin).post(reverse("apitokens:revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None


def test_revoke_needs_post(world, client_for):
    token, _secret = services.issue_token(world.handler, name="手机")
    assert client_for(world.handler).get(reverse("apitokens:revoke", args=[token.pk])).status_code == 405


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
