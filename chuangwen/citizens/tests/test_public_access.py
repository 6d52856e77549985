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
