"""Planning a round and its life: who may, in which state, what is checked and what is audited."""

from __future__ import annotations

import datetime

import pytest

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import services
from chuangwen.inspections.models import (
    CheckPhoto,
    CheckResult,
    Kind,
    Round,
    RoundSite,
    RoundStatus,
    SamplingRule,
    Team,
    TeamMember,
    Visit,
)
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.problems.models import Problem
from chuangwen.testing import make_edition, make_site_type, make_unit, make_user
from chuangwen.units.models import Role, UnitKind

pytestmark = pytest.mark.django_db

# Everybody but the office: never plans, runs or publishes a round.
REFUSED = ["district_officer", "handler", "unit_head", "outsider", "leader", "grid_worker", "inspector"]
OFFICE = ["office_admin", "office_staff"]
NOV_1, NOV_30 = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)


def state() -> dict:
    """Everything a refused call must leave as it was."""
    return {
        "audit": AuditEvent.objects.count(),
        "rounds": list(Round.objects.order_by("pk").values_list("pk", "status", "name", "seed", "published_at")),
        "scope": list(Round.scope.through.objects.order_by("pk").values_list("pk", "round_id", "unit_id")),
        "rules": list(SamplingRule.objects.order_by("pk").values_list("pk", "site_type_id", "mode", "value")),
        "sample": list(RoundSite.objects.order_by("pk").values_list("pk", "site_id", "team_id", "seq", "removed")),
        "teams": list(Team.objects.order_by("pk").values_list("pk", "name")),
        "members": list(TeamMember.objects.order_by("pk").values_list("pk", "team_id", "user_id")),
        "visits": list(Visit.objects.order_by("pk").values_list("pk", "status", "lat", "distance_m", "notes")),
        "results": list(CheckResult.objects.order_by("pk").values_list("pk", "verdict", "count", "note")),
        "photos": CheckPhoto.objects.count(),
        "problems": Problem.objects.count(),
    }


def events(event_type: str) -> int:
    return AuditEvent.objects.filter(event_type=event_type).count()


def new_round(place, actor=None, **extra) -> Round:
    fields = {
        "name": "第二轮",
        "kind": Kind.OPEN,
        "edition": place.edition,
        "period_start": NOV_1,
        "period_end": NOV_30,
    }
    return services.create_round(actor or place.world.office_staff, **(fields | extra))


@pytest.fixture
def draft(place) -> Round:
    """A full plan (rules, sample, a team, shares) still in draft."""
    return plan_round(place, schedule=False)


# --- who may ---------------------------------------------------------------------------------

ROUND_CALLS = {
    "create_round": lambda p, r, u: new_round(p, u),
    "update_round": lambda p, r, u: services.update_round(u, r, name="改名"),
    "set_rules": lambda p, r, u: services.set_rules(u, r, [(p.road, "count", 2)]),
    "save_team": lambda p, r, u: services.save_team(u, r, name="第二组", members=[u]),
    "delete_team": lambda p, r, u: services.delete_team(u, r.teams.get()),
    "schedule_round": lambda p, r, u: services.schedule_round(u, r),
    "delete_round": lambda p, r, u: services.delete_round(u, r),
}


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize("call", sorted(ROUND_CALLS))
def test_planning_is_refused_to_everybody_but_the_office(place, draft, persona, call):
    user = place.world.personas[persona]
    before = state()
    with pytest.raises(PermissionDenied):
        ROUND_CALLS[call](place, draft, user)
    assert state() == before


@pytest.mark.parametrize("persona", REFUSED)
def test_running_a_round_is_refused_to_everybody_but_the_office(place, persona):
    user = place.world.personas[persona]
    office = place.world.office_staff
    round_ = plan_round(place)
    for step in (services.unschedule_round, services.start_round, services.close_round):
        before = state()
        with pytest.raises(PermissionDenied):
            step(user, round_)
        assert state() == before
    services.close_round(office, round_)
    before = state()
    with pytest.raises(PermissionDenied):
        services.publish_round(user, round_)
    assert state() == before


