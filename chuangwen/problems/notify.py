"""Who hears about what happens to a problem. Called by the services inside their transaction."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangwen.problems.inbox import Notification
from chuangwen.problems.models import Problem
from chuangwen.units.models import OFFICE_ROLES, UNIT_ROLES, Role, User


def _unit_members(problem: Problem):
    return User.objects.filter(is_active=True, role__in=UNIT_ROLES, unit_id=problem.responsible_unit_id)


def _managers(problem: Problem):
    district = Q(role=Role.DISTRICT_OFFICE, unit_id=problem.district_id) if problem.district_id else Q(pk__in=[])
    return User.objects.filter(Q(role__in=OFFICE_ROLES) | district, is_active=True)


def _send(users, problem: Problem, kind: str, title: str, body: str = "") -> None:
    url = reverse("problems:detail", args=[problem.pk])
    Notification.objects.bulk_create(
        [Notification(recipient=u, problem=problem, kind=kind, title=title, body=body, url=url) for u in users]
    )


TITLES = {
    "assigned": lambda p: _("新交办问题 %(code)s，请于 %(deadline)s 前整改") % {"code": p.code, "deadline": _when(p)},
    "rejected": lambda p: _("问题 %(code)s 的整改被退回，请重新整改") % {"code": p.code},
    "extension_approved": lambda p: (
        _("问题 %(code)s 的延期申请已同意，新时限 %(deadline)s") % {"code": p.code, "deadline": _when(p)}
    ),
    "extension_denied": lambda p: _("问题 %(code)s 的延期申请未同意") % {"code": p.code},
    "dispute_upheld": lambda p: _("问题 %(code)s 的转办申请未同意，请继续整改") % {"code": p.code},
    "reopened": lambda p: _("问题 %(code)s 已重新打开，请整改") % {"code": p.code},
}
OFFICE_TITLES = {
    "submitted": lambda p: _("问题 %(code)s 已提交整改，待审核") % {"code": p.code},
    "extension_requested": lambda p: _("问题 %(code)s 申请延期") % {"code": p.code},
    "dispute_requested": lambda p: _("问题 %(code)s 申请转办") % {"code": p.code},
}


def _when(problem: Problem) -> str:
    from django.utils import timezone

    return timezone.localtime(problem.deadline).strftime("%Y-%m-%d %H:%M") if problem.deadline else ""


def problem_event(problem: Problem, kind: str, body: str = "") -> None:
    """Tell the unit (assignments, rejections, decisions) or the managers (submissions, requests)."""
    if kind in TITLES and problem.responsible_unit_id:
        _send(_unit_members(problem), problem, kind, TITLES[kind](problem), body)
    elif kind in OFFICE_TITLES:
        _send(_managers(problem), problem, kind, OFFICE_TITLES[kind](problem), body)
