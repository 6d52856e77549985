import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.indicators import services
from chuangwen.indicators.models import IndexNode, NodeLevel
from chuangwen.indicators.tests.helpers import counts
from chuangwen.lib.errors import DomainError, PermissionDenied

pytestmark = pytest.mark.django_db


def test_it_creates_a_category_and_an_indicator_under_it(world, client_for, index):
    client = client_for(world.office_staff)
    url = reverse("indicators:node_create", args=[index.edition.pk])
    response = client.post(url, {"code": "C02", "title": "公共秩序", "sort_order": "2"})
    assert response.status_code == 302
    category = IndexNode.objects.get(code="C02")
    assert (category.level, category.parent, category.sort_order) == (NodeLevel.CATEGORY, None, 2)
    response = client.post(
        f"{url}?level=2&parent={category.pk}", {"parent": category.pk, "code": "C02.01", "title": "交通秩序"}
    )
    assert response.status_code == 302
    assert IndexNode.objects.get(code="C02.01").parent == category
    assert AuditEvent.objects.filter(event_type="index_node.created", object_id=str(category.pk)).count() == 1


def test_the_create_form_preselects_the_parent(world, client_for, index):
    url = reverse("indicators:node_create", args=[index.edition.pk])
    response = client_for(world.office_admin).get(f"{url}?level=3&parent={index.indicator.pk}")
    assert response.status_code == 200
    assert f'value="{index.indicator.pk}" selected' in response.content.decode()


def test_it_refuses_a_parent_of_the_wrong_level(world, index):
    before = counts()
    with pytest.raises(DomainError) as exc:
        services.create_node(world.office_admin, index.edition, level=3, parent=index.category, code="X", title="X")
    assert exc.value.field == "parent"
    with pytest.raises(DomainError):
        services.create_node(world.office_admin, index.edition, level=1, parent=index.category, code="X", title="X")
    with pytest.raises(DomainError):
        services.create_node(world.office_admin, index.edition, level=2, code="X", title="X")
    assert counts() == before


def test_it_refuses_a_parent_from_another_edition(world, index):
    other = services.create_edition(world.office_admin, code="E2", name="2", year=2024)
    with pytest.raises(DomainError):
        services.create_node(world.office_admin, other, level=2, parent=index.category, code="X", title="X")


def test_it_refuses_a_duplicate_code_in_the_view_with_400(world, client_for, index):
    before = counts()
    url = reverse("indicators:node_create", args=[index.edition.pk])
    response = client_for(world.office_admin).post(url, {"code": "C01.01", "title": "重复"})
    assert response.status_code == 400
    assert "编码“C01.01”在本版本中已存在" in response.content.decode()
    assert counts() == before


def test_it_refuses_a_bad_level_parameter(world, client_for, index):
    url = reverse("indicators:node_create", args=[index.edition.pk])
    assert client_for(world.office_admin).get(f"{url}?level=7").status_code == 400
    assert client_for(world.office_admin).get(f"{url}?level=x").status_code == 400


def test_it_edits_a_node_with_one_audit_event(world, client_for, index):
    url = reverse("indicators:node_edit", args=[index.indicator.pk])
    data = {"parent": index.category.pk, "code": "C01.01", "title": "市容市貌", "sort_order": "0"}
    response = client_for(world.office_admin).post(url, data)
    assert response.status_code == 302
    index.indicator.refresh_from_db()
    assert index.indicator.title == "市容市貌"
    event = AuditEvent.objects.get(event_type="index_node.updated")
    assert (event.before, event.after) == ({"title": "市容环境"}, {"title": "市容市貌"})


def test_it_deletes_an_empty_node_and_refuses_a_full_one(world, client_for, index):
    client = client_for(world.office_admin)
    before = counts()
    response = client.post(reverse("indicators:node_delete", args=[index.content.pk]))
    assert response.status_code == 400
    assert "请先删除" in response.content.decode()
    assert counts() == before
    empty = services.create_node(world.office_admin, index.edition, level=1, code="C09", title="空")
    assert client.get(reverse("indicators:node_delete", args=[empty.pk])).status_code == 200
    assert client.post(reverse("indicators:node_delete", args=[empty.pk])).status_code == 302
    assert not IndexNode.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(event_type="index_node.deleted", object_id=str(empty.pk)).count() == 1


@pytest.mark.parametrize("persona", ["outsider", "handler", "unit_head", "inspector", "leader"])
def test_it_denies_non_office(world, client_for, index, persona):
    client = client_for(getattr(world, persona))
    before = counts()
    assert client.post(reverse("indicators:node_edit", args=[index.category.pk]), {"title": "x"}).status_code == 403
    assert client.post(reverse("indicators:node_delete", args=[index.category.pk])).status_code == 403
    assert client.post(reverse("indicators:node_create", args=[index.edition.pk]), {"code": "x"}).status_code == 403
    assert counts() == before
    with pytest.raises(PermissionDenied):
        services.delete_node(getattr(world, persona), index.category)


def test_it_redirects_anonymous_and_refuses_wrong_method(world, client, client_for, index):
    url = reverse("indicators:node_edit", args=[index.category.pk])
    assert client.get(url).status_code == 302
    assert client_for(world.office_admin).delete(url).status_code == 405
