from decimal import Decimal

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.sites import services
from chuangwen.sites.models import Site, SiteResponsibility, SiteType
from chuangwen.testing import make_unit
from chuangwen.units.models import UnitKind


def _fields(world, sites, **extra):
    fields = {
        "code": "N1",
        "name": "新华路",
        "site_type": sites.road,
        "lat": Decimal("30.5"),
        "lng": Decimal("114.2"),
        "territorial_unit": world.street_a,
        "responsible_units": [world.dept_a, world.dept_b],
        "road_chief_name": "李四",
        "road_chief_phone": "13800000002",
    }
    fields.update(extra)
    return fields


def test_it_creates_a_site_with_one_audit_event(world, sites):
    events = AuditEvent.objects.count()
    site = services.create_site(world.office_staff, **_fields(world, sites))
    assert set(site.responsible_units.all()) == {world.dept_a, world.dept_b}
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.for_object(site).get()
    assert event.event_type == "site.created"
    assert event.after["responsible_units"] == sorted([world.dept_a.pk, world.dept_b.pk])
    assert event.after["lat"] == "30.500000"


def test_it_refuses_anyone_but_office_staff(world, sites):
    for persona in ("district_officer", "handler", "leader", "inspector"):
        with pytest.raises(PermissionDenied):
            services.create_site(getattr(world, persona), **_fields(world, sites))
    assert not Site.objects.filter(code="N1").exists()


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"code": "A1"}, "code"),
        ({"code": ""}, "code"),
        ({"name": " "}, "name"),
        ({"code": "X" * 33}, "code"),
        ({"lat": Decimal("114.2")}, "lat"),
        ({"lng": Decimal("30.5")}, "lng"),
        ({"lat": None}, "lat"),
        ({"territorial_unit": "dept"}, "territorial_unit"),
        ({"territorial_unit": None}, "territorial_unit"),
        ({"road_chief_phone": "call me"}, "road_chief_phone"),
        ({"road_chief_name": ""}, "road_chief_name"),
        ({"site_type": "market"}, "road_chief_name"),
        ({"site_type": None}, "site_type"),
    ],
)
def test_it_refuses_a_broken_rule_and_changes_nothing(world, sites, extra, field):
    if extra.get("territorial_unit") == "dept":
        extra["territorial_unit"] = world.dept_a
    if extra.get("site_type") == "market":
        extra["site_type"] = sites.market
    before = (Site.objects.count(), SiteResponsibility.objects.count(), AuditEvent.objects.count())
    with pytest.raises(DomainError) as raised:
        services.create_site(world.office_staff, **_fields(world, sites, **extra))
    assert raised.value.field == field
    assert raised.value.message
    assert (Site.objects.count(), SiteResponsibility.objects.count(), AuditEvent.objects.count()) == before


def test_it_refuses_inactive_units_and_types_for_new_sites(world, sites):
    closed = make_unit(UnitKind.DEPARTMENT, "已撤销局", world.city, is_active=False)
    with pytest.raises(DomainError) as raised:
        services.create_site(world.office_staff, **_fields(world, sites, responsible_units=[closed]))
    assert raised.value.field == "responsible_units"
    SiteType.objects.filter(pk=sites.market.pk).update(is_active=False)
    sites.market.refresh_from_db()
    with pytest.raises(DomainError) as raised:
        services.create_site(
            world.office_staff, **_fields(world, sites, site_type=sites.market, road_chief_name="", road_chief_phone="")
        )
    assert raised.value.field == "site_type"


def test_it_updates_a_site_and_records_only_what_changed(world, sites):
    site = services.update_site(
        world.office_staff, sites.a1, name="东华路（改）", responsible_units=[world.dept_b], reason="调整包保"
    )
    assert site.name == "东华路（改）"
    assert list(site.responsible_units.all()) == [world.dept_b]
    event = AuditEvent.objects.for_object(site).get()
    assert event.event_type == "site.updated"
    assert event.before == {"name": "东华路", "responsible_units": [world.dept_a.pk]}
    assert event.after == {"name": "东华路（改）", "responsible_units": [world.dept_b.pk]}
    assert event.reason == "调整包保"


def test_an_update_that_changes_nothing_records_nothing(world, sites):
    services.update_site(world.office_staff, sites.a1, name="东华路")
    assert not AuditEvent.objects.for_object(sites.a1).exists()


def test_a_site_may_keep_its_inactive_unit_but_not_be_moved_to_one(world, sites):
    closed = make_unit(UnitKind.STREET, "旧街道", world.district_a, is_active=False)
    Site.objects.filter(pk=sites.a2.pk).update(territorial_unit=closed)
    services.update_site(world.office_staff, sites.a2, name="东华农贸市场（新）")
    with pytest.raises(DomainError):
        services.update_site(world.office_staff, sites.b1, territorial_unit=closed)


def test_it_refuses_a_code_taken_by_another_site(world, sites):
    with pytest.raises(DomainError) as raised:
        services.update_site(world.office_staff, sites.a1, code="B1")
    assert raised.value.field == "code"
    sites.a1.refresh_from_db()
    assert sites.a1.code == "A1"


def test_it_deactivates_a_site_once(world, sites):
    services.deactivate_site(world.office_staff, sites.a1, reason="道路改造")
    sites.a1.refresh_from_db()
    assert not sites.a1.is_active
    event = AuditEvent.objects.for_object(sites.a1).get()
    assert (event.event_type, event.reason) == ("site.deactivated", "道路改造")
    with pytest.raises(DomainError):
        services.deactivate_site(world.office_staff, sites.a1)
    assert AuditEvent.objects.for_object(sites.a1).count() == 1


def test_it_manages_site_types(world, sites):
    site_type = services.create_site_type(world.office_staff, code="GY", name="公园", sort_order=5)
    services.update_site_type(world.office_staff, site_type, name="公园广场")
    services.deactivate_site_type(world.office_staff, site_type)
    site_type.refresh_from_db()
    assert (site_type.name, site_type.is_active) == ("公园广场", False)
    kinds = list(AuditEvent.objects.for_object(site_type).order_by("id").values_list("event_type", flat=True))
    assert kinds == ["site_type.created", "site_type.updated", "site_type.deactivated"]


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda w, s: services.create_site_type(w.office_staff, code="ZCGD", name="别的"), "code"),
        (lambda w, s: services.create_site_type(w.office_staff, code="X", name="农贸市场"), "name"),
        (lambda w, s: services.create_site_type(w.office_staff, code="", name="空"), "code"),
        (lambda w, s: services.deactivate_site_type(w.office_staff, s.market), "is_active"),
        (lambda w, s: services.update_site_type(w.office_staff, s.road, is_road=False), "is_road"),
    ],
)
def test_it_refuses_a_broken_site_type_rule(world, sites, call, field):
    before = (list(SiteType.objects.values_list("code", "name", "is_road", "is_active")), AuditEvent.objects.count())
    with pytest.raises(DomainError) as raised:
        call(world, sites)
    assert raised.value.field == field
    assert (
        list(SiteType.objects.values_list("code", "name", "is_road", "is_active")),
        AuditEvent.objects.count(),
    ) == before


def test_only_office_staff_manage_site_types(world, sites):
    with pytest.raises(PermissionDenied):
        services.create_site_type(world.district_officer, code="GY", name="公园")
    with pytest.raises(PermissionDenied):
        services.deactivate_site_type(world.leader, sites.market)
