"""Registering a problem from the new-problem page, with photos; "assign now" for the offices."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.problems.models import PhotoKind, Problem, Status
from chuangwen.problems.tests.pages_support import counts, events_of, jpeg_upload, stored_files, text_upload

pytestmark = pytest.mark.django_db
URL = reverse("problems:create")


def _data(place, **extra) -> dict:
    data = {"source": "inspection", "site": place.site.pk, "severity": "major", "description": "东华路占道经营"}
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_it_registers_a_problem_with_photos(world, client_for, place):
    data = _data(place, standard=place.standard.code, photos=[jpeg_upload(), jpeg_upload()])
    response = client_for(world.office_staff).post(URL, data)
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == reverse("problems:detail", args=[problem.pk])
    assert problem.status == Status.NEW and problem.site == place.site and problem.standard == place.standard
    assert problem.district == world.district_a and problem.severity == "major"
    assert [p.kind for p in problem.photos.all()] == [PhotoKind.BEFORE, PhotoKind.BEFORE]
    assert events_of(problem, "problem.created").count() == 1


def test_it_registers_by_address_without_a_site(world, client_for, place):
    data = _data(place, site="", address="东华路18号门前", lat="30.600100", lng="114.300200")
    assert client_for(world.district_officer).post(URL, data).status_code == 302
    problem = Problem.objects.get()
    assert problem.address == "东华路18号门前" and str(problem.lat) == "30.600100"
    assert problem.district == world.district_a  # the district office's own district


def test_it_assigns_now_for_the_office(world, client_for, place):
    response = client_for(world.office_staff).post(URL, _data(place, assign_now="on"), follow=True)
    problem = Problem.objects.get()
    assert problem.status == Status.ASSIGNED and problem.responsible_unit == world.dept_a
    assert events_of(problem, "problem.assigned").count() == 1
    assert "已交办给市城管局" in response.content.decode()


def test_it_keeps_the_problem_when_assign_now_is_refused(world, client_for, place):
    data = _data(place, site="", address="无名路口", assign_now="on")
    response = client_for(world.office_staff).post(URL, data, follow=True)
    problem = Problem.objects.get()
    assert problem.status == Status.NEW
    assert "问题已登记，但未能立即交办" in response.content.decode()


def test_it_limits_sources_by_role_and_offers_assign_now_to_offices_only(world, client_for):
    form = client_for(world.inspector).get(URL).context["form"]
    assert [c[0] for c in form.fields["source"].choices] == ["inspection"]
    assert "assign_now" not in form.fields and "reporter_phone" not in form.fields
    assert "assign_now" in client_for(world.district_officer).get(URL).context["form"].fields


def test_it_registers_the_grid_workers_problem_in_their_grid(world, client_for, place):
    data = _data(place, source="grid", site="", address="东华社区3栋楼下", photos=[jpeg_upload()])
    assert client_for(world.grid_worker).post(URL, data).status_code == 302
    assert Problem.objects.get().territorial_unit == world.grid_a


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"description": ""}, "请填写问题描述"),
        ({"site": "", "address": ""}, "请选择点位，或填写问题地址或位置"),
        ({"standard": "NOPE"}, "现行测评体系中没有编码为 NOPE 的标准"),
        ({"photos": "text"}, "文件不是有效的图片"),
        ({"lat": "30.6"}, "经纬度须同时填写"),
        ({"source": "leader"}, "选择一个有效的选项"),  # an inspector registers inspection findings only
    ],
)
def test_it_answers_bad_input_with_400_and_changes_nothing(world, client_for, place, extra, message):
    data = _data(place, **extra)
    if extra.get("photos") == "text":
        data["photos"] = [jpeg_upload(), text_upload()]
    user = world.inspector if extra.get("source") == "leader" else world.office_staff
    if extra.get("source") == "leader":
        data["source"] = "leader"
    before = counts()
    response = client_for(user).post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    if "description" not in extra:
        assert "东华路占道经营" in html  # what was typed stays
    assert counts() == before and stored_files() == []


def test_it_finds_sites_to_choose_from(world, client_for, place):
    response = client_for(world.office_staff).get(reverse("problems:site_options"), {"site_q": "东华"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<option value="{place.site.pk}" selected>东华路（{place.site.code}）</option>' in html
    assert (
        "没有找到匹配的点位"
        in client_for(world.office_staff)
        .get(reverse("problems:site_options"), {"site_q": "不存在的路"})
        .content.decode()
    )


@pytest.mark.parametrize("persona", ["handler", "unit_head", "outsider"])
def test_it_is_refused_to_units(world, client_for, place, persona):
    client = client_for(world.personas[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, _data(place)).status_code == 403
    assert client.get(reverse("problems:site_options")).status_code == 403
    assert Problem.objects.count() == 0


def test_it_needs_a_login(world, client):
    assert client.get(URL).status_code == 302


def test_it_refuses_put(world, client_for):
    assert client_for(world.office_staff).put(URL).status_code == 405