def test_a_team_member_does_not_plan_or_run_the_round(place, planned):
    """Being on a team lets an inspector visit, not start, close or publish the round."""
    before = state()
    for step in (services.start_round, services.close_round, services.unschedule_round):
        with pytest.raises(PermissionDenied):
            step(place.world.inspector, planned)
    assert state() == before


@pytest.mark.parametrize("persona", OFFICE)
def test_office_runs_the_whole_life(place, persona):
    user = place.world.personas[persona]
    round_ = new_round(place, user)
    assert round_.status == RoundStatus.DRAFT and events("round.created") == 1
    services.set_rules(user, round_, [(place.road, "all", None)])
    services.draw_sample(user, round_, seed=3)
    services.save_team(user, round_, name="第一组", members=[place.world.inspector, place.inspector2])
    services.assign_teams(user, round_)
    services.update_round(user, round_, notes="只查主干道")
    assert services.schedule_round(user, round_).status == RoundStatus.SCHEDULED
    assert services.unschedule_round(user, round_).status == RoundStatus.DRAFT
    services.schedule_round(user, round_)
    assert services.start_round(user, round_).status == RoundStatus.IN_PROGRESS
    assert services.close_round(user, round_).status == RoundStatus.CLOSED
    published = services.publish_round(user, round_)
    assert published.status == RoundStatus.PUBLISHED and published.published_at is not None
    expected = {
        "round.created": 1, "round.rules_set": 1, "round.sampled": 1, "round.team_saved": 1,
        "round.teams_assigned": 1, "round.updated": 1, "round.scheduled": 2, "round.unscheduled": 1,
        "round.started": 1, "round.closed": 1, "round.published": 1,
    }  # fmt: skip
    assert {k: events(k) for k in expected} == expected
    audit = AuditEvent.objects.filter(event_type="round.closed").get()
    assert audit.actor == user and audit.object_id == str(round_.pk)
    assert audit.before == {"status": "in_progress"} and audit.after == {"status": "closed"}


# --- creating and changing the plan ----------------------------------------------------------


def test_create_gives_internal_codes_per_year_and_hides_covert_kinds(place):
    first = new_round(place)
    covert = new_round(place, kind=Kind.COVERT)
    mock = new_round(place, kind=Kind.MOCK)
    open_mock = new_round(place, kind=Kind.MOCK, is_covert=False)
    next_year = new_round(place, period_start=datetime.date(2027, 1, 4), period_end=datetime.date(2027, 1, 8))
    assert [first.code, covert.code, mock.code, open_mock.code] == ["N2026-001", "N2026-002", "N2026-003", "N2026-004"]
    assert next_year.code == "N2027-001"  # public codes (R2026-…) come when the inspected first see a round
    assert not first.is_covert and covert.is_covert and mock.is_covert and not open_mock.is_covert
    assert covert.is_secret
    event = AuditEvent.objects.filter(event_type="round.created", object_id=str(covert.pk)).get()
    assert event.after["is_covert"] is True and event.after["scope"] == []


