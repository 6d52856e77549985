"""The office plans a round through its pages: create → rules → draw → teams → assign → schedule,
and every step is refused to everyone else with nothing changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import Kind, Round, RoundSite, RoundStatus, SamplingRule, Team, TeamMember
from chuangwen.inspections.tests.conftest import plan_round
from chuangwen.testing import make_unit
from chuangwen.units.models import UnitKind

pytestmark = pytest.mark.django_db

NON_OFFICE = ["district_officer", "handler", "unit_head", "outsider", "inspector", "leader", "grid_worker"]


def plan_data(place, **extra) -> dict:
    data = {
        "name": "十一月明察",
        "kind": Kind.OPEN,
        "edition": place.edition.pk,
        "period_start": "2026-11-01",
        "period_end": "2026-11-30",
    }
    return data | extra


def url(name: str, *args) -> str:
    return reverse(f"inspections:{name}", args=args)


def test_office_plans_a_round_end_to_end(place, client_for):
    world = place.world
    assessor = make_unit(UnitKind.ASSESSOR, "某测评公司")
    client = client_for(world.office_staff)
    assert client.get(url("create")).status_code == 200

    response = client.post(
        url("create"), plan_data(place, scope=[world.district_a.pk], assessor_unit=assessor.pk, notes="重点道路")
    )
    round_ = Round.objects.get(name="十一月明察")
    assert response.status_code == 302 and response.url == url("rules", round_.pk)
    assert list(round_.scope.all()) == [world.district_a] and round_.assessor_unit == assessor
    assert not round_.is_covert and round_.status == RoundStatus.DRAFT

    rules = client.get(url("rules", round_.pk))
    assert rules.status_code == 200
    assert [(t.name, t.item_count) for t in rules.context["form"].site_types] == [("主次干道", 3)]
    response = client.post(url("rules", round_.pk), {f"mode_{place.road.pk}": "count", f"value_{place.road.pk}": "4"})
    assert response.status_code == 302 and response.url == url("sample", round_.pk)
    assert SamplingRule.objects.get(round=round_).value == 4

    response = client.post(url("draw", round_.pk), {"seed": "42"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.seed == 42 and round_.sampled_at is not None
    sampled = set(RoundSite.objects.filter(round=round_).values_list("site_id", flat=True))
    assert len(sampled) == 4 and sampled <= {s.pk for s in place.sites_a}  # the scope is district A
    page = client.get(url("sample", round_.pk)).content.decode()
    assert "42" in page and "抽样说明" in page

    response = client.post(
        url("teams", round_.pk), {"name": "第一组", "members": [world.inspector.pk, place.inspector2.pk]}
    )
    assert response.status_code == 302
    team = Team.objects.get(round=round_)
    assert set(TeamMember.objects.filter(team=team).values_list("user_id", flat=True)) == {
        world.inspector.pk,
        place.inspector2.pk,
    }
    assert client.post(url("assign", round_.pk)).status_code == 302
    assert sorted(RoundSite.objects.filter(round=round_, team=team).values_list("seq", flat=True)) == [1, 2, 3, 4]
    teams_page = client.get(url("teams", round_.pk)).content.decode()
    assert 'id="route-map-' in teams_page and "route-data-" in teams_page

    response = client.post(url("transition", round_.pk), {"action": "schedule"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCHEDULED
    detail = client.get(url("detail", round_.pk)).content.decode()
    assert 'id="action-unschedule"' in detail and 'id="action-close"' in detail
    assert 'id="action-schedule"' not in detail


def test_schedule_without_teams_is_refused_with_the_reason(place, client_for):
    round_ = plan_round(place, schedule=False)
    services.delete_team(place.world.office_staff, round_.teams.get())
    events = AuditEvent.objects.count()
    response = client_for(place.world.office_staff).post(url("transition", round_.pk), {"action": "schedule"})
    assert response.status_code == 400
    assert "请先设置督查组" in response.content.decode()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT and AuditEvent.objects.count() == events


def test_unknown_action_is_a_bad_request(planned, client_for, place):
    response = client_for(place.world.office_staff).post(url("transition", planned.pk), {"action": "explode"})
    assert response.status_code == 400


def test_publish_and_delete_through_the_transition_view(place, client_for):
    office = client_for(place.world.office_staff)
    round_ = plan_round(place, kind=Kind.COVERT)
    assert office.post(url("transition", round_.pk), {"action": "close"}).status_code == 302
    assert office.post(url("transition", round_.pk), {"action": "publish"}).status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED and round_.published_at
    draft = plan_round(place, schedule=False)
    response = office.post(url("transition", draft.pk), {"action": "delete"})
    assert response.status_code == 302 and response.url == url("list")
    assert not Round.objects.filter(pk=draft.pk).exists()


def test_bad_plan_shows_the_message_and_creates_nothing(place, client_for):
    client = client_for(place.world.office_staff)
    response = client.post(url("create"), plan_data(place, period_end="2026-10-01"))
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()
    response = client.post(url("create"), plan_data(place, name=""))
    assert response.status_code == 400
    assert not Round.objects.exists()


def test_covert_switch_follows_the_kind_unless_touched(place, client_for):
    client = client_for(place.world.office_staff)
    client.post(url("create"), plan_data(place, name="暗访一", kind=Kind.COVERT))
    client.post(url("create"), plan_data(place, name="暗访二", kind=Kind.COVERT, covert_touched="1"))
    client.post(url("create"), plan_data(place, name="明察", kind=Kind.OPEN, is_covert="on", covert_touched="1"))
    assert Round.objects.get(name="暗访一").is_covert is True
    assert Round.objects.get(name="暗访二").is_covert is False
    assert Round.objects.get(name="明察").is_covert is True


def test_edit_changes_the_plan_and_a_new_kind_brings_its_secrecy(place, client_for):
    round_ = plan_round(place, schedule=False)
    client = client_for(place.world.office_staff)
    form = client.get(url("edit", round_.pk))
    assert form.status_code == 200 and form.context["form"].initial["name"] == "第一轮督查"
    response = client.post(url("edit", round_.pk), plan_data(place, name="改名", kind=Kind.MOCK))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.name == "改名" and round_.kind == Kind.MOCK and round_.is_covert


def test_rules_page_refuses_a_random_rule_without_a_value(place, client_for):
    round_ = services.create_round(place.world.office_staff, **_round_args(place))
    response = client_for(place.world.office_staff).post(url("rules", round_.pk), {f"mode_{place.road.pk}": "count"})
    assert response.status_code == 400
    assert "请填写抽取数量或比例" in response.content.decode()
    assert not SamplingRule.objects.exists()


def test_team_with_a_member_of_another_team_is_refused(planned, place, client_for):
    client = client_for(place.world.office_staff)
    services.unschedule_round(place.world.office_staff, planned)
    response = client.post(url("teams", planned.pk), {"name": "第二组", "members": [place.world.inspector.pk]})
    assert response.status_code == 400
    assert "已在第一组" in response.content.decode()
    assert planned.teams.count() == 1


def _round_args(place) -> dict:
    import datetime

    return {
        "name": "草稿",
        "kind": Kind.OPEN,
        "edition": place.edition,
        "period_start": datetime.date(2026, 11, 1),
        "period_end": datetime.date(2026, 11, 30),
    }


def _attempts(place, round_):
    entry = RoundSite.objects.filter(round=round_).first()
    team = round_.teams.first()
    members = [place.world.inspector.pk, place.inspector2.pk]
    site = place.sites_b[0]
    return [
        (url("create"), plan_data(place)),
        (url("edit", round_.pk), plan_data(place, name="偷改")),
        (url("transition", round_.pk), {"action": "schedule"}),
        (url("transition", round_.pk), {"action": "delete"}),
        (url("rules", round_.pk), {f"mode_{place.road.pk}": "all"}),
        (url("draw", round_.pk), {"seed": "7"}),
        (url("add_site", round_.pk), {"site": site.pk, "reason": "想加"}),
        (url("remove_site", round_.pk), {"site": entry.site_id, "reason": "想删"}),
        (url("teams", round_.pk), {"name": "新组", "members": members}),
        (url("assign", round_.pk), {}),
        (url("team_edit", team.pk), {"name": "改组", "members": members}),
        (url("team_delete", team.pk), {}),
        (url("move_site", entry.pk), {"team": team.pk}),
    ]


@pytest.mark.parametrize("persona", NON_OFFICE)
def test_every_planning_action_is_refused_to_others(place, client_for, persona):
    round_ = plan_round(place, schedule=False)
    RoundSite.objects.filter(round=round_, site=place.sites_b[0]).delete()  # so that adding it would be possible
    client = client_for(place.world.personas[persona])
    events = AuditEvent.objects.count()
    before = (Round.objects.count(), RoundSite.objects.count(), Team.objects.count(), TeamMember.objects.count())
    for target, data in _attempts(place, round_):
        response = client.post(target, data)
        assert response.status_code in (403, 404), f"{persona} got {response.status_code} at {target}"
    for name in ("rules", "sample", "teams", "edit", "sample_export", "site_options"):
        assert client.get(url(name, round_.pk)).status_code in (403, 404)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT and round_.name == "第一轮督查" and round_.seed == 42
    after = (Round.objects.count(), RoundSite.objects.count(), Team.objects.count(), TeamMember.objects.count())
    assert after == before and AuditEvent.objects.count() == events


def test_planning_pages_refuse_get_on_post_only_views(planned, place, client_for):
    client = client_for(place.world.office_staff)
    for name in ("transition", "draw", "add_site", "remove_site", "assign"):
        assert client.get(url(name, planned.pk)).status_code == 405
