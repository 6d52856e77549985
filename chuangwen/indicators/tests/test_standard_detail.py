import pytest
from django.urls import reverse

from chuangwen.indicators import services

pytestmark = pytest.mark.django_db


def _url(standard):
    return reverse("indicators:standard_detail", args=[standard.pk])


def test_it_shows_the_standard_with_its_checklist_and_rules(world, client_for, index, site_types):
    services.create_checklist_item(
        world.office_admin,
        index.b,
        site_type=site_types.market,
        code="S2-1",
        text="知晓率",
        rule_kind="grade",
        grade_thresholds=[{"grade": "A", "min": 95, "ratio": 1}, {"grade": "B", "min": 80, "ratio": 0.8}],
    )
    services.create_checklist_item(
        world.office_admin,
        index.b,
        site_type=site_types.road,
        code="S2-2",
        text="重大事故",
        rule_kind="veto",
        veto_scope="total",
    )
    response = client_for(world.leader).get(_url(index.b))
    assert response.status_code == 200
    body = response.content.decode()
    for text in (
        "公益广告每200米至少1处",
        "公共环境",
        "市容环境",
        "市交通局",
        "市城管局",
        "农贸市场",
        "知晓率",
        "A:95:1.0、B:80:0.8",
        "一票否决（总分否决）",
        "负面清单",
    ):
        assert text in body
    assert reverse("indicators:standard_edit", args=[index.b.pk]) not in body


def test_it_shows_a_deduction_rule_and_office_actions(world, client_for, index):
    body = client_for(world.office_staff).get(_url(index.a)).content.decode()
    assert "每处扣 2 分" in body
    assert reverse("indicators:item_edit", args=[index.item.pk]) in body


@pytest.mark.parametrize(
    ("persona", "standard", "status"),
    [
        ("handler", "a", 200),
        ("handler", "b", 200),
        ("handler", "c", 404),
        ("unit_head", "c", 404),
        ("outsider", "a", 404),
        ("outsider", "c", 200),
        ("district_officer", "c", 200),
        ("inspector", "c", 200),
    ],
)
def test_units_see_only_their_standards(world, client_for, index, persona, standard, status):
    assert client_for(getattr(world, persona)).get(_url(getattr(index, standard))).status_code == status


def test_grid_workers_are_denied_and_anonymous_redirected(world, client_for, client, index):
    assert client_for(world.grid_worker).get(_url(index.a)).status_code == 403
    assert client.get(_url(index.a)).status_code == 302


def test_wrong_method_and_unknown_standard(world, client_for, index):
    assert client_for(world.office_admin).post(_url(index.a)).status_code == 405
    assert client_for(world.office_admin).get(reverse("indicators:standard_detail", args=[999])).status_code == 404
