"""The points page: a phone and one of its tracking codes show the balance and the ledger; any
wrong pair gets the same "not found" answer (no enumeration of phones or codes)."""

from __future__ import annotations

import pytest

from chuangwen.citizens import services
from chuangwen.citizens.models import PointsEntry
from chuangwen.citizens.tests.public_support import PHONE, accepted, public_category, submitted

pytestmark = pytest.mark.django_db
POINTS_URL = "/report/points/"
NOT_FOUND = "没有找到：请核对手机号和查询码"


@pytest.fixture
def category(world):
    return public_category(world)


def test_the_form_is_public(world, client):
    response = client.get(POINTS_URL)
    assert response.status_code == 200 and 'id="points-form"' in response.content.decode()


def test_a_phone_and_its_code_show_the_balance_and_the_ledger(world, category, client):
    first, _problem = accepted(world, category)
    second, _other = accepted(world, category, description="井盖缺失")
    pending = submitted(category, description="还在等待受理")
    accepted(world, category, phone="13800000009")  # someone else's points
    response = client.post(POINTS_URL, {"phone": "+86 139 1234 5678", "code": pending.tracking_code.lower()})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-balance="20"' in page
    assert first.tracking_code in page and second.tracking_code in page
    assert pending.tracking_code not in page.split('id="points-ledger"')[1]  # no points yet: no line
    assert PHONE not in page and "139****5678" in page
    assert PointsEntry.objects.filter(phone=PHONE).count() == 2


def test_a_phone_without_points_yet_sees_zero(world, category, client):
    report = submitted(category)
    response = client.post(POINTS_URL, {"phone": PHONE, "code": report.tracking_code})
    assert response.status_code == 200 and 'data-balance="0"' in response.content.decode()
    assert 'id="points-empty"' in response.content.decode()


def test_every_wrong_pair_gets_the_same_answer(world, category, client):
    mine, _problem = accepted(world, category)
    theirs, _other = accepted(world, category, phone="13800000009")
    anonymous = submitted(category, phone="")
    services.reject_report(world.office_staff, anonymous, reason="重复")
    answers = [
        client.post(POINTS_URL, {"phone": PHONE, "code": theirs.tracking_code}),  # a real code of another phone
        client.post(POINTS_URL, {"phone": "13700000000", "code": mine.tracking_code}),  # a phone never seen
        client.post(POINTS_URL, {"phone": PHONE, "code": "ABCDEFGHJK"}),  # an unknown code
        client.post(POINTS_URL, {"phone": "", "code": anonymous.tracking_code}),  # no phone at all
    ]
    assert [a.status_code for a in answers[:3]] == [404, 404, 404]
    texts = {a.content.decode().split('id="form-error">')[1].split("<")[0] for a in answers[:3]}
    assert len(texts) == 1 and NOT_FOUND in texts.pop()
    assert answers[3].status_code == 400 and "请输入手机号" in answers[3].content.decode()
    for answer in answers:
        assert 'id="points-balance"' not in answer.content.decode()


def test_points_lookups_are_limited(world, category, client, settings):
    settings.CITIZEN_LOOKUPS_PER_MINUTE = 2
    report = submitted(category)
    for _ in range(2):
        assert client.post(POINTS_URL, {"phone": "13700000000", "code": report.tracking_code}).status_code == 404
    refused = client.post(POINTS_URL, {"phone": PHONE, "code": report.tracking_code})
    assert refused.status_code == 429 and "查询过于频繁" in refused.content.decode()


def test_only_get_and_post(world, client):
    assert client.put(POINTS_URL).status_code == 405
