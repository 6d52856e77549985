"""The public pages are open to everyone, logged in or not (they are listed in the access matrix's
PUBLIC set), and they never show the office's navigation or anyone's personal data."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from chuangwen.citizens.tests.public_support import PHONE, public_category, submitted

pytestmark = pytest.mark.django_db
PERSONAS = [None, "office_admin", "office_staff", "district_officer", "handler", "outsider", "inspector", "leader"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_may_open_the_public_pages(world, client_for, persona):
    report = submitted(public_category(world))
    client = Client() if persona is None else client_for(world.personas[persona])
    urls = [
        reverse("citizens:report"),
        reverse("citizens:report_done", args=[report.tracking_code]),
        reverse("citizens:status"),
        reverse("citizens:status_detail", args=[report.tracking_code]),
        reverse("citizens:points"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert 'id="mainnav"' not in page and PHONE not in page


def test_the_client_address_behind_a_trusted_proxy(settings, rf):
    from chuangwen.citizens.public_limits import client_address

    request = rf.get("/report/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.9", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "10.0.0.1"  # no proxy trusted: the header is ignored
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "10.0.0.9"  # what our proxy appended, not what the client sent
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request) == "1.2.3.4"


def test_a_form_without_its_token_gets_a_chinese_explanation(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/report/", {"description": "垃圾"})
    assert response.status_code == 403
    assert "请刷新页面后重新提交" in response.content.decode()
