"""Who may read which scores, for the assessment pages. Visibility lives in querysets here.

- A round's scores are there for whoever may see the round (Round.objects.visible_to): a secret
  covert round is not there for the inspected, not even in a picker or a count. Ranking tables and
  red/black lists are published material: everyone who sees the round sees them.
- A unit's drill-down (its losses per standard, its sites, its costly problems): office staff,
  leaders, the unit's own people, and a district office for its district and the units in it.
- The simulator: office staff, leaders and the unit itself.
- The annual assessment: office staff and leaders all of it, a district office its district and
  the units in it, a unit its own line.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as Forbidden
from django.http import Http404
from django.utils.translation import gettext as _

from chuangwen.assessment.models import ScoreRun
from chuangwen.inspections.access import get_round_for_user
from chuangwen.inspections.models import Round
from chuangwen.units.models import OFFICE_ROLES, UNIT_ROLES, Role, Unit


def active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_office(user) -> bool:
    return active(user) and user.role in OFFICE_ROLES


def reads_all(user) -> bool:
    """Office staff and leaders read every unit's scores."""
    return active(user) and user.role in (*OFFICE_ROLES, Role.LEADER)


def require_office(user) -> None:
    if not is_office(user):
        raise Forbidden(_("只有文明办可以计算得分或修改考核设置"))


def scored_rounds(user):
    """The rounds this person may see that have a current score run, newest first."""
    scored = ScoreRun.objects.filter(is_current=True, round__isnull=False).values("round_id")
    return Round.objects.visible_to(user).filter(pk__in=scored).order_by("-period_start", "-created_at", "-id")


def current_run(round_: Round) -> ScoreRun | None:
    return ScoreRun.objects.filter(round=round_, is_current=True).first()


def scored_round_for_user(user, pk) -> tuple[Round, ScoreRun]:
    """The round and its current run, or 404 when it is not there for this person or not scored."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    round_ = get_round_for_user(user, pk)
    run = current_run(round_)
    if run is None:
        raise Http404
    return round_, run


def year_runs():
    return ScoreRun.objects.filter(is_current=True, year__isnull=False).order_by("-year")


def sees_unit(user, unit: Unit) -> bool:
    """May this person read the unit's drill-down?"""
    if reads_all(user):
        return True
    if not active(user) or not user.unit_id:
        return False
    if user.role in UNIT_ROLES:
        return user.unit_id == unit.pk
    if user.role == Role.DISTRICT_OFFICE:
        return unit.path.startswith(user.unit.path)
    return False


def unit_for_user(user, pk: int) -> Unit:
    """The unit if this person may read its drill-down, else 404."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None or not sees_unit(user, unit):
        raise Http404
    return unit


def may_simulate(user, unit: Unit) -> bool:
    if reads_all(user):
        return True
    return active(user) and user.role in UNIT_ROLES and user.unit_id == unit.pk


def annual_scope(user) -> set[int] | None:
    """The units whose annual lines this person may read (None: all); 403 for other roles."""
    if reads_all(user):
        return None
    if active(user) and user.unit_id and user.role in UNIT_ROLES:
        return {user.unit_id}
    if active(user) and user.unit_id and user.role == Role.DISTRICT_OFFICE:
        return set(Unit.objects.subtree(user.unit).values_list("pk", flat=True))
    raise Forbidden(_("您没有访问此页面的权限"))


def previous_visible(user, round_: Round) -> bool:
    """Whether the change since the previous round may be shown: the previous round is one this
    person may see (a secret earlier round must not show through a rank change)."""
    from chuangwen.assessment.services import previous_run

    previous = previous_run(round_)
    return previous is None or Round.objects.visible_to(user).filter(pk=previous.round_id).exists()
