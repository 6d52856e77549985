"""The sample of a round: the draw, manual additions and removals, and the teams' shares and routes."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.inspections import planning, sampling
from chuangwen.inspections.models import (
    PLANNING,
    Origin,
    Round,
    RoundSite,
    RoundStatus,
    Team,
    Visit,
)
from chuangwen.inspections.services.rounds import (
    district_of,
    districts_by_id,
    locked,
    require_planner,
    require_status,
)
from chuangwen.lib.errors import Conflict, DomainError
from chuangwen.problems.models import Problem
from chuangwen.sites.models import Site

WEIGHT_WINDOW = datetime.timedelta(days=365)  # past problems that weight a site's chance


def population(round_: Round):
    """Active sites of the rule types inside the round's scope (the whole city with no scope)."""
    sites = Site.objects.active().filter(site_type__in=round_.rules.values("site_type"))
    scope = list(round_.scope.all())
    if scope:
        match = Q()
        for unit in scope:
            match |= Q(territorial_unit__path__startswith=unit.path)
        sites = sites.filter(match)
    return sites


def recently_visited(days: int | None, now: datetime.datetime) -> set[int]:
    if not days:
        return set()
    since = now - datetime.timedelta(days=days)
    return set(Visit.objects.filter(started_at__gte=since).values_list("site_id", flat=True))


def problem_weights(site_ids: list[int], now: datetime.datetime) -> dict[int, float]:
    rows = (
        Problem.objects.filter(site_id__in=site_ids, created_at__gte=now - WEIGHT_WINDOW)
        .values("site_id")
        .annotate(n=Count("id"))
    )
    return {row["site_id"]: 1.0 + row["n"] for row in rows}


@transaction.atomic
def draw_sample(actor, round_: Round, *, seed: int | None = None) -> sampling.Sample:
    """Draw the sample from the rules with a recorded seed (a new one unless given), replacing
    any earlier draw with its manual changes and team shares."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (RoundStatus.DRAFT,), _("抽样"))
    rules = [sampling.Rule(r.site_type_id, r.mode, r.value) for r in round_.rules.all()]
    if not rules:
        raise DomainError(_("请先设置抽样规则"), field="rules")
    if seed is not None and not (0 < seed < 2**63):
        raise DomainError(_("随机种子应为正整数"), field="seed")
    seed = seed or sampling.new_seed()
    now = timezone.now()
    districts = districts_by_id()
    sites = list(population(round_).select_related("territorial_unit"))
    candidates = []
    district_for = {}
    for site in sites:
        district = district_of(site.territorial_unit, districts)
        district_for[site.pk] = district
        candidates.append(sampling.Candidate(site.pk, site.site_type_id, district.pk if district else None))
    weights = problem_weights([s.pk for s in sites], now) if round_.weight_by_problems else None
    result = sampling.draw(
        candidates, rules, seed, recently_visited=recently_visited(round_.exclude_visited_days, now), weights=weights
    )
    previous = RoundSite.objects.filter(round=round_).delete()[0]
    by_id = {s.pk: s for s in sites}
    RoundSite.objects.bulk_create(
        [
            RoundSite(round=round_, site_id=pk, site_type_id=by_id[pk].site_type_id, district=district_for[pk])
            for pk in result.site_ids
        ],
        batch_size=500,
    )
    round_.seed = seed
    round_.sampled_at = now
    round_.sample_counts = [
        {"site_type": g.site_type_id, "district": g.district_id, "population": g.population,
         "excluded": g.excluded, "target": g.target, "drawn": g.drawn}
        for g in result.groups
    ]  # fmt: skip
    round_.save(update_fields=["seed", "sampled_at", "sample_counts"])
    audit.record(
        actor,
        "round.sampled",
        round_,
        before={"sites": previous},
        after={"seed": seed, "sites": len(result.site_ids), "population": len(sites)},
    )
    return result


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("请填写理由"), field="reason")
    return reason


def _require_changeable(round_: Round) -> None:
    require_status(round_, (*PLANNING, RoundStatus.IN_PROGRESS), _("调整抽样点位"))


@transaction.atomic
def add_site(actor, round_: Round, site: Site, *, reason: str, team: Team | None = None) -> RoundSite:
    """Add a site by hand (with a reason); a removed site comes back."""
    require_planner(actor)
    round_ = locked(round_)
    _require_changeable(round_)
    reason = _require_reason(reason)
    if not site.is_active:
        raise DomainError(_("该点位已停用"), field="site")
    if team is not None and team.round_id != round_.pk:
        raise DomainError(_("督查组不属于本轮"), field="team")
    district = district_of(site.territorial_unit, districts_by_id())
    entry = RoundSite.objects.filter(round=round_, site=site).first()
    if entry is not None and not entry.removed:
        raise DomainError(_("该点位已在本轮抽样中"), field="site")
    if entry is None:
        entry = RoundSite(round=round_, site=site, site_type_id=site.site_type_id, district=district)
        entry.origin = Origin.ADDED
    entry.removed = False
    entry.reason = reason[:200]
    entry.team = team
    entry.seq = None
    entry.save()
    if team is not None:
        reroute(team)
        entry.refresh_from_db()
    audit.record(
        actor, "round.site_added", round_, after={"site": site.pk, "team": team.pk if team else None}, reason=reason
    )
    return entry


@transaction.atomic
def remove_site(actor, round_: Round, site: Site, *, reason: str) -> RoundSite:
    """Take a site out of the sample (with a reason), while it has not been visited."""
    require_planner(actor)
    round_ = locked(round_)
    _require_changeable(round_)
    reason = _require_reason(reason)
    entry = RoundSite.objects.filter(round=round_, site=site, removed=False).first()
    if entry is None:
        raise DomainError(_("该点位不在本轮抽样中"), field="site")
    if Visit.objects.filter(round_site=entry).exists():
        raise Conflict(_("该点位已开始检查，不能移出"))
    team = entry.team
    entry.removed = True
    entry.reason = reason[:200]
    entry.team = None
    entry.seq = None
    entry.save()
    if team is not None:
        reroute(team)
    audit.record(
        actor, "round.site_removed", round_, before={"site": site.pk, "team": team.pk if team else None}, reason=reason
    )
    return entry


def _points(entries) -> list[planning.Point]:
    """The entries as points named by their site (unique in a round): the planner breaks ties by
    the point's id, and a site's id is stable where the entry's is random (lib.ids)."""
    return [planning.Point(e.site_id, float(e.site.lat), float(e.site.lng)) for e in entries]


