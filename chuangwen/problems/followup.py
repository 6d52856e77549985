"""Follow-up (回头看): the office draws a random sample of closed problems to look at again; a
problem that came back (反弹) is reopened against the same unit and counted as a rebound.

A draw is reproducible: the candidates (closed problems in the window, optionally of one unit or
district) are sorted by id and sampled with random.Random(seed); the seed is stored with the
criteria, so the same criteria and seed over the same closed problems give the same sample.
"""

from __future__ import annotations

import datetime
import math
import random
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangwen.audit import services as audit
from chuangwen.lib.errors import Conflict, DomainError, PermissionDenied
from chuangwen.problems import access, services
from chuangwen.problems.followup_models import CheckResult, FollowUpCheck, FollowUpSample
from chuangwen.problems.models import PhotoKind, Problem, Status
from chuangwen.problems.services.common import add_photos
from chuangwen.units.models import OFFICE_ROLES, Unit

MAX_SEED = 2**53  # fits a BigIntegerField and a JSON number everywhere


def candidates(
    *,
    closed_after: datetime.datetime,
    closed_before: datetime.datetime,
    unit: Unit | None = None,
    district: Unit | None = None,
):
    """Closed problems closed in [closed_after, closed_before), of the unit and district if given."""
    queryset = Problem.objects.filter(status=Status.CLOSED, closed_at__gte=closed_after, closed_at__lt=closed_before)
    if unit is not None:
        queryset = queryset.filter(responsible_unit=unit)
    if district is not None:
        queryset = queryset.filter(district=district)
    return queryset


def pick(ids: list[int], count: int, seed: int) -> list[int]:
    """`count` of `ids`, chosen by random.Random(seed) from the ids in ascending order."""
    ordered = sorted(ids)
    return sorted(random.Random(seed).sample(ordered, min(count, len(ordered))))


def _sample_size(population: int, size: int | None, percent: float | None) -> int:
    if (size is None) == (percent is None):
        raise DomainError(_("请填写抽取数量或抽取比例（二选一）"), field="size")
    if size is not None:
        if size < 1:
            raise DomainError(_("抽取数量至少为 1"), field="size")
        return min(size, population)
    if not 0 < percent <= 100:
        raise DomainError(_("抽取比例须大于 0 且不超过 100"), field="percent")
    return max(1, math.ceil(population * percent / 100))


@transaction.atomic
def draw_sample(
    actor,
    *,
    closed_after: datetime.datetime,
    closed_before: datetime.datetime,
    size: int | None = None,
    percent: float | None = None,
    seed: int | None = None,
    unit: Unit | None = None,
    district: Unit | None = None,
) -> FollowUpSample:
    """Draw `size` (or `percent`%) of the problems closed in the window for a re-check."""
    if not (actor.is_authenticated and actor.is_active and actor.role in OFFICE_ROLES):
        raise PermissionDenied(_("只有文明办可以抽取回头看问题"))
    if closed_after >= closed_before:
        raise DomainError(_("销号时间范围的开始须早于结束"), field="closed_after")
    if seed is not None and not 0 <= seed < MAX_SEED:
        raise DomainError(_("随机种子须为 0 到 2^53 之间的整数"), field="seed")
    ids = list(
        candidates(closed_after=closed_after, closed_before=closed_before, unit=unit, district=district).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        raise DomainError(_("所选范围内没有已销号的问题"), field="closed_after")
    count = _sample_size(len(ids), size, percent)
    seed = secrets.randbelow(MAX_SEED) if seed is None else seed
    chosen = pick(ids, count, seed)
    criteria = {
        "closed_after": closed_after.isoformat(),
        "closed_before": closed_before.isoformat(),
        "unit": unit.pk if unit else None,
        "district": district.pk if district else None,
        "size": size,
        "percent": percent,
        "population": len(ids),
    }
    sample = FollowUpSample.objects.create(
        created_by=actor, created_at=timezone.now(), seed=seed, size=len(chosen), criteria=criteria
    )
    FollowUpCheck.objects.bulk_create([FollowUpCheck(sample=sample, problem_id=pk) for pk in chosen])
    after = {"seed": seed, "size": len(chosen), "criteria": criteria, "problems": chosen}
    audit.record(actor, "followup.sample_drawn", sample, after=after)
    return sample


@transaction.atomic
def record_check(actor, check: FollowUpCheck, *, passed: bool, note: str = "", photos=()) -> FollowUpCheck:
    """Record a re-check. A failed one reopens the problem as a rebound (反弹) against its unit."""
    check = FollowUpCheck.objects.select_for_update().select_related("problem", "sample").get(pk=check.pk)
    problem = check.problem
    if not access.manages(actor, problem):
        raise PermissionDenied(_("只有文明办（或本区文明办）可以记录回头看结果"))
    if check.result != CheckResult.PENDING:
        raise Conflict(_("该问题已记录复查结果"))
    note = (note or "").strip()
    if not passed and not note:
        raise DomainError(_("请填写反弹情况"), field="note")
    if not passed and problem.status != Status.CLOSED:
        raise Conflict(_("问题已不是已销号状态，不能记为反弹"))
    check.result = CheckResult.PASSED if passed else CheckResult.FAILED
    check.checked_by, check.checked_at, check.note = actor, timezone.now(), note
    check.save()
    add_photos(problem, photos, PhotoKind.RECHECK, actor)
    event = "problem.followup_passed" if passed else "problem.followup_failed"
    after = {"sample": check.sample_id, "check": check.pk, "result": check.result, "photos": len(photos)}
    audit.record(actor, event, problem, after=after, reason=note)
    if not passed:
        reason = _("回头看复查发现反弹：%(note)s") % {"note": note}
        services.reopen_problem(actor, problem, reason=reason, rebound=True)
    return check
