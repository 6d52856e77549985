"""The sample from the database: scope, exclusions, weighting, the recorded seed, manual changes,
and the teams' shares and routes."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from chuangwen.audit.models import AuditEvent
from chuangwen.inspections import planning, sampling, services
from chuangwen.inspections.models import Origin, Round, RoundSite, RoundStatus, Visit
from chuangwen.inspections.services.rounds import district_of, districts_by_id
from chuangwen.inspections.tests.conftest import inspect, plan_round
from chuangwen.inspections.tests.test_services_rounds import REFUSED, conflict, events, new_round, state
from chuangwen.lib.errors import DomainError, PermissionDenied
from chuangwen.problems.models import Problem, Source
from chuangwen.testing import make_site, make_site_type, make_user
from chuangwen.units.models import Role

pytestmark = pytest.mark.django_db


def sample_of(round_: Round) -> set[int]:
    return set(RoundSite.objects.filter(round=round_).in_sample().values_list("site_id", flat=True))


def counted_round(place, mode="count", value=2, **extra) -> Round:
    round_ = new_round(place, **extra)
    services.set_rules(place.world.office_staff, round_, [(place.road, mode, value)])
    return round_


@pytest.fixture
def draft(place) -> Round:
    return plan_round(place, schedule=False)


# --- who may ---------------------------------------------------------------------------------

SAMPLE_CALLS = {
    "draw_sample": lambda p, r, u: services.draw_sample(u, r, seed=9),
    "add_site": lambda p, r, u: services.add_site(u, r, make_site(p.road, p.world.street_a), reason="群众反映"),
    "remove_site": lambda p, r, u: services.remove_site(u, r, p.sites_a[0], reason="施工封闭"),
    "move_site": lambda p, r, u: services.move_site(u, r.sample.first(), r.teams.get()),
    "assign_teams": lambda p, r, u: services.assign_teams(u, r),
}


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize("call", sorted(SAMPLE_CALLS))
def test_sample_changes_are_refused_to_everybody_but_the_office(place, draft, persona, call):
    user = place.world.personas[persona]
    before = state()
    with pytest.raises(PermissionDenied):
        SAMPLE_CALLS[call](place, draft, user)
    assert state() == before


@pytest.mark.parametrize("persona", ["office_admin", "office_staff"])
def test_office_changes_the_sample(place, draft, persona):
    user = place.world.personas[persona]
    before = AuditEvent.objects.count()
    for call in sorted(SAMPLE_CALLS):
        SAMPLE_CALLS[call](place, draft, user)
    assert AuditEvent.objects.count() - before == 5
    assert {
        e: events(e) for e in ("round.site_added", "round.site_removed", "round.site_moved", "round.teams_assigned")
    } == {"round.site_added": 1, "round.site_removed": 1, "round.site_moved": 1, "round.teams_assigned": 2}


# --- the draw ---------------------------------------------------------------------------------


def test_draw_records_seed_counts_and_audit(place):
    round_ = counted_round(place, value=2)
    result = services.draw_sample(place.world.office_staff, round_, seed=1234)
    round_.refresh_from_db()
    assert round_.seed == 1234 and round_.sampled_at is not None
    assert sample_of(round_) == set(result.site_ids)
    a, b = place.world.district_a.pk, place.world.district_b.pk
    assert round_.sample_counts == [
        {"site_type": place.road.pk, "district": a, "population": 6, "excluded": 0, "target": 2, "drawn": 2},
        {"site_type": place.road.pk, "district": b, "population": 4, "excluded": 0, "target": 2, "drawn": 2},
    ]
    entries = RoundSite.objects.filter(round=round_)
    assert all(e.origin == Origin.SAMPLED and e.site_type_id == place.road.pk for e in entries)
    assert Counter(e.district_id for e in entries) == {a: 2, b: 2}
    event = AuditEvent.objects.get(event_type="round.sampled")
    assert event.after == {"seed": 1234, "sites": 4, "population": 10} and event.before == {"sites": 0}


def test_the_same_seed_redrawn_gives_the_same_sites(place):
    office = place.world.office_staff
    round_ = counted_round(place, mode="percent", value=40)
    services.draw_sample(office, round_, seed=77)
    first = sample_of(round_)
    services.draw_sample(office, round_, seed=78)
    services.draw_sample(office, round_, seed=77)
    assert sample_of(round_) == first
    # Another round with the same rules and seed draws the same sites.
    twin = counted_round(place, mode="percent", value=40)
    services.draw_sample(office, twin, seed=77)
    assert sample_of(twin) == first
    seeds = set()
    for seed in range(1, 9):
        services.draw_sample(office, round_, seed=seed)
        seeds.add(frozenset(sample_of(round_)))
    assert len(seeds) > 1


def test_the_draw_matches_the_pure_function(place):
    """What the service stores is exactly sampling.draw on the population it read."""
    round_ = counted_round(place, mode="count", value=3)
    services.draw_sample(place.world.office_staff, round_, seed=555)
    districts = districts_by_id()
    candidates = [
        sampling.Candidate(s.pk, s.site_type_id, district_of(s.territorial_unit, districts).pk) for s in place.sites
    ]
    expected = sampling.draw(candidates, [sampling.Rule(place.road.pk, "count", 3)], 555)
    assert sample_of(round_) == set(expected.site_ids)


def test_draw_without_seed_records_a_new_one(place):
    round_ = counted_round(place)
    services.draw_sample(place.world.office_staff, round_)
    round_.refresh_from_db()
    assert 0 < round_.seed < 2**63


@pytest.mark.parametrize("seed", [0, -5, 2**63])
def test_draw_refuses_a_bad_seed(place, seed):
    round_ = counted_round(place)
    before = state()
    with pytest.raises(DomainError) as error:
        services.draw_sample(place.world.office_staff, round_, seed=seed)
    assert (error.value.field, error.value.message) == ("seed", "随机种子应为正整数")
    assert state() == before


def test_draw_needs_rules_and_a_draft(place, planned):
    office = place.world.office_staff
    bare = new_round(place)
    with pytest.raises(DomainError) as error:
        services.draw_sample(office, bare, seed=1)
    assert (error.value.field, error.value.message) == ("rules", "请先设置抽样规则")
    assert conflict(services.draw_sample, office, planned, seed=1) == "本轮当前状态为“已排期”，不能抽样"


def test_scope_is_respected(place):
    world = place.world
    outside = make_site(place.road, world.district_b)  # district B itself, not in street B
    inactive = make_site(place.road, world.street_a, is_active=False)
    in_community = make_site(place.road, world.community_a)
    round_ = counted_round(place, mode="all", scope=[world.district_a])
    services.draw_sample(world.office_staff, round_, seed=5)
    assert sample_of(round_) == {s.pk for s in place.sites_a} | {in_community.pk}
    street_round = counted_round(place, mode="all", scope=[world.street_b])
    services.draw_sample(world.office_staff, street_round, seed=5)
    assert sample_of(street_round) == {s.pk for s in place.sites_b}
    assert outside.pk not in sample_of(street_round) and inactive.pk not in sample_of(round_)
    city = counted_round(place, mode="all")
    services.draw_sample(world.office_staff, city, seed=5)
    assert sample_of(city) == {s.pk for s in place.sites} | {outside.pk, in_community.pk}


def test_types_without_a_rule_are_not_drawn(place):
    park = make_site_type("PARK", "公园")
    make_site(park, place.world.street_a)
    round_ = counted_round(place, mode="all")
    services.draw_sample(place.world.office_staff, round_, seed=5)
    assert sample_of(round_) == {s.pk for s in place.sites}


def visit_on(place, site, days_ago: int) -> None:
    """A submitted visit of `site` in an earlier round, `days_ago` days ago."""
    office = place.world.office_staff
    earlier = new_round(place, name="上一轮")
    services.set_rules(office, earlier, [(place.road, "all", None)])
    services.draw_sample(office, earlier, seed=1)
    services.save_team(office, earlier, name="第一组", members=[place.world.inspector, place.inspector2])
    services.assign_teams(office, earlier)
    services.schedule_round(office, earlier)
    entry = RoundSite.objects.select_related("site").get(round=earlier, site=site)
    visit = inspect(place, earlier, entry)
    Visit.objects.filter(pk=visit.pk).update(started_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_sites_visited_in_the_last_n_days_are_excluded(place):
    office = place.world.office_staff
    recent, old = place.sites_a[0], place.sites_a[1]
    visit_on(place, recent, days_ago=3)
    visit_on(place, old, days_ago=40)
    round_ = counted_round(place, mode="count", value=6, exclude_visited_days=30)
    services.draw_sample(office, round_, seed=8)
    round_.refresh_from_db()
    assert recent.pk not in sample_of(round_) and old.pk in sample_of(round_)
    a = next(g for g in round_.sample_counts if g["district"] == place.world.district_a.pk)
    assert (a["population"], a["excluded"], a["target"], a["drawn"]) == (6, 1, 5, 5)
    # Without the option, or with a full check, the recent site may be drawn again.
    services.update_round(office, round_, exclude_visited_days=None)
    services.draw_sample(office, round_, seed=8)
    assert recent.pk in sample_of(round_)
    full = counted_round(place, mode="all", exclude_visited_days=30)
    services.draw_sample(office, full, seed=8)
    assert recent.pk in sample_of(full)


def add_problems(site, n: int, creator, *, days_ago: int = 10) -> None:
    when = timezone.now() - datetime.timedelta(days=days_ago)
    for i in range(n):
        Problem.objects.create(
            code=f"PW{site.pk:05d}{i:03d}{days_ago:03d}", source=Source.INSPECTION, description="路面垃圾",
            site=site, created_by=creator, created_at=when,
        )  # fmt: skip


def test_weighting_prefers_sites_with_many_problems(place):
    """Five sites in district A, one with 20 problems this year (weight 21 against 1): drawing
    one site per district with 40 fixed seeds, it wins far more often than without weighting."""
    office = place.world.office_staff
    sites = place.sites_a[:5]
    for site in place.sites_a[5:]:
        site.is_active = False
        site.save(update_fields=["is_active"])
    heavy = sites[2]
    add_problems(heavy, 20, place.world.inspector)
    add_problems(sites[0], 30, place.world.inspector, days_ago=400)  # too old to count
    weighted = counted_round(place, mode="count", value=1, weight_by_problems=True, scope=[place.world.district_a])
    plain = counted_round(place, mode="count", value=1, scope=[place.world.district_a])
    wins = Counter()
    for seed in range(1, 41):
        for round_ in (weighted, plain):
            services.draw_sample(office, round_, seed=seed)
            wins[(round_.pk, heavy.pk in sample_of(round_))] += 1
    assert wins[(weighted.pk, True)] >= 24  # expected about 32 (p = 21/25)
    assert wins[(plain.pk, True)] <= 16  # expected about 8 (p = 1/5)
    # The weighted draw is the pure draw with weight 1 + problems in the last year.
    services.draw_sample(office, weighted, seed=99)
    districts = districts_by_id()
    candidates = [sampling.Candidate(s.pk, place.road.pk, district_of(s.territorial_unit, districts).pk) for s in sites]
    expected = sampling.draw(candidates, [sampling.Rule(place.road.pk, "count", 1)], 99, weights={heavy.pk: 21.0})
    assert sample_of(weighted) == set(expected.site_ids)


def test_redraw_replaces_manual_changes(place, draft):
    office = place.world.office_staff
    extra = make_site(place.road, place.world.street_a, is_active=True)
    before = sample_of(draft)
    services.add_site(office, draft, extra, reason="群众反映")
    services.draw_sample(office, draft, seed=42)
    assert extra.pk in sample_of(draft)  # "all" draws it now as a sampled site
    assert RoundSite.objects.get(round=draft, site=extra).origin == Origin.SAMPLED
    assert before < sample_of(draft)
    assert not RoundSite.objects.filter(round=draft, team__isnull=False).exists()  # shares were dropped


# --- manual changes ---------------------------------------------------------------------------


def test_add_and_remove_need_a_reason_and_are_audited(place, draft):
    office = place.world.office_staff
    extra = make_site(place.road, place.world.street_b, name="新增点位")
    team = draft.teams.get()
    for call in (
        lambda: services.add_site(office, draft, extra, reason="  "),
        lambda: services.remove_site(office, draft, place.sites_a[0], reason=""),
    ):
        before = state()
        with pytest.raises(DomainError) as error:
            call()
        assert (error.value.field, error.value.message) == ("reason", "请填写理由")
        assert state() == before
    entry = services.add_site(office, draft, extra, reason=" 群众投诉较多 ", team=team)
    assert entry.origin == Origin.ADDED and entry.reason == "群众投诉较多" and entry.team == team
    assert entry.district == place.world.district_b
    entry.refresh_from_db()
    assert entry.seq is not None  # the team's route includes it
    added = AuditEvent.objects.get(event_type="round.site_added")
    assert added.reason == "群众投诉较多" and added.after == {"site": extra.pk, "team": team.pk}
    removed = services.remove_site(office, draft, place.sites_a[0], reason="道路施工")
    assert removed.removed and removed.team is None and removed.seq is None
    event = AuditEvent.objects.get(event_type="round.site_removed")
    assert event.reason == "道路施工" and event.before["site"] == place.sites_a[0].pk
    seqs = sorted(RoundSite.objects.filter(team=team, removed=False).values_list("seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_removed_site_comes_back_on_add(place, draft):
    office = place.world.office_staff
    site = place.sites_a[0]
    first = services.remove_site(office, draft, site, reason="施工")
    assert site.pk not in sample_of(draft)
    back = services.add_site(office, draft, site, reason="施工结束")
    assert back.pk == first.pk and not back.removed and back.origin == Origin.SAMPLED and back.reason == "施工结束"
    assert site.pk in sample_of(draft)


def test_manual_change_errors(place, planned):
    office = place.world.office_staff
    inactive = make_site(place.road, place.world.street_a, is_active=False)
    other = plan_round(place, schedule=False)
    other_team = other.teams.get()
    cases = [
        (lambda: services.add_site(office, planned, place.sites_a[0], reason="x"), "site", "该点位已在本轮抽样中"),
        (lambda: services.add_site(office, planned, inactive, reason="x"), "site", "该点位已停用"),
        (
            lambda: services.add_site(
                office, planned, make_site(place.road, place.world.street_a), reason="x", team=other_team
            ),
            "team",
            "督查组不属于本轮",
        ),
        (lambda: services.remove_site(office, planned, inactive, reason="x"), "site", "该点位不在本轮抽样中"),
        (
            lambda: services.move_site(office, RoundSite.objects.filter(round=planned).first(), other_team),
            "team",
            "督查组不属于本轮",
        ),
    ]
    for call, field, message in cases:
        before = state()
        with pytest.raises(DomainError) as error:
            call()
        assert (error.value.field, error.value.message) == (field, message)
        assert state() == before


def test_visited_site_cannot_be_removed_or_moved(place, planned):
    office = place.world.office_staff
    entry = RoundSite.objects.filter(round=planned).select_related("site").first()
    services.start_visit(place.world.inspector, entry)
    second = services.save_team(office, planned, name="第二组", members=[make_user("i3", Role.INSPECTOR)])
    assert conflict(services.remove_site, office, planned, entry.site, reason="x") == "该点位已开始检查，不能移出"
    assert conflict(services.move_site, office, entry, second) == "该点位已开始检查，不能调整督查组"


def test_sample_is_fixed_once_the_round_closes(place, planned):
    office = place.world.office_staff
    services.start_round(office, planned)
    services.close_round(office, planned)
    extra = make_site(place.road, place.world.street_a)
    assert "不能调整抽样点位" in conflict(services.add_site, office, planned, extra, reason="x")
    assert "不能调整抽样点位" in conflict(services.remove_site, office, planned, place.sites_a[0], reason="x")
    assert "不能分配点位" in conflict(services.assign_teams, office, planned)


def test_move_site_reroutes_both_teams(place, planned):
    office = place.world.office_staff
    second = services.save_team(office, planned, name="第二组", members=[make_user("i3", Role.INSPECTOR)])
    entry = RoundSite.objects.filter(round=planned).first()
    old_team = entry.team
    moved = services.move_site(office, entry, second, reason="就近")
    assert moved.team == second and RoundSite.objects.get(pk=entry.pk).seq == 1
    assert sorted(RoundSite.objects.filter(team=old_team).values_list("seq", flat=True)) == list(range(1, 10))
    event = AuditEvent.objects.get(event_type="round.site_moved")
    assert event.before == {"site": entry.site_id, "team": old_team.pk} and event.after["team"] == second.pk
    assert event.reason == "就近"
    services.move_site(office, moved, second)  # already there: nothing to do
    assert events("round.site_moved") == 1


# --- teams' shares and routes -----------------------------------------------------------------


def test_assign_teams_balances_and_orders_routes(place):
    office = place.world.office_staff
    for i in range(5):  # 15 sites in all
        make_site(place.road, place.world.street_b, lat=Decimal("30.80") + Decimal(i) / 1000)
    round_ = counted_round(place, mode="all")
    services.draw_sample(office, round_, seed=1)
    teams = [
        services.save_team(office, round_, name=f"第{i}组", members=[make_user(f"t{i}a", Role.INSPECTOR)])
        for i in range(1, 5)
    ]
    counts = services.assign_teams(office, round_)
    assert sorted(counts.values()) == [3, 4, 4, 4] and set(counts) == {t.pk for t in teams}
    assert not RoundSite.objects.filter(round=round_, team__isnull=True).exists()
    for team in teams:
        entries = list(RoundSite.objects.filter(team=team).select_related("site").order_by("seq"))
        assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
        points = [planning.Point(e.pk, float(e.site.lat), float(e.site.lng)) for e in entries]
        assert [e.pk for e in entries] == planning.route(points)
    event = AuditEvent.objects.get(event_type="round.teams_assigned")
    assert event.after == {"teams": {str(k): v for k, v in counts.items()}}
    # Deterministic: assigning again gives the same shares.
    shares = dict(RoundSite.objects.filter(round=round_).values_list("pk", "team_id"))
    services.assign_teams(office, round_)
    assert dict(RoundSite.objects.filter(round=round_).values_list("pk", "team_id")) == shares


def test_assign_teams_splits_districts_by_proximity(place):
    """District A's sites lie about 11 km north of district B's: two teams get one district each
    when the sizes allow it (4 and 4)."""
    office = place.world.office_staff
    for site in place.sites_a[4:]:
        site.is_active = False
        site.save(update_fields=["is_active"])
    round_ = counted_round(place, mode="all")
    services.draw_sample(office, round_, seed=1)
    services.save_team(office, round_, name="第一组", members=[place.world.inspector])
    services.save_team(office, round_, name="第二组", members=[place.inspector2])
    services.assign_teams(office, round_)
    by_district = {}
    for entry in RoundSite.objects.filter(round=round_):
        by_district.setdefault(entry.district_id, set()).add(entry.team_id)
    assert all(len(teams) == 1 for teams in by_district.values())
    assert len(set().union(*by_district.values())) == 2


def test_assign_teams_needs_teams_and_a_sample(place):
    office = place.world.office_staff
    round_ = counted_round(place)
    with pytest.raises(DomainError) as error:
        services.assign_teams(office, round_)
    assert (error.value.field, error.value.message) == ("teams", "请先设置督查组")
    services.save_team(office, round_, name="第一组", members=[place.world.inspector])
    with pytest.raises(DomainError) as error:
        services.assign_teams(office, round_)
    assert (error.value.field, error.value.message) == ("sample", "本轮还没有抽样点位")
    assert round_.status == RoundStatus.DRAFT
