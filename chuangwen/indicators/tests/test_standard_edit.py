from decimal import Decimal

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators import services
from chuangwen.indicators.models import ChecklistItem, Standard
from chuangwen.indicators.tests.helpers import counts
from chuangwen.lib.errors import DomainError
from chuangwen.testing import make_unit
from chuangwen.units.models import UnitKind

pytestmark = pytest.mark.django_db


def _form(world, types, **extra):
    data = {
        "content": "",
        "code": "S9",
        "text": "农贸市场设公平秤",
        "points": "3",
        "methods": ["field"],
        "site_types": [types.market.pk],
        "lead_unit": world.dept_a.pk,
        "responsible_units": [world.dept_b.pk, world.district_a.pk],
        "negative_list": "on",
        "sort_order": "",
    }
    data.update(extra)
    return data


def test_it_creates_a_standard_with_units_and_site_types(world, client_for, index, site_types):
    url = reverse("indicators:standard_create", args=[index.content.pk])
    response = client_for(world.office_staff).post(url, _form(world, site_types, content=index.content.pk))
    standard = Standard.objects.get(code="S9")
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:standard_detail", args=[standard.pk])
    assert (standard.points, standard.methods, standard.negative_list) == (Decimal("3"), ["field"], True)
    assert list(standard.site_types.all()) == [site_types.market]
    assert set(standard.responsible_units.all()) == {world.dept_b, world.district_a}
    (event,) = AuditEvent.objects.for_object(standard)
    assert event.event_type == "standard.created"
    assert event.after["responsible_units"] == sorted([world.dept_b.pk, world.district_a.pk])


def test_the_create_form_renders(world, client_for, index):
    response = client_for(world.office_admin).get(reverse("indicators:standard_create", args=[index.content.pk]))
    assert response.status_code == 200
    assert 'type="checkbox" name="methods"' in response.content.decode()


def test_standards_hang_only_under_contents(world, client_for, index):
    url = reverse("indicators:standard_create", args=[index.indicator.pk])
    assert client_for(world.office_admin).get(url).status_code == 404


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"points": "-1"}, "points", "分值不能小于 0"),
        ({"methods": []}, "methods", "请至少选择一种测评方法"),
        ({"methods": ["field", "magic"]}, "methods", "未知的测评方法"),
        ({"site_types": []}, "site_types", "实地考察的标准必须选择点位类型"),
        ({"code": "S1"}, "code", "已存在"),
        ({"text": "  "}, "text", "不能为空"),
    ],
)
def test_service_rules(world, index, site_types, change, field, message):
    fields = {
        "code": "S9",
        "text": "公平秤",
        "points": "3",
        "methods": ["field"],
        "site_types": [site_types.market],
        "lead_unit": world.dept_a,
        "responsible_units": [world.dept_b],
    }
    fields.update(change)
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.create_standard(world.office_admin, index.content, **fields)
    assert exc.value.field == field
    assert message in str(exc.value.message)
    assert counts() == before


def test_assessors_cannot_answer_for_a_standard(world, index):
    assessor = make_unit(UnitKind.ASSESSOR, "第三方测评公司")
    with pytest.raises(DomainError) as exc:
        services.set_responsibility(world.office_admin, index.a, lead_unit=None, responsible_units=[assessor])
    assert exc.value.field == "responsible_units"
    with pytest.raises(DomainError):
        services.update_standard(world.office_admin, index.a, lead_unit=assessor)


def test_it_edits_a_standard_with_one_audit_event(world, client_for, index, site_types):
    url = reverse("indicators:standard_edit", args=[index.c.pk])
    data = _form(
        world,
        site_types,
        content=index.content.pk,
        code="S3",
        text="公交站台整洁",
        points="1.25",
        methods=["material", "survey"],
        site_types=[],
        negative_list="",
    )
    response = client_for(world.office_admin).post(url, data)
    assert response.status_code == 302
    index.c.refresh_from_db()
    assert (index.c.text, index.c.points, index.c.methods) == ("公交站台整洁", Decimal("1.25"), ["material", "survey"])
    event = AuditEvent.objects.get(event_type="standard.updated")
    assert event.after["points"] == "1.25"
    assert "code" not in event.after


def test_the_edit_form_shows_current_values(world, client_for, index):
    response = client_for(world.office_admin).get(reverse("indicators:standard_edit", args=[index.b.pk]))
    assert response.status_code == 200
    assert "公益广告每200米至少1处" in response.content.decode()


def test_a_site_type_with_checklist_items_cannot_be_removed(world, client_for, index, site_types):
    url = reverse("indicators:standard_edit", args=[index.a.pk])
    data = _form(world, site_types, content=index.content.pk, code="S1", site_types=[site_types.market.pk])
    before = counts()
    response = client_for(world.office_admin).post(url, data)
    assert response.status_code == 400
    assert "主次干道" in response.content.decode()
    assert counts() == before
    assert list(index.a.site_types.all()) == [site_types.road]


def test_bad_input_is_400_and_changes_nothing(world, client_for, index, site_types):
    url = reverse("indicators:standard_edit", args=[index.c.pk])
    before = counts()
    response = client_for(world.office_admin).post(
        url, _form(world, site_types, content=index.content.pk, points="abc")
    )
    assert response.status_code == 400
    response = client_for(world.office_admin).post(
        url, _form(world, site_types, content=index.content.pk, code="S3", site_types=[])
    )
    assert response.status_code == 400
    assert "实地考察的标准必须选择点位类型" in response.content.decode()
    assert counts() == before


def test_it_deletes_a_standard_with_its_items_in_one_audit_event(world, client_for, index):
    client = client_for(world.office_admin)
    url = reverse("indicators:standard_delete", args=[index.a.pk])
    assert client.get(url).status_code == 200
    events = AuditEvent.objects.count()
    assert client.post(url).status_code == 302
    assert not Standard.objects.filter(pk=index.a.pk).exists()
    assert not ChecklistItem.objects.filter(pk=index.item.pk).exists()
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.get(event_type="standard.deleted")
    assert event.before["checklist_items"] == ["S1-1"]


@pytest.mark.parametrize("persona", ["outsider", "handler", "unit_head", "district_officer", "leader", "inspector"])
def test_it_denies_non_office(world, client_for, index, site_types, persona):
    client = client_for(getattr(world, persona))
    before = counts()
    data = _form(world, site_types, content=index.content.pk)
    assert client.post(reverse("indicators:standard_create", args=[index.content.pk]), data).status_code == 403
    assert client.post(reverse("indicators:standard_edit", args=[index.b.pk]), data).status_code == 403
    assert client.post(reverse("indicators:standard_delete", args=[index.b.pk])).status_code == 403
    assert counts() == before


def test_it_redirects_anonymous_and_refuses_wrong_method(world, client, client_for, index):
    url = reverse("indicators:standard_edit", args=[index.a.pk])
    assert client.post(url).status_code == 302
    assert client_for(world.office_admin).put(url).status_code == 405
    assert client_for(world.office_admin).get(reverse("indicators:standard_edit", args=[999])).status_code == 404
