import datetime

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse

from chuangwen.audit import services as audit
from chuangwen.testing import make_unit
from chuangwen.units import services as unit_services
from chuangwen.units.models import UnitKind

pytestmark = pytest.mark.django_db
URL = reverse("audit:list")
ALLOWED = ["office_admin", "office_staff"]
DENIED = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def _ids(response):
    return [row.event.pk for row in response.context["rows"]]


def _types(response):
    return [row.event.event_type for row in response.context["rows"]]


@pytest.fixture
def changes(world):
    """Two admin edits on top of the world's creation events."""
    unit_services.update_unit(world.office_admin, world.dept_a, reason="换联络员", liaison_name="赵联络")
    unit_services.update_user(world.office_admin, world.handler, name="韩经办")
    return world


def test_it_lists_newest_first_with_a_readable_diff(changes, client_for):
    response = client_for(changes.office_staff).get(URL)
    assert response.status_code == 200
    assert _types(response)[:2] == ["user.updated", "unit.updated"]
    unit_row = response.context["rows"][1]
    assert unit_row.label == "修改单位" and unit_row.object_label == "单位"
    assert [(d.label, d.before, d.after) for d in unit_row.diff] == [("联络员", "—", "赵联络")]
    body = response.content.decode()
    assert "换联络员" in body and "市城管局" in body and "韩经办" in body
    assert response.context["section"] == "audit"


def test_a_creation_shows_choice_labels_booleans_and_ids(world, client_for):
    response = client_for(world.office_admin).get(URL, {"event_type": "unit.created", "object_id": world.street_a.pk})
    (row,) = response.context["rows"]
    diff = {d.field: (d.before, d.after) for d in row.diff}
    assert diff["kind"] == ("—", "街道")
    assert diff["is_active"] == ("—", "是")
    assert diff["parent_id"] == ("—", f"东城区 (#{world.district_a.pk})")
    assert row.is_creation
    assert row.event.actor is None and "系统" in response.content.decode()


def test_it_filters_by_event_type_prefix_actor_object_and_text(changes, client_for):
    client = client_for(changes.office_admin)
    assert set(_types(client.get(URL, {"event_type": "user."}))) == {"user.created", "user.updated"}
    assert _types(client.get(URL, {"actor": "office_admin"})) == ["user.updated", "unit.updated"]
    assert _types(client.get(URL, {"actor": "OFFICE_ADMIN"})) == ["user.updated", "unit.updated"]
    assert set(_types(client.get(URL, {"actor": "system"}))) == {"unit.created", "user.created"}
    by_object = client.get(URL, {"object_type": "units.unit", "object_id": changes.dept_a.pk})
    assert _types(by_object) == ["unit.updated", "unit.created"]
    assert _types(client.get(URL, {"q": "换联络"})) == ["unit.updated"]
    assert _types(client.get(URL, {"q": "东华社区第一"})) == ["unit.created"]
    assert _types(client.get(URL, {"object_type": "units.user", "event_type": "unit."})) == []


def test_it_filters_by_request_id(world, client_for):
    client = client_for(world.office_admin)
    client.post(
        reverse("units:unit_edit", args=[world.dept_b.pk]),
        {"code": "D-JT", "name": "市交通运输局", "kind": UnitKind.DEPARTMENT, "parent": world.city.pk,
         "sort_order": 0, "is_active": "on"},
        headers={"X-Request-ID": "req-abcdef123"},
    )  # fmt: skip
    response = client.get(URL, {"request_id": "req-abcdef123"})
    assert _types(response) == ["unit.updated"]
    assert response.context["rows"][0].diff[0].after == "市交通运输局"