def test_create_keeps_scope_and_options(place):
    world = place.world
    assessor = make_unit(UnitKind.ASSESSOR, "第三方测评公司", world.city)
    round_ = new_round(
        place, name="  城区督查  ", scope=[world.district_a, world.street_b], assessor_unit=assessor,
        exclude_visited_days=14, weight_by_problems=True, notes=" 说明 ",
    )  # fmt: skip
    assert round_.name == "城区督查" and round_.notes == "说明"
    assert set(round_.scope.all()) == {world.district_a, world.street_b}
    assert round_.assessor_unit == assessor and round_.exclude_visited_days == 14 and round_.weight_by_problems


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "  "}, "name", "请填写轮次名称"),
        ({"kind": "secret"}, "kind", "督查类型无效"),
        ({"edition": None}, "edition", "请选择测评体系版本"),
        ({"period_start": None}, "period_start", "请填写督查期间"),
        ({"period_end": datetime.date(2026, 10, 31)}, "period_end", "结束日期不能早于开始日期"),
        ({"scope": "dept"}, "scope", "范围只能选择区县、街道或社区"),
        ({"scope": "grid"}, "scope", "范围只能选择区县、街道或社区"),
        ({"assessor_unit": "dept"}, "assessor_unit", "所选单位不是第三方测评机构"),
        ({"exclude_visited_days": 0}, "exclude_visited_days", "排除天数应在 1 到 365 之间"),
        ({"exclude_visited_days": 366}, "exclude_visited_days", "排除天数应在 1 到 365 之间"),
    ],
)
def test_create_validates_with_a_message_per_field(place, fields, field, message):
    world = place.world
    units = {"dept": world.dept_a, "grid": world.grid_a}
    if fields.get("scope") in units:
        fields["scope"] = [units[fields["scope"]]]
    if fields.get("assessor_unit") in units:
        fields["assessor_unit"] = units[fields["assessor_unit"]]
    before = state()
    with pytest.raises(DomainError) as error:
        new_round(place, **fields)
    assert error.value.field == field and error.value.message == message
    assert not isinstance(error.value, PermissionDenied | Conflict)
    assert state() == before
    if fields.get("period_start", 1) is not None:
        draft_ = new_round(place)
        with pytest.raises(DomainError) as again:
            services.update_round(world.office_staff, draft_, **fields)
        assert again.value.field == field


def test_update_records_only_what_changed(place):
    round_ = new_round(place)
    services.update_round(place.world.office_staff, round_, name="新名称", period_end=datetime.date(2026, 12, 5))
    event = AuditEvent.objects.get(event_type="round.updated")
    assert event.before == {"name": "第二轮", "period_end": "2026-11-30"}
    assert event.after == {"name": "新名称", "period_end": "2026-12-05"}
    services.update_round(place.world.office_staff, round_, name="新名称")
    assert events("round.updated") == 1  # nothing changed, nothing recorded


def test_changing_scope_after_a_draw_clears_the_sample(place, draft):
    office = place.world.office_staff
    assert RoundSite.objects.filter(round=draft).exists()
    services.update_round(office, draft, notes="只改说明")
    assert RoundSite.objects.filter(round=draft).exists()
    services.update_round(office, draft, scope=[place.world.district_a])
    draft.refresh_from_db()
    assert not RoundSite.objects.filter(round=draft).exists()
    assert draft.sampled_at is None and draft.sample_counts == []
    assert events("round.sample_cleared") == 1


def test_changing_the_edition_of_a_scheduled_round_clears_the_sample_and_returns_to_draft(place):
    round_ = plan_round(place)
    services.update_round(place.world.office_staff, round_, edition=make_edition("E2026", active=False))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DRAFT
    assert not RoundSite.objects.filter(round=round_).exists()


def test_rules_are_replaced_and_audited(place, draft):
    office = place.world.office_staff
    park = make_site_type("PARK", "公园")
    services.set_rules(office, draft, [(place.road, "percent", 50), (park, "count", 3)])
    rules = list(SamplingRule.objects.filter(round=draft).values_list("site_type__code", "mode", "value"))
    assert sorted(rules) == [("PARK", "count", 3), ("ROAD", "percent", 50)]
    event = AuditEvent.objects.filter(event_type="round.rules_set").latest("id")
    assert event.before == {"rules": ["ROAD:all:"]}
    assert sorted(event.after["rules"]) == ["PARK:count:3", "ROAD:percent:50"]
    services.set_rules(office, draft, [(park, "all", 99)])
    assert SamplingRule.objects.get(round=draft).value is None  # a full check keeps no value


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ([], "请至少为一种点位类型设置抽样规则"),
        ([("road", "all", None), ("road", "count", 2)], "点位类型“主次干道”重复"),
        ([("road", "every", None)], "抽样方式无效"),
        ([("road", "count", None)], "“主次干道”请填写抽取数量或比例"),
        ([("road", "count", 0)], "“主次干道”请填写抽取数量或比例"),
        ([("road", "percent", 101)], "“主次干道”的比例不能超过 100%"),
    ],
)
def test_rules_are_validated(place, draft, rules, message):
    rules = [(place.road, mode, value) for _, mode, value in rules]
    before = state()
    with pytest.raises(DomainError) as error:
        services.set_rules(place.world.office_staff, draft, rules)
    assert error.value.field == "rules" and error.value.message == message
    assert state() == before


