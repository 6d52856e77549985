import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count
from django.test import RequestFactory

from chuangwen.audit.models import AuditEvent
from chuangwen.demo.geo import city_bbox
from chuangwen.demo.logins import DEMO_LOGINS, DEMO_PASSWORD, FIRST_DISTRICT
from chuangwen.indicators.models import ChecklistItem, Edition, IndexNode, Method, NodeLevel, RuleKind, Standard
from chuangwen.problems.models import (
    DeadlinePolicy,
    Holiday,
    Notification,
    Problem,
    ProblemCategory,
    ProblemPhoto,
    Rectification,
    UnitRequest,
)
from chuangwen.sites.models import Site, SiteResponsibility, SiteType
from chuangwen.units.models import DISTRICT_KINDS, Role, Unit, UnitKind, User

pytestmark = pytest.mark.django_db
MOBILE = re.compile(r"^1[3-9]\d{9}$")


@pytest.fixture
def logins(demo, db) -> dict[str, User]:
    users = User.objects.select_related("unit").filter(username__in=[d.username for d in DEMO_LOGINS])
    return {u.username: u for u in users}


def test_it_reports_what_it_loaded(demo, db):
    assert "示范市" in demo
    assert AuditEvent.objects.filter(event_type="demo.loaded").count() == 1
    event = AuditEvent.objects.get(event_type="demo.loaded")
    assert event.after["sites"] == 1000 and event.after["scale"] == "normal"


def test_city_tree_has_the_promised_shape(demo, db):
    city = Unit.objects.get(code="CITY", kind=UnitKind.CITY)
    assert city.name == "示范市"
    kinds = dict(Unit.objects.values_list("kind").annotate(n=Count("id")))
    assert kinds[UnitKind.DISTRICT] == 4 and kinds[UnitKind.COUNTY] == 1 and kinds[UnitKind.ZONE] == 1
    assert 30 <= kinds[UnitKind.STREET] + kinds[UnitKind.TOWN] <= 50
    assert 150 <= kinds[UnitKind.COMMUNITY] + kinds[UnitKind.VILLAGE] <= 250
    assert kinds[UnitKind.GRID] >= 2 * (kinds[UnitKind.COMMUNITY] + kinds[UnitKind.VILLAGE])
    assert 28 <= kinds[UnitKind.DEPARTMENT] <= 40
    assert kinds[UnitKind.WINDOW] >= 8
    office = Unit.objects.get(name="市文明办")
    assert office.kind == UnitKind.DEPARTMENT and office.parent == city
    names = set(Unit.objects.filter(kind=UnitKind.DEPARTMENT).values_list("name", flat=True))
    assert {"市城管局", "市交通运输局", "市公安局交警支队", "市市场监管局", "市住建局", "市教育局"} <= names


def test_every_unit_has_a_head_and_a_liaison_with_mobiles(demo, db):
    for unit in Unit.objects.all():
        assert unit.head_name and unit.liaison_name, unit.code
        assert MOBILE.match(unit.head_phone) and MOBILE.match(unit.liaison_phone), unit.code


def test_unit_paths_and_depths_are_consistent(demo, db):
    units = {u.pk: u for u in Unit.objects.all()}
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else "/"
        assert unit.path == f"{parent_path}{unit.pk}/", unit.code
        assert unit.depth == len(unit.ancestor_ids()) - 1, unit.code
    assert Unit.objects.subtree(Unit.objects.get(code="CITY")).count() == len(units) - 1  # all but the assessor


def test_index_has_categories_standards_and_checklists(demo, db):
    edition = Edition.active()
    assert edition.code == "2021" and "2021" in edition.name
    assert IndexNode.objects.filter(edition=edition, level=NodeLevel.CATEGORY).count() >= 8
    standards = Standard.objects.filter(edition=edition)
    assert standards.count() >= 80
    assert standards.filter(negative_list=True).exists() and standards.filter(is_special=True).exists()
    used = {m for ms in standards.values_list("methods", flat=True) for m in ms}
    assert used == set(Method.values)
    assert not standards.filter(lead_unit=None).exists()
    assert not standards.annotate(n=Count("responsible_units")).filter(n=0).exists()
    assert standards.filter(text__contains="公平秤").exists()
    assert standards.filter(text__contains="斑马线").exists()
    for standard in standards.prefetch_related("site_types", "checklist_items"):
        if Method.FIELD in standard.methods:
            types = {t.pk for t in standard.site_types.all()}
            assert types and types == {i.site_type_id for i in standard.checklist_items.all()}, standard.code
        else:
            assert not standard.checklist_items.all(), standard.code


