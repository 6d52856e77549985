"""Planning a round and moving it through its life: draft → scheduled → in progress → closed → published."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.indicators.models import Edition
from chuangwen.inspections import access, signals
from chuangwen.inspections.models import (
    PLANNING,
    Kind,
    Round,
    RoundSite,
    RoundStatus,
    SamplingMode,
    SamplingRule,
    Team,
    TeamMember,
    Visit,
    VisitStatus,
)
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.units.models import DISTRICT_KINDS, TERRITORIAL_KINDS, Unit, UnitKind

# Codes: the public series (R2026-013) is what the inspected see; the internal one (N2026-007) names
# a plan in the office until the round is announced (number_if_announced).
PUBLIC_SERIES, INTERNAL_SERIES = "R", "N"
ROUND_FIELDS = [
    "code", "name", "kind", "is_covert", "edition", "period_start", "period_end", "status", "assessor_unit",
    "exclude_visited_days", "weight_by_problems", "seed", "notes",
]  # fmt: skip
MIN_TEAM_SIZE = 2


def snapshot(round_: Round) -> dict:
    return audit.snapshot(round_, ROUND_FIELDS) | {"scope": sorted(u.pk for u in round_.scope.all())}


def require_planner(actor) -> None:
    if not access.plans(actor):
        raise PermissionDenied(_("只有文明办可以安排督查"))


def locked(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def require_status(round_: Round, allowed, action: str) -> None:
    if round_.status not in allowed:
        raise Conflict(
            _("本轮当前状态为“%(status)s”，不能%(action)s") % {"status": round_.get_status_display(), "action": action}
        )


def _new_code(series: str, year: int, at_least: int = 0) -> str:
    prefix = f"{series}{year}-"
    taken = Round.objects.filter(code__startswith=prefix).values_list("code", flat=True)
    numbers = [int(c[len(prefix) :]) for c in taken if c[len(prefix) :].isdigit()]
    return f"{prefix}{max(max(numbers, default=0), at_least) + 1:03d}"


def _internal_code(year: int) -> str:
    """N2026-007: the seventh round planned for 2026 (office only), not reused when an earlier plan
    takes its public code."""
    return _new_code(INTERNAL_SERIES, year, at_least=Round.objects.filter(period_start__year=year).count())


def has_public_code(round_: Round) -> bool:
    return round_.code.startswith(PUBLIC_SERIES)


def number_if_announced(round_: Round) -> None:
    """Give the round its public code when the inspected first see it (an open round when it is
    scheduled, a covert one when it is published): public codes run 1, 2, 3 … per year in the order
    rounds become visible, so no gap or order betrays a round planned in secret. Saved by the caller
    with the change that announces it (its audit event shows the code's change)."""
    if has_public_code(round_) or not round_.is_announced:
        return
    round_.code = _new_code(PUBLIC_SERIES, round_.period_start.year)
    with transaction.atomic():  # a savepoint: two rounds announced at once cannot take one code
        try:
            Round.objects.filter(pk=round_.pk).update(code=round_.code)
        except IntegrityError:
            raise Conflict(_("轮次编号 %(code)s 刚被占用，请重试") % {"code": round_.code}) from None


def _check_plan(
    *, name: str, kind: str, edition, period_start, period_end, scope, assessor_unit, exclude_visited_days
) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写轮次名称"), field="name")
    if kind not in Kind.values:
        raise DomainError(_("督查类型无效"), field="kind")
    if not isinstance(edition, Edition):
        raise DomainError(_("请选择测评体系版本"), field="edition")
    if period_start is None or period_end is None:
        raise DomainError(_("请填写督查期间"), field="period_start")
    if period_end < period_start:
        raise DomainError(_("结束日期不能早于开始日期"), field="period_end")
    for unit in scope:
        if unit.kind not in TERRITORIAL_KINDS or unit.kind == UnitKind.GRID:
            raise DomainError(_("范围只能选择区县、街道或社区"), field="scope")
    if assessor_unit is not None and assessor_unit.kind != UnitKind.ASSESSOR:
        raise DomainError(_("所选单位不是第三方测评机构"), field="assessor_unit")
    if exclude_visited_days is not None and not (0 < exclude_visited_days <= 365):
        raise DomainError(_("排除天数应在 1 到 365 之间"), field="exclude_visited_days")
    return name


@transaction.atomic
def create_round(
    actor,
    *,
    name: str,
    kind: str,
    edition: Edition,
    period_start: datetime.date,
    period_end: datetime.date,
    scope=(),
    assessor_unit: Unit | None = None,
    is_covert: bool | None = None,
    exclude_visited_days: int | None = None,
    weight_by_problems: bool = False,
    notes: str = "",
) -> Round:
    """A new round in draft. Covert visits and mock assessments are secret unless told otherwise."""
    require_planner(actor)
    scope = list(scope)
    name = _check_plan(
        name=name, kind=kind, edition=edition, period_start=period_start, period_end=period_end, scope=scope,
        assessor_unit=assessor_unit, exclude_visited_days=exclude_visited_days,
    )  # fmt: skip
    round_ = Round.objects.create(
        code=_internal_code(period_start.year),
        name=name,
        kind=kind,
        is_covert=(kind != Kind.OPEN) if is_covert is None else bool(is_covert),
        edition=edition,
        period_start=period_start,
        period_end=period_end,
        assessor_unit=assessor_unit,
        exclude_visited_days=exclude_visited_days,
        weight_by_problems=weight_by_problems,
        notes=(notes or "").strip(),
        created_by=actor,
        created_at=timezone.now(),
    )
    round_.scope.set(scope)
    audit.record(actor, "round.created", round_, after=snapshot(round_))
    return round_


@transaction.atomic
def update_round(actor, round_: Round, **fields) -> Round:
    """Change the plan while the round is in planning. Changing the edition, scope or sampling
    options after a draw clears the sample (it would no longer match)."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, PLANNING, _("修改计划"))
    before = snapshot(round_)
    values = {f: fields.get(f, getattr(round_, f)) for f in ROUND_FIELDS if f not in ("status", "seed")}
    scope = list(fields["scope"]) if "scope" in fields else list(round_.scope.all())
    values["name"] = _check_plan(
        name=values["name"], kind=values["kind"], edition=values["edition"], period_start=values["period_start"],
        period_end=values["period_end"], scope=scope, assessor_unit=values["assessor_unit"],
        exclude_visited_days=values["exclude_visited_days"],
    )  # fmt: skip
    if values["is_covert"] and not round_.is_covert and has_public_code(round_):
        raise Conflict(
            _("本轮已向被检查单位公布（%(code)s），不能改为暗访保密；请新建暗访轮次") % {"code": round_.code}
        )
    for field, value in values.items():
        setattr(round_, field, value)
    round_.notes = (round_.notes or "").strip()
    round_.save()
    number_if_announced(round_)
    round_.scope.set(scope)
    after = snapshot(round_)
    sample_keys = ("edition_id", "scope", "exclude_visited_days", "weight_by_problems")  # snapshot names FKs *_id
    if round_.sampled_at and any(before.get(k) != after.get(k) for k in sample_keys):
        _clear_sample(actor, round_, _("计划变更，抽样已清空，请重新抽样"))
    audit.record_changes(actor, "round.updated", round_, before, after)
    return round_


def _clear_sample(actor, round_: Round, reason: str) -> None:
    removed = RoundSite.objects.filter(round=round_).delete()[0]
    round_.sampled_at = None
    round_.sample_counts = []
    round_.status = RoundStatus.DRAFT
    round_.save(update_fields=["sampled_at", "sample_counts", "status"])
    audit.record(actor, "round.sample_cleared", round_, before={"sites": removed}, reason=reason)


@transaction.atomic
def set_rules(actor, round_: Round, rules: list[tuple]) -> list[SamplingRule]:
    """Replace the round's sampling rules: [(site_type, mode, value)], one per site type."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (RoundStatus.DRAFT,), _("修改抽样规则"))
    seen = set()
    built = []
    for site_type, mode, value in rules:
        if site_type.pk in seen:
            raise DomainError(_("点位类型“%(type)s”重复") % {"type": site_type}, field="rules")
        seen.add(site_type.pk)
        if mode not in SamplingMode.values:
            raise DomainError(_("抽样方式无效"), field="rules")
        if mode != SamplingMode.ALL and (value is None or value <= 0):
            raise DomainError(_("“%(type)s”请填写抽取数量或比例") % {"type": site_type}, field="rules")
        if mode == SamplingMode.PERCENT and value > 100:
            raise DomainError(_("“%(type)s”的比例不能超过 100%%") % {"type": site_type}, field="rules")
        built.append(SamplingRule(round=round_, site_type=site_type, mode=mode, value=None if mode == "all" else value))
    if not built:
        raise DomainError(_("请至少为一种点位类型设置抽样规则"), field="rules")
    before = [_rule_text(r) for r in round_.rules.select_related("site_type")]
    round_.rules.all().delete()
    SamplingRule.objects.bulk_create(built)
    if round_.sampled_at and sorted(before) != sorted(_rule_text(r) for r in built):
        _clear_sample(actor, round_, _("抽样规则变更，抽样已清空，请重新抽样"))
    audit.record(
        actor, "round.rules_set", round_, before={"rules": before}, after={"rules": [_rule_text(r) for r in built]}
    )
    return built


def _rule_text(rule: SamplingRule) -> str:
    return f"{rule.site_type.code}:{rule.mode}:{rule.value or ''}"


def _check_members(round_: Round, members, team: Team | None) -> list:
    members = list(dict.fromkeys(members))
    if not members:
        raise DomainError(_("请选择组员"), field="members")
    for user in members:
        if not (user.is_active and user.role in access.TEAM_ROLES):
            raise DomainError(_("%(name)s 不是督查员") % {"name": user}, field="members")
    elsewhere = TeamMember.objects.filter(round=round_, user__in=members)
    if team is not None:
        elsewhere = elsewhere.exclude(team=team)
    taken = elsewhere.select_related("user", "team").first()
    if taken:
        raise DomainError(_("%(name)s 已在%(team)s") % {"name": taken.user, "team": taken.team.name}, field="members")
    return members


@transaction.atomic
def save_team(actor, round_: Round, *, name: str, members, team: Team | None = None) -> Team:
    """Create a team, or rename it and change its members; allowed until the round closes."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (*PLANNING, RoundStatus.IN_PROGRESS), _("调整督查组"))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("请填写组名"), field="name")
    if Team.objects.filter(round=round_, name=name).exclude(pk=team.pk if team else None).exists():
        raise DomainError(_("组名已存在"), field="name")
    members = _check_members(round_, members, team)
    before = _team_snapshot(team) if team else None
    if team is None:
        last = round_.teams.aggregate(last=Max("sort_order"))["last"] or 0
        team = Team.objects.create(round=round_, name=name, sort_order=last + 1)  # after the others, always
    else:
        team.name = name
        team.save(update_fields=["name"])
    TeamMember.objects.filter(team=team).delete()
    TeamMember.objects.bulk_create([TeamMember(round=round_, team=team, user=u) for u in members])
    audit.record(actor, "round.team_saved", round_, before=before, after=_team_snapshot(team))
    return team


def _team_snapshot(team: Team) -> dict:
    return {
        "team": team.pk,
        "name": team.name,
        "members": sorted(m.user_id for m in TeamMember.objects.filter(team=team)),
    }


@transaction.atomic
def delete_team(actor, team: Team) -> None:
    require_planner(actor)
    round_ = locked(team.round)
    require_status(round_, (RoundStatus.DRAFT,), _("删除督查组"))
    before = _team_snapshot(team)
    RoundSite.objects.filter(team=team).update(team=None, seq=None)
    team.delete()
    audit.record(actor, "round.team_deleted", round_, before=before)


@transaction.atomic
def schedule_round(actor, round_: Round) -> Round:
    """Fix the plan: a sample, teams of two or more, and every sampled site given to a team."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (RoundStatus.DRAFT,), _("排期"))
    sample = RoundSite.objects.filter(round=round_).in_sample()
    if not sample.exists():
        raise DomainError(_("本轮还没有抽样点位"), field="sample")
    teams = list(round_.teams.annotate(n=Count("teammember")))
    if not teams:
        raise DomainError(_("请先设置督查组"), field="teams")
    small = [t.name for t in teams if t.n < MIN_TEAM_SIZE]
    if small:
        raise DomainError(_("督查组至少两人：%(teams)s") % {"teams": "、".join(small)}, field="teams")
    if sample.filter(team__isnull=True).exists():
        raise DomainError(_("还有点位未分配督查组，请先分配"), field="sample")
    return _move(actor, round_, RoundStatus.SCHEDULED, "round.scheduled")


def _move(actor, round_: Round, status: str, event: str, **extra) -> Round:
    before = snapshot(round_)
    round_.status = status
    round_.save(update_fields=["status", *extra])
    number_if_announced(round_)
    audit.record_changes(actor, event, round_, before, snapshot(round_))
    return round_


@transaction.atomic
def unschedule_round(actor, round_: Round) -> Round:
    """Back to draft to change the plan, while no visit has begun."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (RoundStatus.SCHEDULED,), _("撤回排期"))
    if Visit.objects.filter(round=round_).exists():
        raise Conflict(_("已有点位开始检查，不能撤回排期"))
    return _move(actor, round_, RoundStatus.DRAFT, "round.unscheduled")


@transaction.atomic
def start_round(actor, round_: Round) -> Round:
    """The round is under way (also happens by itself when the first visit begins)."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (RoundStatus.SCHEDULED,), _("开始"))
    return _move(actor, round_, RoundStatus.IN_PROGRESS, "round.started")


@transaction.atomic
def close_round(actor, round_: Round) -> Round:
    """No more visits. Visits still open must be submitted first; unvisited sites stay unvisited."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (RoundStatus.SCHEDULED, RoundStatus.IN_PROGRESS), _("结束"))
    open_visits = Visit.objects.filter(round=round_, status=VisitStatus.IN_PROGRESS).count()
    if open_visits:
        raise Conflict(_("还有 %(n)s 个点位正在检查，请待其提交后再结束") % {"n": open_visits})
    round_ = _move(actor, round_, RoundStatus.CLOSED, "round.closed")
    signals.round_scorable.send(sender=Round, round_=round_)
    return round_


@transaction.atomic
def delete_round(actor, round_: Round) -> None:
    """A draft that was never scheduled can be thrown away; the audit keeps what it was."""
    require_planner(actor)
    round_ = locked(round_)
    require_status(round_, (RoundStatus.DRAFT,), _("删除"))
    if Visit.objects.filter(round=round_).exists():
        raise Conflict(_("本轮已有检查记录，不能删除"))
    before = snapshot(round_)
    audit.record(actor, "round.deleted", round_, before=before)
    round_.delete()


def district_of(unit: Unit | None, districts: dict[int, Unit]) -> Unit | None:
    """The district containing a territorial unit, from a preloaded {id: district} map."""
    if unit is None:
        return None
    for ancestor in unit.ancestor_ids():
        if ancestor in districts:
            return districts[ancestor]
    return None


def districts_by_id() -> dict[int, Unit]:
    return {u.pk: u for u in Unit.objects.filter(kind__in=DISTRICT_KINDS)}
