"""The read-only inspection API: what each persona gets, and a covert round's secrecy."""

from __future__ import annotations

import pytest

from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, RoundSite, Verdict
from chuangwen.inspections.tests.conftest import inspect, plan_round

pytestmark = pytest.mark.django_db


def _get(client_for, user, path):
    response = client_for(user).get(f"/api{path}")
    return response.status_code, response.json()


@pytest.fixture
def open_round(place):
    round_ = plan_round(place)
    entry = RoundSite.objects.filter(round=round_, site=place.sites_a[0]).select_related("site").get()
    visit = inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL})
    return round_, visit


def test_office_lists_and_reads_everything(place, open_round, client_for):
    round_, visit = open_round
    status, body = _get(client_for, place.world.office_staff, "/rounds")
    assert status == 200 and body["count"] == 1
    assert body["items"][0]["code"] == round_.code
    status, body = _get(client_for, place.world.office_staff, f"/rounds/{round_.pk}")
    assert body["seed"] == 42 and body["teams"][0]["name"] == "第一组"
    status, body = _get(client_for, place.world.office_staff, f"/rounds/{round_.pk}/sites")
    assert len(body) == len(place.sites)
    status, body = _get(client_for, place.world.office_staff, f"/visits/{visit.pk}")
    assert status == 200 and body["inspector"]["name"] == "inspector"
    failed = [r for r in body["results"] if r["verdict"] == "fail"]
    assert len(failed) == 1 and failed[0]["problem_id"] is not None


def test_a_unit_sees_its_own_sites_only_and_no_inspector(place, open_round, client_for):
    round_, visit = open_round
    handler = place.world.handler  # dept_a answers for the sites of district A
    status, body = _get(client_for, handler, f"/rounds/{round_.pk}")
    assert status == 200 and body["seed"] is None and body["teams"] == []
    status, body = _get(client_for, handler, f"/rounds/{round_.pk}/sites")
    assert {row["site"]["id"] for row in body} == {s.pk for s in place.sites_a}
    status, body = _get(client_for, handler, f"/visits/{visit.pk}")
    assert status == 200 and body["inspector"] is None
    status, _body = _get(client_for, place.world.outsider, f"/visits/{visit.pk}")
    assert status == 404
    status, body = _get(client_for, place.world.outsider, f"/rounds/{round_.pk}/sites")
    assert body == []


def test_a_covert_round_is_absent_until_published(place, client_for):
    round_ = plan_round(place, kind=Kind.COVERT)
    entry = RoundSite.objects.filter(round=round_, site=place.sites_a[0]).select_related("site").get()
    visit = inspect(place, round_, entry, {place.items[0].pk: Verdict.FAIL})
    outsiders = [place.world.handler, place.world.unit_head, place.world.district_officer, place.world.leader]
    for user in outsiders:
        assert _get(client_for, user, "/rounds")[1]["count"] == 0
        assert _get(client_for, user, f"/rounds/{round_.pk}")[0] == 404
        assert _get(client_for, user, f"/rounds/{round_.pk}/sites")[0] == 404
        assert _get(client_for, user, f"/visits/{visit.pk}")[0] == 404
    for user in (place.world.inspector, place.inspector2, place.world.office_admin):
        assert _get(client_for, user, f"/visits/{visit.pk}")[0] == 200
    services.close_round(place.world.office_staff, round_)
    services.publish_round(place.world.office_staff, round_)
    for user in outsiders:
        assert _get(client_for, user, "/rounds")[1]["count"] == 1
        assert _get(client_for, user, f"/visits/{visit.pk}")[0] == 200


def test_filters_and_bad_input(place, open_round, client_for):
    office = place.world.office_staff
    assert _get(client_for, office, "/rounds?status=draft")[1]["count"] == 0
    assert _get(client_for, office, "/rounds?kind=open")[1]["count"] == 1
    status, body = _get(client_for, office, "/rounds?limit=1000")
    assert status == 422 and body["field"] == "limit"
    assert client_for(office).get("/api/rounds/999999").status_code == 404


def test_anonymous_is_refused(place, client):
    assert client.get("/api/rounds").status_code == 401
