import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators.models import ChecklistItem
from chuangwen.indicators.tests.helpers import counts

pytestmark = pytest.mark.django_db


def _data(site_type, **extra):
    data = {
        "site_type": site_type.pk,
        "code": "S2-1",
        "text": "公平秤",
        "rule_kind": "pass_rate",
        "deduction_per": "",
        "grade_thresholds": "",
        "veto_scope": "",
        "sort_order": "",
    }
    data.update(extra)
    return data


def test_it_creates_an_item_with_a_grade_rule(world, client_for, index, site_types):
    url = reverse("indicators:item_create", args=[index.b.pk])
    data = _data(site_types.market, rule_kind="grade", grade_thresholds="A:95:1、B:80:0.8")
    response = client_for(world.office_staff).post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:standard_detail", args=[index.b.pk])
    item = ChecklistItem.objects.get(code="S2-1")
    assert item.grade_thresholds == [{"grade": "A", "min": 95, "ratio": 1}, {"grade": "B", "min": 80, "ratio": 0.8}]
    assert AuditEvent.objects.for_object(item).get().event_type == "checklist_item.created"


def test_the_form_offers_only_the_standards_site_types(world, client_for, index, site_types):
    response = client_for(world.office_admin).get(reverse("indicators:item_create", args=[index.a.pk]))
    assert response.status_code == 200
    assert "主次干道" in response.content.decode()
    assert "农贸市场" not in response.content.decode()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"rule_kind": "deduction"}, "按处扣分必须填写每处扣分"),
        ({"rule_kind": "deduction", "deduction_per": "0"}, "每处扣分必须大于 0"),
        ({"rule_kind": "grade", "grade_thresholds": "A:80:1、B:90:0.5"}, "严格递减"),
        ({"rule_kind": "veto"}, "一票否决必须选择否决范围"),
    ],
)
def test_bad_rules_are_400_and_change_nothing(world, client_for, index, site_types, extra, message):
    before = counts()
    response = client_for(world.office_admin).post(
        reverse("indicators:item_create", args=[index.b.pk]), _data(site_types.market, **extra)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_a_site_type_outside_the_standard_is_400(world, client_for, index, site_types):
    before = counts()
    response = client_for(world.office_admin).post(
        reverse("indicators:item_create", args=[index.a.pk]), _data(site_types.market)
    )
    assert response.status_code == 400
    assert counts() == before


def test_it_edits_and_deletes_an_item(world, client_for, index, site_types):
    client = client_for(world.office_admin)
    edit = reverse("indicators:item_edit", args=[index.item.pk])
    assert 'value="2.00"' in client.get(edit).content.decode()
    data = _data(site_types.road, code="S1-1", text="每处垃圾扣 1 分", rule_kind="deduction", deduction_per="1")
    assert client.post(edit, data).status_code == 302
    index.item.refresh_from_db()
    assert str(index.item.deduction_per) == "1.00"
    event = AuditEvent.objects.get(event_type="checklist_item.updated")
    assert event.after == {"text": "每处垃圾扣 1 分", "deduction_per": "1.00"}
    delete = reverse("indicators:item_delete", args=[index.item.pk])
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not ChecklistItem.objects.filter(pk=index.item.pk).exists()
    assert AuditEvent.objects.filter(event_type="checklist_item.deleted").count() == 1


@pytest.mark.parametrize("persona", ["outsider", "handler", "unit_head", "inspector", "leader", "grid_worker"])
def test_it_denies_non_office(world, client_for, index, site_types, persona):
    client = client_for(getattr(world, persona))
    before = counts()
    assert client.post(reverse("indicators:item_create", args=[index.a.pk]), _data(site_types.road)).status_code == 403
    assert client.post(reverse("indicators:item_edit", args=[index.item.pk]), _data(site_types.road)).status_code == 403
    assert client.post(reverse("indicators:item_delete", args=[index.item.pk])).status_code == 403
    assert counts() == before


def test_it_redirects_anonymous_and_refuses_wrong_method(world, client, client_for, index):
    url = reverse("indicators:item_edit", args=[index.item.pk])
    assert client.get(url).status_code == 302
    assert client_for(world.office_admin).put(url).status_code == 405
    assert client_for(world.office_admin).get(reverse("indicators:item_edit", args=[999])).status_code == 404