def test_every_checklist_rule_kind_is_present_and_well_formed(demo, db):
    items = ChecklistItem.objects.all()
    assert set(items.values_list("rule_kind", flat=True)) == set(RuleKind.values)
    for item in items.filter(rule_kind=RuleKind.DEDUCTION):
        assert item.deduction_per > 0
    for item in items.filter(rule_kind=RuleKind.GRADE):
        mins = [t["min"] for t in item.grade_thresholds]
        assert mins == sorted(mins, reverse=True)
        assert all({"min", "grade", "ratio"} <= set(t) for t in item.grade_thresholds)
    assert {"standard", "total"} <= set(items.filter(rule_kind=RuleKind.VETO).values_list("veto_scope", flat=True))


def test_site_types(demo, db):
    assert SiteType.objects.count() >= 20
    roads = set(SiteType.objects.filter(is_road=True).values_list("name", flat=True))
    assert {"主次干道", "背街小巷"} <= roads
    assert not SiteType.objects.annotate(n=Count("sites")).filter(n=0).exists()


def test_sites_lie_in_the_city_and_their_territory(demo, db):
    box = city_bbox()
    sites = Site.objects.select_related("territorial_unit", "site_type")
    assert sites.count() >= 1000
    units = {u.pk: u for u in Unit.objects.all()}
    for site in sites:
        assert box.contains(float(site.lat), float(site.lng)), site.code
        territory = site.territorial_unit
        assert territory.is_territorial and territory.kind not in (UnitKind.CITY, UnitKind.GRID, *DISTRICT_KINDS)
        assert territory.path == (units[territory.parent_id].path + f"{territory.pk}/")
        assert site.name and site.address
        if site.site_type.is_road:
            assert site.road_chief_name and MOBILE.match(site.road_chief_phone), site.code


def test_each_site_answers_to_a_department_and_a_street_of_its_district(demo, db):
    links: dict[int, list[Unit]] = {}
    for link in SiteResponsibility.objects.select_related("unit"):
        links.setdefault(link.site_id, []).append(link.unit)
    for site in Site.objects.select_related("territorial_unit"):
        units = links[site.pk]
        assert any(u.kind == UnitKind.DEPARTMENT for u in units), site.code
        streets = [u for u in units if u.kind in (UnitKind.STREET, UnitKind.TOWN)]
        assert len(streets) == 1 and site.territorial_unit.path.startswith(streets[0].path), site.code
    market = Site.objects.filter(site_type__name="农贸市场").first()
    assert market.responsible_units.filter(name="市市场监管局").exists()


def test_every_role_has_people(demo, db):
    counts = dict(User.objects.values_list("role").annotate(n=Count("id")))
    for role in Role.values:
        assert counts.get(role, 0) >= 2, role
    for user in User.objects.exclude(role__in=[Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.LEADER, Role.INSPECTOR]):
        assert user.unit_id is not None, user.username
    assert all(MOBILE.match(p) for p in User.objects.values_list("phone", flat=True))


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda d: d.username)
def test_demo_login_authenticates_with_its_role_and_unit(demo, db, login):
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username=login.username, password=DEMO_PASSWORD)
    assert user is not None and user.is_active
    assert user.role == login.role
    assert user.unit.code == login.unit_code
    assert user.name and MOBILE.match(user.phone)


def test_demo_logins_sit_where_the_demos_need_them(logins):
    assert logins["admin"].unit.name == "市文明办" and logins["admin"].is_office_admin
    assert logins["handler"].unit.kind == UnitKind.DEPARTMENT
    assert logins["handler2"].unit.kind == UnitKind.DEPARTMENT
    assert logins["handler"].unit != logins["handler2"].unit
    assert logins["unithead"].unit == logins["handler"].unit
    first = Unit.objects.districts().order_by("sort_order", "code").first()
    assert first.code == FIRST_DISTRICT
    assert logins["district"].unit == first
    grid = logins["grid"].unit
    assert grid.kind == UnitKind.GRID and first.contains(grid)


def test_a_second_run_adds_nothing(demo, db):
    models = (Unit, User, Site, SiteResponsibility, SiteType, Edition, IndexNode, Standard, ChecklistItem, AuditEvent)
    models += (
        Problem,
        ProblemPhoto,
        Rectification,
        UnitRequest,
        Notification,
        ProblemCategory,
        DeadlinePolicy,
        Holiday,
    )
    before = {m.__name__: m.objects.count() for m in models}
    out = StringIO()
    call_command("load_demo", stdout=out, skip_checks=True)
    assert "already loaded" in out.getvalue()
    assert {m.__name__: m.objects.count() for m in models} == before