def test_it_filters_by_local_date_range(world, client_for):
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    with time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=shanghai), tick=False):
        make_unit(UnitKind.WINDOW, "三月一日", world.dept_a)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 0, 30, tzinfo=shanghai), tick=False):
        make_unit(UnitKind.WINDOW, "三月二日", world.dept_a)
    client = client_for(world.office_admin)

    def reprs(**params):
        return [row.event.object_repr for row in client.get(URL, params).context["rows"]]

    assert reprs(date_from="2026-03-01", date_to="2026-03-01") == ["三月一日"]
    assert reprs(date_from="2026-03-02", date_to="2026-03-02") == ["三月二日"]
    assert reprs(date_to="2026-03-02") == ["三月二日", "三月一日"]


def test_a_reversed_date_range_is_a_400(world, client_for):
    response = client_for(world.office_admin).get(URL, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert response.context["rows"] == []


@pytest.mark.parametrize("params", [{"date_from": "yesterday"}, {"object_type": "nope.nope"}])
def test_bad_filters_are_a_400(world, client_for, params):
    assert client_for(world.office_admin).get(URL, params).status_code == 400


def _many_events(world, n):
    with transaction.atomic():
        for i in range(n):
            audit.record(world.office_admin, "unit.updated", world.dept_a, before={"name": str(i)}, after={"name": "x"})


def test_it_pages_without_counting(world, client_for):
    _many_events(world, 60)  # plus the 18 creations of the world
    client = client_for(world.office_admin)
    first = client.get(URL)
    assert len(first.context["rows"]) == 50 and first.context["has_next"]
    assert "较早" in first.content.decode() and "page=2" in first.content.decode()
    second = client.get(URL, {"page": "2"})
    assert len(second.context["rows"]) == 28 and not second.context["has_next"]
    assert not set(_ids(first)) & set(_ids(second))
    assert client.get(URL, {"page": "x"}).context["page_number"] == 1


@pytest.mark.parametrize("params", [{}, {"actor": "office_admin", "q": "市", "date_from": "2020-01-01"}])
def test_query_count_is_pinned(world, client_for, django_assert_num_queries, params):
    _many_events(world, 120)
    client = client_for(world.office_staff)
    # session, user, user's unit (menu), the chain's head, last anchor and last check,
    # one page of events with their actors
    with django_assert_num_queries(8):
        response = client.get(URL, params)
    assert len(response.context["rows"]) == 50


def test_foreign_keys_are_named_with_one_query_per_related_model(world, client_for, django_assert_num_queries):
    for user in (world.handler, world.unit_head, world.outsider):
        unit_services.update_user(
            world.office_admin, user, unit=world.dept_b if user != world.outsider else world.dept_a
        )
    unit_services.update_unit(world.office_admin, world.street_b, parent=world.district_a)
    client = client_for(world.office_staff)
    # session, user, user's unit (menu), the chain's state (3), the page of events, the units they name
    with django_assert_num_queries(9):
        response = client.get(URL, {"event_type": "u", "actor": "office_admin"})
    moves = [row.diff[0] for row in response.context["rows"]]
    assert [(d.label, d.before, d.after) for d in moves][:2] == [
        ("上级单位", f"西城区 (#{world.district_b.pk})", f"东城区 (#{world.district_a.pk})"),
        ("所属单位", f"市交通局 (#{world.dept_b.pk})", f"市城管局 (#{world.dept_a.pk})"),
    ]


def test_wrong_method_is_405(world, client_for):
    assert client_for(world.office_admin).post(URL).status_code == 405


@pytest.mark.parametrize("persona", ALLOWED)
def test_office_roles_may_read(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 200


@pytest.mark.parametrize("persona", DENIED)
def test_others_are_denied(world, client_for, persona):
    assert client_for(world.personas[persona]).get(URL).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_name_under_a_foreign_keys_key_is_shown_as_written(world, client_for):
    """circular.issued writes the template's name under "template" (a foreign key of Circular)."""
    with transaction.atomic():
        audit.record(world.office_admin, "user.updated", world.handler, after={"unit": "默认模板", "role": "x"})
    response = client_for(world.office_admin).get(URL)
    assert response.status_code == 200
    row = response.context["rows"][0]
    assert ("所属单位", "默认模板") in [(d.label, d.after) for d in row.diff]