def reroute(team: Team) -> None:
    """Put the team's unvisited sites in route order after those already visited."""
    entries = list(RoundSite.objects.filter(team=team, removed=False).select_related("site"))
    visited = set(Visit.objects.filter(round_site__in=entries).values_list("round_site_id", flat=True))
    done = sorted((e for e in entries if e.pk in visited), key=lambda e: (e.seq or 0, e.site_id))
    todo = [e for e in entries if e.pk not in visited]
    order = [e.site_id for e in done] + planning.route(_points(todo))
    by_site = {e.site_id: e for e in entries}
    for position, site_id in enumerate(order, start=1):
        by_site[site_id].seq = position
    RoundSite.objects.bulk_update(entries, ["seq"], batch_size=500)


@transaction.atomic
def assign_teams(actor, round_: Round) -> dict[int, int]:
    """Share the whole sample among the teams, balanced and by proximity, and order each route.
    Only while planning: once visits begin, move single sites instead."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, PLANNING, _("分配点位"))
    teams = list(round_.teams.all())
    if not teams:
        raise DomainError(_("请先设置督查组"), field="teams")
    entries = list(RoundSite.objects.filter(round=round_, removed=False).select_related("site"))
    if not entries:
        raise DomainError(_("本轮还没有抽样点位"), field="sample")
    shares = planning.balance(_points(entries), [t.pk for t in teams])
    for entry in entries:
        entry.team_id = shares.get(entry.site_id)
        entry.seq = None
    RoundSite.objects.bulk_update(entries, ["team", "seq"], batch_size=500)
    for team in teams:
        reroute(team)
    counts = {t.pk: sum(1 for e in entries if e.team_id == t.pk) for t in teams}
    audit.record(actor, "round.teams_assigned", round_, after={"teams": {str(k): v for k, v in counts.items()}})
    return counts


@transaction.atomic
def move_site(actor, entry: RoundSite, team: Team, *, reason: str = "") -> RoundSite:
    """Give one unvisited site to another team; both routes are reordered."""
    require_planner(actor)
    round_ = locked(entry.round)
    _require_changeable(round_)
    entry = RoundSite.objects.select_for_update().get(pk=entry.pk)
    if entry.removed:
        raise DomainError(_("该点位已移出本轮抽样"), field="site")
    if team.round_id != round_.pk:
        raise DomainError(_("督查组不属于本轮"), field="team")
    if Visit.objects.filter(round_site=entry).exists():
        raise Conflict(_("该点位已开始检查，不能调整督查组"))
    old = entry.team
    if old is not None and old.pk == team.pk:
        return entry
    entry.team = team
    entry.save(update_fields=["team"])
    for t in (old, team):
        if t is not None:
            reroute(t)
    audit.record(
        actor, "round.site_moved", round_,
        before={"site": entry.site_id, "team": old.pk if old else None},
        after={"site": entry.site_id, "team": team.pk}, reason=(reason or "").strip(),
    )  # fmt: skip
    return entry
