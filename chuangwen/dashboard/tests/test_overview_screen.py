"""The big screen (大屏): a page of its own without the navbar, the figures large, a refresh interval
from the settings or the address, and a session that a polling wall display keeps alive."""

from __future__ import annotations

import json
import re

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from chuangwen.dashboard.tests.overview_support import NOW, ago, figure, make_problem
from chuangwen.problems.models import Status

pytestmark = pytest.mark.django_db
URL = reverse("overview_screen")


def _config(body: str) -> dict:
    found = re.search(r'<script id="screen-config" type="application/json">(.*?)</script>', body, re.S)
    return json.loads(found.group(1))


def test_the_screen_has_no_navbar_and_shows_the_figures(world, client_for):
    make_problem(world.street_a, Status.ASSIGNED, world.dept_a, deadline=ago(days=2))
    make_problem(world.street_b, Status.ASSIGNED, world.dept_b, deadline=ago(days=1))
    with time_machine.travel(NOW, tick=False):
        response = client_for(world.leader).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="navbar' not in body and 'id="mainnav"' not in body
    assert figure(body, "open") == "2" and figure(body, "overdue") == "2"
    assert 'id="clock-time"' in body and 'id="overview-map"' in body and 'id="chart-ranking"' in body
    assert 'data-updated="2026-11-18T10:00:00+08:00"' in body
    assert "数据更新于 2026-11-18 10:00:00" in body
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_refreshes_every_minute_by_default(world, client_for):
    config = _config(client_for(world.office_staff).get(URL).content.decode())
    assert config["refreshSeconds"] == settings.DASHBOARD_SCREEN_REFRESH_SECONDS == 60
    assert config["dataUrl"] == reverse("overview_data") + "?screen=1"
    assert config["timeZone"] == "Asia/Shanghai"


def test_the_interval_comes_from_the_settings(world, client_for, settings):
    settings.DASHBOARD_SCREEN_REFRESH_SECONDS = 15
    body = client_for(world.office_staff).get(URL).content.decode()
    assert _config(body)["refreshSeconds"] == 15 and "每 15 秒自动刷新" in body


def test_the_address_may_ask_for_another_interval(world, client_for):
    assert _config(client_for(world.leader).get(URL, {"refresh": "5"}).content.decode())["refreshSeconds"] == 5


@pytest.mark.parametrize("value", ["abc", "4", "3601", "-10", "1.5"])
def test_a_bad_interval_is_refused_with_a_message(world, client_for, value):
    response = client_for(world.leader).get(URL, {"refresh": value})
    assert response.status_code == 400
    assert "刷新间隔须为 5 到 3600 之间的整数（秒）" in response.content.decode()


def test_a_district_screen(world, client_for):
    make_problem(world.street_b, Status.ASSIGNED, world.dept_b)
    body = client_for(world.leader).get(URL, {"district": world.district_b.pk}).content.decode()
    assert "西城区" in body and figure(body, "open") == "1"
    assert _config(body)["dataUrl"] == reverse("overview_data") + f"?district={world.district_b.pk}&screen=1"


def test_the_screens_polling_keeps_the_session_alive(world, client_for):
    client = client_for(world.leader)
    polled = client.get(reverse("overview_data"), {"screen": "1"})
    assert polled.status_code == 200
    assert settings.SESSION_COOKIE_NAME in polled.cookies
    assert polled.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE
    plain = client.get(reverse("overview_data"))
    assert settings.SESSION_COOKIE_NAME not in plain.cookies


def test_a_lost_session_is_sent_to_login_not_given_data(world, client_for):
    client = client_for(world.leader)
    client.logout()
    response = client.get(reverse("overview_data"), {"screen": "1"})
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