# --- teams ------------------------------------------------------------------------------------


def test_team_is_saved_renamed_and_deleted(place, draft):
    office = place.world.office_staff
    third = make_user("inspector3", Role.INSPECTOR)
    team = services.save_team(office, draft, name=" 第二组 ", members=[third, third, office])
    assert team.name == "第二组" and team.sort_order == 2
    assert set(team.members.all()) == {third, office}  # office staff may inspect; duplicates ignored
    services.save_team(office, draft, name="机动组", members=[third], team=team)
    team.refresh_from_db()
    assert team.name == "机动组" and list(team.members.all()) == [third]
    event = AuditEvent.objects.filter(event_type="round.team_saved").latest("id")
    assert event.before["members"] == sorted([third.pk, office.pk]) and event.after["members"] == [third.pk]
    first = draft.teams.get(name="第一组")
    services.delete_team(office, first)
    assert not RoundSite.objects.filter(round=draft, team__isnull=False).exists()
    assert events("round.team_deleted") == 1


@pytest.mark.parametrize(
    ("name", "members", "field", "message"),
    [
        ("", ["inspector3"], "name", "请填写组名"),
        ("第一组", ["inspector3"], "name", "组名已存在"),
        ("第二组", [], "members", "请选择组员"),
        ("第二组", ["handler"], "members", "handler 不是督查员"),
        ("第二组", ["inspector"], "members", "inspector 已在第一组"),
    ],
)
def test_team_is_validated(place, draft, name, members, field, message):
    people = place.world.personas | {"inspector3": make_user("inspector3", Role.INSPECTOR)}
    before = state()
    with pytest.raises(DomainError) as error:
        services.save_team(place.world.office_staff, draft, name=name, members=[people[m] for m in members])
    assert (error.value.field, error.value.message) == (field, message)
    assert state() == before


def test_inactive_inspector_cannot_join(place, draft):
    gone = make_user("retired", Role.INSPECTOR, is_active=False)
    with pytest.raises(DomainError) as error:
        services.save_team(place.world.office_staff, draft, name="第二组", members=[gone])
    assert error.value.field == "members"


# --- the state machine ------------------------------------------------------------------------


def test_schedule_needs_sample_teams_of_two_and_every_site_assigned(place):
    office = place.world.office_staff
    round_ = new_round(place)
    services.set_rules(office, round_, [(place.road, "all", None)])
    checks = []
    for prepare in (
        lambda: None,
        lambda: services.draw_sample(office, round_, seed=1),
        lambda: services.save_team(office, round_, name="第一组", members=[place.world.inspector]),
        lambda: services.save_team(
            office, round_, name="第一组", members=[place.world.inspector, place.inspector2], team=round_.teams.get()
        ),
    ):
        prepare()
        with pytest.raises(DomainError) as error:
            services.schedule_round(office, round_)
        checks.append((error.value.field, error.value.message))
    assert checks == [
        ("sample", "本轮还没有抽样点位"),
        ("teams", "请先设置督查组"),
        ("teams", "督查组至少两人：第一组"),
        ("sample", "还有点位未分配督查组，请先分配"),
    ]
    services.assign_teams(office, round_)
    assert services.schedule_round(office, round_).status == RoundStatus.SCHEDULED


