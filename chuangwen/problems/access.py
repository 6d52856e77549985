"""Who may do what to a problem: one place, used by the services, the pages and the API."""

from __future__ import annotations

from django.http import Http404

from chuangwen.problems.models import Problem
from chuangwen.units.models import OFFICE_ROLES, UNIT_ROLES, Role, Unit

CREATOR_ROLES = (*OFFICE_ROLES, Role.DISTRICT_OFFICE, Role.INSPECTOR, Role.GRID_WORKER, Role.LEADER)


def manages(user, problem: Problem) -> bool:
    """Office staff manage every problem; a district office those of its district."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.role in OFFICE_ROLES:
        return True
    return user.role == Role.DISTRICT_OFFICE and user.unit_id is not None and problem.district_id == user.unit_id


def may_assign_to(user, unit: Unit) -> bool:
    """A district office assigns within its district; the office anywhere."""
    if user.role in OFFICE_ROLES:
        return True
    return user.role == Role.DISTRICT_OFFICE and user.unit is not None and user.unit.contains(unit)


def acts_for_unit(user, problem: Problem) -> bool:
    """The handler or head of the responsible unit."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role in UNIT_ROLES
        and user.unit_id is not None
        and user.unit_id == problem.responsible_unit_id
    )


def get_problem_for_user(user, pk: int, *, for_update: bool = False) -> Problem:
    """The problem if this user may see it, else 404 (the same answer as for a missing one)."""
    queryset = Problem.objects.visible_to(user)
    if for_update:
        queryset = queryset.select_for_update()
    try:
        return queryset.get(pk=pk)
    except Problem.DoesNotExist:
        raise Http404 from None