def conflict(call, *args, **kwargs) -> str:
    before = state()
    with pytest.raises(Conflict) as error:
        call(*args, **kwargs)
    assert state() == before
    return error.value.message


def test_illegal_transitions_raise_conflict(place, draft):
    office = place.world.office_staff
    assert conflict(services.unschedule_round, office, draft) == "本轮当前状态为“草稿”，不能撤回排期"
    assert conflict(services.start_round, office, draft) == "本轮当前状态为“草稿”，不能开始"
    assert conflict(services.close_round, office, draft) == "本轮当前状态为“草稿”，不能结束"
    assert conflict(services.publish_round, office, draft) == "本轮当前状态为“草稿”，不能发布"
    services.schedule_round(office, draft)
    assert conflict(services.schedule_round, office, draft) == "本轮当前状态为“已排期”，不能排期"
    assert conflict(services.delete_round, office, draft) == "本轮当前状态为“已排期”，不能删除"
    assert conflict(services.publish_round, office, draft) == "本轮当前状态为“已排期”，不能发布"
    services.start_round(office, draft)
    for call in (services.schedule_round, services.unschedule_round, services.start_round, services.publish_round):
        conflict(call, office, draft)
    services.close_round(office, draft)
    for call in (services.schedule_round, services.start_round, services.close_round, services.delete_round):
        conflict(call, office, draft)
    services.publish_round(office, draft)
    for call in (services.close_round, services.publish_round, services.unschedule_round):
        conflict(call, office, draft)


def test_planning_edits_only_while_planning(place, planned):
    office = place.world.office_staff
    # Scheduled is still planning for the plan itself, but rules are fixed once scheduled.
    services.update_round(office, planned, notes="已排期仍可改说明")
    assert "不能修改抽样规则" in conflict(services.set_rules, office, planned, [(place.road, "count", 1)])
    services.start_round(office, planned)
    assert "不能修改计划" in conflict(services.update_round, office, planned, name="进行中改名")
    assert "不能删除督查组" in conflict(services.delete_team, office, planned.teams.get())
    services.save_team(office, planned, name="第二组", members=[make_user("inspector3", Role.INSPECTOR)])
    services.close_round(office, planned)
    assert "不能调整督查组" in conflict(
        services.save_team, office, planned, name="第三组", members=[make_user("inspector4", Role.INSPECTOR)]
    )
    assert "不能修改计划" in conflict(services.update_round, office, planned, name="已结束改名")


def test_unschedule_refused_once_a_visit_began(place, planned):
    entry = RoundSite.objects.filter(round=planned).first()
    services.start_visit(place.world.inspector, entry)
    # The first visit started the round; back to scheduled by hand to try the rule itself.
    Round.objects.filter(pk=planned.pk).update(status=RoundStatus.SCHEDULED)
    assert conflict(services.unschedule_round, place.world.office_staff, planned) == "已有点位开始检查，不能撤回排期"


def test_close_refused_while_a_visit_is_open(place, planned):
    office = place.world.office_staff
    entries = list(RoundSite.objects.filter(round=planned).select_related("site"))
    inspect(place, planned, entries[0])
    open_visit = services.start_visit(place.world.inspector, entries[1])
    assert conflict(services.close_round, office, planned) == "还有 1 个点位正在检查，请待其提交后再结束"
    for item in services.checklist(open_visit):
        services.answer(place.world.inspector, open_visit, item.pk, verdict="pass")
    services.submit_visit(place.world.inspector, open_visit)
    assert services.close_round(office, planned).status == RoundStatus.CLOSED


def test_delete_draft_only_and_audited(place, draft):
    office = place.world.office_staff
    pk = draft.pk
    services.delete_round(office, draft)
    assert not Round.objects.filter(pk=pk).exists()
    assert not RoundSite.objects.filter(round_id=pk).exists()
    event = AuditEvent.objects.get(event_type="round.deleted")
    assert event.object_id == str(pk) and event.before["name"] == "第一轮督查"
